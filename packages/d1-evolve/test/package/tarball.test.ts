/**
 * The package as a user gets it: built, packed to a tarball, installed into a project made
 * from scratch outside this repository, and used there through its bin (`npx d1-evolve`) on
 * that project's own wrangler config, drizzle config and drizzle-kit migrations. Proves the
 * tarball holds what the package needs (and nothing of the eval platform), that its
 * dependencies and peers resolve in a plain project, and that its exports load.
 *
 * The install is offline: the workspace's pnpm store and its lockfile's resolutions (see
 * outside-project.ts); if that fails it falls back to `--prefer-offline` (registry).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { type CommandRun, PACKAGE_ROOT, runCommand } from '../support/run';
import { OUTSIDE_DATABASE_ID, OUTSIDE_MIGRATIONS_DIR, forgetInStore, listFiles, seedLockfile, writeOutsideProject } from './outside-project';

const REPO_ROOT = resolve(PACKAGE_ROOT, '..', '..');
const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

const temps: string[] = [];
const tempDir = (prefix: string) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
};
let storeDir = '';
let packDir = '';
let tarball = '';
/** Seconds each step took, printed at the end. */
const timings: Record<string, string> = {};
const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** A run's output for an assertion message. */
const shown = (run: CommandRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

beforeAll(async () => {
  // Build the current src/ into a staging copy of the package (the package's own dist/ stays
  // as it is, for the tests that run it meanwhile), then pack that copy without the
  // lifecycle scripts: `prepare` is the same build, it need not run twice.
  let started = performance.now();
  const staging = tempDir('d1-evolve-staging-');
  for (const entry of ['package.json', 'bin', 'README.md', 'LICENSE']) cpSync(join(PACKAGE_ROOT, entry), join(staging, entry), { recursive: true });
  const build = await runCommand(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'build.mjs'), join(staging, 'dist')], {
    cwd: PACKAGE_ROOT,
    timeoutMs: 120_000,
  });
  expect(build.code, `node scripts/build.mjs failed:\n${shown(build)}`).toBe(0);
  timings.build = seconds(started);

  started = performance.now();
  packDir = tempDir('d1-evolve-pack-');
  const pack = await runCommand('pnpm', ['pack', '--config.ignore-scripts=true', '--pack-destination', packDir], { cwd: staging, timeoutMs: 60_000 });
  expect(pack.code, `pnpm pack failed:\n${shown(pack)}`).toBe(0);
  const [file, ...more] = readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
  expect(file && more.length === 0, `pnpm pack wrote ${readdirSync(packDir).join(', ') || 'nothing'}`).toBe(true);
  tarball = join(packDir, file!);
  timings.pack = seconds(started);

  const store = await runCommand('pnpm', ['store', 'path'], { cwd: REPO_ROOT, timeoutMs: 30_000 });
  expect(store.code, shown(store)).toBe(0);
  storeDir = store.stdout.trim();
}, 180_000);

afterAll(() => {
  if (storeDir) forgetInStore(storeDir, temps);
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  if (Object.keys(timings).length)
    console.info(
      `[tarball test] ${Object.entries(timings)
        .map(([step, time]) => `${step} ${time}`)
        .join(', ')}`,
    );
});

