import { afterEach, describe, expect, it } from 'vitest';
import { startD1ApiServer, type D1ApiServer, type D1ApiServerOptions } from '../../src/testing/d1-api/index';

interface DatabaseEntry {
  uuid: string;
  name: string;
  num_tables: number;
  file_size: number;
}
interface ListAnswer {
  success: boolean;
  result: DatabaseEntry[];
  result_info: { page: number; per_page: number; count: number; total_count: number };
}

const TIMEOUT_MS = 5_000;

async function call<T>(server: D1ApiServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: response.status, json: (await response.json()) as T };
}

const listPath = (server: D1ApiServer, query: Record<string, string | number> = {}) => {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)])).toString();
  return `/accounts/${server.accountId}/d1/database${search ? `?${search}` : ''}`;
};
const list = async (server: D1ApiServer, query: Record<string, string | number> = {}) => (await call<ListAnswer>(server, 'GET', listPath(server, query))).json;

/** Reads every page as a client must: until a page comes back short of per_page. */
async function readAllPages(server: D1ApiServer, query: Record<string, string | number>): Promise<{ pages: ListAnswer[]; names: string[] }> {
  const pages: ListAnswer[] = [];
  for (let page = 1; ; page++) {
    const answer = await list(server, { ...query, page });
    pages.push(answer);
    if (answer.result.length < answer.result_info.per_page) break;
  }
  return { pages, names: pages.flatMap((answer) => answer.result.map((db) => db.name)) };
}

