/**
 * The SQL that makes a database match the schema it should have again: for each difference
 * compare.ts found between the live schema and the expected one, the statements that remove
 * it, and the whole script in the order it must run, as ONE transaction (D1 runs a batch or
 * a `wrangler d1 execute --file` so: all or nothing).
 *
 * The statements are taken from the expected database's own `sqlite_master` text (the
 * migrations' CREATE statements as SQLite stored them), never written from the shape, so
 * what the repair creates is exactly what the migrations created. The script runs:
 *   1. `PRAGMA defer_foreign_keys = ON` when a table is rebuilt or dropped;
 *   2. DROP VIEW for views made or changed by hand (re-created in 8);
 *   3. DROP INDEX for indexes made or changed by hand, on tables that are not rebuilt;
 *   4. CREATE TABLE for tables dropped by hand, parents first, with their indexes (first:
 *      SQLite refuses an ALTER while a view reads a table that is gone);
 *   5. per table, in name order: ALTER TABLE ... ADD / DROP COLUMN where SQLite can, else a
 *      rebuild that keeps every row of the table and of every table below it on D1
 *      (rewrite/safe-rebuild.ts: the children are copied aside and restored around the DROP,
 *      so no ON DELETE action fires);
 *   6. DROP TABLE for tables made by hand, children first (after 5 no table of the
 *      migrations references them any more, so the DROP deletes only their own rows);
 *   7. CREATE INDEX for indexes dropped or changed by hand;
 *   8. CREATE VIEW for views dropped or changed by hand.
 * Triggers are not compared; a rebuild re-creates the triggers of the tables it touches.
 */
import { type SchemaModel, type SchemaTrigger, quote, splitTopLevel } from '../check/ddl';
import { NEW_PREFIX } from '../check/rebuild';
import { planSafeRebuild } from '../rewrite/safe-rebuild';
import { tokenize } from '../sql/lexer';
import type { SchemaDifference } from './compare';
import type { SchemaShape, TableShape } from './shape';
import { snapshotFromShape } from './to-snapshot';

/** A row of `SELECT type, name, tbl_name, sql FROM sqlite_master`. */
export interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** One side of the comparison: its shape and its sqlite_master rows. */
export interface SchemaSide {
  shape: SchemaShape;
  objects: readonly SchemaObject[];
}

export interface RepairPlan {
  /** Per difference (same order as given), the statements of the script that remove it. */
  repairs: string[][];
  /** The whole script, in order; run it as one transaction. */
  statements: string[];
  /** What a person must know before running it (rows deleted, copies that can fail). */
  warnings: string[];
}

export const MASTER_QUERY = 'SELECT type, name, tbl_name, sql FROM sqlite_master';
const DEFER = 'PRAGMA defer_foreign_keys = ON';
/** Differences only a rebuild of the table removes (SQLite alters no constraint in place). */
const REBUILD_KINDS = new Set<SchemaDifference['kind']>([
  'column-changed',
  'primary-key-changed',
  'table-option-changed',
  'unique-extra',
  'unique-missing',
  'foreign-key-extra',
  'foreign-key-missing',
  'foreign-key-changed',
  'check-extra',
  'check-missing',
]);

