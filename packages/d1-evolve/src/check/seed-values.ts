/**
 * The values of seed rows. A table's rows take turns at three roles, because each finds a
 * different failure: a typical row with every column filled (a SET NULL fired on it shows),
 * a row with every nullable column NULL (a rebuild that makes a column NOT NULL fails on it),
 * and an edge row (empty and very long text, unicode, 0, negative and 64-bit integers,
 * reals, empty and nested JSON, blobs with NUL bytes, the ends of every CHECK list and range).
 * The NOT NULL columns of the NULL row take edge values too, another edge than the edge row's,
 * so that the first three rows of a table hold two edges of every column.
 */
import type { SnapshotColumn } from '../schema/snapshot';
import { affinity, type ColumnRule } from './table-facts';

export type RowRole = 'typical' | 'nulls' | 'edge';

/** The role of the row at `position` of its table (existing rows count). */
export function roleAt(position: number): RowRole {
  return (['typical', 'nulls', 'edge'] as const)[position % 3]!;
}

export interface ValueInput {
  table: string;
  column: SnapshotColumn;
  serial: number;
  rule?: ColumnRule;
  /** The column's place in the table: neighbouring columns take different edges. */
  index: number;
  /** Part of the primary key: never NULL. */
  key?: boolean;
}

const LONG_TEXT_CHARS = 1024;
const MAX_INT64 = 9_223_372_036_854_775_807n;
const MIN_INT64 = -9_223_372_036_854_775_808n;
const EPOCH = Date.UTC(2025, 0, 1);
const UNICODE = "it's ünïcødé ✓ 漢字 🚀";

/**
 * The value of one column in a row of `role`. `pick` chooses the edge: the seeder gives the
 * NULL row and the edge row of a table neighbouring picks, so they hold different edges.
 * `plain` keeps the row's NULLs but gives up its edges (they clashed on a unique column).
 */
export function seedValue(role: RowRole, input: ValueInput, pick: number, plain = false): unknown {
  if (role === 'nulls' && !input.column.notNull && !input.key) return null;
  if (role === 'typical' || plain) return typicalValue(input);
  return edgeValue(input, pick);
}

/** A value that looks like what the column holds, distinct per serial where it can be: `posts.title#4`. */
export function typicalValue({ table, column, serial, rule = {} }: ValueInput): unknown {
  if (rule.values && rule.values.length > 0) return rule.values[serial % rule.values.length];
  const label = `${table}.${column.name}#${serial}`;
  const { min, max } = rule;
  switch (affinity(column.type)) {
    case 'integer':
    case 'numeric':
      if (min !== undefined || max !== undefined) return inRange(serial, min, max, true);
      return typeof column.default === 'boolean' ? serial % 2 : serial + 1;
    case 'real':
      if (min !== undefined || max !== undefined) return inRange(serial, min, max, false);
      return serial + 0.5;
    case 'blob':
      return Buffer.from(label);
    case 'text':
      return typicalText(column, label, serial, rule);
  }
}

/**
 * Edge number `pick` (shifted by the column's place) of the column: inside its CHECK list or
 * range if it has one (the last item or the top of the range first, then the first or the
 * bottom), else one of the values migrations stumble over.
 */
export function edgeValue(input: ValueInput, pick: number): unknown {
  const { column, serial, rule = {} } = input;
  const k = input.index + pick;
  if (rule.values && rule.values.length > 0) return k % 2 === 0 ? rule.values.at(-1) : rule.values[0];
  const label = `${input.table}.${column.name}#${serial}`;
  const kind = affinity(column.type);
  if (rule.min !== undefined || rule.max !== undefined) return rangeEnd(rule, k % 2 === 0, kind === 'real' ? 'real' : 'integer');
  switch (kind) {
    case 'integer':
    case 'numeric':
      if (typeof column.default === 'boolean') return k % 2;
      // AUTOINCREMENT refuses every later insert once the largest rowid is taken: no 64-bit ends there.
      return pickOf(column.autoincrement ? [0, -(serial + 1)] : [0, -(serial + 1), MAX_INT64 - BigInt(serial), MIN_INT64 + BigInt(serial)], k);
    case 'real':
      return pickOf([0, -(serial + 0.25), 1.5e300, -2.5e-300], k);
    case 'blob':
      return pickOf([Buffer.alloc(0), Buffer.concat([Buffer.from([0, 255]), Buffer.from(label)])], k);
    case 'text':
      return edgeText(column, label, k, input.rule);
  }
}