const tenants = (from: number, to: number, prefix = 'tenant-') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(4, '0')}`);

describe('the loopback D1 API for fleets', () => {
  let server: D1ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const start = async (options: D1ApiServerOptions) => {
    server = await startD1ApiServer(options);
    return server;
  };

  it('creates 1,000 databases at start in well under a second, each with its own SQLite opened on first use', async () => {
    const started = performance.now();
    const api = await start({ databases: 1_000 });
    const elapsedMs = performance.now() - started;
    console.info(`startD1ApiServer({ databases: 1000 }) took ${elapsedMs.toFixed(0)} ms`);
    expect(elapsedMs).toBeLessThan(1_000);

    const { names, pages } = await readAllPages(api, { per_page: 1_000 });
    expect(names).toEqual(['d1-evolve-test', ...tenants(1, 1_000)]);
    expect(pages[0]!.result_info.total_count).toBe(1_001);
    const byName = new Map(pages.flatMap((answer) => answer.result.map((db) => [db.name, db.uuid] as const)));
    const tenant500 = byName.get('tenant-0500')!;
    const created = await call<{ success: boolean }>(api, 'POST', `/accounts/${api.accountId}/d1/database/${tenant500}/query`, {
      sql: 'CREATE TABLE only_here (x)',
    });
    expect(created.json.success).toBe(true);
    expect(api.database(tenant500).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'only_here' }]);
    expect(api.database(byName.get('tenant-0501')).prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
    // The list tells the used database from the untouched ones.
    const listed = (await list(api, { name: 'tenant-050', per_page: 10 })).result;
    expect(listed.map((db) => [db.name, db.num_tables])).toEqual(tenants(500, 509).map((name) => [name, name === 'tenant-0500' ? 1 : 0]));
    // An untouched database measures as an opened empty one does (tenant-0501 was opened above).
    const sizes = new Map(listed.map((db) => [db.name, db.file_size]));
    expect(sizes.get('tenant-0500')).toBeGreaterThan(0);
    expect(sizes.get('tenant-0502')).toBe(sizes.get('tenant-0501'));
  });

  it('gives an untouched database a stable Time Travel bookmark, and a new one after its first change', async () => {
    const api = await start({ databases: 2 });
    const [first] = api.createDatabases(1, 'fresh-');
    const bookmark = async () =>
      (await call<{ result: { bookmark: string } }>(api, 'GET', `/accounts/${api.accountId}/d1/database/${first!.uuid}/time_travel/bookmark`)).json.result
        .bookmark;
    const before = await bookmark();
    expect(await bookmark()).toBe(before);
    await call(api, 'POST', `/accounts/${api.accountId}/d1/database/${first!.uuid}/query`, { sql: 'CREATE TABLE t (x)' });
    const after = await bookmark();
    expect(after).not.toBe(before);
    const restored = await call<{ result: { previous_bookmark: string } }>(
      api,
      'POST',
      `/accounts/${api.accountId}/d1/database/${first!.uuid}/time_travel/restore?bookmark=${before}`,
    );
    expect(restored.json.result.previous_bookmark).toBe(after);
    expect(api.database(first!.uuid).prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it('numbers createDatabases on after earlier calls with the same prefix, skipping names already taken', async () => {
    const api = await start({ databases: 3 });
    api.createDatabase('tenant-0005');
    const next = api.createDatabases(3);
    expect(next.map((db) => db.name)).toEqual(['tenant-0004', 'tenant-0006', 'tenant-0007']);
    expect(api.createDatabases(2, 'eu-').map((db) => db.name)).toEqual(['eu-0001', 'eu-0002']);
    expect(new Set(next.map((db) => db.uuid)).size).toBe(3);
    expect(() => api.createDatabases(-1)).toThrow(/non-negative integer/);
  });

  it('pages the list completely: every database once, in creation order, with result_info counting each page', async () => {
    const api = await start({ databases: 250 });
    const { pages, names } = await readAllPages(api, { per_page: 100 });
    expect(pages.map((answer) => answer.result_info)).toEqual([
      { page: 1, per_page: 100, count: 100, total_count: 251 },
      { page: 2, per_page: 100, count: 100, total_count: 251 },
      { page: 3, per_page: 100, count: 51, total_count: 251 },
    ]);
    expect(names).toEqual(['d1-evolve-test', ...tenants(1, 250)]);
    expect(new Set(names).size).toBe(251);
    const past = await list(api, { page: 4, per_page: 100 });
    expect(past).toMatchObject({ success: true, result: [], result_info: { page: 4, per_page: 100, count: 0, total_count: 251 } });
  });

  it('answers 100 databases per page unless asked, so a client reading one page misses the rest', async () => {
    const api = await start({ databases: 1_000 });
    const first = await list(api);
    expect(first.result).toHaveLength(100);
    expect(first.result_info).toEqual({ page: 1, per_page: 100, count: 100, total_count: 1_001 });
    const { names } = await readAllPages(api, {});
    expect(names).toHaveLength(1_001);
    // per_page is capped at Cloudflare's documented maximum; nonsense falls back to the defaults.
    expect((await list(api, { per_page: 20_000 })).result_info).toMatchObject({ per_page: 10_000, count: 1_001 });
    expect((await list(api, { per_page: 'many', page: 0 })).result_info).toMatchObject({ page: 1, per_page: 100, count: 100 });
  });

  it('filters by name (a part of it) before paging, so the filtered pages are complete too', async () => {
    const api = await start({ databases: 25 });
    api.createDatabases(30, 'eu-');
    const { pages, names } = await readAllPages(api, { name: 'eu-', per_page: 10 });
    expect(names).toEqual(tenants(1, 30, 'eu-'));
    expect(pages.map((answer) => answer.result_info.count)).toEqual([10, 10, 10, 0]);
    expect(pages.every((answer) => answer.result_info.total_count === 30)).toBe(true);
    expect((await list(api, { name: 'tenant-002' })).result.map((db) => db.name)).toEqual(tenants(20, 25));
    expect((await list(api, { name: 'nobody' })).result_info).toEqual({ page: 1, per_page: 100, count: 0, total_count: 0 });
  });

  it('drops a deleted database from the list and lets its name be used again', async () => {
    const api = await start({ databases: 3 });
    const before = (await list(api, { name: 'tenant-0002' })).result;
    expect(before).toHaveLength(1);
    expect((await call(api, 'DELETE', `/accounts/${api.accountId}/d1/database/${before[0]!.uuid}`)).status).toBe(200);
    expect((await list(api)).result.map((db) => db.name)).toEqual(['d1-evolve-test', 'tenant-0001', 'tenant-0003']);
    const again = await call<{ result: { uuid: string } }>(api, 'POST', `/accounts/${api.accountId}/d1/database`, { name: 'tenant-0002' });
    expect(again.status).toBe(200);
    expect(again.json.result.uuid).not.toBe(before[0]!.uuid);
  });
});
