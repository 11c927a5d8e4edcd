/**
 * A database dumped in D1's export form and loaded with loadDump into each engine of the
 * check (better-sqlite3 with D1's rules, workerd's D1) holds every row, value and storage
 * class it held, with its foreign keys, AUTOINCREMENT counter, generated columns, index,
 * view and trigger, and no trigger side effect.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpSqlite } from '../../src/check/data/dump';
import { MAX_BATCH_STATEMENTS } from '../../src/check/data/load';
import { appliedMigrations, loadDump } from '../../src/check/data/source';
import { type EngineName, openEngine } from '../../src/check/engines';
import { splitStatements } from '../../src/sql/split';
import type { D1Transport } from '../../src/transports/transport';
import { query } from '../../src/transports/transport';
import { CHILDREN, PARENTS, fingerprint, sqliteRows, transportRows, writeFixture } from '../fixtures/data';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const handle of open.splice(0)) await handle.close();
});

async function engine(name: EngineName): Promise<D1Transport> {
  const transport = await openEngine(name);
  open.push(transport as { close(): Promise<void> });
  return transport;
}

function source(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  writeFixture(db);
  return db;
}

describe.each(['sqlite', 'd1'] as const)('loadDump on %s', (name) => {
  it('reproduces every table, row, value and storage class of the dumped database', async () => {
    const db = source();
    const target = await engine(name);
    await loadDump(target, dumpSqlite(db));
    const expected = await fingerprint(sqliteRows(db));
    const loaded = await fingerprint(transportRows(target));
    expect(loaded.tables.parents).toHaveLength(PARENTS);
    expect(loaded.tables.children).toHaveLength(CHILDREN);
    expect(loaded.tables).toEqual(expected.tables);
    expect(loaded.schema).toEqual(expected.schema);
    expect(await query(target, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('fires no trigger while loading: the audit table holds only the rows it had', async () => {
    const db = source();
    const target = await engine(name);
    await loadDump(target, dumpSqlite(db));
    const [{ n }] = (await query(target, 'SELECT count(*) AS n FROM audit')) as [{ n: number }];
    expect(n).toBe(CHILDREN);
    // The trigger is there and works once loading is over.
    await target.batch([{ sql: "INSERT INTO children (id, parent_id, note) VALUES (99999, 1, 'after')" }]);
    expect(await query(target, "SELECT what FROM audit WHERE what = 'child 99999'")).toHaveLength(1);
  });

  it("loads sqlite3's .dump form: its PRAGMA, BEGIN TRANSACTION and COMMIT are left out", async () => {
    const target = await engine(name);
    const dump = [
      'PRAGMA foreign_keys=OFF;',
      'BEGIN TRANSACTION;',
      'CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));',
      'INSERT INTO b VALUES(1,1);',
      'CREATE TABLE a (id INTEGER PRIMARY KEY, label TEXT);',
      "INSERT INTO a VALUES(1,'one; with a semicolon');",
      'COMMIT;',
    ].join('\n');
    await loadDump(target, dump);
    expect(await query(target, 'SELECT a.label FROM b JOIN a ON a.id = b.a_id')).toEqual([{ label: 'one; with a semicolon' }]);
  });
});

describe('the order of a dump', () => {
  it("fails on workerd D1 when sent in D1's export order: a child table created before its parent", async () => {
    const dump = dumpSqlite(source());
    const statements = splitStatements(dump).slice(1);
    const first = (pattern: RegExp) => statements.findIndex((s) => pattern.test(s));
    // D1 writes tables in creation order: children (created first) and its rows before parents.
    expect(first(/^INSERT INTO "children"/)).toBeGreaterThan(-1);
    expect(first(/^INSERT INTO "children"/)).toBeLessThan(first(/^CREATE TABLE IF NOT EXISTS "parents"/));
    const target = await engine('d1');
    // As one batch: a child row cannot be inserted while its parent table does not exist yet.
    const upToFirstChild = statements.slice(0, first(/^INSERT INTO "children"/) + 1);
    await expect(target.batch(['PRAGMA defer_foreign_keys = ON', ...upToFirstChild].map((sql) => ({ sql })))).rejects.toThrow(/no such table: main\.parents/);
    // Tables first, then the rows in the dump's order, in batches: a batch of children commits before their parents exist.
    const creates = statements.filter((s) => s.startsWith('CREATE TABLE'));
    await target.batch(creates.map((sql) => ({ sql })));
    const rows = statements.filter((s) => s.startsWith('INSERT INTO "children"') || s.startsWith('INSERT INTO "parents"'));
    const inBatches = async () => {
      for (let at = 0; at < rows.length; at += MAX_BATCH_STATEMENTS) {
        await target.batch(['PRAGMA defer_foreign_keys = ON', ...rows.slice(at, at + MAX_BATCH_STATEMENTS)].map((sql) => ({ sql })));
      }
    };
    await expect(inBatches()).rejects.toThrow(/FOREIGN KEY/i);
  });
});

describe('appliedMigrations', () => {
  it('lists the ledger of the loaded database in the order the migrations were applied', async () => {
    const db = new Database(':memory:');
    open.push(db);
    db.exec(
      "CREATE TABLE custom_ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL); INSERT INTO custom_ledger (id, name) VALUES (2, '0001_b.sql'), (1, '0000_a.sql');",
    );
    const target = await engine('sqlite');
    await loadDump(target, dumpSqlite(db));
    expect(await appliedMigrations(target, 'custom_ledger')).toEqual(['0000_a.sql', '0001_b.sql']);
    expect(await appliedMigrations(target, 'd1_migrations')).toEqual([]);
  });
});
