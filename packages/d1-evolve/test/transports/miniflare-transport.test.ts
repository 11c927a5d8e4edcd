/**
 * MiniflareTransport sends each batch to a small Worker that runs it with `env.DB.batch()`
 * inside workerd. It must answer as workerd's D1 answers through miniflare's own proxy
 * (`getD1Database`, the way it was driven before): the same rows and values, the same error
 * texts, one all-or-nothing transaction per batch with foreign keys enforced, and the same
 * SQLite file as wrangler's local D1 when given wrangler's state folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type * as MiniflareModule from 'miniflare';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readLive, readStatements } from '../../src/check/read';
import { localD1File } from '../../src/config/local-d1';
import { MiniflareTransport } from '../../src/transports/miniflare';
import type { Param, Statement } from '../../src/transports/transport';

const { Miniflare } = createRequire(import.meta.url)('miniflare') as typeof MiniflareModule;

type ProxyDb = Awaited<ReturnType<MiniflareModule.Miniflare['getD1Database']>>;

/** The reference: workerd's D1 driven through miniflare's proxy, one call per prepare and bind. */
let reference: MiniflareModule.Miniflare;
let proxyDb: ProxyDb;
beforeAll(async () => {
  reference = new Miniflare({ modules: true, script: 'export default {}', d1Databases: { DB: 'reference' } });
  proxyDb = await reference.getD1Database('DB');
}, 60_000);
afterAll(async () => {
  await reference.dispose();
});

let transport: MiniflareTransport;
beforeEach(() => {
  transport = new MiniflareTransport({ databaseId: 'miniflare-transport-test' });
});
afterEach(async () => {
  await transport.close();
});

async function viaProxy(statements: Statement[]): Promise<Record<string, unknown>[][]> {
  const prepared = statements.map(({ sql, params = [] }) => (params.length > 0 ? proxyDb.prepare(sql).bind(...params) : proxyDb.prepare(sql)));
  const results = (await proxyDb.batch(prepared)) as { results: Record<string, unknown>[] }[];
  return results.map((r) => r.results);
}

async function viaTransport(statements: Statement[]): Promise<Record<string, unknown>[][]> {
  return (await transport.batch(statements)).map((r) => r.rows);
}

/** The error both paths throw for `statements`: message and the cause's message. */
async function failureOf(run: () => Promise<unknown>): Promise<{ message: string; cause?: string; name: string }> {
  try {
    await run();
  } catch (error) {
    const e = error as Error;
    return { message: e.message, cause: (e.cause as Error | undefined)?.message, name: e.name };
  }
  throw new Error('expected the batch to fail');
}

const VALUES_TABLE = 'CREATE TABLE v (id INTEGER PRIMARY KEY, b BLOB, i INTEGER, r REAL, n TEXT, e TEXT, u TEXT)';
const BIG = '9007199254740993'; // 2^53 + 1: no double holds it

