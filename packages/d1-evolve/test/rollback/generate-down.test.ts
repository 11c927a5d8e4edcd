/**
 * Generated downs over the platform's kinds of change and the hazard gallery's, each built by
 * drizzle-kit from drizzle schemas (fixtures/chains/build.ts): the down written for the
 * chain's last migration, applied after its up (as db:generate writes it, rewritten) on
 * better-sqlite3 and on workerd's D1, gives exactly the previous snapshot's schema, keeps
 * every row of every table the previous schema has (minus the columns the up added), and
 * carries the generated mark and `-- allow-data-loss` for each table it drops or drops a
 * column of. Where the rewrite or the drop order is what keeps rows, drizzle-kit's own down
 * is shown losing them on workerd's D1.
 */
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataLossMarkers } from '../../src/check/lint';
import { parseReads, readStatements } from '../../src/check/read';
import type { TableRows } from '../../src/check/rows';
import { Seeder } from '../../src/check/seed';
import { GENERATED_MARK, readDown } from '../../src/folder/downs';
import { BREAKPOINT, type MigrationFolder, readMigrationFolder, splitMigration } from '../../src/folder/migration-folder';
import { rewriteFolder, rewriteMigration } from '../../src/rewrite/keep-children';
import { computeDown, orderDrops, writeDown } from '../../src/rollback/generate-down';
import { diffShapes } from '../../src/schema/compare';
import { shapeFromSnapshot } from '../../src/schema/from-snapshot';
import { introspect } from '../../src/schema/live';
import { EMPTY_SNAPSHOT, type Snapshot, readSnapshot } from '../../src/schema/snapshot';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { type D1Transport, statements } from '../../src/transports/transport';
import { type BuiltChain, buildChain } from '../fixtures/chains/build';
import * as platform from './generate-schemas';

type DrizzleKitApi = typeof import('drizzle-kit/api');
const api = createRequire(import.meta.url)('drizzle-kit/api') as DrizzleKitApi;

const ENGINES = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'generate-down-test' })],
] as const;

interface DownCase {
  name: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The tables the down declares with `-- allow-data-loss`. */
  loses: string[];
  /** The tables whose rebuild in the down the rewrite makes keep its children. */
  rebuilt?: string[];
  /** Statements run on the seeded rows before the up, and after it (once its new tables hold rows). */
  beforeUp?: string[];
  afterUp?: string[];
}

const HAZARDS = join(import.meta.dirname, '..', 'fixtures', 'hazards');
const GALLERY_LOSSES: Record<string, string[]> = { 'column-added-in-rebuild': ['users'] };

async function galleryCases(): Promise<DownCase[]> {
  const names = readdirSync(HAZARDS).filter((entry) => statSync(join(HAZARDS, entry)).isDirectory());
  return Promise.all(
    names.map(async (name) => ({
      name: `hazard gallery: ${name}`,
      before: await import(join(HAZARDS, name, 'before.ts')),
      after: await import(join(HAZARDS, name, 'after.ts')),
      loses: GALLERY_LOSSES[name] ?? [],
    })),
  );
}

const PLATFORM_CASES: DownCase[] = [
  { name: 'a column added', before: platform.base, after: platform.columnAdded, loses: ['agents'] },
  { name: 'a table added', before: platform.base, after: platform.tableAdded, loses: ['notes'] },
  { name: 'an index added', before: platform.base, after: platform.indexAdded, loses: [] },
  {
    name: 'workspaces rebuilt (the root, with children four levels down)',
    before: platform.base,
    after: platform.workspacesRebuilt,
    loses: [],
    rebuilt: ['workspaces'],
  },
  { name: 'a CHECK list extended', before: platform.base, after: platform.checkExtended, loses: [], rebuilt: ['agents'] },
  {
    name: 'a table added that an existing table now references',
    before: platform.base,
    after: platform.referenceToNewTable,
    loses: ['tags'],
    // The up's new foreign key needs tag ids that exist: none before it, every trace tagged after it.
    beforeUp: ['UPDATE `traces` SET `tag_id` = NULL'],
    afterUp: ['UPDATE `traces` SET `tag_id` = (SELECT `id` FROM `tags` ORDER BY `id` LIMIT 1)'],
  },
];

const CASES = [...PLATFORM_CASES, ...(await galleryCases())];

/** The case as db:generate leaves it: both migrations rewritten, the last one's down written. */
async function generated(spec: DownCase): Promise<{ chain: BuiltChain; folder: MigrationFolder }> {
  const chain = await buildChain([
    { name: 'before', schema: spec.before },
    { name: 'change', schema: spec.after },
  ]);
  rewriteFolder(readMigrationFolder(chain.dir));
  const folder = readMigrationFolder(chain.dir);
  return { chain, folder };
}

async function readRows(engine: D1Transport, snapshot: Snapshot): Promise<TableRows> {
  const tables = Object.values(snapshot.tables).map((t) => ({ name: t.name, columns: Object.keys(t.columns) }));
  return parseReads(tables, await engine.batch(readStatements(tables)));
}

