/**
 * The proof on this project's own schema: a change that makes drizzle-kit rebuild
 * `workspaces` (its name made nullable), generated with the real `pnpm db:generate` in a
 * copy of the project and applied with plain `wrangler d1 migrations apply DB --local` to
 * a local D1 seeded in every table, loses no row anywhere. And drizzle-kit's own SQL for
 * the same change would have lost rows (the hazard is real).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../../src/db/schema';
import { readWranglerConfig } from '../../../packages/d1-evolve/src/config/wrangler-config';
import { type Migration, readMigrationFolder, splitMigration } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { type Snapshot, readSnapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { type D1Transport, query, statements } from '../../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../../packages/d1-evolve/src/transports/miniflare';
import { SqliteTransport } from '../../../packages/d1-evolve/src/transports/sqlite';
import { populateShared, populateWorkspace } from '../../fixtures/workspace-data';
import { type ProjectCopy, copyProject, PROJECT_ROOT } from '../../support/project';
import { runCli } from '../../../packages/d1-evolve/test/support/run';
import { runWrangler } from '../../../packages/d1-evolve/test/support/wrangler';
import { sqlLiteral } from '../../../packages/d1-evolve/src/sql/literal';

type Rows = Record<string, Record<string, unknown>[]>;

/** Two workspaces' worth of rows in every table, built with the typed API on better-sqlite3, as INSERT statements. */
function seedStatements(baseline: Migration, snapshot: Snapshot): string[] {
  const engine = new SqliteTransport();
  engine.batchSync(statements(baseline.statements));
  const db = drizzle(engine.db, { schema });
  populateShared(db);
  populateWorkspace(db, 'w1', 'user-1');
  populateWorkspace(db, 'w2', 'user-2', { agentVersionId: 'w1-agent-version', traceId: 'w1-trace', agentId: 'w1-agent' });
  // Foreign keys are checked at commit: the tables can be filled in any order.
  const inserts = ['PRAGMA defer_foreign_keys = ON'];
  for (const table of Object.keys(snapshot.tables)) {
    for (const row of engine.db.prepare(`SELECT * FROM \`${table}\``).all() as Record<string, unknown>[]) {
      inserts.push(
        `INSERT INTO \`${table}\` (${Object.keys(row)
          .map((c) => `\`${c}\``)
          .join(', ')}) VALUES (${Object.values(row).map(sqlLiteral).join(', ')})`,
      );
    }
  }
  engine.db.close();
  return inserts;
}

async function readRows(engine: D1Transport, snapshot: Snapshot): Promise<Rows> {
  const rows: Rows = {};
  for (const table of Object.values(snapshot.tables)) {
    const columns = Object.keys(table.columns)
      .map((c) => `\`${c}\``)
      .join(', ');
    rows[table.name] = await query(engine, `SELECT ${columns} FROM \`${table.name}\` ORDER BY ${columns}`);
  }
  return rows;
}

const counts = (rows: Rows) => Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));

