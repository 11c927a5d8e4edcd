/**
 * CHECKs the seeder cannot read are satisfied by asking the engine (seed-probe.ts): an
 * either-or reference, a length and a comparison of two columns, on both engines.
 */
import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseReads, readStatements } from '../../src/check/read';
import { Seeder } from '../../src/check/seed';
import { columnRules, isReadCheck } from '../../src/check/table-facts';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { readSnapshot, type Snapshot } from '../../src/schema/snapshot';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { type D1Transport, query, statements } from '../../src/transports/transport';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';

const projects = sqliteTable('projects', { id: text('id').primaryKey(), name: text('name').notNull() });
const works = sqliteTable('works', { id: text('id').primaryKey(), title: text('title') });
/** A task belongs to a project or to a work, never both, never neither. */
const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    workId: text('work_id').references(() => works.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    low: integer('low').notNull(),
    high: integer('high').notNull(),
  },
  (t) => [
    check('tasks_owner', sql`(${t.projectId} IS NULL) IS NOT (${t.workId} IS NULL)`),
    check('tasks_name', sql`length(${t.name}) BETWEEN 3 AND 200`),
    check('tasks_order', sql`${t.low} < ${t.high}`),
  ],
);
/** A CHECK no row can pass. */
const closed = sqliteTable('closed', { id: text('id').primaryKey() }, (t) => [check('closed_never', sql`${t.id} IS NULL AND ${t.id} IS NOT NULL`)]);

const ENGINES = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'seed-probe-test' })],
] as const;

let chain: BuiltChain;
let snapshot: Snapshot;
let ddl: string[];
beforeAll(async () => {
  chain = await buildChain([{ name: 'tasks', schema: { projects, works, tasks, closed } }]);
  const [migration] = readMigrationFolder(chain.dir).migrations;
  snapshot = readSnapshot(migration!.snapshotPath);
  ddl = migration!.statements;
});
afterAll(() => chain.remove());

