/**
 * The ledger is wrangler's own `d1_migrations` table, so both tools see the same state.
 * Our extra columns (checksum, duration, who applied it) are nullable and added with
 * ALTER TABLE ADD COLUMN: wrangler reads the table with `SELECT *` and inserts only `name`,
 * so it keeps working, and a row it wrote simply has no checksum.
 *
 * Everything the runner writes is literal SQL (strings escaped by sqlLiteral): D1's HTTP
 * API binds parameters only for a single statement, and the ledger row must ride in the
 * same request as its migration.
 */
import { type D1Transport, type Statement, query } from '../transport';
import { sqlLiteral } from '../sql-literal';

export const LEDGER_TABLE = 'd1_migrations';

/** Exactly the statement wrangler runs (src/d1/migrations/helpers.ts, initMigrationsTable). */
export const CREATE_LEDGER_SQL = `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE}(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`;

/** Our columns, beyond wrangler's three. */
export const EXTRA_COLUMNS = { checksum: 'TEXT', duration_ms: 'INTEGER', applied_by: 'TEXT' } as const;

export interface LedgerRow {
  id: number;
  /** The migration file name: `0004_add_agent_notes.sql`. */
  name: string;
  appliedAt: string;
  /** sha-256 of the file as applied; absent when wrangler (or an older tool) applied it. */
  checksum?: string;
  durationMs?: number;
  appliedBy?: string;
}

/** The statement that lists the ledger's columns (works on D1: table_info is an allowed PRAGMA). */
export const LEDGER_COLUMNS_SQL = `SELECT name FROM pragma_table_info('${LEDGER_TABLE}')`;
export const READ_LEDGER_SQL = `SELECT * FROM ${LEDGER_TABLE} ORDER BY id`;
export const LEDGER_EXISTS_SQL = `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '${LEDGER_TABLE}'`;

/** ALTER statements for the extra columns `existing` lacks. */
export function addMissingColumnsSql(existing: readonly string[]): string[] {
  const have = new Set(existing.map((c) => c.toLowerCase()));
  return Object.entries(EXTRA_COLUMNS)
    .filter(([column]) => !have.has(column))
    .map(([column, type]) => `ALTER TABLE ${LEDGER_TABLE} ADD COLUMN ${column} ${type}`);
}

/** Creates the ledger if missing and adds our columns if missing (at most two batches). */
export async function ensureLedger(transport: D1Transport): Promise<void> {
  const [, columns] = await transport.batch([{ sql: CREATE_LEDGER_SQL }, { sql: LEDGER_COLUMNS_SQL }]);
  const alters = addMissingColumnsSql((columns?.rows ?? []).map((r) => String(r.name)));
  if (alters.length > 0) await transport.batch(alters.map((sql) => ({ sql })));
}

/** Whether the ledger table exists (read-only: for status and dry runs). */
export async function ledgerExists(transport: D1Transport): Promise<boolean> {
  const [row] = await query<{ n: number }>(transport, LEDGER_EXISTS_SQL);
  return Number(row?.n ?? 0) > 0;
}

/** The ledger's rows in id order; [] when the table does not exist. Never writes. */
export async function readLedger(transport: D1Transport): Promise<LedgerRow[]> {
  if (!(await ledgerExists(transport))) return [];
  return toLedgerRows(await query(transport, READ_LEDGER_SQL));
}

/** Rows of `SELECT * FROM d1_migrations` as LedgerRow, tolerant of missing columns. */
export function toLedgerRows(rows: readonly Record<string, unknown>[]): LedgerRow[] {
  return rows.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    appliedAt: String(r.applied_at),
    checksum: r.checksum == null ? undefined : String(r.checksum),
    durationMs: r.duration_ms == null ? undefined : Number(r.duration_ms),
    appliedBy: r.applied_by == null ? undefined : String(r.applied_by),
  }));
}

export interface LedgerEntry {
  name: string;
  checksum: string;
  appliedBy: string;
  /** SQL expression for duration_ms, evaluated inside the same transaction (see lock.ts). */
  durationSql?: string;
}

/** The statement that records a migration as applied. */
export function ledgerInsert({ name, checksum, appliedBy, durationSql = 'NULL' }: LedgerEntry): Statement {
  return {
    sql: `INSERT INTO ${LEDGER_TABLE} (name, checksum, duration_ms, applied_by) VALUES (${sqlLiteral(name)}, ${sqlLiteral(checksum)}, ${durationSql}, ${sqlLiteral(appliedBy)})`,
  };
}

/** The statement that accepts an edited file: stores its new checksum (`--accept-checksum`). */
export function acceptChecksumSql(name: string, checksum: string): Statement {
  return { sql: `UPDATE ${LEDGER_TABLE} SET checksum = ${sqlLiteral(checksum)} WHERE name = ${sqlLiteral(name)}` };
}
