import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startD1ApiServer, type D1ApiServer, type D1ApiServerOptions } from '../../src/testing/d1-api/index';

interface Envelope {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: unknown[];
  result: unknown;
}

const TIMEOUT_MS = 5_000;

async function call(
  server: D1ApiServer,
  method: string,
  path: string,
  { body, token = server.token }: { body?: unknown; token?: string } = {},
): Promise<{ status: number; headers: Headers; json: Envelope }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Envelope };
}

const queryPath = (server: D1ApiServer) => `/accounts/${server.accountId}/d1/database/${server.databaseId}/query`;
const insert = (server: D1ApiServer, n: number, token?: string) =>
  call(server, 'POST', queryPath(server), { body: { sql: 'INSERT INTO hits (n) VALUES (?)', params: [n] }, token });
const rows = (server: D1ApiServer) => (server.database().prepare('SELECT count(*) AS n FROM hits').get() as { n: number }).n;

const RATE_LIMIT_ERROR = { code: 971, message: 'Please wait and consider throttling your request speed' };

describe('the loopback D1 API rate limit', () => {
  let server: D1ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(options: D1ApiServerOptions): Promise<D1ApiServer> {
    server = await startD1ApiServer(options);
    server.database().exec('CREATE TABLE hits (n INTEGER)');
    return server;
  }

  it("admits exactly the budget, then answers 429 with retry-after and Cloudflare's code 971 and runs nothing", async () => {
    const api = await start({ rateLimit: { requests: 5, windowMs: 10_000 } });
    const admitted = [];
    for (let n = 1; n <= 5; n++) admitted.push(await insert(api, n));
    expect(admitted.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(admitted.map((answer) => answer.headers.get('ratelimit'))).toEqual([1, 2, 3, 4, 5].map((used) => `"default";r=${5 - used};t=10`));
    expect(admitted[0]!.headers.get('ratelimit-policy')).toBe('"default";q=5;w=10');

    const refused = await insert(api, 6);
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ success: false, errors: [RATE_LIMIT_ERROR], messages: [], result: null });
    expect(Number(refused.headers.get('retry-after'))).toBe(10);
    expect(rows(api)).toBe(5);
    expect(api.rateLimited).toBe(1);
    expect(api.requestTimes).toHaveLength(5);
    expect(api.busiestWindow()).toBe(5);
    expect(api.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('gives a refused request nothing: neither its SQL nor an armed fault is taken', async () => {
    const api = await start({ rateLimit: { requests: 1, windowMs: 600 } });
    expect((await insert(api, 1)).status).toBe(200);
    api.fault({ match: { pathIncludes: '/query' }, status: 503 });
    expect((await insert(api, 2)).status).toBe(429);
    await sleep(650);
    // The fault was still armed: it answers the first admitted request after the window.
    expect((await insert(api, 3)).status).toBe(503);
    expect(rows(api)).toBe(1);
  });

  it('tells an honest retry-after: the seconds until capacity is back, rounded up', async () => {
    const api = await start({ rateLimit: { requests: 3, windowMs: 2_500 } });
    for (let n = 1; n <= 3; n++) expect((await insert(api, n)).status).toBe(200);
    const first = await insert(api, 4);
    expect(first.status).toBe(429);
    // About 2.5 s are left until the first admitted request leaves the window: 3 s, rounded up.
    expect(first.headers.get('retry-after')).toBe('3');
    // Asking a second before then is too soon, and the answer says what is left.
    await sleep(2_000);
    const again = await insert(api, 5);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('1');
    // Waiting what it said is enough.
    await sleep(1_000);
    expect((await insert(api, 6)).status).toBe(200);
    expect(rows(api)).toBe(4);
    expect(api.rateLimited).toBe(2);
  });

  it('recovers the whole budget once a window has passed since the burst', async () => {
    const api = await start({ rateLimit: { requests: 4, windowMs: 800 } });
    const burst = async () => {
      const statuses = [];
      for (let n = 0; n < 5; n++) statuses.push((await insert(api, n)).status);
      return statuses;
    };
    expect(await burst()).toEqual([200, 200, 200, 200, 429]);
    await sleep(850);
    expect(await burst()).toEqual([200, 200, 200, 200, 429]);
    expect(rows(api)).toBe(8);
    expect(api.rateLimited).toBe(2);
    expect(api.busiestWindow()).toBe(4);
  });

  it('keeps a budget per token: another token is not slowed by the first one', async () => {
    const other = 'second-token';
    const api = await start({ rateLimit: { requests: 2, windowMs: 10_000 }, tokens: [other] });
    expect([(await insert(api, 1)).status, (await insert(api, 2)).status, (await insert(api, 3)).status]).toEqual([200, 200, 429]);
    expect([(await insert(api, 4, other)).status, (await insert(api, 5, other)).status, (await insert(api, 6, other)).status]).toEqual([200, 200, 429]);
    expect(api.busiestWindow(undefined, api.token)).toBe(2);
    expect(api.busiestWindow(undefined, other)).toBe(2);
    expect(api.requestTimes).toHaveLength(4);
    expect(rows(api)).toBe(4);
  });

  it('never admits more than the budget in any window, however hard a concurrent flood pushes', async () => {
    const budget = { requests: 40, windowMs: 400 };
    // 12 waves of 25 simultaneous requests, a wave every 100 ms: 300 requests in 1.2 s.
    const flood = async (api: D1ApiServer) => {
      const answers: Promise<number>[] = [];
      for (let wave = 0; wave < 12; wave++) {
        for (let i = 0; i < 25; i++) answers.push(insert(api, wave * 100 + i).then((answer) => answer.status));
        await sleep(100);
      }
      return Promise.all(answers);
    };

    // Without the limiter the same flood goes far over the budget: the hazard is real.
    const unlimited = await start({});
    try {
      expect((await flood(unlimited)).every((status) => status === 200)).toBe(true);
      expect(unlimited.busiestWindow(budget.windowMs)).toBeGreaterThan(budget.requests);
    } finally {
      await unlimited.close();
    }

    const api = await start({ rateLimit: budget });
    const statuses = await flood(api);
    const admitted = statuses.filter((status) => status === 200).length;
    expect(admitted + api.rateLimited).toBe(300);
    expect(statuses.filter((status) => status === 429)).toHaveLength(api.rateLimited);
    expect(api.rateLimited).toBeGreaterThan(0);
    expect(api.busiestWindow()).toBeLessThanOrEqual(budget.requests);
    // The limiter fills its budget rather than refusing early: some window is full.
    expect(api.busiestWindow()).toBe(budget.requests);
    expect(rows(api)).toBe(admitted);
    // Checked again from the raw arrival times, without the server's own helper.
    const times = [...api.requestTimes].sort((a, b) => a - b);
    for (let i = budget.requests; i < times.length; i++) expect(times[i]! - times[i - budget.requests]!).toBeGreaterThanOrEqual(budget.windowMs);
  });

  it("counts every authenticated API request but not the export's signed-URL download nor a request without a valid token", async () => {
    const api = await start({ rateLimit: { requests: 3, windowMs: 60_000 } });
    const exportPath = `/accounts/${api.accountId}/d1/database/${api.databaseId}/export`;
    const started = await call(api, 'POST', exportPath, { body: { output_format: 'polling' } });
    const bookmark = (started.json.result as { at_bookmark: string }).at_bookmark;
    const done = await call(api, 'POST', exportPath, { body: { output_format: 'polling', current_bookmark: bookmark } });
    const { signed_url: signedUrl } = (done.json.result as { result: { signed_url: string } }).result;
    for (let i = 0; i < 3; i++) expect((await fetch(signedUrl)).status).toBe(200);
    expect((await insert(api, 1, 'not-a-token')).status).toBe(401);
    expect(api.requestTimes).toHaveLength(2);

    expect((await insert(api, 2)).status).toBe(200);
    expect((await insert(api, 3)).status).toBe(429);
    expect(api.rateLimited).toBe(1);
  });

  it('counts request times without a limit too, and asks for a window when it has none to take', async () => {
    const api = await start({});
    for (let n = 0; n < 3; n++) await insert(api, n);
    expect(api.requestTimes).toHaveLength(3);
    expect(api.rateLimited).toBe(0);
    expect(api.busiestWindow(60_000)).toBe(3);
    expect(() => api.busiestWindow()).toThrow(/give a window/);
  });

  it('refuses a budget that cannot be kept', async () => {
    await expect(startD1ApiServer({ rateLimit: { requests: 0, windowMs: 1_000 } })).rejects.toThrow(/requests must be a positive integer/);
    await expect(startD1ApiServer({ rateLimit: { requests: 10, windowMs: 0 } })).rejects.toThrow(/windowMs must be a positive number/);
  });
});