/** The repair of `differences` (from schemaDifferences(live.shape, expected.shape)). */
export function planRepair(differences: readonly SchemaDifference[], live: SchemaSide, expected: SchemaSide): RepairPlan {
  const repairs: string[][] = differences.map(() => []);
  const warnings: string[] = [];
  const steps: string[] = [];
  const step = (sql: string, ...owners: number[]) => {
    steps.push(sql);
    for (const owner of owners) repairs[owner]!.push(sql);
  };
  const indexed = differences.map((difference, i) => ({ difference, i }));
  const byKind = (...kinds: SchemaDifference['kind'][]) => indexed.filter(({ difference }) => kinds.includes(difference.kind));
  const expectedSql = (type: string, name: string) => expected.objects.find((o) => o.type === type && o.name === name)?.sql ?? undefined;
  const indexesOf = (table: string) => expected.objects.filter((o) => o.type === 'index' && o.tbl_name === table && o.sql);

  // Which tables of both sides change, and how: a rebuild, or column by column.
  const tables = new Map<string, { i: number; difference: SchemaDifference }[]>();
  for (const entry of indexed) {
    const { table, kind } = entry.difference;
    if (table && kind !== 'table-extra' && kind !== 'table-missing') tables.set(table, [...(tables.get(table) ?? []), entry]);
  }
  const rebuilt = new Set(
    [...tables].filter(([table, found]) => found.some(({ difference }) => needsRebuild(difference, live.shape.tables[table]!, expected, live))).map(([t]) => t),
  );
  const dropsTables = byKind('table-extra').length > 0;
  if (rebuilt.size > 0 || dropsTables) steps.push(DEFER);

  // 2. Views made or changed by hand.
  const droppedViews = new Set<string>();
  for (const { difference, i } of byKind('view-extra', 'view-changed')) {
    step(`DROP VIEW ${quote(difference.view!)}`, i);
    droppedViews.add(difference.view!);
  }
  // 3. Indexes made or changed by hand, on tables kept as they are.
  for (const { difference, i } of byKind('index-extra', 'index-changed')) {
    if (!rebuilt.has(difference.table!)) step(`DROP INDEX ${quote(difference.name!)}`, i);
  }

  // The model is the schema as it stands at each point of the script.
  const model = liveModel(live, droppedViews);
  const expectedModel = snapshotFromShape(expected.shape);
  // 4. Tables dropped by hand, parents first, each with its indexes: before any ALTER, which
  //    SQLite refuses while a view still reads a table that is gone.
  let missing = byKind('table-missing');
  for (const { difference } of missing)
    warnings.push(`${difference.table} is created again empty: its rows are not brought back (Time Travel can: \`d1-evolve restore\`)`);
  while (missing.length > 0) {
    const waiting = new Set(missing.map(({ difference }) => difference.table!));
    const next =
      missing.find(({ difference }) =>
        Object.values(expected.shape.tables[difference.table!]!.foreignKeys).every((fk) => fk.tableTo === difference.table || !waiting.has(fk.tableTo)),
      ) ?? missing[0]!;
    const table = next.difference.table!;
    step(expectedSql('table', table)!, next.i);
    for (const index of indexesOf(table)) step(index.sql!, next.i);
    model.tables[table] = structuredClone(expectedModel.tables[table]!);
    missing = missing.filter((entry) => entry !== next);
  }

  // 5. Table by table.
  for (const [table, found] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
    if (rebuilt.has(table)) {
      const owners = found.map(({ i }) => i);
      const statements = rebuildTable(table, model, live.shape.tables[table]!, expected.shape.tables[table]!, expectedSql('table', table)!, indexesOf(table));
      for (const sql of statements) step(sql, ...owners);
      model.tables[table] = structuredClone(expectedModel.tables[table]!);
      const uncopied = Object.values(expected.shape.tables[table]!.columns).filter(
        (c) => !live.shape.tables[table]!.columns[c.name] && c.notNull && c.default === undefined && !c.generated,
      );
      if (uncopied.length > 0) {
        warnings.push(
          `the rebuild of ${table} has no value for ${uncopied.map((c) => c.name).join(', ')} (NOT NULL, no default): it fails, changing nothing, while ${table} has rows; fill the column by hand first`,
        );
      }
      continue;
    }
    for (const { difference, i } of found) {
      if (difference.kind === 'column-extra') step(`ALTER TABLE ${quote(table)} DROP COLUMN ${quote(difference.name!)}`, i);
      if (difference.kind === 'column-missing') {
        step(`ALTER TABLE ${quote(table)} ADD COLUMN ${columnDefinition(expectedSql('table', table)!, difference.name!)}`, i);
      }
    }
  }

  // 6. Tables made by hand, children first.
  let extra = byKind('table-extra');
  for (const { difference } of extra) {
    warnings.push(
      `DROP TABLE ${difference.table} deletes the table and every row in it; if it is wanted, add it to the schema and generate a migration instead`,
    );
  }
  while (extra.length > 0) {
    // One no other of them references (in a cycle, any: the DROPs delete only their own rows).
    const referenced = (table: string) =>
      extra.some(({ difference }) => difference.table !== table && referencesTable(live.shape.tables[difference.table!]!, table));
    const next = extra.find(({ difference }) => !referenced(difference.table!)) ?? extra[0]!;
    step(`DROP TABLE ${quote(next.difference.table!)}`, next.i);
    delete model.tables[next.difference.table!];
    extra = extra.filter((entry) => entry !== next);
  }

  // 7. Indexes dropped or changed by hand.
  for (const { difference, i } of byKind('index-missing', 'index-changed')) {
    if (!rebuilt.has(difference.table!)) step(expectedSql('index', difference.name!)!, i);
  }
  // 8. Views dropped or changed by hand, in the order the migrations created them.
  const views = byKind('view-missing', 'view-changed');
  for (const object of expected.objects) {
    const entry = object.type === 'view' ? views.find(({ difference }) => difference.view === object.name) : undefined;
    if (entry) step(object.sql!, entry.i);
  }
  return { repairs, statements: steps, warnings };
}

