/**
 * Seed rows generated from a snapshot: every table topped up to N rows, parents before
 * children, unique tuples distinct. The rows take turns at three roles (seed-values.ts): a
 * typical row with every column filled, nullable foreign keys too (so that a SET NULL
 * shows), a row with every nullable column NULL, and an edge row. CHECK lists and ranges
 * are read and respected; every CHECK is then confirmed by the engine, which picks among
 * variants of a row the first that passes (seed-probe.ts). Typical values say where they
 * come from (`posts.title#4`), so a changed one is easy to recognise.
 */
import type { Snapshot, SnapshotForeignKey, SnapshotTable } from '../schema/snapshot';
import { sqlLiteral } from '../sql/literal';
import type { D1Transport, Statement } from '../transports/transport';
import { ident, tupleKey, type Row, type TableRows } from './rows';
import { checkedColumns, hasUnreadChecks, passingRows, type VaryUnit } from './seed-probe';
import { roleAt, seedValue, typicalValue, valuePool } from './seed-values';
import { columnRules, parentsFirst, primaryKey, uniqueSets } from './table-facts';

export interface SeedStatement extends Statement {
  table: string;
}

export interface SeedPlan {
  /** INSERT statements, parents first, each naming its table; each under D1's statement size limit. */
  statements: SeedStatement[];
  /** Rows the statements insert, by table. */
  inserted: Record<string, number>;
  /** Tables that could not be topped up, and why. */
  skipped: { table: string; reason: string }[];
}

/**
 * How many rows each table holds before a migration runs: one of each role (seed-values.ts),
 * the typical, the NULL and the edge row. The replay's tests count on three.
 */
export const DEFAULT_ROWS_PER_TABLE = 3;
const MAX_ATTEMPTS = 50;
/** After this many clashes on a unique tuple a row gives up its edges and takes typical values. */
const EDGE_ATTEMPTS = 4;
const MAX_INSERT_BYTES = 90_000;

/** A planned row and the row of typical values it departs from (what a NULL is filled with when a CHECK wants it). */
interface Planned {
  row: Row;
  filled: Row;
  serial: number;
  /** The row's place in its table, which gives its role. */
  position: number;
}

/**
 * Plans seed rows along a chain. It remembers a serial per table across migrations, so
 * rows added by a top-up never repeat the values of earlier ones.
 */
export class Seeder {
  private readonly serials = new Map<string, number>();

  constructor(readonly rowsPerTable = DEFAULT_ROWS_PER_TABLE) {}

  /**
   * INSERTs that bring every table of `snapshot` to `rowsPerTable` rows, given the rows it
   * holds now. `engine` is the database the rows are for: a table with a CHECK the rules do
   * not read whole gets only rows the engine says pass (seed-probe.ts); without it they are not tried.
   */
  async plan(snapshot: Snapshot, current: TableRows = {}, engine?: D1Transport): Promise<SeedPlan> {
    const rows: TableRows = {};
    const plan: SeedPlan = { statements: [], inserted: {}, skipped: [] };
    for (const name of parentsFirst(snapshot)) {
      const table = snapshot.tables[name]!;
      const existing = current[name] ?? [];
      rows[name] = [...existing];
      const wanted = this.rowsPerTable - existing.length;
      if (wanted <= 0) continue;
      let planned = this.planTable(table, rows, wanted);
      if (typeof planned !== 'string' && engine && hasUnreadChecks(table)) planned = await this.satisfyChecks(engine, table, existing, planned);
      rows[name] = [...existing];
      if (typeof planned === 'string') {
        plan.skipped.push({ table: name, reason: planned });
        continue;
      }
      rows[name]!.push(...planned.map((p) => p.row));
      plan.inserted[name] = planned.length;
      plan.statements.push(
        ...insertStatements(
          table,
          planned.map((p) => p.row),
        ),
      );
    }
    return plan;
  }

