/**
 * The migrate route with several D1 bindings, in a Worker on workerd (miniflare): every bound
 * database migrated in one call through its binding, or one by name; a failing or locked
 * database reported beside the others; the ledger and lock those of `d1-evolve apply`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/runner/apply';
import { readLedger } from '../../src/runner/ledger';
import { LockSql, readLock } from '../../src/runner/lock';
import { computeStatus } from '../../src/runner/status';
import type { DatabaseMigrateResult } from '../../src/worker/migrate-all';
import { tenants, type WorkerFixture, workerFixture } from './harness';

let worker: WorkerFixture;
let names: string[];

beforeAll(async () => {
  worker = await workerFixture();
  names = worker.migrations.map((m) => m.name);
});

afterAll(async () => {
  await worker?.dispose();
});

const databasesOf = (body: Record<string, unknown>) => body.databases as DatabaseMigrateResult[];

describe('POST /__migrate?binding=… on a Worker with several D1 bindings', () => {
  it('imports no Node built-in, so the Worker needs no nodejs_compat', () => {
    expect(worker.nodeImports).toEqual([]);
  });

  it('migrates every bound database in one call, and a second call finds nothing pending', async () => {
    const bound = tenants(4);
    await worker.start(bound);
    const first = await worker.post('?binding=all');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, remaining: 0 });
    expect(databasesOf(first.body).map((d) => [d.binding, d.ok, d.applied])).toEqual(bound.map((b) => [b, true, names]));

    const second = await worker.post('?binding=all');
    expect(second.status).toBe(200);
    expect(databasesOf(second.body).map((d) => [d.binding, d.applied])).toEqual(bound.map((b) => [b, []]));
    // Up to date costs each database its lock with the ledger read, and the release.
    expect((await worker.stats()).batches).toBe(bound.length * 2);
  });

  it('migrates just the binding named, and leaves the others as they were', async () => {
    await worker.start(tenants(3));
    const one = await worker.post('?binding=TENANT_02');
    expect(one.status).toBe(200);
    expect(databasesOf(one.body).map((d) => [d.binding, d.applied])).toEqual([['TENANT_02', names]]);
    for (const [binding, ledger] of [
      ['TENANT_01', []],
      ['TENANT_02', names],
      ['TENANT_03', []],
    ] as const) {
      expect(
        (await readLedger(await worker.open(binding))).map((row) => row.name),
        binding,
      ).toEqual(ledger);
    }
  });

  it('answers 400 naming the bound databases for an unknown binding, and 401 without the token', async () => {
    await worker.start(tenants(2));
    const unknown = await worker.post('?binding=TENANT_09');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('No D1 binding named TENANT_09 is given to the migrate route; bound: TENANT_01, TENANT_02.');
    const unnamed = await worker.post('');
    expect(unnamed.status).toBe(400);
    expect(String(unnamed.body.error)).toContain('?binding=<name> or ?binding=all');
    const denied = await worker.post('?binding=all', { token: 'wrong' });
    expect(denied.status).toBe(401);
    expect(await readLedger(await worker.open('TENANT_01'))).toEqual([]);
  });

  it('reports a failing and a locked database and still migrates the others', async () => {
    const bound = tenants(4);
    await worker.start(bound);
    // TENANT_02 already has a posts table, so 0001_posts fails there (rolled back whole).
    await (await worker.open('TENANT_02')).batch([{ sql: 'CREATE TABLE posts (id text)' }]);
    // TENANT_03 is locked by another run (the CLI's apply, say) with a live lease.
    const lock = new LockSql();
    await (await worker.open('TENANT_03')).batch([{ sql: lock.createSql }, lock.acquire('run-other@ci:42')]);

    const answer = await worker.post('?binding=all');
    expect(answer.status).toBe(500);
    expect(answer.body.ok).toBe(false);
    const [a, b, c, d] = databasesOf(answer.body);
    expect([a, d].map((r) => [r!.binding, r!.ok, r!.applied])).toEqual([
      ['TENANT_01', true, names],
      ['TENANT_04', true, names],
    ]);
    expect(b).toMatchObject({ binding: 'TENANT_02', ok: false, kind: 'MigrationError', applied: [names[0]] });
    expect(b!.results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not-run']);
    expect(b!.error).toMatch(/0001_posts\.sql.*failed and was rolled back.*table .posts. already exists/s);
    expect(c).toMatchObject({ binding: 'TENANT_03', ok: false, kind: 'LockHeldError', applied: [] });
    expect(c!.error).toContain('D1 binding TENANT_03 is locked by another migration run: run-other@ci:42');

    // The failed database's lock is freed; the locked one's still belongs to the other run.
    expect(await readLock(await worker.open('TENANT_02'))).toEqual({});
    expect((await readLock(await worker.open('TENANT_03'))).holder).toBe('run-other@ci:42');
    expect((await readLedger(await worker.open('TENANT_03'))).length).toBe(0);
  });

  it('migrates 6 databases at a time, no more, whatever the number bound', async () => {
    // workerd does not enforce Cloudflare's 6 connections locally: only the route's cap holds it to 6 of 10.
    await worker.start(tenants(10));
    const answer = await worker.post('?binding=all');
    expect(databasesOf(answer.body).filter((d) => d.ok)).toHaveLength(10);
    expect((await worker.stats()).maxInFlight).toBe(6);
  });

  it('stops starting databases before the query budget runs out, and goes on from continueAfter', async () => {
    // 3 migrations: a database may need up to 6 queries; 15 lets two or three run per request.
    await worker.start(tenants(5), { MAX_QUERIES: '15' });
    const first = await worker.post('?binding=all');
    expect((await worker.stats()).batches).toBeLessThanOrEqual(15);
    const started = databasesOf(first.body);
    expect(started.length).toBeGreaterThan(0);
    expect(first.body).toMatchObject({ ok: true, remaining: 5 - started.length, continueAfter: started.at(-1)!.binding });
    expect(started.map((d) => d.binding)).toEqual(tenants(started.length));

    const rest = await worker.post(`?binding=all&after=${first.body.continueAfter}`);
    expect((await worker.stats()).batches).toBeLessThanOrEqual(15);
    expect(databasesOf(rest.body)[0]!.binding).toBe(tenants(5)[started.length]);
    // No database is started halfway: everything started applied all three.
    for (const d of [...started, ...databasesOf(rest.body)]) expect(d.applied, d.binding).toEqual(names);
  });

  it('refuses, starting nothing, when one database could need more queries than the request may send', async () => {
    await worker.start(tenants(2), { MAX_QUERIES: '5' });
    const answer = await worker.post('?binding=all');
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ ok: false, kind: 'QueryBudgetError' });
    expect(String(answer.body.error)).toContain('up to 6 D1 queries (3 migration(s), the lock and the ledger), more than the 5');
    expect((await worker.stats()).batches).toBe(0);
  });

  it('writes the ledger and lock that `d1-evolve apply` writes: apply and status afterwards agree', async () => {
    await worker.start(['BY_APPLY', 'BY_WORKER']);
    await worker.post('?binding=BY_WORKER');
    const byWorker = await worker.open('BY_WORKER');
    const byApply = await worker.open('BY_APPLY');
    await applyMigrations({ transport: byApply, migrations: worker.migrations });

    // status reads the Worker's ledger as fully applied, checksums included.
    const ledger = await readLedger(byWorker);
    expect(computeStatus(worker.migrations, ledger).entries.map((e) => e.state)).toEqual(names.map(() => 'applied'));
    expect(ledger.map((row) => [row.name, row.checksum])).toEqual(worker.migrations.map((m) => [m.name, m.checksum]));
    expect(ledger[0]!.appliedBy).toMatch(/^d1-evolve worker run-[0-9a-f]{8}@worker$/);
    // The same tables, column for column, as apply created.
    const tables = async (db: typeof byWorker) =>
      (await db.batch([{ sql: "SELECT name, sql FROM sqlite_master WHERE name LIKE 'd1_migrations%' ORDER BY name" }]))[0]!.rows;
    expect(await tables(byWorker)).toEqual(await tables(byApply));
    expect(await readLock(byWorker)).toEqual({});
    // A later apply finds nothing to do and takes the lock the Worker freed.
    const later = await applyMigrations({ transport: byWorker, migrations: worker.migrations });
    expect(later).toMatchObject({ ok: true, results: [] });
  });

  it('keeps the one-database form: no binding named migrates `database` and answers its MigrateResult', async () => {
    // The route given only `database` (as src/worker.ts does) also answers ?binding=DB.
    const { handleMigrateRoute } = await import('../../src/worker/route');
    const mf = await worker.start(['DB']);
    const db = (await mf.getD1Database('DB')) as never;
    const migrations = worker.migrations.map(({ name, checksum, statements }) => ({ name, checksum, statements }));
    const call = async (query: string) => {
      const request = new Request(`http://localhost/__migrate${query}`, { method: 'POST', headers: { Authorization: 'Bearer s3cret' } });
      const response = await handleMigrateRoute(request, { database: db, secret: 's3cret', migrations });
      return (await response!.json()) as Record<string, unknown>;
    };
    expect(await call('')).toMatchObject({ ok: true, target: 'D1 binding DB', applied: names });
    expect(await call('?binding=DB')).toMatchObject({ ok: true, databases: [{ binding: 'DB', applied: [] }], remaining: 0 });
  });
});
