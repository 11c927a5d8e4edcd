/**
 * What the seed rows hold (seed-values.ts) and that they come back exactly as the replay
 * reads them (read.ts), 64-bit keys and foreign keys included, on both engines.
 */
import { sql } from 'drizzle-orm';
import { blob, check, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReads, readStatements, type TableShape } from '../../src/check/read';
import { sameValue, type TableRows } from '../../src/check/rows';
import { Seeder } from '../../src/check/seed';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { readSnapshot, type Snapshot } from '../../src/schema/snapshot';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { type D1Transport, query, statements } from '../../src/transports/transport';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';

/** Every kind of column a migration meets; `code` is a unique 64-bit key the children reference. */
const things = sqliteTable(
  'things',
  {
    id: integer('id').primaryKey(),
    code: integer('code').notNull().unique(),
    label: text('label'),
    body: text('body').notNull(),
    score: real('score'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    meta: text('meta').notNull().default('{}'),
    tags: text('tags').default('[]'),
    createdAt: text('created_at').notNull().default(sql`(CURRENT_TIMESTAMP)`),
    image: blob('image'),
    level: integer('level').notNull(),
    kind: text('kind').notNull(),
  },
  (t) => [check('things_level', sql`${t.level} BETWEEN 1 AND 5`), check('things_kind', sql`${t.kind} IN ('small', 'medium', 'large')`)],
);
const parts = sqliteTable('parts', {
  id: text('id').primaryKey(),
  thingId: integer('thing_id').references(() => things.id, { onDelete: 'set null' }),
  thingCode: integer('thing_code')
    .notNull()
    .references(() => things.code, { onDelete: 'cascade' }),
});

const ENGINES = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'seed-values-test' })],
] as const;

let chain: BuiltChain;
let snapshot: Snapshot;
let ddl: string[];
let shapes: TableShape[];
beforeAll(async () => {
  chain = await buildChain([{ name: 'things', schema: { things, parts } }]);
  const [migration] = readMigrationFolder(chain.dir).migrations;
  snapshot = readSnapshot(migration!.snapshotPath);
  ddl = migration!.statements;
  shapes = Object.values(snapshot.tables).map((t) => ({ name: t.name, columns: Object.keys(t.columns) }));
});
afterAll(() => chain.remove());

const values = (rows: TableRows, table: string, column: string) => rows[table]!.map((r) => r[column]);

