/**
 * The SQL that makes a database match the schema it should have again: for each difference
 * compare.ts found between the live schema and the expected one, the statements that remove
 * it, and the whole script in the order it must run, as ONE transaction (D1 runs one batch so:
 * all or nothing; `d1-evolve repair` sends it as one request).
 *
 * The statements are taken from the expected database's own `sqlite_master` text (the
 * migrations' CREATE statements as SQLite stored them), never written from the shape, so
 * what the repair creates is exactly what the migrations created. The script runs:
 *   1. `PRAGMA defer_foreign_keys = ON` when a table is rebuilt or dropped;
 *   2. DROP VIEW for views made or changed by hand (re-created in 8);
 *   3. DROP INDEX for indexes made or changed by hand, on tables that are not rebuilt;
 *   4. CREATE TABLE for tables dropped by hand, parents first, with their indexes (first:
 *      SQLite refuses an ALTER while a view reads a table that is gone);
 *   5. per table, in name order: RENAME COLUMN back for a column renamed by hand (the only
 *      extra and missing column of the table with one shape), then ALTER TABLE ... ADD / DROP
 *      COLUMN where SQLite can, else a
 *      rebuild that keeps every row of the table and of every table below it on D1
 *      (rewrite/safe-rebuild.ts: the children are copied aside and restored around the DROP,
 *      so no ON DELETE action fires);
 *   6. DROP TABLE for tables made by hand, children first (after 5 no table of the
 *      migrations references them any more, so the DROP deletes only their own rows), but
 *      not one a migration's own foreign key references: its DROP would delete their rows;
 *   7. CREATE INDEX for indexes dropped or changed by hand;
 *   8. CREATE VIEW for views dropped or changed by hand.
 * Triggers are not compared; a rebuild re-creates the triggers of the tables it touches, and
 * the indexes and views it moves from their sqlite_master text (DESC, COLLATE, column lists).
 * Names match case-insensitively, as SQLite's do.
 */
