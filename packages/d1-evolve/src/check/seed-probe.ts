/**
 * CHECK constraints the seeder cannot read (`(project_id IS NULL) IS NOT (work_id IS NULL)`,
 * `length(name) > 2`, `a < b`) are satisfied by asking the engine: candidate rows are
 * evaluated against the table's CHECKs in a CTE named like the table, so that the column
 * references of each CHECK, qualified or not, resolve to the candidate's values and the
 * table itself is never touched. One request per table; the seeder keeps the first
 * candidate of each row that passes.
 */
import type { SnapshotTable } from '../schema/snapshot';
import { sqlLiteral } from '../sql/literal';
import type { D1Transport, Statement } from '../transports/transport';
import { ident, tupleKey, type Row } from './rows';
import { affinity } from './table-facts';

/**
 * Columns that change together when a candidate varies: one column, or the columns of one
 * foreign key (any other value would point at no parent).
 */
export interface VaryUnit {
  columns: string[];
  /** The values the unit takes instead of the row's own, in order of preference. */
  pool: unknown[][];
  /** The one change tried first, NULL for a filled unit or a filled value for a NULL one. */
  flip?: unknown[];
}

/** Candidates one row may try, the row itself first. */
const MAX_VARIANTS = 64;
const MAX_PROBE_BYTES = 90_000;
const KEY = '__seed_candidate';

/** Whether the seeder needs the engine for `table`: it has CHECK constraints. */
export const hasChecks = (table: SnapshotTable) => Object.keys(table.checkConstraints ?? {}).length > 0;

/**
 * The stored columns the table's CHECKs mention. Generous on purpose: any token equal to
 * a column name counts (SQLite names are case-insensitive), so a CHECK never refers to a
 * column the probe leaves out.
 */
export function checkedColumns(table: SnapshotTable): string[] {
  const text = Object.values(table.checkConstraints ?? {})
    .map((c) => c.value)
    .join('\n')
    .toLowerCase();
  return Object.values(table.columns)
    .filter((c) => !c.generated && new RegExp(String.raw`(^|[^\w$])${escapeRegExp(c.name.toLowerCase())}($|[^\w$])`).test(text))
    .map((c) => c.name);
}

/**
 * `row` and its variants, at most MAX_VARIANTS: first every subset of the units' flips,
 * fewest changes first (a NULL where the CHECK wants one of two columns empty), then the
 * pool values, the combinations with the smallest changes first.
 */
export function variants(row: Row, units: VaryUnit[]): Row[] {
  const seen = new Set<string>();
  const out: Row[] = [];
  const all = units.flatMap((u) => u.columns);
  const add = (changes: [VaryUnit, unknown[]][]) => {
    const next = { ...row };
    for (const [unit, values] of changes) for (const [i, column] of unit.columns.entries()) next[column] = values[i];
    const key = tupleKey(next, all);
    if (out.length >= MAX_VARIANTS || seen.has(key)) return;
    seen.add(key);
    out.push(next);
  };
  add([]);
  const flippable = units.filter((u) => u.flip);
  for (let size = 1; size <= flippable.length && out.length < MAX_VARIANTS; size += 1) {
    for (const subset of subsets(flippable, size)) add(subset.map((u) => [u, u.flip!]));
  }
  const options = units.map((u) => [u.columns.map((c) => row[c]), ...u.pool]);
  const limit = options.reduce((sum, o) => sum + o.length - 1, 0);
  for (let distance = 1; distance <= limit && out.length < MAX_VARIANTS; distance += 1) {
    for (const picks of spread(
      options.map((o) => o.length - 1),
      distance,
    ))
      add(units.map((u, i) => [u, options[i]![picks[i]!]!]));
  }
  return out;
}

/**
 * For each of `candidates`, the names of the table's CHECKs it fails (none: it passes), in
 * one request to `engine`; undefined when the engine cannot evaluate them (a CHECK on a
 * generated column, a function the engine lacks), and the seeder then goes without.
 */
export async function failingChecks(engine: D1Transport, table: SnapshotTable, columns: string[], candidates: Row[]): Promise<string[][] | undefined> {
  const checks = Object.values(table.checkConstraints ?? {});
  if (candidates.length === 0 || checks.length === 0) return candidates.map(() => []);
  // A CHECK passes unless it is false: NULL passes, as it does on INSERT.
  const verdicts = checks.map((c, i) => `coalesce(NOT (${c.value}), 0) = 0 AS ${ident(`c${i}`)}`);
  const head = `WITH ${ident(table.name)}(${[KEY, ...columns].map(ident).join(', ')}) AS (VALUES `;
  const tail = `) SELECT ${ident(KEY)} AS k, ${verdicts.join(', ')} FROM ${ident(table.name)}`;
  const statements: Statement[] = [];
  let tuples: string[] = [];
  let bytes = head.length + tail.length;
  for (const [k, row] of candidates.entries()) {
    const tuple = `(${[k, ...columns.map((c) => probeLiteral(table, c, row[c]))].join(', ')})`;
    if (tuples.length > 0 && bytes + tuple.length > MAX_PROBE_BYTES) {
      statements.push({ sql: head + tuples.join(', ') + tail });
      tuples = [];
      bytes = head.length + tail.length;
    }
    tuples.push(tuple);
    bytes += tuple.length + 2;
  }
  statements.push({ sql: head + tuples.join(', ') + tail });
  try {
    const results = await engine.batch(statements);
    const failing: string[][] = candidates.map(() => checks.map((c) => c.name));
    for (const r of results.flatMap((result) => result.rows)) failing[Number(r.k)] = checks.filter((_, i) => !r[`c${i}`]).map((c) => c.name);
    return failing;
  } catch {
    return undefined;
  }
}

/**
 * A value as the CHECK would see it once stored: a CTE column has no affinity, so a whole
 * number bound for a REAL column is written as a real.
 */
function probeLiteral(table: SnapshotTable, column: string, value: unknown): string {
  const literal = sqlLiteral(value);
  const real = affinity(table.columns[column]!.type) === 'real';
  return real && typeof value === 'number' && Number.isInteger(value) ? `${literal}.0` : literal;
}

/** The subsets of `items` with `size` elements, in order. */
function* subsets<T>(items: T[], size: number, from = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i += 1) for (const rest of subsets(items, size - 1, i + 1)) yield [items[i]!, ...rest];
}

/** Index vectors under `bounds` whose indexes add up to `total`: the combinations `total` steps from the row. */
function* spread(bounds: number[], total: number, at = 0): Generator<number[]> {
  if (at === bounds.length) {
    if (total === 0) yield [];
    return;
  }
  const rest = bounds.slice(at + 1).reduce((a, b) => a + b, 0);
  for (let i = Math.max(0, total - rest); i <= Math.min(bounds[at]!, total); i += 1) {
    for (const tail of spread(bounds, total - i, at + 1)) yield [i, ...tail];
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}