describe.each(ENGINES)('seed rows on %s', (_engine, open) => {
  let engine: D1Transport;
  let seeder: Seeder;
  let rows: TableRows;
  beforeAll(async () => {
    engine = open();
    await engine.batch(statements(ddl));
    seeder = new Seeder();
    const plan = await seeder.plan(snapshot, {}, engine);
    expect(plan.skipped).toEqual([]);
    await engine.batch(plan.statements);
    rows = parseReads(shapes, await engine.batch(readStatements(shapes)));
  });
  afterAll(async () => engine.close?.());

  it('give every table two rows with every column filled and one with every nullable column NULL', () => {
    for (const table of Object.values(snapshot.tables)) {
      const columns = Object.values(table.columns);
      const filled = rows[table.name]!.filter((r) => columns.every((c) => r[c.name] !== null));
      const nulls = rows[table.name]!.filter((r) => columns.every((c) => (r[c.name] === null) === !(c.notNull || c.primaryKey)));
      expect([filled.length, nulls.length], table.name).toEqual([2, 1]);
    }
  });

  it('hold 0, negative and 64-bit integers, and reals', () => {
    const integers = [...values(rows, 'things', 'id'), ...values(rows, 'things', 'code')];
    expect(integers).toContain(0);
    expect(integers.some((v) => typeof v === 'number' && v < 0)).toBe(true);
    expect(integers.some((v) => typeof v === 'bigint' && (v > 2n ** 62n || v < -(2n ** 62n)))).toBe(true);
    expect(values(rows, 'things', 'score').some((v) => typeof v === 'number' && !Number.isInteger(v))).toBe(true);
  });

  it('hold empty, very long and unicode text', () => {
    const texts = [...values(rows, 'things', 'label'), ...values(rows, 'things', 'body'), ...values(rows, 'parts', 'id')] as (string | null)[];
    expect(texts).toContain('');
    expect(texts.some((t) => (t?.length ?? 0) >= 1000)).toBe(true);
    expect(texts.some((t) => t?.includes('漢字 🚀'))).toBe(true);
  });

  it('hold JSON of the shape the default declares, empty and nested', () => {
    const meta = values(rows, 'things', 'meta').map((v) => JSON.parse(String(v)));
    expect(meta.every((m) => typeof m === 'object' && m !== null && !Array.isArray(m))).toBe(true);
    expect(meta).toContainEqual({});
    expect(meta.some((m) => typeof m.nested === 'object')).toBe(true);
    const tags = values(rows, 'things', 'tags').filter((v) => v !== null);
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((v) => Array.isArray(JSON.parse(String(v))))).toBe(true);
  });

  it('hold both ends of every CHECK range and list', () => {
    expect(values(rows, 'things', 'level')).toEqual(expect.arrayContaining([1, 5]));
    expect(values(rows, 'things', 'kind')).toEqual(expect.arrayContaining(['small', 'large']));
  });

  it('hold booleans, timestamps and blobs, empty and with NUL bytes', () => {
    expect(new Set(values(rows, 'things', 'active'))).toEqual(new Set([0, 1]));
    expect(values(rows, 'things', 'created_at').every((v) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(v)))).toBe(true);
    const images = values(rows, 'things', 'image').filter((v) => v !== null) as Buffer[];
    expect(images.some((b) => b.length === 0) || images.some((b) => b.includes(0))).toBe(true);
  });

  it('come back exactly: every integer as the engine stores it, 64-bit keys and foreign keys included', async () => {
    const stored = await query<{ id: string; code: string }>(engine, 'SELECT CAST(id AS TEXT) AS id, CAST(code AS TEXT) AS code FROM `things` ORDER BY rowid');
    expect(rows.things!.map((r) => [String(r.id), String(r.code)])).toEqual(stored.map((r) => [r.id, r.code]));
    for (const code of values(rows, 'parts', 'thing_code')) expect(values(rows, 'things', 'code').some((c) => sameValue(c, code))).toBe(true);
    expect(await query(engine, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('would not come back exactly through plain JSON.parse (the hazard the exact read avoids)', async () => {
    const [{ codes }] = (await query<{ codes: string }>(engine, 'SELECT json_group_array(code) AS codes FROM `things`')) as [{ codes: string }];
    const lossy = new Set((JSON.parse(codes) as number[]).map((n) => BigInt(n)));
    const exact = values(rows, 'things', 'code').map((c) => BigInt(c as number | bigint));
    const beyond = exact.filter((c) => c > 2n ** 53n || c < -(2n ** 53n));
    expect(beyond.length).toBeGreaterThan(0);
    for (const code of beyond) expect(lossy.has(code), String(code)).toBe(false);
  });

  it('can be parents of later rows: a top-up after a lost row points at the exact 64-bit keys', async () => {
    await engine.batch([{ sql: 'DELETE FROM `parts` WHERE rowid = (SELECT min(rowid) FROM `parts`)' }]);
    const current = parseReads(shapes, await engine.batch(readStatements(shapes)));
    const topUp = await seeder.plan(snapshot, current, engine);
    expect(topUp.inserted).toEqual({ parts: 1 });
    await engine.batch(topUp.statements);
    expect(await query(engine, 'PRAGMA foreign_key_check')).toEqual([]);
    expect(await query(engine, 'SELECT count(*) AS n FROM `parts`')).toEqual([{ n: 3 }]);
  });
});