/** Whether `difference` can only be removed by rebuilding its table. */
function needsRebuild(difference: SchemaDifference, table: TableShape, expected: SchemaSide, live: SchemaSide): boolean {
  if (REBUILD_KINDS.has(difference.kind)) return true;
  if (difference.kind === 'column-extra') return !droppable(table, difference.name!, live);
  if (difference.kind === 'column-missing') {
    const createSql = expected.objects.find((o) => o.type === 'table' && o.name === table.name)?.sql ?? '';
    return !addable(expected.shape.tables[table.name]!, difference.name!, createSql);
  }
  return false;
}

/**
 * Whether ALTER TABLE ... DROP COLUMN can remove the column (SQLite refuses a key, UNIQUE,
 * foreign-key or CHECK column, a generated one or one a generated column may read, and one a
 * view or trigger names). Its indexes are dropped before (step 3): the expected schema has none.
 */
function droppable(table: TableShape, column: string, live: SchemaSide): boolean {
  const named = (text: string) =>
    new RegExp(String.raw`(^|[^\w$])["\x60\[]?${escapeRegExp(column.toLowerCase())}["\x60\]]?($|[^\w$])`).test(text.toLowerCase());
  if (table.primaryKey.includes(column)) return false;
  if (Object.values(table.uniques).some((columns) => columns.includes(column.toLowerCase()) || columns.includes(column))) return false;
  if (Object.values(table.foreignKeys).some((fk) => fk.columnsFrom.includes(column))) return false;
  if (Object.values(table.columns).some((c) => c.generated)) return false;
  if (Object.keys(table.checks).some(named)) return false;
  return !live.objects.some((o) => (o.type === 'view' || (o.type === 'trigger' && o.tbl_name === table.name)) && o.sql && named(o.sql));
}

