/** What differs between two schema shapes, as lines a person can act on. */
import type { ColumnShape, ForeignKeyShape, IndexShape, SchemaShape, TableShape } from './shape';

/** Names for the two sides in the messages. */
export interface DiffLabels {
  actual: string;
  expected: string;
}

/**
 * What differs between `actual` (usually the live database) and `expected` (usually a
 * snapshot), one line per difference, grouped table by table; empty when they match.
 */
export function diffShapes(actual: SchemaShape, expected: SchemaShape, labels: DiffLabels = { actual: 'the database', expected: 'the snapshot' }): string[] {
  const lines: string[] = [];
  const { actual: a, expected: e } = labels;
  for (const name of unionKeys(actual.tables, expected.tables)) {
    const live = actual.tables[name];
    const wanted = expected.tables[name];
    if (!live) lines.push(`table ${name}: missing from ${a} (${e} has it)`);
    else if (!wanted) lines.push(`table ${name}: in ${a} but not in ${e}`);
    else lines.push(...diffTable(live, wanted, labels).map((line) => `table ${name}: ${line}`));
  }
  for (const name of unionKeys(actual.views, expected.views)) {
    const live = actual.views[name];
    const wanted = expected.views[name];
    if (!live) lines.push(`view ${name}: missing from ${a} (${e} has it)`);
    else if (!wanted) lines.push(`view ${name}: in ${a} but not in ${e}`);
    else if (live.definition !== wanted.definition) {
      lines.push(`view ${name}: definition differs\n    ${a}: ${live.definition}\n    ${e}: ${wanted.definition}`);
    }
  }
  return lines;
}

function diffTable(live: TableShape, wanted: TableShape, { actual: a, expected: e }: DiffLabels): string[] {
  const lines: string[] = [];
  const both = (what: string, x: string, y: string) => `${what}: ${x} in ${a}, ${y} in ${e}`;
  for (const name of unionKeys(live.columns, wanted.columns)) {
    const x = live.columns[name];
    const y = wanted.columns[name];
    if (!x) lines.push(`column ${name} missing from ${a}`);
    else if (!y) lines.push(`column ${name} in ${a} but not in ${e}`);
    else {
      if (x.type !== y.type) lines.push(both(`column ${name} type`, x.type || '(none)', y.type || '(none)'));
      if (x.notNull !== y.notNull) lines.push(both(`column ${name}`, nullability(x), nullability(y)));
      if (x.default !== y.default) lines.push(both(`column ${name} default`, x.default ?? '(none)', y.default ?? '(none)'));
      if (x.generated !== y.generated) lines.push(both(`column ${name} generated`, x.generated ?? 'no', y.generated ?? 'no'));
    }
  }
  if (list(live.primaryKey) !== list(wanted.primaryKey)) lines.push(both('primary key', `(${list(live.primaryKey)})`, `(${list(wanted.primaryKey)})`));
  if (live.autoincrement !== wanted.autoincrement) lines.push(both('AUTOINCREMENT', yesNo(live.autoincrement), yesNo(wanted.autoincrement)));
  if (live.strict !== wanted.strict) lines.push(both('STRICT', yesNo(live.strict), yesNo(wanted.strict)));
  if (live.withoutRowid !== wanted.withoutRowid) lines.push(both('WITHOUT ROWID', yesNo(live.withoutRowid), yesNo(wanted.withoutRowid)));
  for (const name of unionKeys(live.indexes, wanted.indexes)) {
    const x = live.indexes[name];
    const y = wanted.indexes[name];
    if (!x) lines.push(`index ${name} ${describeIndex(y!)} missing from ${a}`);
    else if (!y) lines.push(`index ${name} ${describeIndex(x)} in ${a} but not in ${e}`);
    else if (describeIndex(x) !== describeIndex(y)) lines.push(both(`index ${name}`, describeIndex(x), describeIndex(y)));
  }
  for (const key of unionKeys(live.uniques, wanted.uniques)) {
    if (!live.uniques[key]) lines.push(`UNIQUE (${key}) constraint missing from ${a}`);
    else if (!wanted.uniques[key]) lines.push(`UNIQUE (${key}) constraint in ${a} but not in ${e}`);
  }
  for (const key of unionKeys(live.foreignKeys, wanted.foreignKeys)) {
    const x = live.foreignKeys[key];
    const y = wanted.foreignKeys[key];
    if (!x) lines.push(`foreign key ${key} ${actions(y!)} missing from ${a}`);
    else if (!y) lines.push(`foreign key ${key} ${actions(x)} in ${a} but not in ${e}`);
    else if (actions(x) !== actions(y)) lines.push(both(`foreign key ${key}`, actions(x), actions(y)));
  }
  for (const key of unionKeys(live.checks, wanted.checks)) {
    const name = live.checks[key] ?? wanted.checks[key];
    const label = `CHECK ${name ? `${name} ` : ''}(${key})`;
    if (!(key in live.checks)) lines.push(`${label} missing from ${a}`);
    else if (!(key in wanted.checks)) lines.push(`${label} in ${a} but not in ${e}`);
  }
  return lines;
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
