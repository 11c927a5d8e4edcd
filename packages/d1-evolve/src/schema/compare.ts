/**
 * What differs between two schema shapes: each difference as data (what kind, on which
 * table or view, under which name) with its line for people. diffShapes gives the lines;
 * repair.ts turns the data into the SQL that removes the differences.
 */
import type { ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape } from './shape';

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
  for (const name of unionKeys(actual.tables, expected.tables)) {
    const live = actual.tables[name];
    const wanted = expected.tables[name];
    if (!live) found.push({ kind: 'table-missing', table: name, message: `table ${name}: missing from ${a} (it is in ${e})` });
    else if (!wanted) found.push({ kind: 'table-extra', table: name, message: `table ${name}: in ${a} but not in ${e}` });
    else found.push(...diffTable(live, wanted, labels).map((d) => ({ ...d, table: name, message: `table ${name}: ${d.message}` })));
  }
  for (const name of unionKeys(actual.views, expected.views)) {
    const live = actual.views[name];
    const wanted = expected.views[name];
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
  for (const name of unionKeys(live.columns, wanted.columns)) {
    const x = live.columns[name];
    const y = wanted.columns[name];
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
  if (list(live.primaryKey) !== list(wanted.primaryKey)) {
    found.push({ kind: 'primary-key-changed', message: both('primary key', `(${list(live.primaryKey)})`, `(${list(wanted.primaryKey)})`) });
  }
  const option = (aspect: string, x: boolean, y: boolean) => {
    if (x !== y) found.push({ kind: 'table-option-changed', aspect, message: both(aspect, yesNo(x), yesNo(y)) });
  };
  option('AUTOINCREMENT', live.autoincrement, wanted.autoincrement);
  option('STRICT', live.strict, wanted.strict);
  option('WITHOUT ROWID', live.withoutRowid, wanted.withoutRowid);
  for (const name of unionKeys(live.indexes, wanted.indexes)) {
    const x = live.indexes[name];
    const y = wanted.indexes[name];
    if (!x) found.push({ kind: 'index-missing', name, message: `index ${name} ${describeIndex(y!)} missing from ${a}` });
    else if (!y) found.push({ kind: 'index-extra', name, message: `index ${name} ${describeIndex(x)} in ${a} but not in ${e}` });
    else if (describeIndex(x) !== describeIndex(y))
      found.push({ kind: 'index-changed', name, message: both(`index ${name}`, describeIndex(x), describeIndex(y)) });
  }
  for (const key of unionKeys(live.uniques, wanted.uniques)) {
    if (!live.uniques[key]) found.push({ kind: 'unique-missing', name: key, message: `UNIQUE (${key}) constraint missing from ${a}` });
    else if (!wanted.uniques[key]) found.push({ kind: 'unique-extra', name: key, message: `UNIQUE (${key}) constraint in ${a} but not in ${e}` });
  }
  for (const key of unionKeys(live.foreignKeys, wanted.foreignKeys)) {
    const x = live.foreignKeys[key];
    const y = wanted.foreignKeys[key];
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

const list = (names: string[]) => names.join(', ');
const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const nullability = (column: ColumnShape) => (column.notNull ? 'NOT NULL' : 'nullable');
const actions = (fk: ForeignKeyShape) => `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;

function describeIndex(index: IndexShape): string {
  return `${index.unique ? 'UNIQUE ' : ''}(${list(index.columns)})${index.where ? ` WHERE ${index.where}` : ''}`;
}
