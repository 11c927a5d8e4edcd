/**
 * What differs between two schema shapes: each difference as data (what kind, on which
 * table or view, under which name) with its line for people. diffShapes gives the lines;
 * repair.ts turns the data into the SQL that removes the differences.
 */
import type { ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape } from './shape';
import { indexSqlColumns } from './sql-text';

/** Names for the two sides in the messages. */
export interface DiffLabels {
  actual: string;
  expected: string;
}

/**
 * The kinds of difference. `-extra`: in `actual` only; `-missing`: in `expected` only;
 * `-changed`: in both, unlike. A column's type, nullability, default and generated kind are
 * each one `column-changed` with its `aspect`.
 */
export type DifferenceKind =
  | 'table-extra'
  | 'table-missing'
  | 'column-extra'
  | 'column-missing'
  | 'column-changed'
  | 'primary-key-changed'
  | 'table-option-changed'
  | 'index-extra'
  | 'index-missing'
  | 'index-changed'
  | 'unique-extra'
  | 'unique-missing'
  | 'foreign-key-extra'
  | 'foreign-key-missing'
  | 'foreign-key-changed'
  | 'check-extra'
  | 'check-missing'
  | 'view-extra'
  | 'view-missing'
  | 'view-changed';

export interface SchemaDifference {
  kind: DifferenceKind;
  /** The table it is on (absent for a view). */
  table?: string;
  view?: string;
  /** The column, index or view name; a UNIQUE's column list, a foreign key's key, a CHECK's expression. */
  name?: string;
  /** For `column-changed`: `type`, `nullability`, `default` or `generated`; for `table-option-changed`: `AUTOINCREMENT`, `STRICT` or `WITHOUT ROWID`. */
  aspect?: string;
  /** The line for people (the one diffShapes gives). */
  message: string;
}

const DEFAULT_LABELS: DiffLabels = { actual: 'the database', expected: 'the snapshot' };

/**
 * What differs between `actual` (usually the live database) and `expected` (usually a
 * snapshot), one line per difference, grouped table by table; empty when they match.
 */
export function diffShapes(actual: SchemaShape, expected: SchemaShape, labels: DiffLabels = DEFAULT_LABELS): string[] {
  return schemaDifferences(actual, expected, labels).map((difference) => difference.message);
}

/** The differences diffShapes lists, as data, in the same order. */
export function schemaDifferences(actual: SchemaShape, expected: SchemaShape, labels: DiffLabels = DEFAULT_LABELS): SchemaDifference[] {
  const found: SchemaDifference[] = [];
  const { actual: a, expected: e } = labels;
  for (const [name, live, wanted] of matched(actual.tables, expected.tables)) {
    if (!live) found.push({ kind: 'table-missing', table: name, message: `table ${name}: missing from ${a} (it is in ${e})` });
    else if (!wanted) found.push({ kind: 'table-extra', table: name, message: `table ${name}: in ${a} but not in ${e}` });
    else found.push(...diffTable(live, wanted, labels).map((d) => ({ ...d, table: name, message: `table ${name}: ${d.message}` })));
  }
  for (const [name, live, wanted] of matched(actual.views, expected.views)) {
    if (!live) found.push({ kind: 'view-missing', view: name, name, message: `view ${name}: missing from ${a} (it is in ${e})` });
    else if (!wanted) found.push({ kind: 'view-extra', view: name, name, message: `view ${name}: in ${a} but not in ${e}` });
    else if (live.definition !== wanted.definition) {
      found.push({
        kind: 'view-changed',
        view: name,
        name,
        message: `view ${name}: definition differs\n    ${a}: ${live.definition}\n    ${e}: ${wanted.definition}`,
      });
    }
  }
  return found;
}

type TableDifference = Omit<SchemaDifference, 'table'>;

