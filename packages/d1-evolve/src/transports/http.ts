/**
 * Remote D1 over Cloudflare's HTTP API. A batch is ONE `/query` request whose `sql` holds
 * every statement, which D1 runs as one transaction: the runner sends a migration, its
 * ledger row and its lock check together so they commit whole or not at all.
 */
import { stripComments } from '../sql/split';
import type { D1Transport, Statement, StatementResult } from './transport';
import { CloudflareApi, type CloudflareApiOptions, databasePath } from './cloudflare-api';

interface D1QueryResult {
  results?: Record<string, unknown>[];
  success?: boolean;
  meta?: { changes?: number; duration?: number; rows_read?: number; rows_written?: number };
}

export type HttpTransportOptions = CloudflareApiOptions;

export class HttpTransport implements D1Transport {
  readonly target: string;
  readonly api: CloudflareApi;
  readonly databaseId: string;

  constructor(options: HttpTransportOptions) {
    this.api = new CloudflareApi(options);
    this.databaseId = options.databaseId;
    this.target = `remote D1 ${options.databaseId}`;
  }

  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    if (statements.length === 0) return [];
    const body = toQueryBody(statements);
    const results = await this.api.request<D1QueryResult[]>(databasePath(this.api, this.databaseId, '/query'), { method: 'POST', body }, true);
    return results.map(({ results: rows = [], meta = {} }) => ({
      rows,
      meta: { changes: meta.changes, rowsRead: meta.rows_read, rowsWritten: meta.rows_written, durationMs: meta.duration },
    }));
  }
}

/**
 * The `/query` body for a batch: the statements joined by `;\n`. Comments are removed
 * first, because D1's server-side splitter has mishandled quotes inside them and a trailing
 * `-- comment` would swallow the joining `;`. Parameters travel only with a single statement.
 */
export function toQueryBody(statements: readonly Statement[]): { sql: string; params?: unknown[] } {
  if (statements.length === 1) {
    const [only] = statements as [Statement];
    return only.params?.length ? { sql: only.sql, params: only.params.map(jsonParam) } : { sql: only.sql };
  }
  if (statements.some((s) => s.params?.length)) {
    throw new TypeError('D1 HTTP batch: bound parameters are only possible for a single statement; write literals (sql-literal.ts).');
  }
  return { sql: `${statements.map((s) => stripComments(s.sql).trim().replace(/;+$/, '')).join(';\n')};` };
}

function jsonParam(value: NonNullable<Statement['params']>[number]): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}
