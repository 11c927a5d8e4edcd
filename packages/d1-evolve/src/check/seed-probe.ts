/**
 * CHECK constraints the seeder cannot read (`(project_id IS NULL) IS NOT (work_id IS NULL)`,
 * `length(name) > 2`, `a < b`) are satisfied by asking the engine: candidate rows are
 * evaluated against the table's CHECKs in a CTE named like the table, so that the column
 * references of each CHECK, qualified or not, resolve to the candidate's values and the
 * table itself is never touched. One request per table.
 *
 * A row varies by the columns the CHECKs mention, in groups: columns that share a CHECK
 * vary together, columns of different CHECKs apart (a variant that fixes one CHECK is kept
 * while another group fixes the next), so that a few candidates per group suffice.
 */
import type { SnapshotTable } from '../schema/snapshot';
import { sqlLiteral } from '../sql/literal';
import { escapeRegExp } from '../sql/words';
import type { D1Transport, Statement } from '../transports/transport';
import { ident, tupleKey, type Row } from './rows';
import { affinity, isReadCheck } from './table-facts';

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

/** Whether the seeder needs the engine for `table`: it has a CHECK that `columnRules` does not read whole. */
export const hasUnreadChecks = (table: SnapshotTable) => Object.values(table.checkConstraints ?? {}).some((c) => !isReadCheck(table, c.value));

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
    .filter((c) => !c.generated && mentions(text, c.name))
    .map((c) => c.name);
}

/** The variants of `row` that pass the table's CHECKs, best first, and the CHECKs no variant of it passed. */
export interface Passing {
  rows: Row[];
  failing: string[];
}

/** How many passing combinations one row offers the seeder (to step around a unique clash). */
const MAX_PASSING = 8;

/**
 * For each row (with the units it may vary by), the variants that pass every CHECK of
 * `table` on `engine`, in one request; undefined when the engine cannot evaluate the
 * CHECKs (one on a generated column, a function it lacks), and the seeder then goes without.
 */
export async function passingRows(
  engine: D1Transport,
  table: SnapshotTable,
  columns: string[],
  candidates: { row: Row; units: VaryUnit[] }[],
): Promise<{ passing: Passing[]; tried: number } | undefined> {
  const checks = Object.values(table.checkConstraints ?? {});
  const groups = candidates.map(({ row, units }) => unitGroups(checks, units).map((group) => ({ ...group, variants: variants(row, group.units) })));
  const all = groups.flat().flatMap((g) => g.variants);
  const verdicts = await failingChecks(engine, table, columns, all);
  if (!verdicts) return undefined;
  const failed = new Map(all.map((row, i) => [row, verdicts[i]!]));
  const passing = candidates.map(({ row }, r) => {
    const fixed = groups[r]!.map((group) => group.variants.filter((v) => !failed.get(v)!.some((c) => group.checks.has(c))));
    const stuck = groups[r]!.flatMap((group, g) => (fixed[g]!.length === 0 ? [...group.checks] : []));
    if (stuck.length > 0) return { rows: [], failing: [...new Set(stuck)].map((c) => checks[c]!.name) };
    return { rows: combine(row, groups[r]!, fixed), failing: [] };
  });
  return { passing, tried: all.length };
}

/**
 * The units grouped by the CHECKs that mention them: each group with the indexes of its
 * CHECKs. A CHECK that mentions no unit forms a group of its own (the row as it is).
 */
function unitGroups(checks: { value: string }[], units: VaryUnit[]): { units: VaryUnit[]; checks: Set<number> }[] {
  const groups: { units: Set<VaryUnit>; checks: Set<number> }[] = [];
  for (const [c, check] of checks.entries()) {
    const text = check.value.toLowerCase();
    const touched = new Set(units.filter((u) => u.columns.some((column) => mentions(text, column))));
    const joined = groups.filter((g) => [...g.units].some((u) => touched.has(u)));
    const merged = { units: new Set([...touched, ...joined.flatMap((g) => [...g.units])]), checks: new Set([c, ...joined.flatMap((g) => [...g.checks])]) };
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => ({ units: [...g.units], checks: g.checks }));
}

/** Rows made of one passing variant per group, the first of each first, at most MAX_PASSING. */
function combine(row: Row, groups: { units: VaryUnit[] }[], fixed: Row[][]): Row[] {
  const out: Row[] = [];
  const limit = fixed.reduce((sum, f) => sum + f.length - 1, 0);
  for (let distance = 0; distance <= limit && out.length < MAX_PASSING; distance += 1) {
    for (const picks of spread(
      fixed.map((f) => f.length - 1),
      distance,
    )) {
      const next = { ...row };
      for (const [g, group] of groups.entries()) for (const unit of group.units) for (const c of unit.columns) next[c] = fixed[g]![picks[g]!]![c];
      if (out.length < MAX_PASSING) out.push(next);
    }
  }
  return out;
}

/**
 * `row` and its variants by `units`, at most MAX_VARIANTS: first every subset of the units'
 * flips, fewest changes first (a NULL where the CHECK wants one of two columns empty), then
 * the pool values, the combinations with the smallest changes first.
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
  const options = units.map((u) => distinctTuples([u.columns.map((c) => row[c]), ...u.pool]));
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

/** For each candidate, the indexes of the CHECKs it fails, in one request; undefined when the engine cannot evaluate them. */
async function failingChecks(engine: D1Transport, table: SnapshotTable, columns: string[], candidates: Row[]): Promise<number[][] | undefined> {
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
  const failing: number[][] = candidates.map(() => checks.map((_, i) => i));
  const record = (rows: Record<string, unknown>[]) => {
    for (const r of rows) failing[Number(r.k)] = checks.flatMap((_, i) => (r[`c${i}`] ? [] : [i]));
  };
  try {
    record((await engine.batch(statements)).flatMap((result) => result.rows));
    return failing;
  } catch {
    // One candidate makes a CHECK raise (json_type of text that is no JSON): ask about each alone; an error fails it.
    let answered = false;
    for (const [k, row] of candidates.entries()) {
      const tuple = `(${[k, ...columns.map((c) => probeLiteral(table, c, row[c]))].join(', ')})`;
      try {
        record((await engine.batch([{ sql: head + tuple + tail }]))[0]!.rows);
        answered = true;
      } catch {
        // stays failing
      }
    }
    return answered ? failing : undefined;
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

/** Whether the (lower-cased) CHECK text has `column` as a token. */
function mentions(text: string, column: string): boolean {
  return new RegExp(String.raw`(^|[^\w$])${escapeRegExp(column.toLowerCase())}($|[^\w$])`).test(text);
}

/** `tuples` without repeats (a filled value that is the row's own). */
function distinctTuples(tuples: unknown[][]): unknown[][] {
  const seen = new Set<string>();
  return tuples.filter((t) => {
    const key = tupleKey({ ...t }, Object.keys(t));
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
