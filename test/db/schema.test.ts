/**
 * The data model as D1 holds it after the migration chain: enum columns and ranges enforced
 * by the database itself, and every foreign-key column indexed. Run on better-sqlite3 (each
 * migration one transaction, foreign keys on, as D1 runs it) and on workerd's D1, where the
 * chain is applied by `wrangler d1 migrations apply --local` itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localD1File } from '../../packages/d1-evolve/src/config/local-d1';
import { readMigrationFolder } from '../../packages/d1-evolve/src/folder/migration-folder';
import { readSnapshot } from '../../packages/d1-evolve/src/schema/snapshot';
import type { D1Transport } from '../../packages/d1-evolve/src/transports/transport';
import { query, statements } from '../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../packages/d1-evolve/src/transports/miniflare';
import { SqliteTransport } from '../../packages/d1-evolve/src/transports/sqlite';
import { PROJECT_ROOT } from '../support/project';
import { deleteLastInsert, enumColumns, rowInsert, tables } from '../support/schema-tables';
import { makeWranglerProject, runWrangler, type WranglerProject } from '../../packages/d1-evolve/test/support/wrangler';

const DATABASE_ID = '00000000-0000-4000-8000-000000000000';
const folder = readMigrationFolder(join(PROJECT_ROOT, 'drizzle'));
const latest = readSnapshot(folder.migrations.at(-1)!.snapshotPath);

const DEFER = 'PRAGMA defer_foreign_keys = ON';

/** The stated ranges of the data model, each with a value just outside. */
const ranges = [
  { table: 'jobs', column: 'progress', inside: [0, 100], outside: [-1, 101] },
  { table: 'task_similar_traces', column: 'similarity_score', inside: [0, 1], outside: [-0.01, 1.01] },
  { table: 'taskset_run_results', column: 'score', inside: [0, 1], outside: [-0.5, 1.5] },
];

function engineSuite(name: string, open: () => Promise<D1Transport>, close: () => Promise<void>) {
  describe(`the migrated database on ${name}`, () => {
    let db: D1Transport;
    beforeAll(async () => {
      db = await open();
    });
    afterAll(close);

    it('has the 38 tables and the view that the latest snapshot declares', async () => {
      const objects = await query<{ name: string; type: string }>(
        db,
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'd1_migrations%' AND name NOT LIKE '_cf_%' ORDER BY name",
      );
      expect(objects.filter((o) => o.type === 'table').map((o) => o.name)).toEqual(Object.keys(latest.tables).sort());
      expect(objects.filter((o) => o.type === 'view').map((o) => o.name)).toEqual(['eval_comparison']);
      expect(Object.keys(latest.tables)).toHaveLength(38);
    });

    it.each(enumColumns)('$table.$column accepts each listed value and rejects any other', async ({ table, column, values }) => {
      for (const value of values) {
        await expect(db.batch([{ sql: DEFER }, { sql: rowInsert(table, { [column]: value }) }, { sql: deleteLastInsert(table) }])).resolves.toBeDefined();
      }
      await expect(db.batch([{ sql: DEFER }, { sql: rowInsert(table, { [column]: 'not_a_listed_value' }) }])).rejects.toThrow(
        new RegExp(`CHECK constraint failed: ${table}_${column}_check`),
      );
    });

    it.each(ranges)('$table.$column keeps to its range', async ({ table, column, inside, outside }) => {
      for (const value of inside) {
        await expect(db.batch([{ sql: DEFER }, { sql: rowInsert(table, { [column]: value }) }, { sql: deleteLastInsert(table) }])).resolves.toBeDefined();
      }
      for (const value of outside) {
        await expect(db.batch([{ sql: DEFER }, { sql: rowInsert(table, { [column]: value }) }])).rejects.toThrow(/CHECK constraint failed/);
      }
    });

    it('indexes every foreign-key column: each leads at least one index', async () => {
      const unindexed: string[] = [];
      let foreignKeys = 0;
      for (const { name: table } of tables) {
        const fks = await query<{ id: number; seq: number; from: string }>(db, `SELECT * FROM pragma_foreign_key_list('${table}')`);
        const indexes = await query<{ name: string }>(db, `SELECT name FROM pragma_index_list('${table}')`);
        const leading = new Set<string>();
        for (const index of indexes) {
          const [first] = await query<{ name: string }>(db, `SELECT name FROM pragma_index_info('${index.name}') WHERE seqno = 0`);
          if (first) leading.add(first.name);
        }
        for (const fk of fks.filter((f) => f.seq === 0)) {
          foreignKeys += 1;
          if (!leading.has(fk.from)) unindexed.push(`${table}.${fk.from}`);
        }
      }
      const declared = Object.values(latest.tables).reduce((n, t) => n + Object.keys(t.foreignKeys).length, 0);
      expect(foreignKeys).toBe(declared);
      expect(unindexed).toEqual([]);
    });
  });
}

// better-sqlite3, the chain applied the way D1 runs it: one transaction per file, foreign keys on.
let sqlite: SqliteTransport;
engineSuite(
  'better-sqlite3 (D1 rules)',
  async () => {
    sqlite = new SqliteTransport();
    for (const migration of folder.migrations) await sqlite.batch(statements(migration.statements));
    return sqlite;
  },
  async () => sqlite.close(),
);

// workerd's D1, the chain applied by wrangler itself into a temporary state folder.
let project: WranglerProject;
let workerd: MiniflareTransport;
engineSuite(
  "workerd's D1 (wrangler --local)",
  async () => {
    project = makeWranglerProject({ databaseId: DATABASE_ID, migrationsFrom: join(PROJECT_ROOT, 'drizzle') });
    const state = join(project.dir, 'state');
    const applied = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], { cwd: project.dir });
    expect(applied.code, applied.stderr).toBe(0);
    workerd = new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: state });
    // drizzle.config.local.ts opens this same file for db:studio and db:push.
    expect(existsSync(localD1File(state, DATABASE_ID))).toBe(true);
    return workerd;
  },
  async () => {
    await workerd?.close();
    project?.remove();
  },
);
