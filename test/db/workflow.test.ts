/**
 * The workspace's scripts on a fresh copy of the project, run as a user runs them: the
 * committed chain matches the schema, and the local apply leaves nothing pending for wrangler.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Seeder } from '../../packages/d1-evolve/src/check/seed';
import { readMigrationFolder } from '../../packages/d1-evolve/src/folder/migration-folder';
import { readSnapshot } from '../../packages/d1-evolve/src/schema/snapshot';
import { query } from '../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../packages/d1-evolve/src/transports/miniflare';
import { PROJECT_ROOT, copyProject, type ProjectCopy } from '../support/project';
import { runCli } from '../../packages/d1-evolve/test/support/run';
import { runWrangler } from '../../packages/d1-evolve/test/support/wrangler';

const DATABASE_ID = '00000000-0000-4000-8000-000000000000';

describe('on a fresh copy of the project', () => {
  let project: ProjectCopy;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => project.remove());

  it('db:generate reports no schema changes and writes nothing, without credentials', async () => {
    const before = readdirSync(join(project.root, 'drizzle'), { recursive: true }).sort();
    const run = await runCli(['generate'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/No schema changes/);
    expect(readdirSync(join(project.root, 'drizzle'), { recursive: true }).sort()).toEqual(before);
  });

  it('db:apply:local applies the chain to the local D1 and wrangler then lists nothing pending', async () => {
    const apply = await runCli(['apply', '--local'], { cwd: project.root });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout + apply.stderr).toMatch(/0000_baseline/);

    const list = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local'], { cwd: project.root });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/No migrations to apply/);

    const db = new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: join(project.root, '.wrangler', 'state') });
    try {
      const [row] = await query<{ n: number }>(
        db,
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_migrations%'",
      );
      expect(row?.n).toBe(38);
    } finally {
      await db.close();
    }
  });

  it('db:check --data local checks against the rows of the local D1, and leaves its files byte for byte as they were', async () => {
    const state = join(project.root, '.wrangler', 'state');
    await seedLocal(state, 5);
    const before = hashFiles(state);
    const run = await runCli(['check', '--data', 'local', '--json', '--fast'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { data: { rows: Record<string, number>; applied: string[] }; migrations: unknown[] };
    expect(report.data.applied).toEqual(['0000_baseline.sql']);
    expect(report.migrations).toEqual([]);
    expect(hashFiles(state)).toEqual(before);

    // Then the counts, read from the local D1 itself (opening it may checkpoint its WAL, so after the hashes).
    const db = new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: state });
    try {
      for (const [table, rows] of Object.entries(report.data.rows)) {
        const [count] = await query<{ n: number }>(db, `SELECT count(*) AS n FROM \`${table}\``);
        expect([table, rows]).toEqual([table, count!.n]);
      }
    } finally {
      await db.close();
    }
    expect(Object.values(report.data.rows).every((n) => n === 5)).toBe(true);
  });
});

/** Fills every table of the local D1 under `state` with `rows` generated rows (parents first, CHECKs kept). */
async function seedLocal(state: string, rows: number): Promise<void> {
  const db = new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: state });
  try {
    const snapshot = readSnapshot(readMigrationFolder(join(PROJECT_ROOT, 'drizzle')).migrations.at(-1)!.snapshotPath);
    const plan = await new Seeder(rows).plan(snapshot, {}, db);
    expect(plan.skipped).toEqual([]);
    await db.batch(plan.statements);
  } finally {
    await db.close();
  }
}

/** sha-256 of every file under `dir`, by path. */
function hashFiles(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  return Object.fromEntries(
    files.map((f) => [
      join(f.parentPath, f.name),
      createHash('sha256')
        .update(readFileSync(join(f.parentPath, f.name)))
        .digest('hex'),
    ]),
  );
}
