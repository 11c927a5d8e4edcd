/**
 * The shared request budget against the loopback API's rate limit (Cloudflare's shape: a
 * budget per token and sliding window, 429 with retry-after past it), in a scaled-down window.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { RequestBudget, parseRate } from '../../src/transports/budget';
import { HttpTransport } from '../../src/transports/http';

let server: D1ApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `clients` transports to different databases firing `each` reads as fast as they can. */
async function hammer(api: D1ApiServer, clients: number, each: number, budget?: RequestBudget): Promise<void> {
  const tenants = api.createDatabases(clients);
  await Promise.all(
    tenants.map(async ({ uuid }) => {
      const transport = new HttpTransport({
        apiBaseUrl: api.url,
        accountId: api.accountId,
        token: api.token,
        databaseId: uuid,
        budget,
        maxAttempts: 20,
        baseDelayMs: 5,
      });
      for (let i = 0; i < each; i += 1) await transport.batch([{ sql: 'SELECT 1' }]);
    }),
  );
}

describe('the shared request budget', () => {
  it('keeps 20 parallel clients inside the window: no window ever holds more than the budget, and no 429 comes', async () => {
    server = await startD1ApiServer({ rateLimit: { requests: 40, windowMs: 500 } });
    const budget = new RequestBudget({ requests: 40, windowMs: 500 });
    await hammer(server, 20, 6, budget);
    expect(server.requestTimes.length).toBe(120);
    expect(server.busiestWindow()).toBeLessThanOrEqual(40);
    expect(server.rateLimited).toBe(0);
    expect(budget.taken).toBe(120);
  });

  it('without it the same clients provoke 429s (the hazard the budget removes)', async () => {
    server = await startD1ApiServer({ rateLimit: { requests: 40, windowMs: 500 } });
    await hammer(server, 20, 6);
    expect(server.rateLimited).toBeGreaterThan(0);
  });

  it('honours a 429 with its Retry-After by pausing every client of the run, not only the one refused', async () => {
    server = await startD1ApiServer();
    const budget = new RequestBudget({ requests: 1000, windowMs: 1000 });
    server.fault({ match: { pathIncludes: '/query' }, status: 429, retryAfter: 1, times: 1 });
    const started = performance.now();
    await hammer(server, 5, 4, budget);
    expect(budget.throttled).toBe(1);
    // Requests already on their way when the 429 came arrive at once; after them, nothing until the second is over.
    const times = [...server.requestTimes].sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const pause = gaps.indexOf(Math.max(...gaps));
    expect(gaps[pause]).toBeGreaterThanOrEqual(900);
    expect(pause + 1).toBeLessThanOrEqual(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    // 20 reads and the one refused (an injected 429 is counted on arrival, as the API counts every request).
    expect(server.requestTimes.length).toBe(21);
  });

  it('reads --rate as <requests>/<seconds>', () => {
    expect(parseRate('1200/300')).toEqual({ requests: 1200, windowMs: 300_000 });
    expect(parseRate('60/1')).toEqual({ requests: 60, windowMs: 1000 });
    expect(parseRate('60/0')).toBeUndefined();
    expect(parseRate('fast')).toBeUndefined();
  });
});

describe('a pause', () => {
  it('holds the next request back for its length only, not until a slot leaves the window', async () => {
    const budget = new RequestBudget({ requests: 100, windowMs: 3000 });
    for (let i = 0; i < 5; i += 1) (await budget.take())();
    budget.pause(200);
    const started = performance.now();
    (await budget.take())();
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(150);
    expect(waited).toBeLessThan(1500);
  });

  it('ends on its own when no request was sent yet', async () => {
    const budget = new RequestBudget({ requests: 10, windowMs: 1000 });
    budget.pause(100);
    const started = performance.now();
    (await budget.take())();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