  /**
   * New rows for `table`, or why there can be none. `rows` holds every table's rows so far;
   * the new rows are appended to it as they are made, so a self-reference can point back.
   */
  private planTable(table: SnapshotTable, rows: TableRows, wanted: number): Planned[] | string {
    const unique = uniqueSets(table);
    const taken = unique.map((set) => new Set(rows[table.name]!.map((r) => tupleKey(r, set))));
    const isFree = (row: Row) => unique.every((set, i) => !hasAllValues(row, set) || !taken[i]!.has(tupleKey(row, set)));
    const planned: Planned[] = [];
    while (planned.length < wanted) {
      const position = rows[table.name]!.length;
      // A clash on a unique tuple: try the next serial, which also points at other parents.
      let candidate: Planned | string | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        candidate = this.candidate(table, rows, position, attempt);
        if (typeof candidate === 'string' || isFree(candidate.row)) break;
      }
      if (typeof candidate === 'string') return candidate;
      if (!candidate || !isFree(candidate.row)) return `no values kept its unique columns distinct after ${MAX_ATTEMPTS} attempts`;
      for (const [i, set] of unique.entries()) taken[i]!.add(tupleKey(candidate.row, set));
      planned.push(candidate);
      rows[table.name]!.push(candidate.row);
    }
    return planned;
  }

  /**
   * The row at `position` of `table`, in the role of that position (seed-values.ts): its own
   * values first, then its foreign keys (or why they cannot be set). A row that clashed on a
   * unique tuple `attempt` times shifts its edges, and at last takes typical values.
   */
  private candidate(table: SnapshotTable, rows: TableRows, position: number, attempt: number): Planned | string {
    const serial = this.nextSerial(table.name);
    const role = roleAt(position);
    // The NULL row and the edge row of each round of three take neighbouring edges.
    const pick = 2 * Math.floor(position / 3) + (role === 'edge' ? 1 : 0) + attempt;
    const plain = attempt >= EDGE_ATTEMPTS;
    const foreignKeys = Object.values(table.foreignKeys ?? {});
    const fkColumns = new Set(foreignKeys.flatMap((fk) => fk.columnsFrom));
    const rules = columnRules(table);
    const key = new Set(primaryKey(table));
    const row: Row = {};
    const filled: Row = {};
    for (const [index, column] of Object.values(table.columns).entries()) {
      if (column.generated || fkColumns.has(column.name)) continue;
      const input = { table: table.name, column, serial, rule: rules.get(column.name), index, key: key.has(column.name) };
      const value = seedValue(role, input, pick, plain);
      row[column.name] = value;
      filled[column.name] = role === 'typical' ? value : typicalValue(input);
    }
    for (const [f, fk] of foreignKeys.entries()) {
      const problem = pointAtParent(row, fk, table, rows[fk.tableTo] ?? [], serial + f);
      if (problem) return problem;
      // The NULL row leaves a nullable reference empty; every other row points at a parent.
      const empty = role === 'nulls' && fk.columnsFrom.every((c) => !table.columns[c]?.notNull && !key.has(c));
      for (const column of fk.columnsFrom) {
        filled[column] = row[column];
        if (empty) row[column] = null;
      }
    }
    return { row, filled, serial, position };
  }

  /**
   * Replaces each planned row by the first of its variants (seed-probe.ts) that passes the
   * table's CHECKs on `engine` and keeps unique tuples distinct; drops a row none passes.
   * All of the table's candidates go to the engine in one request.
   */
  private async satisfyChecks(engine: D1Transport, table: SnapshotTable, existing: Row[], planned: Planned[]): Promise<Planned[] | string> {
    const columns = probedColumns(table);
    const probed = await passingRows(
      engine,
      table,
      columns,
      planned.map((p) => ({ row: p.row, units: varyUnits(table, p, columns) })),
    );
    if (!probed) return planned; // the engine cannot tell: insert them untried, as before
    const unique = uniqueSets(table);
    const kept: Row[] = [...existing];
    const chosen: Planned[] = [];
    for (const [i, p] of planned.entries()) {
      const row = probed.passing[i]!.rows.find((v) => isDistinct(v, kept, unique) && selfReferencesHold(table, v, [...kept, v]));
      if (!row) continue;
      kept.push(row);
      chosen.push({ ...p, row });
    }
    if (chosen.length > 0) return chosen;
    const failing = [...new Set(probed.passing.flatMap((p) => p.failing))];
    return refusal(table, probed.tried, failing);
  }

  private nextSerial(table: string): number {
    const serial = this.serials.get(table) ?? 0;
    this.serials.set(table, serial + 1);
    return serial;
  }
}

/** The columns a probe carries: those the CHECKs mention, with every column of a foreign key among them. */
function probedColumns(table: SnapshotTable): string[] {
  const mentioned = new Set(checkedColumns(table));
  for (const fk of Object.values(table.foreignKeys ?? {})) if (fk.columnsFrom.some((c) => mentioned.has(c))) for (const c of fk.columnsFrom) mentioned.add(c);
  return Object.keys(table.columns).filter((c) => mentioned.has(c));
}