/** Whether ALTER TABLE ... ADD COLUMN can add the column as the migrations defined it. */
function addable(table: TableShape, column: string, createSql: string): boolean {
  const shape = table.columns[column]!;
  let definition: string;
  try {
    definition = columnDefinition(createSql, column);
  } catch {
    return false; // a definition this reader does not find: the rebuild takes the whole CREATE TABLE
  }
  if (table.primaryKey.includes(column) || shape.generated === 'stored') return false;
  if (/\b(primary\s+key|unique)\b/i.test(definition)) return false;
  // SQLite adds a column only with a constant default, and a NOT NULL one only with a default.
  if (/\bdefault\s*\(/i.test(definition) || /\bcurrent_(time|date|timestamp)\b/i.test(shape.default ?? '')) return false;
  if (shape.notNull && (shape.default === undefined || shape.default === 'null')) return false;
  const references = /\breferences\b/i.test(definition) || Object.values(table.foreignKeys).some((fk) => fk.columnsFrom.includes(column));
  return !(references && shape.default !== undefined && shape.default !== 'null');
}

/** A column's definition as the CREATE TABLE writes it (`\`nickname\` text DEFAULT 'x'`). */
export function columnDefinition(createSql: string, column: string): string {
  const open = createSql.indexOf('(');
  const close = createSql.lastIndexOf(')');
  const constraint = new Set(['constraint', 'primary', 'unique', 'check', 'foreign']);
  for (const part of splitTopLevel(createSql.slice(open + 1, close))) {
    const [first] = tokenize(part);
    if (!first || (first.kind === 'word' && constraint.has(first.text))) continue;
    if (first.text === column.toLowerCase()) return part.trim();
  }
  throw new Error(`no column ${column} in ${createSql}`);
}

/**
 * The CREATE TABLE text under another name: the name after CREATE TABLE, and the columns it
 * qualifies with its own name (drizzle-kit writes a CHECK on \`\${t.plan}\` as
 * \`"accounts"."plan"\`, which the new table would not find). The RENAME back turns both into
 * the old name again.
 */
export function renameCreate(createSql: string, from: string, to: string): string {
  const tokens = tokenize(createSql);
  const at = tokens[2]?.text === 'if' ? 5 : 2; // IF NOT EXISTS
  const own = from.toLowerCase();
  const renamed = tokens.filter(
    (token, i) => i === at || (i > at && (token.kind === 'name' || token.kind === 'word') && token.text === own && tokens[i + 1]?.text === '.'),
  );
  let sql = createSql;
  for (const token of renamed.reverse()) sql = `${sql.slice(0, token.start)}${quote(to)}${sql.slice(token.end)}`;
  return sql;
}

/**
 * SQLite's rebuild (create the new table, copy the columns both have, drop, rename, create
 * the indexes) in the form that keeps every row below the table on D1 (safe-rebuild.ts).
 */
function rebuildTable(table: string, model: SchemaModel, live: TableShape, wanted: TableShape, createSql: string, indexes: readonly SchemaObject[]): string[] {
  const newTable = `${NEW_PREFIX}${table}`;
  const columns = Object.values(wanted.columns)
    .filter((c) => !c.generated && live.columns[c.name])
    .map((c) => quote(c.name))
    .join(', ');
  // At the DROP the new table stands beside the old one: a self-reference of it is hit too.
  const atDrop = structuredClone(model);
  const created = structuredClone(snapshotFromShape({ tables: { [table]: wanted }, views: {} }).tables[table]!);
  atDrop.tables[newTable] = {
    ...created,
    name: newTable,
    foreignKeys: Object.fromEntries(Object.entries(created.foreignKeys).map(([key, fk]) => [key, { ...fk, tableFrom: newTable }])),
  };
  const safe = planSafeRebuild(atDrop, { table, newTable });
  return [
    renameCreate(createSql, table, newTable),
    `INSERT INTO ${quote(newTable)} (${columns}) SELECT ${columns} FROM ${quote(table)}`,
    ...(safe?.beforeDrop ?? []),
    `DROP TABLE ${quote(table)}`,
    `ALTER TABLE ${quote(newTable)} RENAME TO ${quote(table)}`,
    ...(safe?.afterRename ?? []),
    ...indexes.map((index) => index.sql!),
  ];
}

/** The live schema as the rebuild planner reads it: tables and keys, views with their own text, triggers. */
function liveModel(live: SchemaSide, droppedViews: ReadonlySet<string>): SchemaModel {
  const model: SchemaModel = snapshotFromShape(live.shape);
  model.views = {};
  const triggers: Record<string, SchemaTrigger> = {};
  for (const object of live.objects) {
    if (!object.sql) continue;
    if (object.type === 'view' && live.shape.views[object.name] && !droppedViews.has(object.name)) {
      model.views[object.name] = { name: object.name, columns: {}, definition: selectOfView(object.sql), isExisting: false };
    }
    if (object.type === 'trigger') triggers[object.name] = { name: object.name, table: object.tbl_name, sql: object.sql };
  }
  model.triggers = triggers;
  return model;
}

/** The SELECT of `CREATE VIEW name [(columns)] AS SELECT ...`, as written. */
function selectOfView(viewSql: string): string {
  const as = tokenize(viewSql).find((t) => t.kind === 'word' && t.text === 'as');
  return as ? viewSql.slice(as.end).trim() : viewSql;
}

function referencesTable(table: TableShape, other: string): boolean {
  return Object.values(table.foreignKeys).some((fk) => fk.tableTo === other);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
