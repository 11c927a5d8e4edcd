import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as schema from '../../../src/db/schema';
import { dependents } from '../../../packages/d1-evolve/src/check/graph';
import { rewriteMigration } from '../../../packages/d1-evolve/src/rewrite/keep-children';
import { BREAKPOINT, readMigrationFolder, splitMigration } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { readSnapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { query, statements } from '../../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../../packages/d1-evolve/src/transports/miniflare';
import { SqliteTransport } from '../../../packages/d1-evolve/src/transports/sqlite';
import { populateShared, populateWorkspace } from '../../fixtures/workspace-data';
import { PROJECT_ROOT } from '../../support/project';
import { sqlLiteral } from '../../../packages/d1-evolve/src/sql/literal';

const [baseline] = readMigrationFolder(join(PROJECT_ROOT, 'drizzle')).migrations;
const own = readSnapshot(baseline!.snapshotPath);

/** A database at 0000, seeded with two workspaces' rows in every table. */
function seeded(): SqliteTransport {
  const engine = new SqliteTransport();
  engine.batchSync(statements(baseline!.statements));
  const db = drizzle(engine.db, { schema });
  populateShared(db);
  populateWorkspace(db, 'w1', 'user-1');
  populateWorkspace(db, 'w2', 'user-2', { agentVersionId: 'w1-agent-version', traceId: 'w1-trace', agentId: 'w1-agent' });
  return engine;
}

/** drizzle-kit's rebuild of `table` with its definition unchanged, built from the live schema the way drizzle-kit writes it. */
function drizzleKitRebuild(engine: SqliteTransport, table: string): string {
  const objects = engine.db.prepare('SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL').all(table) as { type: string; sql: string }[];
  const create = objects.find((o) => o.type === 'table')!.sql.replace(/^CREATE TABLE `?\w+`?/, `CREATE TABLE \`__new_${table}\``);
  const columns = Object.keys(own.tables[table]!.columns)
    .map((c) => `"${c}"`)
    .join(', ');
  return [
    'PRAGMA foreign_keys=OFF;',
    `${create};`,
    `INSERT INTO \`__new_${table}\`(${columns}) SELECT ${columns} FROM \`${table}\`;`,
    `DROP TABLE \`${table}\`;`,
    `ALTER TABLE \`__new_${table}\` RENAME TO \`${table}\`;`,
    'PRAGMA foreign_keys=ON;',
    ...objects.filter((o) => o.type === 'index').map((o) => `${o.sql};`),
  ].join(BREAKPOINT);
}

const counts = (engine: SqliteTransport) =>
  Object.fromEntries(Object.keys(own.tables).map((t) => [t, (engine.db.prepare(`SELECT count(*) AS n FROM \`${t}\``).get() as { n: number }).n]));

const REBUILD = [
  'PRAGMA foreign_keys=OFF;',
  "CREATE TABLE `__new_users` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL,\n\t`nick` text DEFAULT 'anon' NOT NULL,\n\t`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL\n);\n",
  'INSERT INTO `__new_users`("id", "email", "nick", "created_at") SELECT "id", "email", "nick", "created_at" FROM `users`;',
  'DROP TABLE `users`;',
  'ALTER TABLE `__new_users` RENAME TO `users`;',
  'PRAGMA foreign_keys=ON;',
  'CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);',
].join(BREAKPOINT);

describe('rewriteMigration', () => {
  it('keeps a breakpoint between all statements, the comments, and the indexes re-created after the rename', () => {
    const { sql, rebuilt } = rewriteMigration(`-- why: users get a nick\n${REBUILD}\n-- allow-data-loss: nothing really\n`, own);
    expect(rebuilt).toEqual(['users']);
    expect(sql.startsWith('-- why: users get a nick\nPRAGMA defer_foreign_keys = ON;')).toBe(true);
    expect(sql).toContain('-- allow-data-loss: nothing really');
    const parts = sql.split(BREAKPOINT);
    expect(parts.every((part) => splitMigration(part).length === 1)).toBe(true);
    expect(splitMigration(sql).at(-1)).toBe('CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`)');
    expect(sql).toContain('INSERT INTO `__new_users`("id", "email", "created_at") SELECT "id", "email", "created_at" FROM `users`;');
  });

  it('copies aside, empties children-first and restores parent-first every table that references the rebuilt one', () => {
    const { sql } = rewriteMigration(REBUILD, own);
    const kept = dependents(own, 'users').map((d) => d.table);
    const restored = [...sql.matchAll(/INSERT INTO `(\w+)` \([^)]*\) SELECT [^;]* FROM `__keep_\1`/g)].map((m) => m[1]);
    expect(restored).toEqual(kept);
    const emptied = [...sql.matchAll(/^DELETE FROM `(\w+)`;/gm)].map((m) => m[1]);
    expect(emptied).toEqual([...kept].reverse());
    expect(sql.indexOf('DELETE FROM')).toBeLessThan(sql.indexOf('DROP TABLE `users`'));
    expect(sql.match(/CREATE TABLE `__keep_/g)).toHaveLength(kept.length);
    expect(sql.match(/DROP TABLE `__keep_/g)).toHaveLength(kept.length);
  });

  it('changes nothing in a file without rebuilds or in one already rewritten', () => {
    expect(rewriteMigration(baseline!.sql, own)).toEqual({ sql: baseline!.sql, rebuilt: [], changed: false });
    const once = rewriteMigration(REBUILD, own).sql;
    expect(rewriteMigration(once, own)).toEqual({ sql: once, rebuilt: [], changed: false });
  });

  it('keeps the seeded rows of a rebuilt users table and fills the added column with its default', () => {
    const engine = seeded();
    const before = counts(engine);
    engine.batchSync(statements(splitMigration(rewriteMigration(REBUILD, own).sql)));
    expect(counts(engine)).toEqual(before);
    expect(engine.db.prepare('SELECT DISTINCT nick FROM users').all()).toEqual([{ nick: 'anon' }]);
  });

  it.each(Object.keys(own.tables))('keeps every row of every table when %s is rebuilt (better-sqlite3, one transaction)', (table) => {
    const engine = seeded();
    const before = counts(engine);
    const original = drizzleKitRebuild(engine, table);
    const { sql } = rewriteMigration(original, own);
    engine.batchSync(statements(splitMigration(sql)));
    expect(counts(engine)).toEqual(before);
    expect(engine.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(engine.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '\\_\\_%' ESCAPE '\\'").all()).toEqual([]);
  });

  it("drops and re-creates a view that reads the rebuilt table, which drizzle-kit's own rebuild cannot get past", async () => {
    const engine = seeded();
    const original = drizzleKitRebuild(engine, 'eval_executions');
    expect(() => engine.batchSync(statements(splitMigration(original)))).toThrow(/error in view eval_comparison/);
    const once = rewriteMigration(original, own);
    expect(rewriteMigration(once.sql, own).changed).toBe(false);
    const d1 = new MiniflareTransport({ databaseId: 'rewrite-view' });
    try {
      await d1.batch(statements(baseline!.statements));
      const rows = (t: string) => engine.db.prepare(`SELECT * FROM \`${t}\``).all() as Record<string, unknown>[];
      const seed = Object.keys(own.tables).flatMap((t) =>
        rows(t).map((r) => `INSERT INTO \`${t}\` (${Object.keys(r).join(', ')}) VALUES (${Object.values(r).map(sqlLiteral).join(', ')})`),
      );
      await d1.batch(statements(['PRAGMA defer_foreign_keys = ON', ...seed]));
      const view = await query(d1, 'SELECT * FROM eval_comparison ORDER BY eval_id');
      await d1.batch(statements(splitMigration(once.sql)));
      expect(await query(d1, 'SELECT * FROM eval_comparison ORDER BY eval_id')).toEqual(view);
      expect(view.length).toBeGreaterThan(0);
    } finally {
      await d1.close();
    }
  });
});
