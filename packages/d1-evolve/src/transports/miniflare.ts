/**
 * workerd's D1, the engine of `wrangler dev` and `wrangler d1 ... --local`, driven through
 * miniflare. With `persistDir` it opens the very database wrangler uses locally; without,
 * a fresh in-memory one. This engine has D1's own SQLite build and its quirks (double-quoted
 * unknown names read as strings), so its verdict is D1's.
 *
 * A batch is one request to a small Worker that runs it with `env.DB.batch()` inside workerd:
 * one round trip, where miniflare's proxy (`getD1Database`) makes one per `prepare()` and
 * `bind()` (about 1.7 ms each, and its assertion failed now and then under load).
 */
import { createRequire } from 'node:module';
import type * as MiniflareModule from 'miniflare';
import { TransportError, type D1Transport, type Statement, type StatementResult } from './transport';

type Miniflare = MiniflareModule.Miniflare;

/**
 * miniflare, loaded on first use: every CLI command imports this file through the command
 * list, and only those that open a local D1 should pay for loading it.
 */
function loadMiniflare(): typeof MiniflareModule {
  return createRequire(import.meta.url)('miniflare') as typeof MiniflareModule;
}

/**
 * The Worker. A statement arrives as `{ sql, params? }`; JSON carries strings, numbers and
 * null as D1 binds them (D1 itself passes values on as JSON, so NaN and ±Infinity become NULL
 * either way), and a tag carries what JSON cannot: bytes (base64, bound as a Uint8Array), a
 * bigint and undefined (bound as they are, so D1 refuses them with its own D1_TYPE_ERROR, as
 * it did through the proxy). Results come back as D1 gives them: rows as objects, a BLOB as
 * an array of byte values. A failure comes back as its message and its cause's message.
 */
const WORKER = `
function param(value) {
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.$bytes === 'string') {
    const text = atob(value.$bytes);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  if (typeof value.$bigint === 'string') return BigInt(value.$bigint);
  if (value.$undefined === true) return undefined;
  return value;
}
export default {
  async fetch(request, env) {
    try {
      const statements = await request.json();
      const prepared = statements.map(({ sql, params }) =>
        params && params.length > 0 ? env.DB.prepare(sql).bind(...params.map(param)) : env.DB.prepare(sql));
      const results = await env.DB.batch(prepared);
      return Response.json({ results: results.map(({ results, meta }) => ({ results, meta })) });
    } catch (error) {
      if (!(error instanceof Error)) return Response.json({ error: { name: 'Error', message: String(error) } });
      const cause = error.cause instanceof Error ? error.cause.message : undefined;
      return Response.json({ error: { name: error.name, message: error.message, cause } });
    }
  },
};
`;

interface D1Result {
  results?: Record<string, unknown>[];
  meta?: { changes?: number; rows_read?: number; rows_written?: number; duration?: number };
}

type Answer = { results: D1Result[] } | { error: { name: string; message: string; cause?: string } };

/** workerd gave no answer of the Worker's (it crashed or ran out of memory): the batch may have committed. */
export class LocalD1UnansweredError extends TransportError {
  override name = 'LocalD1UnansweredError';
  override readonly failure = 'unanswered';
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

  /** Starts workerd at once, so it boots while the caller does other work; the first batch waits for it. */
  constructor({ databaseId, persistDir }: MiniflareTransportOptions) {
    const { Miniflare } = loadMiniflare();
    this.mf = new Miniflare({
      modules: true,
      script: WORKER,
      d1Databases: { DB: databaseId },
      d1Persist: persistDir ? `${persistDir}/v3/d1` : false,
      // The Worker reads no `request.cf`: without this, miniflare fetches workers.cloudflare.com/cf.json
      // at start-up (outside tests, when no copy of the last 30 days lies in node_modules/.mf or .wrangler/cache).
      cf: false,
    });
    this.target = persistDir ? `local D1 ${databaseId} (${persistDir})` : 'workerd D1 (in memory)';
  }

  async batch(statements: readonly Statement[]): Promise<StatementResult[]> {
    await this.mf.ready;
    const body = JSON.stringify(statements.map(({ sql, params }) => (params && params.length > 0 ? { sql, params: params.map(encode) } : { sql })));
    const response = await this.mf.dispatchFetch('http://d1.local/batch', { method: 'POST', body }).catch((error: unknown) => {
      throw new LocalD1UnansweredError(`${this.target} gave no answer to the batch: ${(error as Error).message}`, { cause: error });
    });
    const text = await response.text();
    const answer = parseAnswer(text);
    if (!answer) {
      throw new LocalD1UnansweredError(`${this.target} gave no answer to the batch (HTTP ${response.status}): ${text.slice(0, 300)}`);
    }
    if ('error' in answer) {
      const { name, message, cause } = answer.error;
      const error = new Error(message, cause === undefined ? undefined : { cause: new Error(cause) });
      if (name !== 'Error') error.name = name;
      throw error;
    }
    return answer.results.map(({ results: rows = [], meta = {} }) => ({
      rows,
      meta: { changes: meta.changes, rowsRead: meta.rows_read, rowsWritten: meta.rows_written, durationMs: meta.duration },
    }));
  }

  async close(): Promise<void> {
    await this.mf.dispose();
  }
}

/** A parameter as the Worker reads it (see WORKER). */
function encode(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value instanceof ArrayBuffer) return { $bytes: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value === undefined) return { $undefined: true };
  return value;
}

function parseAnswer(text: string): Answer | undefined {
  try {
    const answer = JSON.parse(text) as Answer;
    return answer && (Array.isArray((answer as { results?: unknown }).results) || 'error' in answer) ? answer : undefined;
  } catch {
    return undefined;
  }
}
