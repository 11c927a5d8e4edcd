/**
 * The runner never leaves its lock behind: a lost answer to the request that takes it, a
 * storm of 502 pages and 429s around the release, and a Time Travel restore to the bookmark
 * taken before an apply. After each, a plain second apply (no --force-unlock) goes through
 * and the ledger lists every migration once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApplyOptions, applyMigrations } from '../../src/runner/apply';
import { LockSql, lockLeftMessage, readLock } from '../../src/runner/lock';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { getBookmark, restoreBookmark } from '../../src/transports/cloudflare-api';
import type { HttpTransportOptions } from '../../src/transports/http';
import { THREE, type TempFolder, loopbackTransport, migrationFolder, noWait } from './helpers';

let server: D1ApiServer;
let folder: TempFolder;
beforeEach(async () => {
  server = await startD1ApiServer();
  folder = migrationFolder(THREE);
});
afterEach(async () => {
  await server.close();
  folder.remove();
});

const http = (options: Partial<HttpTransportOptions> = {}) => loopbackTransport(server, options);
const apply = (options: Partial<ApplyOptions> = {}, transport = http()) =>
  applyMigrations({ transport, migrations: folder.migrations, sleep: noWait, retryDelayMs: 1, ...options });
const ledgerNames = () => (server.database().prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
const lockHolder = () => (server.database().prepare('SELECT holder FROM d1_migrations_lock').get() as { holder: string | null } | undefined)?.holder;
const ALL = Object.keys(THREE).map((tag) => `${tag}.sql`);
const ACQUIRE = { pathIncludes: '/query', sqlIncludes: 'INSERT INTO d1_migrations_lock' };
const RELEASE = { pathIncludes: '/query', sqlIncludes: 'SET holder = NULL' };
const HTML_502 = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1><p>cloudflare</p></body></html>';

describe('the lock after a fault', () => {
  it('settles a lost answer to the request that takes the lock by sending it again, and frees it', async () => {
    server.fault({ match: ACQUIRE, drop: 'after-commit' });
    const result = await apply();
    // The hazard: the first request took the lock and its answer never came.
    const acquires = server.requests.filter((r) => JSON.stringify(r.body ?? '').includes('INSERT INTO d1_migrations_lock'));
    expect(acquires[0]?.status).toBe(0);
    expect(acquires.length).toBeGreaterThanOrEqual(2);
    expect(result.ok).toBe(true);
    expect(ledgerNames()).toEqual(ALL);
    expect(lockHolder()).toBeNull();
  });

  it('frees the lock that a lost acquire may hold when the answer cannot be settled, so the next apply is not refused', async () => {
    server.fault({ match: ACQUIRE, drop: 'after-commit', times: 10 });
    const failed = await apply().catch((e: unknown) => e as Error);
    expect(failed).toBeInstanceOf(Error);
    expect(lockHolder()).toBeNull();
    server.clearFaults();
    expect((await apply()).ok).toBe(true);
    expect(ledgerNames()).toEqual(ALL);
  });

  it('reports a 502 storm by status and page title, not the page, and frees the lock after the 429s that follow', async () => {
    server.fault({ match: { pathIncludes: '/query', sqlIncludes: 'CREATE TABLE `events`' }, status: 502, body: HTML_502, times: 5 });
    server.fault({ match: RELEASE, status: 429, retryAfter: 0, times: 6 });
    const result = await apply({}, http({ maxAttempts: 5 }));
    expect(result.ok).toBe(false);
    expect(result.error!.message).toContain('HTTP 502');
    expect(result.error!.message).toContain('502 Bad Gateway');
    expect(result.error!.message).not.toContain('<html');
    // Freed in spite of the 429s: the release was sent again until it went through.
    expect(server.requests.filter((r) => JSON.stringify(r.body ?? '').includes('SET holder = NULL') && r.status === 429)).toHaveLength(6);
    expect(result.lockLeft).toBeUndefined();
    expect(lockHolder()).toBeNull();
    expect((await apply()).ok).toBe(true);
    expect(ledgerNames()).toEqual(ALL);
  });

  it('says who still holds the lock, until when, and how to free it, when the release cannot get through', async () => {
    server.fault({ match: { pathIncludes: '/query', sqlIncludes: 'CREATE TABLE `events`' }, status: 400, times: 1 });
    server.fault({ match: RELEASE, status: 502, body: HTML_502, times: 1000 });
    const result = await apply({ holder: 'run-stuck@ci:1' }, http({ maxAttempts: 2 }));
    expect(result.ok).toBe(false);
    expect(result.lockLeft).toMatchObject({ holder: 'run-stuck@ci:1' });
    expect(lockHolder()).toBe('run-stuck@ci:1');
    const message = lockLeftMessage(result.lockLeft!, 'remote D1 x');
    expect(message).toMatch(/still held by run-stuck@ci:1 until \d{4}-\d\d-\d\dT.*--force-unlock/);
    expect(message).not.toContain('<html');
  });

  it('takes the bookmark before the lock, so restoring it brings no lock back', async () => {
    const transport = http();
    const result = await apply({ beforeFirstMigration: () => getBookmark(transport.api, server.databaseId) }, transport);
    expect(result.ok).toBe(true);
    await restoreBookmark(transport.api, server.databaseId, { bookmark: result.bookmark! });
    expect(ledgerNames).toThrow(/no such table/);
    expect(await readLock(transport, new LockSql())).toEqual({});
    expect((await apply()).ok).toBe(true);
    expect(ledgerNames()).toEqual(ALL);
  });
});
