/**
 * fleetViaWorker, the client of `fleet apply --via-worker <url>`, against the migrate route of
 * a real Worker on workerd (miniflare, on a loopback port): one result per database, the rounds
 * a small query budget needs, and HTTP failures as messages that say what to do and never
 * show the secret.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetViaWorker, ViaWorkerError } from '../../src/fleet/via-worker';
import { readLedger } from '../../src/runner/ledger';
import { TOKEN, tenants, type WorkerFixture, workerFixture } from './harness';

let worker: WorkerFixture;
let names: string[];

beforeAll(async () => {
  worker = await workerFixture();
  names = worker.migrations.map((m) => m.name);
});

afterAll(async () => {
  await worker?.dispose();
});

/** What fleetViaWorker threw. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(ViaWorkerError);
  return error!;
}

/** A loopback server that answers every request with `status` and `body(request's Authorization header)`. */
async function answering(status: number, body: (authorization: string) => string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.writeHead(status, { 'Content-Type': 'text/plain' }).end(body(request.headers.authorization ?? ''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('fleetViaWorker({ url, secret, target })', () => {
  it('migrates every bound database through the Worker and reports a failing one beside the others', async () => {
    await worker.start(tenants(3));
    await (await worker.open('TENANT_02')).batch([{ sql: 'CREATE TABLE users (id text)' }]);
    const results = await fleetViaWorker({ url: await worker.url(), secret: TOKEN, target: 'all' });
    expect(results.map((r) => [r.binding, r.ok, r.applied])).toEqual([
      ['TENANT_01', true, names],
      ['TENANT_02', false, []],
      ['TENANT_03', true, names],
    ]);
    expect(results[1]!.error).toContain('0000_users.sql (bundled into the Worker) failed and was rolled back');
    // A second run: nothing pending where it applied, the same failure where it failed.
    const again = await fleetViaWorker({ url: await worker.url(), secret: TOKEN, target: 'all' });
    expect(again.map((r) => [r.binding, r.ok, r.applied])).toEqual([
      ['TENANT_01', true, []],
      ['TENANT_02', false, []],
      ['TENANT_03', true, []],
    ]);
  });

  it('migrates just the binding named, through the route URL as well as the Worker URL', async () => {
    await worker.start(tenants(2));
    const url = `${await worker.url()}__migrate`;
    expect((await fleetViaWorker({ url, secret: TOKEN, target: 'TENANT_02' })).map((r) => [r.binding, r.applied])).toEqual([['TENANT_02', names]]);
    expect(await readLedger(await worker.open('TENANT_01'))).toEqual([]);
  });

  it('goes on in further requests when the Worker may send fewer queries than all databases need', async () => {
    await worker.start(tenants(5), { MAX_QUERIES: '15' });
    const rounds: string[][] = [];
    const results = await fleetViaWorker({
      url: await worker.url(),
      secret: TOKEN,
      target: 'all',
      onResults: (round) => rounds.push(round.map((r) => r.binding)),
    });
    expect(rounds.length).toBeGreaterThan(1);
    expect(rounds.flat()).toEqual(tenants(5));
    expect(results.map((r) => [r.binding, r.applied])).toEqual(tenants(5).map((b) => [b, names]));
    for (const binding of tenants(5)) expect((await readLedger(await worker.open(binding))).map((r) => r.name)).toEqual(names);
  });

  it('works through any fetch, such as miniflare.dispatchFetch', async () => {
    const mf = await worker.start(tenants(2));
    const results = await fleetViaWorker({
      url: 'https://fleet.example.workers.dev',
      secret: TOKEN,
      target: 'all',
      fetch: ((input: URL, init: RequestInit) => mf.dispatchFetch(input, init as never)) as unknown as typeof fetch,
    });
    expect(results.map((r) => [r.binding, r.ok])).toEqual([
      ['TENANT_01', true],
      ['TENANT_02', true],
    ]);
  });

  it('says the token is wrong on a 401, without showing either token', async () => {
    await worker.start(tenants(1));
    const error = await failure(fleetViaWorker({ url: await worker.url(), secret: 'not-the-secret', target: 'all' }));
    expect(error.message).toMatch(/^The Worker at http:\/\/127\.0\.0\.1:\d+\/__migrate refused the token \(401\).*wrangler secret put MIGRATE_TOKEN/);
    expect(error.message).not.toContain('not-the-secret');
    expect(error.message).not.toContain(TOKEN);
  });

  it('says the route is closed on a 404 (the Worker has no MIGRATE_TOKEN)', async () => {
    await worker.start(tenants(1), { MIGRATE_TOKEN: '' });
    const error = await failure(fleetViaWorker({ url: await worker.url(), secret: TOKEN, target: 'all' }));
    expect(error.message).toContain('has no open migrate route (404): set its secret with `wrangler secret put MIGRATE_TOKEN`');
  });

  it("passes on the route's own refusal: an unknown binding, with the bound names", async () => {
    await worker.start(tenants(2));
    const error = await failure(fleetViaWorker({ url: await worker.url(), secret: TOKEN, target: 'TENANT_07' }));
    expect(error.message).toMatch(
      /refused to migrate binding TENANT_07 \(HTTP 400\): No D1 binding named TENANT_07 is given to the migrate route; bound: TENANT_01, TENANT_02\.$/,
    );
  });

  it('masks the secret when something in between echoes it back', async () => {
    const { url, server } = await answering(502, (authorization) => `bad gateway; request had ${authorization}`);
    try {
      const error = await failure(fleetViaWorker({ url, secret: TOKEN, target: 'all' }));
      expect(error.message).toContain('(HTTP 502): bad gateway; request had Bearer mi…(masked)');
      expect(error.message).not.toContain(TOKEN);
    } finally {
      server.close();
    }
  });

  it('says the Worker cannot be reached, and refuses a URL that is not one', async () => {
    const { url, server } = await answering(200, () => '');
    await new Promise((resolve) => server.close(resolve));
    const unreachable = await failure(fleetViaWorker({ url, secret: TOKEN, target: 'all' }));
    expect(unreachable.message).toMatch(/^Could not reach the Worker at http:\/\/127\.0\.0\.1:\d+\/__migrate: .*Check the URL given to --via-worker/);
    const notUrl = await failure(fleetViaWorker({ url: 'fleet.example.workers.dev', secret: TOKEN, target: 'all' }));
    expect(notUrl.message).toContain("--via-worker needs the Worker's full URL");
  });
});