/** How a planned row may vary to pass a CHECK: each mentioned column (or foreign key) flips between NULL and filled, or takes other values. */
function varyUnits(table: SnapshotTable, planned: Planned, columns: string[]): VaryUnit[] {
  const key = new Set(primaryKey(table));
  const rules = columnRules(table);
  const foreignKeys = Object.values(table.foreignKeys ?? {}).filter((fk) => fk.columnsFrom.some((c) => columns.includes(c)));
  const inForeignKey = new Set(foreignKeys.flatMap((fk) => fk.columnsFrom));
  const units: VaryUnit[] = [];
  const flipOf = (unit: string[]) => {
    const empty = unit.every((c) => planned.row[c] === null);
    if (empty) return unit.every((c) => planned.filled[c] !== null && planned.filled[c] !== undefined) ? unit.map((c) => planned.filled[c]) : undefined;
    return unit.every((c) => !table.columns[c]!.notNull && !key.has(c)) ? unit.map(() => null) : undefined;
  };
  for (const fk of foreignKeys) {
    const flip = flipOf(fk.columnsFrom);
    units.push({ columns: fk.columnsFrom, flip, pool: [fk.columnsFrom.map((c) => planned.filled[c]), ...(flip ? [flip] : [])] });
  }
  for (const [index, column] of Object.values(table.columns).entries()) {
    if (!columns.includes(column.name) || inForeignKey.has(column.name)) continue;
    const input = { table: table.name, column, serial: planned.serial, rule: rules.get(column.name), index, key: key.has(column.name) };
    units.push({ columns: [column.name], flip: flipOf([column.name]), pool: valuePool(input, roleAt(planned.position)).map((v) => [v]) });
  }
  return units;
}

/** Why no row of `table` can be seeded: the CHECKs no candidate passed (or, if each passed alone, the unique columns). */
function refusal(table: SnapshotTable, tried: number, failing: string[]): string {
  if (failing.length === 0) return `no row that passes its CHECKs keeps its unique columns distinct (${tried} candidates tried)`;
  const texts = failing.map((name) => `${name} (${table.checkConstraints[name]?.value ?? name})`);
  return `none of ${tried} candidate rows passes its CHECK ${texts.join(', ')}`;
}

function isDistinct(row: Row, rows: Row[], unique: string[][]): boolean {
  return unique.every((set) => !hasAllValues(row, set) || rows.every((r) => tupleKey(r, set) !== tupleKey(row, set)));
}

/** Whether each self-reference of `row` points at a row that will be there (a variant may leave out a row another one points at). */
function selfReferencesHold(table: SnapshotTable, row: Row, rows: Row[]): boolean {
  return Object.values(table.foreignKeys ?? {})
    .filter((fk) => fk.tableTo === table.name && hasAllValues(row, fk.columnsFrom))
    .every((fk) => rows.some((r) => tupleKey(r, fk.columnsTo) === tupleKey(row, fk.columnsFrom)));
}

/**
 * Sets the foreign-key columns of `row` to the key of one parent row (chosen by `pick`),
 * or returns why it cannot. With no parent row yet, a nullable key stays NULL and a
 * self-reference points at the row itself.
 */
function pointAtParent(row: Row, fk: SnapshotForeignKey, table: SnapshotTable, parents: Row[], pick: number): string | undefined {
  const candidates = parents.filter((p) => fk.columnsTo.every((c) => p[c] !== null && p[c] !== undefined));
  if (candidates.length > 0) {
    const parent = candidates[pick % candidates.length]!;
    for (const [i, column] of fk.columnsFrom.entries()) row[column] = parent[fk.columnsTo[i]!];
    return undefined;
  }
  if (fk.tableTo === table.name && fk.columnsTo.every((c) => row[c] !== undefined)) {
    for (const [i, column] of fk.columnsFrom.entries()) row[column] = row[fk.columnsTo[i]!];
    return undefined;
  }
  if (fk.columnsFrom.every((c) => !table.columns[c]?.notNull)) {
    for (const column of fk.columnsFrom) row[column] = null;
    return undefined;
  }
  return `its NOT NULL foreign key ${fk.columnsFrom.join(', ')} needs a row in ${fk.tableTo}, which has none`;
}

const hasAllValues = (row: Row, columns: string[]) => columns.every((c) => row[c] !== null && row[c] !== undefined);

/** Multi-row INSERTs of `rows` (literal values), split below D1's statement size limit. */
export function insertStatements(table: SnapshotTable, rows: Row[]): SeedStatement[] {
  const columns = Object.values(table.columns)
    .filter((c) => !c.generated)
    .map((c) => c.name);
  const head = `INSERT INTO ${ident(table.name)} (${columns.map(ident).join(', ')}) VALUES `;
  const statements: SeedStatement[] = [];
  let tuples: string[] = [];
  let bytes = head.length;
  for (const row of rows) {
    const tuple = `(${columns.map((c) => sqlLiteral(row[c])).join(', ')})`;
    if (tuples.length > 0 && bytes + tuple.length > MAX_INSERT_BYTES) {
      statements.push({ sql: head + tuples.join(', '), table: table.name });
      tuples = [];
      bytes = head.length;
    }
    tuples.push(tuple);
    bytes += tuple.length + 2;
  }
  if (tuples.length > 0) statements.push({ sql: head + tuples.join(', '), table: table.name });
  return statements;
}
