/**
 * Seed rows generated from a snapshot: every table topped up to N rows, every column
 * filled (nullable ones and nullable foreign keys too, so that a SET NULL shows), parents
 * before children, CHECK lists and ranges respected, unique tuples distinct. Values say
 * where they come from (`posts.title#4`), so a changed one is easy to recognise.
 */
import type { Snapshot, SnapshotColumn, SnapshotForeignKey, SnapshotTable } from '../schema/snapshot';
import type { D1Transport, Statement } from '../transports/transport';
import { ident, tupleKey, type Row, type TableRows } from './rows';
import { affinity, columnRules, parentsFirst, uniqueSets, type ColumnRule } from './table-facts';
import { sqlLiteral } from '../sql/literal';

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

/** How many rows each table holds before a migration runs. */
export const DEFAULT_ROWS_PER_TABLE = 3;
const MAX_ATTEMPTS = 50;
const MAX_INSERT_BYTES = 90_000;
const EPOCH = Date.UTC(2025, 0, 1);

/**
 * Plans seed rows along a chain. It remembers a serial per table across migrations, so
 * rows added by a top-up never repeat the values of earlier ones.
 */
export class Seeder {
  private readonly serials = new Map<string, number>();

  constructor(readonly rowsPerTable = DEFAULT_ROWS_PER_TABLE) {}

  /**
   * INSERTs that bring every table of `snapshot` to `rowsPerTable` rows, given the rows it
   * holds now. `engine` is the database the rows are for (it may be asked what a CHECK allows).
   */
  async plan(snapshot: Snapshot, current: TableRows = {}, _engine?: D1Transport): Promise<SeedPlan> {
    const rows: TableRows = {};
    const plan: SeedPlan = { statements: [], inserted: {}, skipped: [] };
    for (const name of parentsFirst(snapshot)) {
      const table = snapshot.tables[name]!;
      const existing = current[name] ?? [];
      rows[name] = [...existing];
      const wanted = this.rowsPerTable - existing.length;
      if (wanted <= 0) continue;
      const planned = this.planTable(table, rows, wanted);
      if (typeof planned === 'string') {
        rows[name] = [...existing];
        plan.skipped.push({ table: name, reason: planned });
        continue;
      }
      plan.inserted[name] = planned.length;
      plan.statements.push(...insertStatements(table, planned));
    }
    return plan;
  }

  /**
   * New rows for `table`, or why there can be none. `rows` holds every table's rows so far;
   * the new rows are appended to it as they are made, so a self-reference can point back.
   */
  private planTable(table: SnapshotTable, rows: TableRows, wanted: number): Row[] | string {
    const unique = uniqueSets(table);
    const taken = unique.map((set) => new Set(rows[table.name]!.map((r) => tupleKey(r, set))));
    const isFree = (row: Row) => unique.every((set, i) => !hasAllValues(row, set) || !taken[i]!.has(tupleKey(row, set)));
    const planned: Row[] = [];
    while (planned.length < wanted) {
      // A clash on a unique tuple: try the next serial, which also points at other parents.
      let row: Row | string | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
        row = this.candidate(table, rows, this.nextSerial(table.name));
        if (typeof row === 'string' || isFree(row)) break;
      }
      if (typeof row === 'string') return row;
      if (!row || !isFree(row)) return `no values kept its unique columns distinct after ${MAX_ATTEMPTS} attempts`;
      for (const [i, set] of unique.entries()) taken[i]!.add(tupleKey(row as Row, set));
      planned.push(row);
      rows[table.name]!.push(row);
    }
    return planned;
  }

  /** Row number `serial` of `table`: its own values first, then its foreign keys (or why they cannot be set). */
  private candidate(table: SnapshotTable, rows: TableRows, serial: number): Row | string {
    const foreignKeys = Object.values(table.foreignKeys ?? {});
    const fkColumns = new Set(foreignKeys.flatMap((fk) => fk.columnsFrom));
    const rules = columnRules(table);
    const row: Row = {};
    for (const column of Object.values(table.columns)) {
      if (!column.generated && !fkColumns.has(column.name)) row[column.name] = columnValue(table.name, column, serial, rules.get(column.name));
    }
    for (const [f, fk] of foreignKeys.entries()) {
      const problem = pointAtParent(row, fk, table, rows[fk.tableTo] ?? [], serial + f);
      if (problem) return problem;
    }
    return row;
  }

  private nextSerial(table: string): number {
    const serial = this.serials.get(table) ?? 0;
    this.serials.set(table, serial + 1);
    return serial;
  }
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

/** A value for a non-key column: inside its CHECK list or range, distinct per serial where it can be. */
export function columnValue(table: string, column: SnapshotColumn, serial: number, rule: ColumnRule = {}): unknown {
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
      return textValue(column, label, serial);
  }
}

function inRange(serial: number, low: number | undefined, high: number | undefined, integer: boolean): number {
  const min = low ?? (high ?? 0) - 100;
  const max = high ?? min + 100;
  if (integer) return min + (serial % (Math.floor(max - min) + 1));
  return min + ((max - min) * ((serial % 9) + 1)) / 10;
}

/** Text that looks like what the column holds: JSON where the default is JSON, a timestamp where it is the clock. */
function textValue(column: SnapshotColumn, label: string, serial: number): string {
  const fallback = typeof column.default === 'string' ? column.default : '';
  if (fallback.startsWith("'{")) return JSON.stringify({ seed: label });
  if (fallback.startsWith("'[")) return JSON.stringify([label]);
  if (/CURRENT_TIMESTAMP|datetime|strftime/i.test(fallback)) return new Date(EPOCH + serial * 1000).toISOString().replace('T', ' ').slice(0, 19);
  return label;
}

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