/**
 * The values a CHECK probe tries for a column instead of the row's own: for an edge (or
 * NULL) row the other edges first, so it stays an edge row where the CHECK allows; then
 * typical values of other serials, then NULL.
 */
export function valuePool(input: ValueInput, role: RowRole): unknown[] {
  const typical = [0, 1, 2].map((step) => typicalValue({ ...input, serial: input.serial + step }));
  const edges = [0, 1, 2, 3].map((pick) => edgeValue(input, pick));
  const nulls = input.column.notNull || input.key ? [] : [null];
  // JSON of every shape, for a CHECK on the JSON the seeder could not read (json_type(x) IN (...), a key it requires).
  const json = input.rule?.json ? ['{}', '[]', '{"id":1,"name":"a","type":"a","value":1}', '[1]'] : [];
  return role === 'typical' ? [...typical, ...edges, ...json, ...nulls] : [...edges, ...typical, ...json, ...nulls];
}

function pickOf<T>(values: T[], k: number): T {
  return values[k % values.length]!;
}

function inRange(serial: number, low: number | undefined, high: number | undefined, integer: boolean): number {
  const min = low ?? (high ?? 0) - 100;
  const max = high ?? min + 100;
  if (integer) return min + (serial % (Math.floor(max - min) + 1));
  return min + ((max - min) * ((serial % 9) + 1)) / 10;
}

/** An end of a CHECK range; the open end of a half-open integer range is the 64-bit limit. */
function rangeEnd({ min, max }: ColumnRule, top: boolean, kind: 'integer' | 'real'): number | bigint {
  if (top) return max ?? (kind === 'integer' ? MAX_INT64 : 1.5e300);
  return min ?? (kind === 'integer' ? MIN_INT64 : -1.5e300);
}

function jsonShape(column: SnapshotColumn, rule: ColumnRule = {}): 'object' | 'array' | undefined {
  if (rule.json) return rule.json;
  const fallback = typeof column.default === 'string' ? column.default : '';
  if (fallback.startsWith("'{")) return 'object';
  if (fallback.startsWith("'[")) return 'array';
  return undefined;
}

const isClock = (column: SnapshotColumn) => typeof column.default === 'string' && /CURRENT_TIMESTAMP|datetime|strftime/i.test(column.default);

/** Text that looks like what the column holds: JSON where the default is JSON, a timestamp where it is the clock. */
function typicalText(column: SnapshotColumn, label: string, serial: number, rule?: ColumnRule): string {
  const shape = jsonShape(column, rule);
  if (shape === 'object') return JSON.stringify({ seed: label });
  if (shape === 'array') return JSON.stringify([label]);
  if (isClock(column)) return new Date(EPOCH + serial * 1000).toISOString().replace('T', ' ').slice(0, 19);
  return label;
}

/** Edge text of the column's kind: empty or nested JSON of its shape, the ends of time, or empty, long and unicode text. */
function edgeText(column: SnapshotColumn, label: string, k: number, rule?: ColumnRule): string {
  const shape = jsonShape(column, rule);
  const deep = [label, -1.5, null, true, { [UNICODE]: [0, 9_007_199_254_740_991] }];
  if (shape === 'object') return pickOf(['{}', JSON.stringify({ seed: label, nested: { list: deep } })], k);
  if (shape === 'array') return pickOf(['[]', JSON.stringify(deep)], k);
  if (isClock(column)) return pickOf(['1970-01-01 00:00:00', '9999-12-31 23:59:59'], k);
  const long = `${label} ${UNICODE} `;
  // Neighbouring picks always include unicode: the long text carries it too.
  return pickOf(['', long + 'x'.repeat(LONG_TEXT_CHARS - long.length), `${label} ${UNICODE}`], k);
}