/** `rows` cut down to the tables and columns of `snapshot`, each table sorted, for comparing. */
function project(rows: TableRows, snapshot: Snapshot): TableRows {
  return Object.fromEntries(
    Object.values(snapshot.tables).map((table) => {
      const columns = Object.keys(table.columns);
      const cut = (rows[table.name] ?? []).map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
      return [table.name, cut.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))];
    }),
  );
}

interface RoundTrip {
  /** Rows before the down, of the tables and columns the previous schema has. */
  kept: TableRows;
  /** Rows after the down, the same way. */
  now: TableRows;
  /** Rows the seeder put in before the up, by table. */
  seeded: Record<string, number>;
  schemaDiff: string[];
}

/**
 * 0000; rows in every table; the up; rows in the tables it created; then `down` (default:
 * the generated file). Returns the rows and the schema the down leaves.
 */
async function roundTrip(spec: DownCase, folder: MigrationFolder, open: () => D1Transport, down?: string[]): Promise<RoundTrip> {
  const [first, last] = folder.migrations as [MigrationFolder['migrations'][number], MigrationFolder['migrations'][number]];
  const before = readSnapshot(first.snapshotPath);
  const after = readSnapshot(last.snapshotPath);
  const engine = open();
  try {
    await engine.batch(statements(first.statements));
    const seeder = new Seeder();
    const seed = await seeder.plan(before, {}, engine);
    if (seed.statements.length > 0) await engine.batch(seed.statements);
    if (spec.beforeUp) await engine.batch(statements(spec.beforeUp));
    await engine.batch(statements(last.statements));
    const topUp = await seeder.plan(after, await readRows(engine, after), engine);
    if (topUp.statements.length > 0) await engine.batch(topUp.statements);
    if (spec.afterUp) await engine.batch(statements(spec.afterUp));
    const kept = project(await readRows(engine, after), before);
    await engine.batch(statements(down ?? readDown(folder.dir, last.name)!.statements));
    const now = project(await readRows(engine, before), before);
    const schemaDiff = diffShapes(await introspect(engine), shapeFromSnapshot(before), {
      actual: 'the database after the down',
      expected: 'the previous snapshot',
    });
    return { kept, now, seeded: seed.inserted, schemaDiff };
  } finally {
    await engine.close?.();
  }
}

