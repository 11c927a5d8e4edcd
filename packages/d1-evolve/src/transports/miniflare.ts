/**
 * workerd's D1, the engine of `wrangler dev` and `wrangler d1 ... --local`, driven through
 * miniflare. With `persistDir` it opens the very database wrangler uses locally; without,
 * a fresh in-memory one. This engine has D1's own SQLite build and its quirks (double-quoted
 * unknown names read as strings), so its verdict is D1's.
 */
import { createRequire } from 'node:module';
import type * as MiniflareModule from 'miniflare';
import type { D1Transport, Statement, StatementResult } from './transport';

type Miniflare = MiniflareModule.Miniflare;

/**
 * miniflare, loaded on first use: every CLI command imports this file through the command
 * list, and only those that open a local D1 should pay for loading it.
 */
function loadMiniflare(): typeof MiniflareModule {
  return createRequire(import.meta.url)('miniflare') as typeof MiniflareModule;
}

interface D1Result {
  results?: Record<string, unknown>[];
  meta?: { changes?: number; rows_read?: number; rows_written?: number; duration?: number };
}

export interface MiniflareTransportOptions {
  /** The database id: it names the local SQLite file (see config/local-d1.ts). */
  databaseId: string;
  /** wrangler's state folder (`.wrangler/state`); omit for an in-memory database. */
  persistDir?: string;
}

export class MiniflareTransport implements D1Transport {
  readonly target: string;
  private readonly mf: Miniflare;
  private db?: Awaited<ReturnType<Miniflare['getD1Database']>>;

  constructor({ databaseId, persistDir }: MiniflareTransportOptions) {
    const { Miniflare } = loadMiniflare();
    this.mf = new Miniflare({
      modules: true,
      script: 'export default {}',
      d1Databases: { DB: databaseId },
      d1Persist: persistDir ? `${persistDir}/v3/d1` : false,
    });
    this.target = persistDir ? `local D1 ${databaseId} (${persistDir})` : 'workerd D1 (in memory)';
  }

  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    this.db ??= await this.mf.getD1Database('DB');
    const db = this.db;
    // Each call on a prepared statement is a synchronous round trip through miniflare's proxy
    // (one that can fail its own assertion under load): bind only what has parameters.
    const prepared = statements.map(({ sql, params = [] }) => (params.length > 0 ? db.prepare(sql).bind(...params) : db.prepare(sql)));
    const results = (await db.batch(prepared)) as D1Result[];
    return results.map(({ results: rows = [], meta = {} }) => ({
      rows,
      meta: { changes: meta.changes, rowsRead: meta.rows_read, rowsWritten: meta.rows_written, durationMs: meta.duration },
    }));
  }

  async close(): Promise<void> {
    await this.mf.dispose();
  }
}
