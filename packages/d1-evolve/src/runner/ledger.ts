/**
 * The ledger is wrangler's own migrations table (`migrations_table`, default `d1_migrations`),
 * so both tools see the same state.
 * Our extra columns (checksum, duration, who applied it) are nullable and added with
 * ALTER TABLE ADD COLUMN: wrangler reads the table with `SELECT *` and inserts only `name`,
 * so it keeps working, and a row it wrote simply has no checksum.
 *
 * Everything the runner writes is literal SQL (strings escaped by sqlLiteral): D1's HTTP
 * API binds parameters only for a single statement, and the ledger row must ride in the
 * same request as its migration.
 */
import { type D1Transport, type Statement, query } from '../transports/transport';
import { sqlLiteral } from '../sql/literal';
import { ToolError } from '../errors';
import { LockSql } from './lock';

/** wrangler's default `migrations_table`. */
export const DEFAULT_LEDGER_TABLE = 'd1_migrations';

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

export interface LedgerEntry {
  name: string;
  checksum: string;
  appliedBy: string;
  /** SQL expression for duration_ms, evaluated inside the same transaction (see lock.ts). */
  durationSql?: string;
}

/** The SQL of one ledger table: wrangler's `migrations_table` of the database. */
export class Ledger {
  /** The lock table that goes with it (lock.ts): `<table>_lock`. */
  readonly lock: LockSql;

  constructor(readonly table: string = DEFAULT_LEDGER_TABLE) {
    // The name is written into SQL as it is, exactly as wrangler writes it.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table))
      throw new ToolError(`"${table}" cannot be a migrations table name: use letters, digits and underscores (migrations_table in the wrangler config).`);
    this.lock = new LockSql(`${table}_lock`);
  }

  /** Exactly the statement wrangler runs (src/d1/migrations/helpers.ts, initMigrationsTable). */
  get createSql(): string {
    return `CREATE TABLE IF NOT EXISTS ${this.table}(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`;
  }

  /** Lists the ledger's columns (works on D1: table_info is an allowed PRAGMA). */
  get columnsSql(): string {
    return `SELECT name FROM pragma_table_info(${sqlLiteral(this.table)})`;
  }

  get readSql(): string {
    return `SELECT * FROM ${this.table} ORDER BY id`;
  }

  get existsSql(): string {
    return `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${sqlLiteral(this.table)}`;
  }

  /** ALTER statements for the extra columns `existing` lacks. */
  addMissingColumnsSql(existing: readonly string[]): string[] {
    const have = new Set(existing.map((c) => c.toLowerCase()));
    return Object.entries(EXTRA_COLUMNS)
      .filter(([column]) => !have.has(column))
      .map(([column, type]) => `ALTER TABLE ${this.table} ADD COLUMN ${column} ${type}`);
  }

  /** The statement that records a migration as applied. */
  insert({ name, checksum, appliedBy, durationSql = 'NULL' }: LedgerEntry): Statement {
    return {
      sql: `INSERT INTO ${this.table} (name, checksum, duration_ms, applied_by) VALUES (${sqlLiteral(name)}, ${sqlLiteral(checksum)}, ${durationSql}, ${sqlLiteral(appliedBy)})`,
    };
  }

  /** The statement that accepts an edited file: stores its new checksum (`--accept-checksum`). */
  acceptChecksum(name: string, checksum: string): Statement {
    return { sql: `UPDATE ${this.table} SET checksum = ${sqlLiteral(checksum)} WHERE name = ${sqlLiteral(name)}` };
  }

  /** A row when the ledger lists `name`. */
  containsSql(name: string): string {
    return `SELECT 1 AS found FROM ${this.table} WHERE name = ${sqlLiteral(name)}`;
  }
}

/** Creates the ledger if missing and adds our columns if missing (at most two batches). */
export async function ensureLedger(transport: D1Transport, ledger = new Ledger()): Promise<void> {
  const [, columns] = await transport.batch([{ sql: ledger.createSql }, { sql: ledger.columnsSql }]);
  const alters = ledger.addMissingColumnsSql((columns?.rows ?? []).map((r) => String(r.name)));
  if (alters.length > 0) await transport.batch(alters.map((sql) => ({ sql })));
}

/** Whether the ledger table exists (read-only: for status and dry runs). */
export async function ledgerExists(transport: D1Transport, ledger = new Ledger()): Promise<boolean> {
  const [row] = await query<{ n: number }>(transport, ledger.existsSql);
  return Number(row?.n ?? 0) > 0;
}

/** The ledger's rows in id order; [] when the table does not exist. Never writes. */
export async function readLedger(transport: D1Transport, ledger = new Ledger()): Promise<LedgerRow[]> {
  if (!(await ledgerExists(transport, ledger))) return [];
  return toLedgerRows(await query(transport, ledger.readSql));
}

/** Rows of `SELECT * FROM <ledger>` as LedgerRow, tolerant of missing columns. */
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
