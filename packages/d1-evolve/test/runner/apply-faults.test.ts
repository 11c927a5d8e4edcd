/**
 * Exactly once under faults: the runner over the D1 HTTP API, against the loopback server
 * with injected failures. The third migration inserts a row into a table without a unique
 * key, so applying it twice would show as two rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApplyOptions, applyMigrations } from '../../src/runner/apply';
import type { ApplyEvent } from '../../src/runner/events';
import { LockHeldError } from '../../src/runner/lock';
import { AuthError } from '../../src/transports/cloudflare-api';
import type { HttpTransportOptions } from '../../src/transports/http';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { contentHash, sqliteRows } from '../support/content-hash';
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
function apply(options: Partial<ApplyOptions> = {}, transportOptions: Partial<HttpTransportOptions> = {}) {
  const events: ApplyEvent[] = [];
  const run = applyMigrations({
    transport: http(transportOptions),
    migrations: folder.migrations,
    sleep: noWait,
    retryDelayMs: 1,
    listener: (e) => events.push(e),
    ...options,
  });
  return { run, events };
}
const db = () => server.database();
const seededRows = () => (db().prepare("SELECT count(*) AS n FROM events WHERE kind = 'seeded'").get() as { n: number }).n;
const ledgerNames = () => (db().prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
/** Requests that carried the seeding migration (retries included). */
const seedRequests = () => server.requests.filter((r) => JSON.stringify(r.body ?? '').includes("'seeded'"));
const ALL = ['0000_users.sql', '0001_events.sql', '0002_seed_event.sql'];
const SEED = { pathIncludes: '/query', sqlIncludes: "'seeded'" };