describe('values', () => {
  it('returns a BLOB, an integer beyond 2^53, a REAL, NULL, the empty string and unicode as the proxy does', async () => {
    const params: Param[] = [2, new Uint8Array([0, 255, 16]), 1.5, null, '', 'héllo ✓ 😀 \u0000 end'];
    const statements: Statement[] = [
      { sql: VALUES_TABLE },
      { sql: `INSERT INTO v VALUES (1, x'00ff10', ${BIG}, 1.5, NULL, '', 'héllo ✓ 😀')` },
      { sql: 'INSERT INTO v (id, b, r, n, e, u) VALUES (?, ?, ?, ?, ?, ?)', params },
      { sql: 'SELECT * FROM v ORDER BY id' },
      {
        sql: 'SELECT id, typeof(b) AS b, typeof(i) AS i, typeof(r) AS r, typeof(n) AS n, typeof(e) AS e, hex(b) AS hex, CAST(i AS TEXT) AS digits FROM v ORDER BY id',
      },
    ];
    const [proxy, ours] = [await viaProxy(statements), await viaTransport(statements)];
    expect(ours).toEqual(proxy);
    expect(ours[3]).toEqual([
      { id: 1, b: [0, 255, 16], i: 9007199254740992, r: 1.5, n: null, e: '', u: 'héllo ✓ 😀' },
      { id: 2, b: [0, 255, 16], i: null, r: 1.5, n: null, e: '', u: 'héllo ✓ 😀 \u0000 end' },
    ]);
    // The engine holds the exact integer and a real BLOB; only the JS number of the result rounds (read.ts reads exactly).
    expect(ours[4]).toEqual([
      { id: 1, b: 'blob', i: 'integer', r: 'real', n: 'null', e: 'text', hex: '00FF10', digits: BIG },
      { id: 2, b: 'blob', i: 'null', r: 'real', n: 'null', e: 'text', hex: '00FF10', digits: null },
    ]);
  });

  it('binds an ArrayBuffer, a whole number, a boolean, NaN, -0 and Infinity as the proxy does', async () => {
    const values: unknown[] = [new Uint8Array([7, 8]).buffer, new Uint8Array([1, 2, 3, 4]).subarray(1, 3), 3, true, Number.NaN, -0, Number.POSITIVE_INFINITY];
    const statements = values.map((value) => ({ sql: 'SELECT ?1 AS v, typeof(?1) AS t, quote(?1) AS q', params: [value as Param] }));
    const [proxy, ours] = [await viaProxy(statements), await viaTransport(statements)];
    expect(ours).toEqual(proxy);
    expect(ours.map((rows) => rows[0]!.q)).toEqual(["X'0708'", "X'0203'", '3.0', '1.0', 'NULL', '0.0', 'NULL']);
  });

  it('binds a Node Buffer as a BLOB, where the proxy failed its own assertion (workerd has no Buffer constructor)', async () => {
    const buffer = Buffer.from('buffer bytes');
    const statements: Statement[] = [{ sql: 'SELECT ?1 AS v, quote(?2) AS q', params: [buffer, buffer.subarray(2, 5)] }];
    expect(await viaTransport(statements)).toEqual([[{ v: [...buffer], q: "X'666665'" }]]);
    expect((await failureOf(() => viaProxy(statements))).name).toBe('AssertionError');
  });

  it('refuses a bigint parameter with the proxy path’s D1_TYPE_ERROR (D1 binds no bigint)', async () => {
    const statements: Statement[] = [{ sql: 'SELECT ? AS v', params: [BigInt(BIG)] }];
    const ours = await failureOf(() => transport.batch(statements));
    expect(ours).toEqual(await failureOf(() => viaProxy(statements)));
    expect(ours).toEqual({
      name: 'Error',
      message: `D1_TYPE_ERROR: Type 'bigint' not supported for value '${BIG}'`,
      cause: `Type 'bigint' not supported for value '${BIG}'`,
    });
  });

  it('reports meta as D1 does: changes, rows read and written, duration', async () => {
    const results = await transport.batch([
      { sql: 'CREATE TABLE m (id INTEGER PRIMARY KEY)' },
      { sql: 'INSERT INTO m VALUES (1), (2), (3)' },
      { sql: 'SELECT * FROM m' },
    ]);
    expect(results[1]!.meta).toMatchObject({ changes: 3, rowsWritten: 3 });
    expect(results[2]!.meta).toMatchObject({ changes: 0, rowsRead: 3, rowsWritten: 0 });
    expect(typeof results[2]!.meta.durationMs).toBe('number');
  });
});

describe('errors', () => {
  const cases: [string, Statement[], string][] = [
    ['an unknown column', [{ sql: 'SELECT x' }], 'D1_ERROR: no such column: x at offset 7: SQLITE_ERROR'],
    ['a syntax error', [{ sql: 'SELCT 1' }], 'D1_ERROR: near "SELCT": syntax error at offset 0: SQLITE_ERROR'],
    [
      'a foreign key',
      [{ sql: 'CREATE TABLE p (id INTEGER PRIMARY KEY)' }, { sql: 'CREATE TABLE c (p INTEGER REFERENCES p(id))' }, { sql: 'INSERT INTO c VALUES (5)' }],
      'D1_ERROR: FOREIGN KEY constraint failed: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_FOREIGNKEY)',
    ],
    ['a value too big', [{ sql: 'SELECT zeroblob(3000000)' }], 'D1_ERROR: string or blob too big: SQLITE_TOOBIG'],
    ['an empty batch', [], 'D1_ERROR: No SQL statements detected.'],
  ];
  it.each(cases)('fails on %s with the message and cause the proxy path gives', async (_, statements, message) => {
    const ours = await failureOf(() => transport.batch(statements));
    expect(ours).toEqual(await failureOf(() => viaProxy(statements)));
    expect(ours.message).toBe(message);
    expect(ours.cause).toBe(message.replace(/^D1_ERROR: /, ''));
    expect(ours.name).toBe('Error');
  });

  it('refuses BEGIN, as D1 does', async () => {
    const ours = await failureOf(() => transport.batch([{ sql: 'BEGIN' }]));
    expect(ours).toEqual(await failureOf(() => viaProxy([{ sql: 'BEGIN' }])));
    expect(ours.message).toMatch(/^D1_ERROR: To execute a transaction, please use the state\.storage\.transaction\(\)/);
  });
});