function diffTable(live: TableShape, wanted: TableShape, { actual: a, expected: e }: DiffLabels): TableDifference[] {
  const found: TableDifference[] = [];
  const both = (what: string, x: string, y: string) => `${what}: ${x} in ${a}, ${y} in ${e}`;
  for (const [name, x, y] of matched(live.columns, wanted.columns)) {
    if (!x) found.push({ kind: 'column-missing', name, message: `column ${name} missing from ${a}` });
    else if (!y) found.push({ kind: 'column-extra', name, message: `column ${name} in ${a} but not in ${e}` });
    else {
      const changed = (aspect: string, message: string) => found.push({ kind: 'column-changed', name, aspect, message });
      if (x.type !== y.type) changed('type', both(`column ${name} type`, x.type || '(none)', y.type || '(none)'));
      if (x.notNull !== y.notNull) changed('nullability', both(`column ${name}`, nullability(x), nullability(y)));
      if (x.default !== y.default) changed('default', both(`column ${name} default`, x.default ?? '(none)', y.default ?? '(none)'));
      if (x.generated !== y.generated) changed('generated', both(`column ${name} generated`, x.generated ?? 'no', y.generated ?? 'no'));
    }
  }
  if (list(live.primaryKey).toLowerCase() !== list(wanted.primaryKey).toLowerCase()) {
    found.push({ kind: 'primary-key-changed', message: both('primary key', `(${list(live.primaryKey)})`, `(${list(wanted.primaryKey)})`) });
  }
  const option = (aspect: string, x: boolean, y: boolean) => {
    if (x !== y) found.push({ kind: 'table-option-changed', aspect, message: both(aspect, yesNo(x), yesNo(y)) });
  };
  option('AUTOINCREMENT', live.autoincrement, wanted.autoincrement);
  option('STRICT', live.strict, wanted.strict);
  option('WITHOUT ROWID', live.withoutRowid, wanted.withoutRowid);
  for (const [name, x, y] of matched(live.indexes, wanted.indexes)) {
    if (!x) found.push({ kind: 'index-missing', name, message: `index ${name} ${describeIndex(y!)} missing from ${a}` });
    else if (!y) found.push({ kind: 'index-extra', name, message: `index ${name} ${describeIndex(x)} in ${a} but not in ${e}` });
    else if (describeIndex(x).toLowerCase() !== describeIndex(y).toLowerCase())
      found.push({ kind: 'index-changed', name, message: both(`index ${name}`, describeIndex(x), describeIndex(y)) });
  }
  for (const [key, x, y] of matched(live.uniques, wanted.uniques)) {
    if (!x) found.push({ kind: 'unique-missing', name: key, message: `UNIQUE (${key}) constraint missing from ${a}` });
    else if (!y) found.push({ kind: 'unique-extra', name: key, message: `UNIQUE (${key}) constraint in ${a} but not in ${e}` });
  }
  for (const [key, x, y] of matched(live.foreignKeys, wanted.foreignKeys)) {
    if (!x) found.push({ kind: 'foreign-key-missing', name: key, message: `foreign key ${key} ${actions(y!)} missing from ${a}` });
    else if (!y) found.push({ kind: 'foreign-key-extra', name: key, message: `foreign key ${key} ${actions(x)} in ${a} but not in ${e}` });
    else if (actions(x) !== actions(y)) found.push({ kind: 'foreign-key-changed', name: key, message: both(`foreign key ${key}`, actions(x), actions(y)) });
  }
  for (const key of unionKeys(live.checks, wanted.checks)) {
    const name = live.checks[key] ?? wanted.checks[key];
    const label = `CHECK ${name ? `${name} ` : ''}(${key})`;
    if (!(key in live.checks)) found.push({ kind: 'check-missing', name: key, message: `${label} missing from ${a}` });
    else if (!(key in wanted.checks)) found.push({ kind: 'check-extra', name: key, message: `${label} in ${a} but not in ${e}` });
  }
  return found;
}

function unionKeys(x: Record<string, unknown>, y: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
}

/**
 * The entries of both records paired by name, case-insensitively (SQLite's names are: a table,
 * column or index spelt `Accounts` on one side and `accounts` on the other is one), each under
 * the expected side's spelling when it has one, in name order.
 */
function matched<T>(x: Record<string, T>, y: Record<string, T>): [string, T | undefined, T | undefined][] {
  const pairs = new Map<string, [string, T | undefined, T | undefined]>();
  for (const [name, value] of Object.entries(x)) pairs.set(name.toLowerCase(), [name, value, undefined]);
  for (const [name, value] of Object.entries(y)) pairs.set(name.toLowerCase(), [name, pairs.get(name.toLowerCase())?.[1], value]);
  return [...pairs.values()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const list = (names: string[]) => names.join(', ');
const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const nullability = (column: ColumnShape) => (column.notNull ? 'NOT NULL' : 'nullable');
const actions = (fk: ForeignKeyShape) => `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;

function describeIndex(index: IndexShape): string {
  return `${index.unique ? 'UNIQUE ' : ''}(${list(index.columns)})${index.where ? ` WHERE ${index.where}` : ''}`;
}

/** A row of sqlite_master, as far as indexTextDifferences reads it. */
interface MasterText {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/**
 * The indexes on both sides whose key order or collation differs (`(email COLLATE NOCASE)`,
 * `(created_at DESC)`), which the shapes do not hold (PRAGMA index_info names the columns
 * only): each one `index-changed`, read from the CREATE INDEX text of both sqlite_masters.
 * An index already in `found` is left out.
 */
export function indexTextDifferences(
  found: readonly SchemaDifference[],
  actual: readonly MasterText[],
  expected: readonly MasterText[],
  { actual: a, expected: e }: DiffLabels = DEFAULT_LABELS,
): SchemaDifference[] {
  const listed = new Set(found.filter((d) => d.name && d.kind.startsWith('index-')).map((d) => d.name!.toLowerCase()));
  const keys = (sql: string) =>
    `(${indexSqlColumns(sql)
      .map((c) => c.replace(/ asc$/, ''))
      .join(', ')})`;
  const out: SchemaDifference[] = [];
  for (const x of actual) {
    if (x.type !== 'index' || !x.sql || listed.has(x.name.toLowerCase())) continue;
    const y = expected.find((o) => o.type === 'index' && o.sql && o.name.toLowerCase() === x.name.toLowerCase());
    if (!y || keys(x.sql) === keys(y.sql!)) continue;
    out.push({
      kind: 'index-changed',
      table: y.tbl_name,
      name: y.name,
      message: `table ${y.tbl_name}: index ${y.name}: ${keys(x.sql)} in ${a}, ${keys(y.sql!)} in ${e}`,
    });
  }
  return out;
}
