import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Seeder } from '../../../packages/d1-evolve/src/check/seed';
import { columnRules, parentsFirst, uniqueSets } from '../../../packages/d1-evolve/src/check/table-facts';
import { parseReads, readStatements } from '../../../packages/d1-evolve/src/check/read';
import { tupleKey, type TableRows } from '../../../packages/d1-evolve/src/check/rows';
import { readMigrationFolder } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { readSnapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { query, statements, type D1Transport } from '../../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../../packages/d1-evolve/src/transports/miniflare';
import { SqliteTransport } from '../../../packages/d1-evolve/src/transports/sqlite';
import { PROJECT_ROOT } from '../../support/project';

const ROWS = 3;
const folder = readMigrationFolder(join(PROJECT_ROOT, 'drizzle'));
const snapshot = readSnapshot(folder.migrations.at(-1)!.snapshotPath);
const tables = Object.values(snapshot.tables);

const shapes = tables.map((t) => ({ name: t.name, columns: Object.keys(t.columns) }));

/** Every table as the replay reads it: 64-bit integers exact. */
async function readAll(transport: D1Transport): Promise<TableRows> {
  return parseReads(shapes, await transport.batch(readStatements(shapes)));
}

describe.each([
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'seed-test' })],
])('seed rows for the real schema on %s', (_engine, open) => {
  let transport: D1Transport;
  let rows: TableRows;
  let topUp: Awaited<ReturnType<Seeder['plan']>>;
  beforeAll(async () => {
    transport = open();
    for (const migration of folder.migrations) await transport.batch(statements(migration.statements));
    const seeder = new Seeder(ROWS);
    const plan = await seeder.plan(snapshot, {}, transport);
    expect(plan.skipped).toEqual([]);
    await transport.batch(plan.statements); // one batch: it must satisfy every constraint at once
    rows = await readAll(transport);
    // Lose one row of a leaf table, as a migration might; the next plan tops it up again.
    await transport.batch([{ sql: 'DELETE FROM `feedback` WHERE rowid = (SELECT min(rowid) FROM `feedback`)' }]);
    topUp = await seeder.plan(snapshot, await readAll(transport), transport);
    await transport.batch(topUp.statements);
  });
  afterAll(async () => transport.close?.());

  it('covers all 38 tables', () => {
    expect(tables).toHaveLength(38);
  });

  it('leaves no foreign-key violation', async () => {
    expect(await query(transport, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('tops up a table that lost rows with new values, and no other table', async () => {
    expect(topUp.inserted).toEqual({ feedback: 1 });
    const feedback = await query(transport, 'SELECT * FROM `feedback`');
    expect(feedback).toHaveLength(ROWS);
    expect(new Set(feedback.map((r) => r.id)).size).toBe(ROWS);
  });

  describe.each(tables.map((t) => [t.name, t] as const))('%s', (name, table) => {
    it(`holds ${ROWS} rows: one with every column filled, one with every nullable column NULL, one of edge values`, () => {
      expect(rows[name]).toHaveLength(ROWS);
      const [filled, nulls, edge] = rows[name]!;
      for (const column of Object.values(table.columns)) {
        expect(filled![column.name], `${name}.${column.name}`).not.toBeNull();
        if (column.notNull || column.primaryKey) expect(nulls![column.name], `${name}.${column.name}`).not.toBeNull();
        else expect(nulls![column.name], `${name}.${column.name}`).toBeNull();
        expect(edge![column.name], `${name}.${column.name}`).not.toBeNull();
      }
    });

    it('keeps each unique column tuple distinct', () => {
      for (const set of uniqueSets(table)) expect(new Set(rows[name]!.map((r) => tupleKey(r, set))).size, set.join(',')).toBe(ROWS);
    });

    it('satisfies the CHECK lists and ranges it reads', () => {
      for (const [column, rule] of columnRules(table)) {
        for (const row of rows[name]!.filter((r) => r[column] !== null)) {
          if (rule.values) expect(rule.values).toContain(row[column]);
          if (rule.min !== undefined) expect(row[column]).toBeGreaterThanOrEqual(rule.min);
          if (rule.max !== undefined) expect(row[column]).toBeLessThanOrEqual(rule.max);
        }
      }
    });
  });
});

describe('parentsFirst', () => {
  it('orders every table after the tables its foreign keys point to', () => {
    const order = parentsFirst(snapshot);
    expect(order).toHaveLength(38);
    for (const table of tables) {
      for (const fk of Object.values(table.foreignKeys)) {
        if (fk.tableTo !== table.name) expect(order.indexOf(fk.tableTo), `${table.name} → ${fk.tableTo}`).toBeLessThan(order.indexOf(table.name));
      }
    }
  });

  it('reads IN lists and BETWEEN ranges from CHECK constraints', () => {
    expect(columnRules(snapshot.tables.jobs!).get('progress')).toEqual({ min: 0, max: 100 });
    expect(columnRules(snapshot.tables.agent_functions!).get('role')).toEqual({ values: ['extractor', 'injector'] });
  });
});
