/**
 * A Worker's D1 binding (`env.DB`) as a transport: `db.batch()` of prepared statements is
 * one D1 transaction, so a migration, its ledger row and its lock guard commit together,
 * and no REST rate limit applies. Runs inside workerd: this file and what it imports use no
 * Node module.
 */
import type { D1Transport, Param, Statement, StatementResult } from './transport';

/** The part of the Workers `D1Database` type this transport uses (no @cloudflare/workers-types needed). */
export interface D1DatabaseBinding {
  prepare(sql: string): D1PreparedStatementBinding;
  batch(statements: D1PreparedStatementBinding[]): Promise<D1ResultBinding[]>;
}

export interface D1PreparedStatementBinding {
  bind(...values: unknown[]): D1PreparedStatementBinding;
}

export interface D1ResultBinding {
  results?: Record<string, unknown>[];
  meta?: { changes?: number; rows_read?: number; rows_written?: number; duration?: number };
}

export class BindingTransport implements D1Transport {
  readonly target: string;

  /** `name` says which binding, for messages: `D1 binding DB`. */
  constructor(
    private readonly db: D1DatabaseBinding,
    name = 'DB',
  ) {
    this.target = `D1 binding ${name}`;
  }

  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    if (statements.length === 0) return [];
    const prepared = statements.map(({ sql, params = [] }) => this.db.prepare(sql).bind(...params.map(bindable)));
    const results = await this.db.batch(prepared);
    return results.map(({ results: rows = [], meta = {} }) => ({
      rows,
      meta: { changes: meta.changes, rowsRead: meta.rows_read, rowsWritten: meta.rows_written, durationMs: meta.duration },
    }));
  }
}

/** D1 binds numbers, strings, null and ArrayBuffers; a bigint travels as its decimal text. */
function bindable(value: Param): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}