describe('transactions', () => {
  it('commits nothing of a batch whose third statement fails', async () => {
    await transport.batch([{ sql: 'CREATE TABLE a (id INTEGER PRIMARY KEY)' }]);
    const failing: Statement[] = [{ sql: 'INSERT INTO a VALUES (1)' }, { sql: 'CREATE TABLE b (id)' }, { sql: 'INSERT INTO a VALUES (1)' }];
    expect((await failureOf(() => transport.batch(failing))).message).toBe(
      'D1_ERROR: UNIQUE constraint failed: a.id: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)',
    );
    const [rows, tables] = await viaTransport([{ sql: 'SELECT count(*) AS n FROM a' }, { sql: "SELECT name FROM sqlite_master WHERE name = 'b'" }]);
    expect(rows).toEqual([{ n: 0 }]);
    expect(tables).toEqual([]);
  });

  it('enforces foreign keys as D1 does: on, and checked by the statement', async () => {
    const statements: Statement[] = [{ sql: 'PRAGMA foreign_keys' }, { sql: 'PRAGMA defer_foreign_keys' }];
    expect(await viaTransport(statements)).toEqual(await viaProxy(statements));
    expect((await viaTransport(statements))[0]).toEqual([{ foreign_keys: 1 }]);
  });

  it('runs 2,000 statements as one batch and returns a result for each', async () => {
    const inserts = Array.from({ length: 2000 }, (_, i) => ({
      sql: 'INSERT INTO big VALUES (?, ?, ?)',
      params: [i, `row ${i} ${'x'.repeat(500)}`, Buffer.from([i % 256])],
    }));
    const results = await transport.batch([
      { sql: 'CREATE TABLE big (id INTEGER PRIMARY KEY, t TEXT, b BLOB)' },
      ...inserts,
      { sql: 'SELECT * FROM big ORDER BY id' },
    ]);
    expect(results).toHaveLength(2002);
    expect(results.slice(1, -1).every((r) => r.meta.changes === 1)).toBe(true);
    const rows = results.at(-1)!.rows;
    expect(rows).toHaveLength(2000);
    expect(rows[1999]).toEqual({ id: 1999, t: `row 1999 ${'x'.repeat(500)}`, b: [1999 % 256] });
  });

  it('reads a table too large for one JSON value row by row (readLive after SQLITE_TOOBIG)', async () => {
    const fill = Array.from({ length: 30 }, (_, i) => ({ sql: 'INSERT INTO wide VALUES (?, ?)', params: [i, 'y'.repeat(100_000)] }));
    await transport.batch([{ sql: 'CREATE TABLE wide (id INTEGER PRIMARY KEY, t TEXT)' }, ...fill]);
    const read = readStatements([{ name: 'wide', columns: ['id', 't'] }]);
    expect((await failureOf(() => transport.batch(read))).message).toBe('D1_ERROR: string or blob too big: SQLITE_TOOBIG');
    const { rows } = await readLive(transport, ['wide']);
    expect(rows.wide).toHaveLength(30);
    expect((rows.wide![29]!.t as string).length).toBe(100_000);
  });
});

describe('persistDir', () => {
  let state: string;
  beforeEach(() => {
    state = mkdtempSync(join(tmpdir(), 'd1-evolve-miniflare-'));
  });
  afterEach(() => {
    rmSync(state, { recursive: true, force: true });
  });

  it("writes wrangler's local D1 file for the database id, which the next transport opens again", async () => {
    const databaseId = '00000000-0000-4000-8000-00000000abcd';
    const first = new MiniflareTransport({ databaseId, persistDir: state });
    try {
      await first.batch([
        { sql: 'CREATE TABLE kept (id INTEGER PRIMARY KEY, b BLOB)' },
        { sql: 'INSERT INTO kept VALUES (1, ?)', params: [new Uint8Array([9])] },
      ]);
    } finally {
      await first.close();
    }
    const file = new Database(localD1File(state, databaseId), { readonly: true });
    try {
      expect(file.prepare('SELECT id, hex(b) AS b FROM kept').all()).toEqual([{ id: 1, b: '09' }]);
    } finally {
      file.close();
    }
    const second = new MiniflareTransport({ databaseId, persistDir: state });
    try {
      expect(await second.batch([{ sql: 'SELECT * FROM kept' }]).then((r) => r[0]!.rows)).toEqual([{ id: 1, b: [9] }]);
    } finally {
      await second.close();
    }
  });
});