describe('the d1-evolve tarball', () => {
  it('holds bin/, dist/, README.md and package.json (and a licence), every bin and exports target among them', async () => {
    const list = await runCommand('tar', ['-tzf', tarball], { cwd: packDir, timeoutMs: 30_000 });
    expect(list.code, shown(list)).toBe(0);
    const files = list.stdout
      .split('\n')
      .filter((line) => line && !line.endsWith('/'))
      .map((line) => line.replace(/^package\//, ''));

    const outside = files.filter((path) => !/^(bin|dist)\//.test(path) && !/^(package\.json|README\.md|LICEN[CS]E(\.md|\.txt)?)$/i.test(path));
    expect(outside, 'files in the tarball besides bin/, dist/, README.md, package.json, LICENSE').toEqual([]);

    const targets = (value: string | Record<string, string>): string[] => (typeof value === 'string' ? [value] : Object.values(value).flatMap(targets));
    const needed = ['package.json', 'README.md', ...Object.values(manifest.bin), ...Object.values(manifest.exports).flatMap(targets)].map((path) =>
      path.replace(/^\.\//, ''),
    );
    expect(
      needed.filter((path) => !files.includes(path)),
      'files package.json names (bin, exports, README.md) that the tarball lacks',
    ).toEqual([]);
  });

  it('installs into a project outside this repository and checks, applies and reports its migrations on local D1', async () => {
    const project = tempDir('d1-evolve-outside-');
    writeOutsideProject(project, tarball);

    // --- install: offline from the workspace's store when it can, else from the registry.
    const installEnv = existsSync('/usr/include/node/node.h') ? { npm_config_nodedir: '/usr' } : {};
    const install = (extra: string[]) =>
      runCommand('pnpm', ['install', '--no-frozen-lockfile', '--store-dir', storeDir, '--reporter', 'append-only', ...extra], {
        cwd: project,
        env: installEnv,
        timeoutMs: 200_000,
      });
    let started = performance.now();
    let mode = 'offline, seeded from the workspace lockfile';
    let installed = seedLockfile(project, join(REPO_ROOT, 'pnpm-lock.yaml')) ? await install(['--offline']) : undefined;
    if (installed?.code !== 0) {
      if (installed) console.warn(`[tarball test] the offline install failed, trying --prefer-offline:\n${installed.stderr || installed.stdout}`);
      rmSync(join(project, 'node_modules'), { recursive: true, force: true });
      rmSync(join(project, 'pnpm-lock.yaml'), { force: true });
      mode = 'prefer-offline, fresh resolution';
      installed = await install(['--prefer-offline']);
    }
    expect(installed.code, `pnpm install failed:\n${shown(installed)}`).toBe(0);
    timings.install = `${seconds(started)} (${mode}${/better-sqlite3 install: /.test(installed.stdout) ? ', better-sqlite3 compiled' : ''})`;

    // --- what got installed is the tarball's copy, holding nothing of this repository.
    const installedDir = realpathSync(join(project, 'node_modules', 'd1-evolve'));
    expect(installedDir.startsWith(`${project}/`), `node_modules/d1-evolve is ${installedDir}`).toBe(true);
    const files = listFiles(installedDir).filter((path) => !path.startsWith('node_modules/'));
    expect(files.filter((path) => !/^(bin|dist)\//.test(path) && !/^(package\.json|README\.md|LICEN[CS]E(\.md|\.txt)?)$/i.test(path))).toEqual([]);
    expect(files.filter((path) => /(^|\/)src\/db\/schema/.test(path))).toEqual([]);
    const evalTables = evalPlatformTables();
    const leaks = files.flatMap((path) => {
      const text = readFileSync(join(installedDir, path), 'utf8');
      const found = [
        /eval[- ]platform/i.exec(text)?.[0],
        text.includes(REPO_ROOT) ? REPO_ROOT : undefined,
        ...evalTables.filter((table) => new RegExp(`\\b${table}\\b`).test(text)),
      ];
      return found.filter(Boolean).map((what) => `${path}: ${what}`);
    });
    expect(leaks, 'eval platform names or paths of this repository in the installed package').toEqual([]);
    const lockfile = readFileSync(join(project, 'pnpm-lock.yaml'), 'utf8');
    expect(lockfile).not.toMatch(/link:|workspace:/);
    expect(readFileSync(join(project, 'node_modules', '.bin', 'd1-evolve'), 'utf8')).not.toContain(REPO_ROOT);

    // --- the project's commands, with a clean environment and a throw-away HOME.
    const home = tempDir('d1-evolve-outside-home-');
    const env = {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      WRANGLER_HIDE_BANNER: 'true',
      WRANGLER_LOG_PATH: join(home, 'wrangler-logs'),
      // Nothing below may need the registry (wrangler's update check asks it): a closed port.
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_update_notifier: 'false',
    };
    // `--` so that npm takes none of the command's options (`--version`) for its own.
    const npx = (args: string[], timeoutMs = 90_000) => runCommand('npx', ['--no', '--', ...args], { cwd: project, env, timeoutMs });
    started = performance.now();

    const exportsRun = await runCommand(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const names = ['d1-evolve', 'd1-evolve/worker', 'd1-evolve/drizzle', 'd1-evolve/testing'];
           const out = {};
           for (const name of names) out[name] = Object.keys(await import(name)).length;
           out['d1-evolve/package.json'] = import.meta.resolve('d1-evolve/package.json');
           console.log(JSON.stringify(out));`,
      ],
      { cwd: project, env, timeoutMs: 60_000 },
    );
    expect(exportsRun.code, `importing the package's exports failed:\n${shown(exportsRun)}`).toBe(0);
    const loaded = JSON.parse(exportsRun.stdout) as Record<string, number | string>;
    for (const name of ['d1-evolve', 'd1-evolve/worker', 'd1-evolve/drizzle', 'd1-evolve/testing']) expect(loaded[name], name).toBeGreaterThan(0);
    expect(String(loaded['d1-evolve/package.json'])).toContain(`file://${project}/`);

    const version = await npx(['d1-evolve', '--version']);
    expect(version.code, shown(version)).toBe(0);
    expect(version.stdout.trim()).toBe(manifest.version);

    const generate = await npx(['drizzle-kit', 'generate', '--name', 'init']);
    expect(generate.code, `drizzle-kit generate failed:\n${shown(generate)}`).toBe(0);
    const migration = join(project, OUTSIDE_MIGRATIONS_DIR, '0000_init.sql');
    expect(existsSync(join(project, OUTSIDE_MIGRATIONS_DIR, 'meta', '_journal.json')), shown(generate)).toBe(true);
    expect(readFileSync(migration, 'utf8')).toMatch(/REFERENCES `authors`\(`id`\)[^\n]*ON DELETE cascade/);

    const check = await npx(['d1-evolve', 'check']);
    expect(check.code, `d1-evolve check:\n${shown(check)}`).toBe(0);
    expect(check.stdout).toContain(`${OUTSIDE_MIGRATIONS_DIR}/`);
    expect(check.stdout).toContain('0000_init.sql');

    const pending = await npx(['d1-evolve', 'status', '--local']);
    expect(pending.code, `d1-evolve status --local (before apply):\n${shown(pending)}`).toBe(3);
    expect(pending.stdout).toMatch(/0000_init\.sql\s+pending/);

    const apply = await npx(['d1-evolve', 'apply', '--local']);
    expect(apply.code, `d1-evolve apply --local:\n${shown(apply)}`).toBe(0);
    expect(apply.stdout).toMatch(/0000_init\.sql\s+applied/);

    const upToDate = await npx(['d1-evolve', 'status', '--local']);
    expect(upToDate.code, `d1-evolve status --local (after apply):\n${shown(upToDate)}`).toBe(0);
    expect(upToDate.stdout).toMatch(/0000_init\.sql\s+applied/);
    expect(upToDate.stdout).toContain('Up to date.');

    // The project's own wrangler reads the same ledger in the same local file.
    const list = await npx(['wrangler', 'd1', 'migrations', 'list', 'DB', '--local']);
    expect(list.code, `wrangler d1 migrations list --local:\n${shown(list)}`).toBe(0);
    expect(list.stdout).toMatch(/No migrations to apply/);
    timings.commands = seconds(started);

    // --- the tables are in the local D1 database wrangler uses.
    const local = new MiniflareTransport({ databaseId: OUTSIDE_DATABASE_ID, persistDir: join(project, '.wrangler', 'state') });
    try {
      const [tables, foreignKeys, ledger] = await local.batch([
        {
          sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        },
        { sql: 'SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(\'books\')' },
        { sql: 'SELECT name FROM d1_migrations ORDER BY id' },
      ]);
      expect(tables!.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['authors', 'books', 'd1_migrations']));
      expect(foreignKeys!.rows).toEqual([{ table: 'authors', from: 'author_id', to: 'id', on_delete: 'CASCADE' }]);
      expect(ledger!.rows).toEqual([{ name: '0000_init.sql' }]);
    } finally {
      await local.close();
    }
  }, 240_000);
});

/**
 * The eval platform's own table names with an underscore (distinctive enough to search for:
 * `agent_versions`, not `users`), read from its schema when this checkout has it.
 */
function evalPlatformTables(): string[] {
  const dir = join(REPO_ROOT, 'src', 'db', 'schema');
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/sqliteTable\(\s*['"]([a-z0-9]+_[a-z0-9_]+)['"]/g)].map((match) => match[1]!));
  return [...new Set(names)];
}
