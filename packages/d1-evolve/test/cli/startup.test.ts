/**
 * Start-up: a command loads only what it uses. The compiled CLI (the current src/, built into
 * a temp folder) runs under a tracer that records every module the process resolves, through
 * `import` (a module.register resolve hook) and through `require` (require.cache at exit), so
 * moving a lazy `await import()` or `createRequire()` of a heavy package back to the top of a
 * module that every command reaches makes these tests fail.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_NOTES, type TestProject, makeProject } from '../fixtures/project';
import { PACKAGE_ROOT, runCommand } from '../support/run';

/** Packages no help text needs: the engines, drizzle-kit's API, the TypeScript loader, the config parsers. */
const HEAVY = [
  'miniflare',
  'workerd',
  'undici',
  'better-sqlite3',
  'drizzle-kit',
  'drizzle-orm',
  'tsx',
  'esbuild',
  '@viz-js/viz',
  'smol-toml',
  'jsonc-parser',
  'dotenv',
  'tinyglobby',
];

const TRACER = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const file = process.env.STARTUP_TRACE;
const hooks = \`import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(\${JSON.stringify(file)}, resolved.url + '\\\\n');
  return resolved;
}\`;
register('data:text/javascript,' + encodeURIComponent(hooks));
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(file, Object.keys(cache).join('\\n') + '\\n'));
`;

let work: string;
let project: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'd1-evolve-startup-'));
  // The build beside a link to the package's node_modules: its imports resolve as installed.
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
  cpSync(join(PACKAGE_ROOT, 'bin'), join(work, 'bin'), { recursive: true });
  const build = await runCommand(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'build.mjs'), join(work, 'dist'), '--no-types'], { cwd: PACKAGE_ROOT });
  expect(build.code, `node scripts/build.mjs failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
  writeFileSync(join(work, 'tracer.mjs'), TRACER);

  // A project with a wrangler.toml, a one-migration folder and no drizzle config.
  project = join(work, 'project');
  mkdirSync(join(project, 'drizzle', 'meta'), { recursive: true });
  writeFileSync(join(project, 'drizzle', '0000_init.sql'), 'CREATE TABLE `notes` (`id` text PRIMARY KEY NOT NULL);\n');
  writeFileSync(
    join(project, 'drizzle', 'meta', '_journal.json'),
    JSON.stringify({ version: '7', dialect: 'sqlite', entries: [{ idx: 0, version: '6', when: 1_700_000_000_000, tag: '0000_init', breakpoints: true }] }),
  );
  writeFileSync(
    join(project, 'wrangler.toml'),
    [
      'name = "startup"',
      'compatibility_date = "2026-04-01"',
      '[[d1_databases]]',
      'binding = "DB"',
      'database_name = "startup"',
      'database_id = "00000000-0000-4000-8000-000000000000"',
      'migrations_dir = "drizzle"',
      '',
    ].join('\n'),
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

let traces = 0;

/** Runs the built CLI under the tracer in `cwd`; returns the files it loaded from packages, as `<package>/<path in it>`. */
async function loadedFiles(args: string[], cwd = project): Promise<string[]> {
  const trace = join(work, `trace-${traces++}.txt`);
  writeFileSync(trace, '');
  const run = await runCommand(process.execPath, ['--import', join(work, 'tracer.mjs'), join(work, 'bin', 'd1-evolve.js'), ...args], {
    cwd,
    env: { STARTUP_TRACE: trace },
  });
  expect(run.code, `d1-evolve ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`).toBe(0);
  const files = new Set<string>();
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    // The last node_modules segment starts the package's own path (pnpm's store nests them).
    const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+\/.*)$/.exec(decodeURIComponent(line));
    if (match) files.add(match[1]!);
  }
  return [...files].sort();
}

/** The packages (by their node_modules name) a run loaded. */
async function loadedPackages(args: string[], cwd = project): Promise<string[]> {
  const names = (await loadedFiles(args, cwd)).map((file) => /^((?:@[^/]+\/)?[^/]+)/.exec(file)![1]!);
  return [...new Set(names)].sort();
}

describe('start-up of the compiled CLI', () => {
  it.each(['--help', 'status --help', 'check --help', 'fleet apply --help'])(
    '`d1-evolve %s` loads no engine, no drizzle-kit, no TypeScript loader and no config parser',
    async (line) => {
      const loaded = await loadedPackages(line.split(' '));
      expect(loaded.filter((name) => HEAVY.includes(name))).toEqual([]);
    },
  );

  it('the trace sees what a command does load: a first `check --fast` opens better-sqlite3 (import) and parses wrangler.toml (require)', async () => {
    const loaded = await loadedPackages(['check', '--fast']);
    expect(loaded).toEqual(expect.arrayContaining(['better-sqlite3', 'smol-toml']));
    // Nothing it does not use: no workerd without the second engine, no JSON config parser, no drizzle-kit without a drizzle config.
    expect(loaded.filter((name) => ['miniflare', 'undici', 'jsonc-parser', 'drizzle-kit', 'tsx'].includes(name))).toEqual([]);
  });
});

describe('a check answered from its cache', () => {
  let app: TestProject;

  beforeAll(async () => {
    app = await makeProject({
      wrangler: {
        file: 'wrangler.toml',
        content: 'name = "app"\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "app"\ndatabase_id = "local-app"\nmigrations_dir = "drizzle"\n',
      },
      drizzle: [{ source: ACCOUNTS_NOTES }],
      // A second config, for another folder, that leaves a mark when it is executed.
      files: {
        'drizzle.other.config.ts': [
          "import { writeFileSync } from 'node:fs';",
          "writeFileSync('other-config-ran.txt', 'yes');",
          "export default { dialect: 'sqlite', schema: './src/db/schema.ts', out: './other' };",
          '',
        ].join('\n'),
      },
    });
  }, 120_000);

  afterAll(() => app?.remove());

  it('starts no engine and loads neither drizzle-kit/api nor the schema when nothing changed; the first, cold check loads them', async () => {
    const engines = ['miniflare', 'undici', 'better-sqlite3', 'drizzle-orm'];
    const cold = await loadedFiles(['check'], app.dir);
    expect(cold.filter((file) => file.startsWith('drizzle-kit/api'))).not.toEqual([]);
    expect(engines.filter((name) => cold.some((file) => file.startsWith(`${name}/`)))).toEqual(engines);

    const cached = await loadedFiles(['check'], app.dir);
    // The drizzle config itself is still read (tsx, drizzle-kit's defineConfig): it names the schema files.
    expect(cached.filter((file) => file.startsWith('drizzle-kit/api') || engines.some((name) => file.startsWith(`${name}/`)))).toEqual([]);
  });

  it('executes only the drizzle config that writes the folder it checks, not the others of the project', async () => {
    await loadedFiles(['check', '--fast'], app.dir);
    expect(existsSync(app.path('other-config-ran.txt'))).toBe(false);
  });
});