describe('a rebuild of workspaces on the own schema', () => {
  let project: ProjectCopy;
  let persistDir: string;
  let databaseId: string;
  let baseline: Migration;
  let baselineSnapshot: Snapshot;
  let seeded: Rows;
  let drizzleKitSql: string;
  let generated: { migration: Migration; stdout: string };

  beforeAll(async () => {
    project = copyProject('own-schema-rebuild-');
    const { root } = project;
    databaseId = readWranglerConfig({ cwd: root }).databases[0]!.databaseId!;
    persistDir = join(root, '.wrangler', 'state');
    [baseline] = readMigrationFolder(join(root, 'drizzle')).migrations as [Migration];
    baselineSnapshot = readSnapshot(baseline.snapshotPath);

    // 1. The local D1 at 0000, applied by wrangler itself, then seeded in every table.
    const first = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { cwd: root });
    expect(first.code, first.stderr).toBe(0);
    const local = new MiniflareTransport({ databaseId, persistDir });
    try {
      await local.batch(statements(seedStatements(baseline, baselineSnapshot)));
      seeded = await readRows(local, baselineSnapshot);
    } finally {
      await local.close();
    }

    // 2. The schema change: workspaces.name becomes nullable.
    const file = join(root, 'src', 'db', 'schema', 'users.ts');
    const source = readFileSync(file, 'utf8');
    const changed = source.replace("name: text('name').notNull(),\n    createdAt", "name: text('name'),\n    createdAt");
    expect(changed).not.toBe(source);
    writeFileSync(file, changed);

    // 3. What drizzle-kit alone writes for it, kept for the hazard test; then the folder as it was.
    execFileSync(join(root, 'node_modules', '.bin', 'drizzle-kit'), ['generate', '--config', 'drizzle.config.ts', '--name', 'nullable_workspace_name'], {
      cwd: root,
      stdio: 'pipe',
    });
    const raw = readMigrationFolder(join(root, 'drizzle')).migrations[1]!;
    drizzleKitSql = raw.sql;
    rmSync(join(root, 'drizzle'), { recursive: true });
    cpSync(join(PROJECT_ROOT, 'drizzle'), join(root, 'drizzle'), { recursive: true });

    // 4. The real `pnpm db:generate`.
    const run = await runCli(['generate', '--name', 'nullable_workspace_name'], { cwd: root });
    expect(run.code, run.stderr).toBe(0);
    generated = { migration: readMigrationFolder(join(root, 'drizzle')).migrations[1]!, stdout: run.stdout };
  });

  afterAll(() => project?.remove());

  it('drizzle-kit rebuilds workspaces, and its own SQL empties the tables below it on D1', async () => {
    expect(drizzleKitSql).toContain('DROP TABLE `workspaces`;');
    const engine = new MiniflareTransport({ databaseId: 'own-schema-hazard' });
    try {
      await engine.batch(statements(baseline.statements));
      await engine.batch(statements(seedStatements(baseline, baselineSnapshot)));
      await engine.batch(statements(splitMigration(drizzleKitSql)));
      const after = counts(await readRows(engine, baselineSnapshot));
      expect(after.workspaces).toBe(seeded.workspaces!.length);
      expect(after.agents).toBe(0);
      expect(after.traces).toBe(0);
      const lost = Object.keys(after).filter((table) => after[table]! < seeded[table]!.length);
      expect(lost.length).toBeGreaterThan(20);
    } finally {
      await engine.close();
    }
  });

  it('db:generate writes the rebuild in its safe form and says so', () => {
    expect(generated.stdout).toMatch(/rewrote 0001_nullable_workspace_name\.sql: the rebuild of workspaces \(statement \d+\) keeps every row of .*\bagents\b/);
    expect(generated.migration.sql).toMatch(/CREATE TABLE `__keep_agents` AS SELECT `id`, [^;]* FROM `agents`;/);
    expect(generated.migration.sql).toContain('DELETE FROM `agents`');
    expect(generated.migration.sql).not.toMatch(/PRAGMA foreign_keys/);
    // ... and then db:check proves it on both engines.
    expect(generated.stdout).toMatch(/✓ 2 migration\(s\) safe on D1/);
  });

  it('keeps every row of every table when wrangler applies it to the seeded local D1', async () => {
    expect(Object.values(seeded).every((rows) => rows.length > 0)).toBe(true);
    const apply = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { cwd: project.root });
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect(apply.stdout).toContain('0001_nullable_workspace_name.sql');
    const local = new MiniflareTransport({ databaseId, persistDir });
    try {
      const after = await readRows(local, readSnapshot(generated.migration.snapshotPath));
      expect(counts(after)).toEqual(counts(seeded));
      expect(after).toEqual(seeded);
      expect(await query(local, 'PRAGMA foreign_key_check')).toEqual([]);
      const applied = await query<{ name: string }>(local, 'SELECT name FROM d1_migrations ORDER BY id');
      expect(applied.map((r) => r.name)).toEqual(['0000_baseline.sql', '0001_nullable_workspace_name.sql']);
      const leftovers = await query(local, "SELECT name FROM sqlite_master WHERE name LIKE '\\_\\_%' ESCAPE '\\'");
      expect(leftovers).toEqual([]);
    } finally {
      await local.close();
    }
  });
});
