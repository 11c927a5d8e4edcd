/**
 * What a newcomer met when trying the CLI: a command run from a subfolder, output piped into
 * a pager that closes early, a drizzle config writing another folder than wrangler applies,
 * and a native engine that was installed without being built.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installProblem } from '../../src/cli/main';
import { ACCOUNTS_NOTES, type TestProject, addColumn, makeProject } from '../fixtures/project';
import { PACKAGE_ROOT, runCli } from '../support/run';

let made: TestProject | undefined;
afterEach(() => {
  made?.remove();
  made = undefined;
});

const toml = (fields: Record<string, string>) =>
  ['name = "notes"', '', '[[d1_databases]]', ...Object.entries(fields).map(([key, value]) => `${key} = "${value}"`), ''].join('\n');

describe('a newcomer', () => {
  it('runs check from a subfolder of the project and still compares the schema', async () => {
    made = await makeProject({
      wrangler: { file: 'wrangler.toml', content: toml({ binding: 'DB', database_id: randomUUID(), migrations_dir: 'drizzle' }) },
      drizzle: [{ source: ACCOUNTS_NOTES }],
    });
    mkdirSync(made.path('src', 'routes'), { recursive: true });
    const clean = await runCli(['check', '--fast'], { cwd: made.path('src', 'routes') });
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).not.toContain('schema not compared');
    made.write('src/db/schema.ts', addColumn(ACCOUNTS_NOTES, 'accounts', 'nickname'));
    const stale = await runCli(['check', '--fast'], { cwd: made.path('src', 'routes') });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain('schema-not-generated');
  });

  it('is told which key to set when the drizzle config writes another folder than wrangler applies (generate too)', async () => {
    made = await makeProject({
      wrangler: { file: 'wrangler.toml', content: toml({ binding: 'DB', database_id: randomUUID() }) },
      drizzle: [{ source: ACCOUNTS_NOTES }],
    });
    for (const command of ['generate', 'status', 'check']) {
      const run = await runCli([command, ...(command === 'status' ? ['--local'] : [])], { cwd: made.dir });
      expect(run.code, `${command}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('wrangler.toml: d1_databases[0].migrations_dir');
      expect(run.stderr).toContain('migrations_dir = "drizzle"');
    }
  });

  it('pipes output into a pager that closes early without a stack trace', async () => {
    const child = spawn(
      process.execPath,
      [join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'), 'apply', '--help'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The reader is gone before the first line is written, as with `| head -1` on a long output.
    child.stdout.destroy();
    const code = await new Promise<number>((resolve) => child.on('close', (exit) => resolve(exit ?? 1)));
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(code).toBe(0);
  });

  it('is told how to mend an engine that was installed without being built', () => {
    const missing = new Error('Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node');
    expect(installProblem(missing)).toMatch(/^better-sqlite3 is installed without its compiled engine.*onlyBuiltDependencies.*pnpm rebuild better-sqlite3/);
    const abi = new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.",
    );
    expect(installProblem(abi)).toMatch(/compiled for another Node\.js version/);
    expect(installProblem(new Error('something else'))).toBeUndefined();
  });
});
