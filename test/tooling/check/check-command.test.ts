import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../packages/d1-evolve/src/cli/main';
import type { CheckReport } from '../../../packages/d1-evolve/src/check/index';
import { readMigrationFolder } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { PROJECT_ROOT } from '../../support/project';
import { buildChain, type BuiltChain } from '../../../packages/d1-evolve/test/fixtures/chains/build';
import { v1, v2, v2UsersRebuilt } from '../../../packages/d1-evolve/test/fixtures/chains/schemas';

/** Runs the CLI in-process and returns its exit code and what it printed. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args, PROJECT_ROOT);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const projectMigrations = readMigrationFolder(join(PROJECT_ROOT, 'drizzle')).migrations.map((m) => m.name);

describe('pnpm db:check', () => {
  it('passes the project chain on both engines, with a line per migration', async () => {
    const { code, stdout } = await run(['check']);
    expect(code).toBe(0);
    expect(stdout).toContain('on better-sqlite3 and workerd D1');
    for (const name of projectMigrations) expect(stdout).toMatch(new RegExp(`✓ ${name} +\\d+ statements · better-sqlite3: \\d+ rows checked`));
    expect(stdout).toMatch(/✓ \d+ migration\(s\) safe on D1/);
  });

  it('prints one JSON object with --json', async () => {
    const { code, stdout } = await run(['check', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({ ok: true, engines: ['sqlite', 'd1'] });
    expect(report.migrations.map((m) => m.name)).toEqual(projectMigrations);
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('exits 2 on a bad --rows value', async () => {
    const { code, stderr } = await run(['check', '--rows', 'many']);
    expect(code).toBe(2);
    expect(stderr).toContain('--rows must be a whole number');
  });

  describe('on a chain that loses rows', () => {
    let chain: BuiltChain;
    beforeAll(async () => {
      chain = await buildChain([
        { name: 'users', schema: v1 },
        { name: 'posts', schema: v2 },
        { name: 'users_name_nullable', schema: v2UsersRebuilt },
      ]);
    });
    afterAll(() => chain.remove());

    it('exits 1 and names the migration, the table and the hint', async () => {
      const { code, stdout } = await run(['check', '--dir', chain.dir]);
      expect(code).toBe(1);
      expect(stdout).toContain('✗ 0002_users_name_nullable.sql');
      expect(stdout).toContain('error data-loss: 0002_users_name_nullable.sql deleted 3 of 3 rows of posts');
      expect(stdout).toContain('fix: on D1, DROP TABLE of a parent');
    });

    it('exits 1 as a process too, with the report on stdout', async () => {
      // The compiled bin, as the db:* scripts run it.
      const bin = join(PROJECT_ROOT, 'node_modules', '.bin', 'd1-evolve');
      const child = await promisify(execFile)(bin, ['check', '--json', '--dir', chain.dir], { cwd: PROJECT_ROOT }).catch((e) => e);
      expect(child.code).toBe(1);
      const report = JSON.parse(child.stdout) as CheckReport;
      expect(report.ok).toBe(false);
      expect(report.findings.some((f) => f.rule === 'data-loss' && f.table === 'posts')).toBe(true);
    });
  });
});