describe('exactly once under faults (D1 HTTP API)', () => {
  it('applies all migrations in N + 1 requests when nothing goes wrong (3 with columns and release folded in)', async () => {
    const { run } = apply();
    expect((await run).ok).toBe(true);
    expect(ledgerNames()).toEqual(ALL);
    expect(seededRows()).toBe(1);
    // acquire+read, add our ledger columns (first time only), one per migration, release folded into the last.
    expect(server.requests.length).toBe(2 + 3);
  });

  it('retries a 429 on a migration, honouring retry-after, and applies it once', async () => {
    server.fault({ match: SEED, status: 429, retryAfter: 2 });
    const slept: number[] = [];
    const { run } = apply({}, { sleep: async (ms) => void slept.push(ms) });
    expect((await run).ok).toBe(true);
    expect(slept).toEqual([2000]);
    expect(seedRequests().map((r) => r.status)).toEqual([429, 200]);
    expect(seededRows()).toBe(1);
  });

  it.each([500, 503])('retries a %i and applies the migration once', async (status) => {
    server.fault({ match: SEED, status, times: 2 });
    const { run } = apply();
    expect((await run).results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(seedRequests().map((r) => r.status)).toEqual([status, status, 200]);
    expect(seededRows()).toBe(1);
  });

  it.each([401, 403])('stops at once on %i, naming the token variable, with no token in any output', async (status) => {
    server.fault({ match: { pathIncludes: '/query', sqlIncludes: 'CREATE TABLE `events`' }, status });
    const { run, events } = apply();
    const result = await run;
    expect(result.ok).toBe(false);
    expect(result.error).toBeInstanceOf(AuthError);
    expect(result.results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not-run']);
    expect(result.error?.message).toContain('CLOUDFLARE_D1_TOKEN');
    expect(JSON.stringify(events)).not.toContain(server.token);
    expect(result.error?.message).not.toContain(server.token);
    expect(server.requests.filter((r) => r.status === status)).toHaveLength(1);
    expect(ledgerNames()).toEqual(['0000_users.sql']);
  });

  it('retries a request dropped before commit and applies the migration once', async () => {
    server.fault({ match: SEED, drop: 'before-commit' });
    const { run, events } = apply();
    expect((await run).results.at(-1)).toMatchObject({ outcome: 'applied', attempts: 2 });
    expect(events.filter((e) => e.type === 'migration-retry')).toHaveLength(1);
    expect(seedRequests()).toHaveLength(2);
    expect(seededRows()).toBe(1);
    expect(ledgerNames()).toEqual(ALL);
  });

  it('re-reads the ledger after a request dropped after commit and does NOT apply it again', async () => {
    server.fault({ match: SEED, drop: 'after-commit' });
    const { run } = apply();
    const result = await run;
    expect(result.results.at(-1)).toMatchObject({ outcome: 'applied', confirmedByLedger: true });
    expect(seedRequests()).toHaveLength(1);
    expect(seededRows()).toBe(1);
    expect(ledgerNames()).toEqual(ALL);
  });

  it('a naive resend after a drop-after-commit applies twice; with the ledger row in the same request the second copy fails whole', async () => {
    await apply({ to: '0001_events' }).run;
    const raw = http();
    const seed = { sql: "INSERT INTO events (user_id, kind) VALUES (NULL, 'seeded')" };
    // The hazard: the statement alone, sent twice, leaves two rows.
    await raw.batch([seed]);
    await raw.batch([seed]);
    expect(seededRows()).toBe(2);
    // The runner's request carries the ledger row: a second copy is refused by its UNIQUE name, rows and all.
    const withLedgerRow = [seed, { sql: "INSERT INTO d1_migrations (name) VALUES ('0002_seed_event.sql')" }];
    await raw.batch(withLedgerRow);
    await expect(raw.batch(withLedgerRow)).rejects.toThrow(/UNIQUE constraint failed: d1_migrations\.name/);
    expect(seededRows()).toBe(3);
  });

  it('times out a hanging request, re-reads the ledger and then applies the migration once', async () => {
    server.fault({ match: SEED, hang: true });
    const { run } = apply({}, { timeoutMs: 400 });
    const result = await run;
    expect(result.results.at(-1)).toMatchObject({ outcome: 'applied', attempts: 2 });
    expect(seededRows()).toBe(1);
  });

  it('keeps re-reading the ledger through faults of its own before deciding', async () => {
    server.fault({ match: SEED, drop: 'after-commit' });
    server.fault({ match: { pathIncludes: '/query', sqlIncludes: 'SELECT 1 AS found' }, drop: 'before-commit', times: 2 });
    const result = await apply().run;
    expect(result.results.at(-1)).toMatchObject({ outcome: 'applied', confirmedByLedger: true });
    expect(seededRows()).toBe(1);
  });

  it('two runners started together apply each migration once; the second exits naming the holder', async () => {
    server.fault({ match: { pathIncludes: '/query' }, latencyMs: 20, times: 10 });
    const [a, b] = await Promise.allSettled([apply().run, apply().run]);
    const outcomes = [a, b].map((r) => (r.status === 'fulfilled' ? 'ran' : r.reason));
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    const refused = outcomes.find((o) => o !== 'ran');
    expect(refused).toBeInstanceOf(LockHeldError);
    expect((refused as Error).message).toMatch(/locked by another migration run: run-\w+@/);
    expect(seededRows()).toBe(1);
    expect(ledgerNames()).toEqual(ALL);
  });

  it('two runners started together with --wait: the second waits, then finds nothing left to apply', async () => {
    server.fault({ match: { pathIncludes: '/query' }, latencyMs: 30, times: 20 });
    const [a, b] = await Promise.all([
      apply({ waitSeconds: 20, pollMs: 50, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }).run,
      apply({ waitSeconds: 20, pollMs: 50, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }).run,
    ]);
    const applied = [a, b].map((r) => r.results.filter((m) => m.outcome === 'applied').length).sort();
    expect(applied).toEqual([0, 3]);
    expect(seededRows()).toBe(1);
    expect(ledgerNames()).toEqual(ALL);
  });

  it('a migration that fails half-way over HTTP leaves the database and ledger exactly as they were', async () => {
    await apply().run;
    folder.remove();
    folder = migrationFolder({
      ...THREE,
      '0003_half': "INSERT INTO `users` VALUES ('u1', 'a@x');\n--> statement-breakpoint\nINSERT INTO `users` VALUES ('u2', 'a@x');",
    });
    const before = await contentHash(sqliteRows(db()));
    const result = await apply().run;
    expect(result.results).toMatchObject([{ name: '0003_half.sql', outcome: 'failed' }]);
    expect(await contentHash(sqliteRows(db()))).toBe(before);
  });

  it('--dry-run sends nothing that writes: same content hash, no lock or ledger created', async () => {
    db().exec('CREATE TABLE keep (x); INSERT INTO keep VALUES (1)');
    const before = await contentHash(sqliteRows(db()));
    const result = await apply({ dryRun: true }).run;
    expect(result.results.map((r) => r.outcome)).toEqual(['not-run', 'not-run', 'not-run']);
    expect(await contentHash(sqliteRows(db()))).toBe(before);
  });
});
