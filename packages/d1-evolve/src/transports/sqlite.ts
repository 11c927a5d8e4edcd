/**
 * better-sqlite3 run the way D1 runs SQL: foreign keys on, each batch one transaction, and
 * what D1 refuses refused here too (d1-rules.ts). It is the fast engine of `d1-evolve check` and
 * the in-memory database of the tests. Its SQLite is built with SQLITE_DQS=0, so a
 * double-quoted unknown name is an error here where D1 reads it as a string: the check
 * consults workerd's D1 (miniflare.ts) for D1's own verdict.
 */
import Database from 'better-sqlite3';
import { d1Refusal } from '../sql/d1-rules';
import type { D1Transport, Statement, StatementResult } from './transport';

export class D1RefusedError extends Error {
  override name = 'D1RefusedError';
  constructor(
    message: string,
    readonly sql: string,
  ) {
    super(message);
  }
}

export class SqliteTransport implements D1Transport {
  readonly db: Database.Database;
  readonly target: string;

  /** `file` defaults to a new in-memory database. */
  constructor(file = ':memory:') {
    this.db = new Database(file);
    this.db.pragma('foreign_keys = ON');
    this.target = file === ':memory:' ? 'in-memory SQLite (D1 rules)' : `SQLite file ${file} (D1 rules)`;
  }

  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    return this.batchSync(statements);
  }

  /** The same as batch, synchronously: better-sqlite3 is synchronous. */
  batchSync(statements: readonly Statement[]): StatementResult[] {
    for (const { sql } of statements) {
      const refusal = d1Refusal(sql);
      if (refusal) throw new D1RefusedError(refusal, sql);
    }
    const run = this.db.transaction(() => statements.map((statement) => this.run(statement)));
    return run();
  }

  private run({ sql, params = [] }: Statement): StatementResult {
    const started = performance.now();
    const prepared = this.db.prepare(sql);
    if (prepared.reader) {
      const rows = prepared.all(...params) as Record<string, unknown>[];
      return { rows, meta: { rowsRead: rows.length, durationMs: performance.now() - started } };
    }
    const { changes } = prepared.run(...params);
    return { rows: [], meta: { changes, rowsWritten: changes, durationMs: performance.now() - started } };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
