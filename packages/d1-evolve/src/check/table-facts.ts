/**
 * What the seeder and the preservation check need to know of a snapshot table: its key,
 * the column tuples that must be distinct, the values its CHECK constraints allow, and
 * the storage affinity of each column.
 */
import type { Snapshot, SnapshotColumn, SnapshotTable } from '../schema/snapshot';

export type Affinity = 'integer' | 'text' | 'blob' | 'real' | 'numeric';

/** SQLite's affinity rules (datatype3.html, 3.1) applied to a declared type. */
export function affinity(type: string): Affinity {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (/CHAR|CLOB|TEXT/.test(t)) return 'text';
  if (t.includes('BLOB') || t.trim() === '') return 'blob';
  if (/REAL|FLOA|DOUB/.test(t)) return 'real';
  return 'numeric';
}

/** The primary-key columns: the composite key if any, else the columns marked primaryKey. */
export function primaryKey(table: SnapshotTable): string[] {
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  if (composite) return composite.columns;
  return Object.values(table.columns)
    .filter((c) => c.primaryKey)
    .map((c) => c.name);
}

/** Every column tuple that must be distinct per row: primary key, unique indexes, unique constraints. */
export function uniqueSets(table: SnapshotTable): string[][] {
  const sets = [primaryKey(table)];
  for (const index of Object.values(table.indexes ?? {})) if (index.isUnique) sets.push(index.columns);
  for (const unique of Object.values(table.uniqueConstraints ?? {})) sets.push(unique.columns);
  return sets.filter((s) => s.length > 0);
}

/** What CHECK constraints allow a column to hold, as far as they can be read. */
export interface ColumnRule {
  /** `"col" IN (...)`: one of these. */
  values?: (string | number)[];
  min?: number;
  max?: number;
  /** A CHECK reads the column as JSON (`json_valid(col)`, `json_type(col) = 'array'`, `col ->> '$.a'`): JSON of this shape. */
  json?: 'object' | 'array';
}

const NAME = String.raw`["\`\[]?(\w+)["\`\]]?`;
const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const IN_LIST = new RegExp(String.raw`${NAME}\s+IN\s*\(([^)]*)\)`, 'gi');
const BETWEEN = new RegExp(String.raw`${NAME}\s+BETWEEN\s+${NUMBER}\s+AND\s+${NUMBER}`, 'gi');
const COMPARE = new RegExp(String.raw`${NAME}\s*(>=|<=|>|<)\s*${NUMBER}`, 'gi');
// json_valid(col), json_type(col) ..., json_extract(col, ...), col -> '$..' / col ->> '$..'; drizzle-kit writes "t"."col".
const OF_TABLE = String.raw`(?:["\`\[]?\w+["\`\]]?\s*\.\s*)?`;
const JSON_CALL = new RegExp(String.raw`\bjson\w*\s*\(\s*${OF_TABLE}${NAME}\s*[,)]`, 'gi');
const JSON_ARROW = new RegExp(String.raw`${NAME}\s*->>?`, 'g');
const JSON_ARRAY = new RegExp(
  String.raw`\bjson_(?:type|array_length)\s*\(\s*${OF_TABLE}${NAME}\s*\)\s*(?:=\s*'array'|IN\s*\(\s*'array'\s*\)|>|>=|<|<=|BETWEEN)`,
  'gi',
);
const LIST_ITEM = /'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)/g;

/**
 * The rules of the table's CHECK constraints by column: `IN` lists, `BETWEEN` ranges and
 * comparisons with a number. Other CHECKs are not understood; seeding relies on the usual
 * values satisfying them, and says so when an insert is refused.
 */
export function columnRules(table: SnapshotTable): Map<string, ColumnRule> {
  const rules = new Map<string, ColumnRule>();
  const rule = (column: string) => rules.get(column) ?? rules.set(column, {}).get(column)!;
  for (const { value } of Object.values(table.checkConstraints ?? {})) {
    for (const [, column, list] of value.matchAll(IN_LIST)) {
      rule(column!).values = [...list!.matchAll(LIST_ITEM)].map(([, text, number]) => (text !== undefined ? text.replaceAll("''", "'") : Number(number)));
    }
    for (const [, column, low, high] of value.matchAll(BETWEEN)) Object.assign(rule(column!), { min: Number(low), max: Number(high) });
    for (const [, column, op, bound] of value.matchAll(COMPARE)) {
      const n = Number(bound);
      if (op === '>=') rule(column!).min = n;
      if (op === '>') rule(column!).min = n + 1;
      if (op === '<=') rule(column!).max = n;
      if (op === '<') rule(column!).max = n - 1;
    }
    for (const [, column] of [...value.matchAll(JSON_CALL), ...value.matchAll(JSON_ARROW)]) if (table.columns[column!]) rule(column!).json ??= 'object';
    for (const [, column] of value.matchAll(JSON_ARRAY)) if (table.columns[column!]) rule(column!).json = 'array';
  }
  return rules;
}

/**
 * Whether `columnRules` reads the whole of the CHECK `value` (one IN list, BETWEEN range or
 * comparison with a number, on a numeric column for the last two): rows that follow the
 * rules then pass it, and the engine need not be asked.
 */
export function isReadCheck(table: SnapshotTable, value: string): boolean {
  const whole = (pattern: RegExp) => new RegExp(String.raw`^\s*\(?\s*${pattern.source}\s*\)?\s*$`, 'i').exec(value);
  const list = whole(IN_LIST);
  if (list) return table.columns[list[1]!] !== undefined;
  const range = whole(BETWEEN) ?? whole(COMPARE);
  const column = range ? table.columns[range[1]!] : undefined;
  return column !== undefined && affinity(column.type) !== 'text' && affinity(column.type) !== 'blob';
}

/** A column's default as the SQL expression drizzle-kit writes into DDL. */
export function defaultSql(column: SnapshotColumn): string | undefined {
  if (column.default === undefined) return undefined;
  return String(column.default);
}

/** Whether a default gives a different value each time (clock, randomness): only its presence can be checked. */
export function isVolatileDefault(sql: string): boolean {
  return /\b(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|random|randomblob|now|unixepoch|datetime|date|time|julianday|strftime|uuid)\b/i.test(sql);
}

/**
 * The snapshot's tables ordered parents first (each after the tables its foreign keys
 * point to). Self-references do not order; a cycle is broken at the table with the fewest
 * unmet parents.
 */
export function parentsFirst(snapshot: Snapshot): string[] {
  const parents = new Map(
    Object.values(snapshot.tables).map((t) => [
      t.name,
      new Set(
        Object.values(t.foreignKeys ?? {})
          .map((fk) => fk.tableTo)
          .filter((p) => p !== t.name && snapshot.tables[p]),
      ),
    ]),
  );
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < parents.size) {
    const waiting = [...parents].filter(([name]) => !placed.has(name));
    const unmet = (deps: Set<string>) => [...deps].filter((d) => !placed.has(d)).length;
    const ready = waiting.filter(([, deps]) => unmet(deps) === 0);
    const next = ready.length > 0 ? ready : [waiting.reduce((a, b) => (unmet(b[1]) < unmet(a[1]) ? b : a))];
    for (const [name] of next) {
      order.push(name);
      placed.add(name);
    }
  }
  return order;
}