import { type SchemaModel, type SchemaTrigger, quote, splitTopLevel } from '../check/ddl';
import { sameName } from '../check/graph';
import { NEW_PREFIX } from '../check/rebuild';
import { planSafeRebuild } from '../rewrite/safe-rebuild';
import { tokenize } from '../sql/lexer';
import { namesWord } from '../sql/words';
import type { SchemaDifference } from './compare';
import type { ColumnShape, SchemaShape, TableShape } from './shape';
import { viewParts } from './sql-text';
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
  const expectedSql = (type: string, name: string) => expected.objects.find((o) => o.type === type && sameName(o.name, name))?.sql ?? undefined;
  const indexesOf = (table: string) => expected.objects.filter((o) => o.type === 'index' && sameName(o.tbl_name, table) && o.sql);
  const liveTable = (table: string) => byName(live.shape.tables, table)!;
  // The CREATE text of each index and view as it stands at each point of the script: a rebuild
  // re-creates what it moves from this text, so it keeps DESC, COLLATE and a view's column list.
  const texts = new Map(live.objects.filter((o) => o.sql).map((o) => [`${o.type}:${o.name.toLowerCase()}`, o.sql!]));
  const textOf = (type: 'index' | 'view', name: string) => texts.get(`${type}:${name.toLowerCase()}`);
  const useExpected = (table: string) => {
    for (const index of indexesOf(table)) texts.set(`index:${index.name.toLowerCase()}`, index.sql!);
  };
  const renames = renamedColumns(differences, live.shape, expected.shape);

  // Which tables of both sides change, and how: a rebuild, or column by column.
  const tables = new Map<string, { i: number; difference: SchemaDifference }[]>();
  for (const entry of indexed) {
    const { table, kind } = entry.difference;
    if (table && kind !== 'table-extra' && kind !== 'table-missing') tables.set(table, [...(tables.get(table) ?? []), entry]);
  }
  const rebuilt = new Set(
    [...tables]
      .filter(([table, found]) => found.some(({ difference, i }) => !renames.has(i) && needsRebuild(difference, liveTable(table), expected, live)))
      .map(([t]) => t),
  );
  // Tables made by hand that step 6 drops: not one a table of the migrations references (a
  // foreign key to a table no migration creates): its DROP's implicit DELETE would cascade
  // into that table's rows, or fail.
  const droppedExtra = byKind('table-extra').filter(({ difference }) => {
    const referencing = Object.values(expected.shape.tables).filter((t) => referencesTable(t, difference.table!));
    if (referencing.length === 0) return true;
    const names = referencing.map((t) => t.name).join(', ');
    warnings.push(
      `${difference.table} is not dropped (no automatic repair): ${names} of the migrations reference${referencing.length === 1 ? 's' : ''} it, so DROP TABLE ${difference.table} would delete or change their rows by its ON DELETE action, or fail; add ${difference.table} to the schema and generate a migration, or drop it by hand once nothing references it`,
    );
    return false;
  });
  const dropsTables = droppedExtra.length > 0;
  if (rebuilt.size > 0 || dropsTables) steps.push(DEFER);

  // 2. Views made or changed by hand.
  const droppedViews = new Set<string>();
  for (const { difference, i } of byKind('view-extra', 'view-changed')) {
    step(`DROP VIEW ${quote(difference.view!)}`, i);
    droppedViews.add(difference.view!);
  }
  // 3. Indexes made or changed by hand, on tables kept as they are.
  const droppedIndexes: SchemaDifference[] = [];
  for (const { difference, i } of byKind('index-extra', 'index-changed')) {
    if (rebuilt.has(difference.table!)) continue;
    step(`DROP INDEX ${quote(difference.name!)}`, i);
    droppedIndexes.push(difference);
  }

  // The model is the schema as it stands at each point of the script.
  const model = liveModel(live, droppedViews);
  for (const { table, name } of droppedIndexes) {
    const indexes = byName(model.tables, table!)?.indexes ?? {};
    for (const key of Object.keys(indexes)) if (sameName(key, name!)) delete indexes[key];
  }
  const expectedModel = snapshotFromShape(expected.shape);
  // 4. Tables dropped by hand, parents first, each with its indexes: before any ALTER, which
  //    SQLite refuses while a view still reads a table that is gone.
  let missing = byKind('table-missing');
  for (const { difference } of missing)
    warnings.push(`${difference.table} is created again empty: its rows are not brought back (on remote D1 Time Travel can: \`d1-evolve restore\`)`);
  while (missing.length > 0) {
    const waiting = new Set(missing.map(({ difference }) => difference.table!));
    const next =
      missing.find(({ difference }) =>
        Object.values(expected.shape.tables[difference.table!]!.foreignKeys).every((fk) => sameName(fk.tableTo, difference.table!) || !waiting.has(fk.tableTo)),
      ) ?? missing[0]!;
    const table = next.difference.table!;
    step(expectedSql('table', table)!, next.i);
    for (const index of indexesOf(table)) step(index.sql!, next.i);
    model.tables[table] = structuredClone(expectedModel.tables[table]!);
    useExpected(table);
    missing = missing.filter((entry) => entry !== next);
  }

  // 5. Table by table.
  for (const [table, found] of [...tables].sort(([a], [b]) => a.localeCompare(b))) {
    // A column renamed by hand is renamed back first, keeping its values (a DROP and an ADD would lose them).
    const liveColumns = { ...liveTable(table).columns };
    for (const { difference, i } of found) {
      const rename = renames.get(i);
      if (!rename || difference.kind !== 'column-extra') continue;
      const owners = [i, rename.partner];
      step(`ALTER TABLE ${quote(table)} RENAME COLUMN ${quote(rename.from)} TO ${quote(rename.to)}`, ...owners);
      warnings.push(
        `${table}.${rename.from} is taken for ${rename.to} renamed by hand (same type, nullability and default): the repair renames it back, keeping its values`,
      );
      liveColumns[rename.to] = { ...liveColumns[rename.from]!, name: rename.to };
      delete liveColumns[rename.from];
      const columns = byName(model.tables, table)?.columns;
      if (columns?.[rename.from]) {
        columns[rename.to] = { ...columns[rename.from]!, name: rename.to };
        delete columns[rename.from];
      }
    }
    const dropped = found.filter(({ difference, i }) => difference.kind === 'column-extra' && !renames.has(i)).map(({ difference }) => difference.name!);
    for (const column of dropped) {
      warnings.push(
        `dropping ${table}.${column} deletes its values; to keep the column instead, put it in the schema, \`d1-evolve generate\`, then \`d1-evolve baseline --to <that migration> --force\``,
      );
    }
    const wanted = expected.shape.tables[table]!;
    for (const { difference } of found) {
      const column = wanted.columns[difference.name ?? ''];
      if (difference.kind === 'column-changed' && difference.aspect === 'nullability' && column?.notNull) {
        warnings.push(
          `${table}.${column.name} is NOT NULL in the migrations and nullable here: if a row of ${table} holds NULL in it, the repair fails whole and changes nothing; find them with \`SELECT count(*) FROM ${quote(table)} WHERE ${quote(column.name)} IS NULL\` and fill them first`,
        );
      }
    }
    if (rebuilt.has(table)) {
      const owners = found.map(({ i }) => i);
      const statements = rebuildTable(table, model, liveColumns, wanted, expectedSql('table', table)!, indexesOf(table), textOf);
      for (const sql of statements) step(sql, ...owners);
      model.tables[table] = structuredClone(expectedModel.tables[table]!);
      useExpected(table);
      const uncopied = Object.values(wanted.columns).filter((c) => !byName(liveColumns, c.name) && c.notNull && c.default === undefined && !c.generated);
      if (uncopied.length > 0) {
        warnings.push(
          `the rebuild of ${table} has no value for ${uncopied.map((c) => c.name).join(', ')} (NOT NULL, no default): it fails, changing nothing, while ${table} has rows; fill the column by hand first`,
        );
      }
      continue;
    }
    for (const { difference, i } of found) {
      if (renames.has(i)) continue;
      if (difference.kind === 'column-extra') step(`ALTER TABLE ${quote(table)} DROP COLUMN ${quote(difference.name!)}`, i);
      if (difference.kind === 'column-missing') {
        step(`ALTER TABLE ${quote(table)} ADD COLUMN ${columnDefinition(expectedSql('table', table)!, difference.name!)}`, i);
      }
    }
  }

  // 6. Tables made by hand, children first.
  let extra = droppedExtra;
  for (const { difference } of extra) {
    warnings.push(
      `DROP TABLE ${difference.table} deletes the table and every row in it; if it is wanted, add it to the schema and generate a migration instead`,
    );
  }
  while (extra.length > 0) {
    // One no other of them references (in a cycle, any: the DROPs delete only their own rows).
    const referenced = (table: string) => extra.some(({ difference }) => difference.table !== table && referencesTable(liveTable(difference.table!), table));
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

/** A column renamed by hand: which live column holds the expected one's values, and the other difference of the pair. */
interface Rename {
  from: string;
  to: string;
  partner: number;
}

/**
 * The column-extra / column-missing pairs of one table that look like a rename by hand: the
 * only extra and the only missing column of that table with the same type, nullability,
 * default and generated kind. Keyed by the index of each difference of the pair.
 */
function renamedColumns(differences: readonly SchemaDifference[], live: SchemaShape, expected: SchemaShape): Map<number, Rename> {
  const renames = new Map<number, Rename>();
  const same = (x: ColumnShape, y: ColumnShape) => x.type === y.type && x.notNull === y.notNull && x.default === y.default && x.generated === y.generated;
  const tables = new Set(differences.map((d) => d.table).filter((t): t is string => t !== undefined));
  for (const table of tables) {
    const liveTable = byName(live.tables, table);
    const wanted = expected.tables[table];
    if (!liveTable || !wanted) continue;
    const of = (kind: SchemaDifference['kind']) => differences.flatMap((d, i) => (d.table === table && d.kind === kind ? [{ i, name: d.name! }] : []));
    const extra = of('column-extra');
    const missing = of('column-missing');
    for (const x of extra) {
      const column = liveTable.columns[x.name]!;
      const candidates = missing.filter((m) => same(column, wanted.columns[m.name]!));
      if (candidates.length !== 1) continue;
      const m = candidates[0]!;
      if (extra.filter((e) => same(liveTable.columns[e.name]!, wanted.columns[m.name]!)).length !== 1) continue;
      renames.set(x.i, { from: x.name, to: m.name, partner: m.i });
      renames.set(m.i, { from: x.name, to: m.name, partner: x.i });
    }
  }
  return renames;
}

/** The entry of `record` under `name`, SQLite's way: case-insensitively. */
function byName<T>(record: Record<string, T>, name: string): T | undefined {
  if (name in record) return record[name];
  const key = Object.keys(record).find((k) => sameName(k, name));
  return key === undefined ? undefined : record[key];
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
  const named = (text: string) => namesWord(text, column);
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
function rebuildTable(
  table: string,
  model: SchemaModel,
  liveColumns: Record<string, ColumnShape>,
  wanted: TableShape,
  createSql: string,
  indexes: readonly SchemaObject[],
  textOf: (type: 'index' | 'view', name: string) => string | undefined,
): string[] {
  const newTable = `${NEW_PREFIX}${table}`;
  const columns = Object.values(wanted.columns)
    .filter((c) => !c.generated && byName(liveColumns, c.name))
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
  const safe = planSafeRebuild(atDrop, { table, newTable }, { textOf });
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
      model.views[object.name] = { name: object.name, columns: {}, definition: viewParts(object.sql).select, isExisting: false };
    }
    if (object.type === 'trigger') triggers[object.name] = { name: object.name, table: object.tbl_name, sql: object.sql };
  }
  model.triggers = triggers;
  return model;
}

function referencesTable(table: TableShape, other: string): boolean {
  return Object.values(table.foreignKeys).some((fk) => sameName(fk.tableTo, other));
}