describe.each(ENGINES)('CHECKs the seeder cannot read, on %s', (_engine, open) => {
  let engine: D1Transport;
  beforeAll(async () => {
    engine = open();
    await engine.batch(statements(ddl));
  });
  afterAll(async () => engine.close?.());
  afterEach(async () => {
    await engine.batch(statements(['DELETE FROM `tasks`', 'DELETE FROM `projects`', 'DELETE FROM `works`']));
  });

  it('are not read from the CHECK text (the old seeder had only the text to go by)', () => {
    expect(columnRules(snapshot.tables.tasks!).size).toBe(0);
  });

  it('are refused by the engine when the rows are planned without it', async () => {
    const plan = await new Seeder().plan(snapshot);
    expect(plan.skipped).toEqual([]);
    const withoutClosed = plan.statements.filter((s) => s.table !== 'closed');
    await expect(engine.batch(withoutClosed)).rejects.toThrow(/CHECK constraint failed: tasks_/);
  });

  it('are satisfied when the engine is asked: every table gets its rows, in one batch', async () => {
    const plan = await new Seeder().plan(snapshot, {}, engine);
    expect(plan.inserted).toEqual({ projects: 3, works: 3, tasks: 3 });
    await engine.batch(plan.statements);
    const rows = await query<{ project_id: string | null; work_id: string | null; name: string; low: number; high: number }>(engine, 'SELECT * FROM `tasks`');
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect([row.project_id, row.work_id].filter((v) => v === null)).toHaveLength(1);
      expect(row.name.length).toBeGreaterThanOrEqual(3);
      expect(row.low).toBeLessThan(row.high);
    }
    expect(await query(engine, 'PRAGMA foreign_key_check')).toEqual([]);
  });

  it('keep the roles of the rows: the either-or row points at a parent, the edge row holds an edge', async () => {
    const plan = await new Seeder().plan(snapshot, {}, engine);
    await engine.batch(plan.statements);
    const shape = [{ name: 'tasks', columns: Object.keys(snapshot.tables.tasks!.columns) }];
    const [filled, nulls, edge] = parseReads(shape, await engine.batch(readStatements(shape))).tasks!;
    // The filled row gave up one reference (the CHECK allows one), the NULL row took one.
    expect(filled!.project_id ?? filled!.work_id).not.toBeNull();
    expect(nulls!.project_id ?? nulls!.work_id).not.toBeNull();
    expect(filled!.name).toMatch(/^tasks\.name#\d+$/);
    // Too long for the CHECK (3 to 200 characters), the edge row's long text gave way to its unicode one.
    expect(edge!.name).toMatch(/^tasks\.name#\d+ it's ünïcødé ✓ 漢字 🚀$/);
  });

  it('tops a table up again across plans, still passing the CHECKs', async () => {
    const seeder = new Seeder();
    await engine.batch((await seeder.plan(snapshot, {}, engine)).statements);
    await engine.batch([{ sql: 'DELETE FROM `tasks` WHERE rowid = (SELECT min(rowid) FROM `tasks`)' }]);
    const shapes = Object.values(snapshot.tables).map((t) => ({ name: t.name, columns: Object.keys(t.columns) }));
    const current = parseReads(shapes, await engine.batch(readStatements(shapes)));
    const topUp = await seeder.plan(snapshot, current, engine);
    expect(topUp.inserted).toEqual({ tasks: 1 });
    await engine.batch(topUp.statements);
    expect(await query(engine, 'SELECT count(*) AS n FROM `tasks`')).toEqual([{ n: 3 }]);
  });

  it('leave a table no row can satisfy in skipped, naming its CHECK', async () => {
    const plan = await new Seeder().plan(snapshot, {}, engine);
    expect(plan.skipped).toEqual([
      { table: 'closed', reason: expect.stringMatching(/^none of \d+ candidate rows passes its CHECK closed_never \(.*IS NULL AND .*IS NOT NULL\)$/) },
    ]);
    expect(plan.statements.map((s) => s.table)).not.toContain('closed');
  });
});

describe('which CHECKs the engine is asked about', () => {
  it.each([
    ["\"kind\" IN ('a', 'b')", true],
    ['`low` BETWEEN 0 AND 100', true],
    ['("high" >= -1)', true],
    ['length("name") > 2', false],
    ['"low" < "high"', false],
    ['("project_id" IS NULL) IS NOT ("work_id" IS NULL)', false],
    ['"kind" IN (\'a\') OR "low" > 1', false],
    ['"name" > 5', false],
  ])('%s is read whole: %s', (value, read) => {
    const table = {
      ...snapshot.tables.tasks!,
      columns: { ...snapshot.tables.tasks!.columns, kind: { name: 'kind', type: 'text', primaryKey: false, notNull: true } },
    };
    expect(isReadCheck(table, value)).toBe(read);
  });
});

/** CHECKs that read a column as JSON: no text the seeder writes by default passes them. */
const docs = sqliteTable('docs', { id: text('id').primaryKey(), meta: text('meta').notNull() }, (t) => [
  check('docs_meta', sql`json_type(${t.meta}) = 'object'`),
]);
const lists = sqliteTable('lists', { id: text('id').primaryKey(), items: text('items').notNull() }, (t) => [
  check('lists_items', sql`json_type(${t.items}) = 'array' AND json_array_length(${t.items}) >= 0`),
]);
const valid = sqliteTable('valid', { id: text('id').primaryKey(), body: text('body') }, (t) => [check('valid_body', sql`json_valid(${t.body})`)]);

describe.each(ENGINES)('CHECKs on JSON columns, on %s', (_engine, open) => {
  let json: BuiltChain;
  let jsonSnapshot: Snapshot;
  let engine: D1Transport;
  beforeAll(async () => {
    json = await buildChain([{ name: 'json', schema: { docs, lists, valid } }]);
    const [migration] = readMigrationFolder(json.dir).migrations;
    jsonSnapshot = readSnapshot(migration!.snapshotPath);
    engine = open();
    await engine.batch(statements(migration!.statements));
  });
  afterAll(async () => {
    await engine.close?.();
    json.remove();
  });

  it('refuse the text a column gets without them (the hazard)', async () => {
    await expect(engine.batch([{ sql: "INSERT INTO `docs` VALUES ('d', 'docs.meta#0')" }])).rejects.toThrow(/malformed JSON|CHECK constraint failed/);
  });

  it('are read as JSON of their shape, and every table gets its rows', async () => {
    expect(columnRules(jsonSnapshot.tables.docs!).get('meta')?.json).toBe('object');
    expect(columnRules(jsonSnapshot.tables.lists!).get('items')?.json).toBe('array');
    const plan = await new Seeder().plan(jsonSnapshot, {}, engine);
    expect(plan.skipped).toEqual([]);
    expect(plan.inserted).toEqual({ docs: 3, lists: 3, valid: 3 });
    await engine.batch(plan.statements);
    const kinds = await query<{ t: string }>(engine, 'SELECT json_type(`items`) AS t FROM `lists`');
    expect(kinds.map((k) => k.t)).toEqual(['array', 'array', 'array']);
  });
});
