import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AmbiguousError,
  AuthError,
  D1QueryError,
  RateLimitedError,
  ServerError,
  getBookmark,
  getDatabaseInfo,
  restoreBookmark,
} from '../../src/transports/cloudflare-api';
import { HttpTransport, type HttpTransportOptions, toQueryBody } from '../../src/transports/http';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';

let server: D1ApiServer;
let slept: number[];
beforeEach(async () => {
  server = await startD1ApiServer();
  slept = [];
});
afterEach(async () => {
  await server.close();
});

function transport(options: Partial<HttpTransportOptions> = {}): HttpTransport {
  return new HttpTransport({
    apiBaseUrl: server.url,
    accountId: server.accountId,
    databaseId: server.databaseId,
    token: server.token,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
}

const queries = () => server.requests.filter((r) => r.path.endsWith('/query'));
const count = (table: string) => (server.database().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the D1 HTTP transport', () => {
  it('sends a batch as ONE /query request and maps each statement’s rows and meta', async () => {
    const http = transport();
    const results = await http.batch([
      { sql: 'CREATE TABLE t (x INTEGER) -- trailing comment would swallow a joining ;' },
      { sql: "INSERT INTO t VALUES (1), (2) /* it's */" },
      { sql: 'SELECT x FROM t ORDER BY x' },
    ]);
    expect(queries()).toHaveLength(1);
    expect(results).toHaveLength(3);
    expect(results[1]?.meta.rowsWritten).toBeGreaterThanOrEqual(2);
    expect(results[2]?.rows).toEqual([{ x: 1 }, { x: 2 }]);
    expect(results[2]?.meta.rowsRead).toBeGreaterThanOrEqual(2);
    expect(typeof results[2]?.meta.durationMs).toBe('number');
  });

  it('binds parameters of a single statement and refuses them in a multi-statement batch', async () => {
    const http = transport();
    await http.batch([{ sql: 'CREATE TABLE t (x TEXT)' }]);
    await http.batch([{ sql: 'INSERT INTO t VALUES (?)', params: ["o'k"] }]);
    expect((await http.batch([{ sql: 'SELECT x FROM t' }]))[0]?.rows).toEqual([{ x: "o'k" }]);
    expect(() => toQueryBody([{ sql: 'SELECT ?', params: [1] }, { sql: 'SELECT 1' }])).toThrow(/single statement/);
  });

  it('answers a failing statement with D1QueryError and commits nothing of the batch', async () => {
    const http = transport();
    await http.batch([{ sql: 'CREATE TABLE t (x INTEGER NOT NULL)' }]);
    const error = await http.batch([{ sql: 'INSERT INTO t VALUES (1)' }, { sql: 'INSERT INTO t VALUES (NULL)' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(D1QueryError);
    expect((error as Error).message).toMatch(/NOT NULL/);
    expect(count('t')).toBe(0);
    expect(queries()).toHaveLength(2); // not retried
  });

  it.each([401, 403])('stops at once on %i, naming the token variable and the account but never the token', async (status) => {
    server.fault({ match: { pathIncludes: '/query' }, status, times: 5 });
    const error = await transport()
      .batch([{ sql: 'SELECT 1' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    const message = (error as Error).message;
    expect(message).toContain('CLOUDFLARE_D1_TOKEN');
    expect(message).toContain('CLOUDFLARE_API_TOKEN');
    expect(message).toContain(server.accountId);
    expect(message).not.toContain(server.token);
    expect(queries()).toHaveLength(1);
  });

  it('retries a 429, waiting as long as retry-after says', async () => {
    server.fault({ match: { pathIncludes: '/query' }, status: 429, retryAfter: 3 });
    const [result] = await transport({ baseDelayMs: 10 }).batch([{ sql: 'SELECT 1 AS one' }]);
    expect(result?.rows).toEqual([{ one: 1 }]);
    expect(queries().map((r) => r.status)).toEqual([429, 200]);
    expect(slept).toEqual([3000]);
  });

  it.each([500, 502, 503])('retries a %i with growing backoff', async (status) => {
    server.fault({ match: { pathIncludes: '/query' }, status, times: 2 });
    await transport({ baseDelayMs: 10 }).batch([{ sql: 'SELECT 1' }]);
    expect(queries().map((r) => r.status)).toEqual([status, status, 200]);
    expect(slept).toEqual([10, 20]);
  });

  it('gives up after the bounded number of attempts', async () => {
    server.fault({ match: { pathIncludes: '/query' }, status: 429, times: 10 });
    await expect(transport({ maxAttempts: 3, baseDelayMs: 1 }).batch([{ sql: 'SELECT 1' }])).rejects.toBeInstanceOf(RateLimitedError);
    expect(queries()).toHaveLength(3);
    server.clearFaults();
    server.fault({ match: { pathIncludes: '/query' }, status: 503, times: 10 });
    await expect(transport({ maxAttempts: 2, baseDelayMs: 1 }).batch([{ sql: 'SELECT 1' }])).rejects.toBeInstanceOf(ServerError);
  });

  it('reports a connection dropped before commit as ambiguous, and nothing committed', async () => {
    const http = transport();
    await http.batch([{ sql: 'CREATE TABLE t (x INTEGER)' }]);
    server.fault({ match: { pathIncludes: '/query' }, drop: 'before-commit' });
    await expect(http.batch([{ sql: 'INSERT INTO t VALUES (1)' }])).rejects.toBeInstanceOf(AmbiguousError);
    expect(count('t')).toBe(0);
  });

  it('reports a connection dropped after commit as ambiguous, although it committed (the runner settles it)', async () => {
    const http = transport();
    await http.batch([{ sql: 'CREATE TABLE t (x INTEGER)' }]);
    server.fault({ match: { pathIncludes: '/query' }, drop: 'after-commit' });
    await expect(http.batch([{ sql: 'INSERT INTO t VALUES (1)' }])).rejects.toBeInstanceOf(AmbiguousError);
    expect(count('t')).toBe(1);
    expect(queries()).toHaveLength(2); // not retried by the transport
  });

  it('times out a request that never gets an answer, as ambiguous', async () => {
    server.fault({ match: { pathIncludes: '/query' }, hang: true });
    const started = performance.now();
    const error = await transport({ timeoutMs: 300 })
      .batch([{ sql: 'SELECT 1' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousError);
    expect((error as Error).message).toMatch(/no answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('the other D1 endpoints through the same plumbing', () => {
  it('reads database info, takes a Time Travel bookmark and restores it', async () => {
    const http = transport();
    expect((await getDatabaseInfo(http.api, server.databaseId)).uuid).toBe(server.databaseId);
    await http.batch([{ sql: 'CREATE TABLE t (x INTEGER)' }]);
    const bookmark = await getBookmark(http.api, server.databaseId);
    expect(bookmark).toBeTruthy();
    await http.batch([{ sql: 'INSERT INTO t VALUES (1)' }]);
    const restored = await restoreBookmark(http.api, server.databaseId, { bookmark });
    expect(restored.previous_bookmark).toBeTruthy();
    expect(count('t')).toBe(0);
  });

  it('retries a 503 on the bookmark endpoint too', async () => {
    server.fault({ match: { pathIncludes: 'time_travel/bookmark' }, status: 503 });
    const http = transport({ baseDelayMs: 1 });
    expect(await getBookmark(http.api, server.databaseId)).toBeTruthy();
    expect(server.requests.filter((r) => r.path.includes('bookmark')).map((r) => r.status)).toEqual([503, 200]);
  });
});