describe('the generated down of each kind of change', () => {
  const chains: BuiltChain[] = [];
  afterAll(() => {
    for (const chain of chains) chain.remove();
  });

  describe.each(CASES)('$name', (spec) => {
    it('is written with the generated mark and declares exactly the tables whose rows or columns going back drops', async () => {
      const { chain, folder } = await generated(spec);
      chains.push(chain);
      const outcome = await writeDown(folder, folder.migrations[1]!);
      expect(outcome.status).toBe('written');
      const down = readDown(folder.dir, '0001_change.sql')!;
      expect(down.generated).toBe(true);
      expect(down.sql.split('\n')[0]).toBe(`${GENERATED_MARK} 0001_change.sql`);
      expect([...dataLossMarkers(down.sql)].sort()).toEqual(spec.loses);
      expect(outcome.rebuilt ?? []).toEqual(expect.arrayContaining(spec.rebuilt ?? []));
    });

    it.each(ENGINES)('after the up on %s, gives exactly the previous schema and keeps every row of it', async (_engine, open) => {
      const { chain, folder } = await generated(spec);
      chains.push(chain);
      await writeDown(folder, folder.migrations[1]!);
      const { kept, now, seeded, schemaDiff } = await roundTrip(spec, folder, open);
      expect(schemaDiff).toEqual([]);
      expect(Object.values(seeded).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(now).toEqual(kept);
    });
  });
});

describe('what makes a down safe on D1, shown against drizzle-kit’s own down on workerd’s D1', () => {
  const open = () => new MiniflareTransport({ databaseId: 'generate-down-hazard' });
  const chains: BuiltChain[] = [];
  afterAll(() => {
    for (const chain of chains) chain.remove();
  });

  async function rawDown(folder: MigrationFolder): Promise<{ after: Snapshot; before: Snapshot; raw: string[] }> {
    const before = readSnapshot(folder.migrations[0]!.snapshotPath);
    const after = readSnapshot(folder.migrations[1]!.snapshotPath);
    const raw = await api.generateSQLiteMigration(after as never, before as never);
    return { after, before, raw };
  }

  it('keeps every row below workspaces when the down rebuilds it, which drizzle-kit’s own down deletes', async () => {
    const spec = PLATFORM_CASES.find((c) => c.after === platform.workspacesRebuilt)!;
    const { chain, folder } = await generated(spec);
    chains.push(chain);
    const { raw } = await rawDown(folder);
    const hazard = await roundTrip(
      spec,
      folder,
      open,
      raw.flatMap((s) => splitMigration(s)),
    );
    expect(hazard.kept.agents!.length).toBeGreaterThan(0);
    expect([hazard.now.agents, hazard.now.agent_versions, hazard.now.traces, hazard.now.feedback].map((r) => r!.length)).toEqual([0, 0, 0, 0]);

    await writeDown(folder, folder.migrations[1]!);
    const safe = await roundTrip(spec, folder, open);
    expect(safe.now).toEqual(safe.kept);
    expect(safe.now.feedback!.length).toBe(safe.kept.feedback!.length);
  });

  it('drops a table a surviving table referenced only after that reference is gone, or its rows would go with it', async () => {
    const spec = PLATFORM_CASES.find((c) => c.after === platform.referenceToNewTable)!;
    const { chain, folder } = await generated(spec);
    chains.push(chain);
    const { after, before, raw } = await rawDown(folder);
    // drizzle-kit's order, made D1-safe by the rewrite: DROP TABLE tags comes first and cascades into traces.
    expect(raw[0]).toMatch(/^DROP TABLE `tags`/);
    const unordered = rewriteMigration(raw.join(`\n${BREAKPOINT}\n`), after).sql;
    const hazard = await roundTrip(spec, folder, open, splitMigration(unordered));
    expect(hazard.kept.traces!.length).toBeGreaterThan(0);
    expect(hazard.now.traces!.length).toBeLessThan(hazard.kept.traces!.length);

    expect(orderDrops(raw, after, before).at(-1)).toMatch(/^DROP TABLE `tags`/);
    await writeDown(folder, folder.migrations[1]!);
    const safe = await roundTrip(spec, folder, open);
    expect(safe.now).toEqual(safe.kept);
  });
});

describe('when no down is written', () => {
  const users = EMPTY_SNAPSHOT;
  const snapshot = (tables: Snapshot['tables'], id: string, prevId: string, meta?: object): Snapshot =>
    ({ ...users, id, prevId, tables, ...(meta ? { _meta: meta } : {}) }) as Snapshot;
  const table = (name: string, columns: string[]) => ({
    name,
    columns: Object.fromEntries(columns.map((c, i) => [c, { name: c, type: 'text', primaryKey: i === 0, notNull: i === 0 }])),
    indexes: {},
    foreignKeys: {},
    compositePrimaryKeys: {},
    uniqueConstraints: {},
    checkConstraints: {},
  });

  it('writes none for an up that renamed a table, says why and gives the statement that undoes it', async () => {
    const before = snapshot({ posts: table('posts', ['id', 'title']) }, 'a', '');
    const after = snapshot({ articles: table('articles', ['id', 'title']) }, 'b', 'a', { tables: { '"posts"': '"articles"' }, columns: {} });
    const down = await computeDown({ name: '0003_rename.sql', after, before, downLabel: 'drizzle/down/0003_rename.sql' });
    expect(down.kind).toBe('none');
    const reason = down.kind === 'none' ? down.reason : '';
    expect(reason).toContain('tables: articles would be dropped and posts created');
    expect(reason).toContain('Write drizzle/down/0003_rename.sql by hand');
    expect(reason).toContain('ALTER TABLE `articles` RENAME TO `posts`;');
  });

  it('writes none for an up that renamed a column, rather than a drop and an add that lose its values', async () => {
    const before = snapshot({ posts: table('posts', ['id', 'title']) }, 'a', '');
    const after = snapshot({ posts: table('posts', ['id', 'headline']) }, 'b', 'a', { tables: {}, columns: { '"posts"."title"': '"posts"."headline"' } });
    const down = await computeDown({ name: '0003_rename.sql', after, before });
    expect(down).toMatchObject({ kind: 'none', reason: expect.stringContaining('columns of posts: headline would be dropped and title created') });
    expect(down.kind === 'none' && down.reason).toContain('ALTER TABLE `posts` RENAME COLUMN `headline` TO `title`;');
  });

  it('writes none for an up that dropped a NOT NULL column without a default: going back could not refill it', async () => {
    const required = table('users', ['id', 'nickname']);
    required.columns.nickname!.notNull = true;
    const before = snapshot({ users: required }, 'a', '');
    const after = snapshot({ users: table('users', ['id']) }, 'b', 'a');
    const down = await computeDown({ name: '0005_drop_nickname.sql', after, before });
    expect(down).toMatchObject({
      kind: 'none',
      reason: expect.stringMatching(/re-adds users\.nickname NOT NULL without a DEFAULT.*Write down\/0005_drop_nickname\.sql by hand/),
    });
  });

  it('writes none for a migration that changes no schema (a data migration) and says to write it by hand', async () => {
    const same = snapshot({ posts: table('posts', ['id', 'title']) }, 'a', '');
    const down = await computeDown({ name: '0004_backfill.sql', after: { ...same, id: 'b', prevId: 'a' }, before: same });
    expect(down).toMatchObject({ kind: 'none', reason: expect.stringMatching(/changes no schema.*Write down\/0004_backfill\.sql by hand/) });
  });
});
