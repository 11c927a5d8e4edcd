/**
 * The one thing the migration core needs from a database: run a list of statements as a
 * single D1 transaction. Every transport — D1's HTTP API, the local D1 of `wrangler dev`,
 * a Worker's D1 binding, better-sqlite3 with D1's rules — implements it, and the core
 * (check, plan, apply, status) is written once against it.
 */
import { ToolError } from '../errors';

export type Param = string | number | bigint | null | Uint8Array;

export interface Statement {
  sql: string;
  params?: Param[];
}

export interface StatementResult {
  rows: Record<string, unknown>[];
  /** What D1 reports of the statement's work, where the engine reports it. */
  meta: { changes?: number; rowsRead?: number; rowsWritten?: number; durationMs?: number };
}

export interface D1Transport {
  /** Where the statements go, for people: `local D1 (.wrangler/state/...)`, `remote D1 <id>`. */
  readonly target: string;
  /**
   * Runs `statements` in order as ONE transaction with foreign keys enforced, as D1 runs a
   * batch: all of them commit, or none does and the promise rejects. A transport sends
   * them as one request where it can (the runner relies on that to apply exactly once).
   */
  batch(statements: readonly Statement[]): Promise<StatementResult[]>;
  close?(): Promise<void>;
}

/**
 * How a batch failed, in the terms the runner decides on (resend, settle by the ledger, stop):
 * - `rejected`: the database ran the batch and refused it (a SQL error); nothing committed.
 * - `unanswered`: no answer came (timeout, dropped connection, unreadable body); it may have
 *   committed, so it is resent only once the ledger shows it did not.
 * - `unavailable`: the service kept failing (5xx) and the transport gave up; an attempt may
 *   have committed.
 * - `throttled`: refused for now by the rate limit, before anything ran; it may be sent later.
 * - `refused`: refused before anything ran (credentials, a missing database).
 */
export type BatchFailure = 'rejected' | 'unanswered' | 'unavailable' | 'throttled' | 'refused';

/** A transport's failure, carrying its kind; errors of other types count as `rejected`. */
export class TransportError extends ToolError {
  override name = 'TransportError';
  readonly failure: BatchFailure = 'refused';

  /** Whether the batch may have committed although it failed. */
  get mayHaveCommitted(): boolean {
    return this.failure === 'unanswered' || this.failure === 'unavailable';
  }
}

/** Rows of a single statement. */
export async function query<Row = Record<string, unknown>>(transport: D1Transport, sql: string, params?: Param[]): Promise<Row[]> {
  const [result] = await transport.batch([{ sql, params }]);
  return (result?.rows ?? []) as Row[];
}

/** Statements given as text become parameterless statements. */
export function statements(sqls: readonly string[]): Statement[] {
  return sqls.map((sql) => ({ sql }));
}
