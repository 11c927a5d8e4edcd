import { createConnection } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeWranglerProject, remoteEnv, runWrangler, type WranglerProject } from '../support/wrangler';
import { startD1ApiServer, type D1ApiServer } from '../../src/testing/d1-api/index';
import { contentHash, sqliteRows } from '../support/content-hash';
import { THREE, type TempFolder, migrationFolder } from '../runner/helpers';

interface Envelope<T = unknown> {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: unknown[];
  result: T;
}
interface QueryResult {
  results: Record<string, unknown>[];
  success: boolean;
  meta: Record<string, unknown>;
}

const TIMEOUT_MS = 5_000;

async function call<T = unknown>(
  server: D1ApiServer,
  method: string,
  path: string,
  { body, token = server.token, signal = AbortSignal.timeout(TIMEOUT_MS) }: { body?: unknown; token?: string | null; signal?: AbortSignal } = {},
): Promise<{ status: number; headers: Headers; json: Envelope<T> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Envelope<T> };
}

const dbPath = (server: D1ApiServer, rest = '', id = server.databaseId) => `/accounts/${server.accountId}/d1/database/${id}${rest}`;
const query = (server: D1ApiServer, sql: string, params?: unknown[], signal?: AbortSignal) =>
  call<QueryResult[]>(server, 'POST', dbPath(server, '/query'), { body: { sql, params }, signal });

const SCHEMA = `
  CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE CASCADE);
  INSERT INTO parents (id, name) VALUES (1, 'one'), (2, 'two');
  INSERT INTO children (id, parent_id) VALUES (10, 1), (20, 2);
`;

describe('the loopback D1 API', () => {
  let server: D1ApiServer;
  beforeEach(async () => {
    server = await startD1ApiServer();
    await query(server, SCHEMA);
  });
  afterEach(async () => {
    await server.close();
  });

  it("answers /query in Cloudflare's envelope with one result per statement", async () => {
    const { status, json } = await query(
      server,
      "INSERT INTO parents (name) VALUES ('three'); SELECT id, name FROM parents ORDER BY id; SELECT count(*) AS n FROM children",
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({ success: true, errors: [], messages: [] });
    expect(json.result).toHaveLength(3);
    expect(json.result[0]).toMatchObject({ success: true, results: [], meta: { changes: 1, last_row_id: 3, rows_written: 1, changed_db: true } });
    expect(json.result[1]!.results).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'two' },
      { id: 3, name: 'three' },
    ]);
    expect(json.result[2]!.results).toEqual([{ n: 2 }]);
    for (const result of json.result) {
      expect(Object.keys(result.meta)).toEqual(
        expect.arrayContaining(['changed_db', 'changes', 'duration', 'last_row_id', 'rows_read', 'rows_written', 'size_after']),
      );
      expect(result.meta.size_after).toBeGreaterThan(0);
    }
  });

  it('binds params to a single statement and answers /raw as columns and rows', async () => {
    const { json } = await call<{ results: { columns: string[]; rows: unknown[][] } }[]>(server, 'POST', dbPath(server, '/raw'), {
      body: { sql: 'SELECT id, name FROM parents WHERE id >= ? ORDER BY id', params: [2] },
    });
    expect(json.success).toBe(true);
    expect(json.result[0]!.results).toEqual({ columns: ['id', 'name'], rows: [[2, 'two']] });

    const numbered = await query(server, 'SELECT ?2 AS b, ?1 AS a, ?2 AS again', ['x', 'y']);
    expect(numbered.json.result[0]!.results).toEqual([{ b: 'y', a: 'x', again: 'y' }]);
  });

  it('runs a {batch: [{sql, params}]} body as one transaction with one result per statement', async () => {
    const batch = [
      { sql: 'INSERT INTO parents (id, name) VALUES (?, ?)', params: [3, 'three'] },
      { sql: 'SELECT name FROM parents WHERE id = ?', params: [3] },
    ];
    const { json } = await call<QueryResult[]>(server, 'POST', dbPath(server, '/query'), { body: { batch } });
    expect(json.result.map((result) => result.results)).toEqual([[], [{ name: 'three' }]]);

    const before = await contentHash(sqliteRows(server.database()));
    const failing = await call(server, 'POST', dbPath(server, '/query'), { body: { batch: [{ sql: 'DELETE FROM children' }, { sql: 'SELECT * FROM nope' }] } });
    expect(failing.status).toBe(400);
    expect(await contentHash(sqliteRows(server.database()))).toBe(before);
  });

  it('refuses params on a multi-statement query and runs nothing', async () => {
    const before = await contentHash(sqliteRows(server.database()));
    const { status, json } = await query(server, 'DELETE FROM children; SELECT ?', [1]);
    expect(status).toBe(400);
    expect(json.errors[0]!.code).toBe(7500);
    expect(await contentHash(sqliteRows(server.database()))).toBe(before);
  });

  it('leaves the database exactly as it was when a statement fails half-way through a request', async () => {
    const before = await contentHash(sqliteRows(server.database()));
    const sql =
      "INSERT INTO parents (id, name) VALUES (3, 'three'); DELETE FROM children; CREATE TABLE extra (x); SELECT * FROM no_such_table; INSERT INTO parents (id, name) VALUES (4, 'four')";
    const { status, json } = await query(server, sql);
    expect(status).toBe(400);
    expect(json).toMatchObject({ success: false, result: null, errors: [{ code: 7500, message: 'no such table: no_such_table: SQLITE_ERROR' }] });
    expect(await contentHash(sqliteRows(server.database()))).toBe(before);

    // The hazard it guards against: the same statements sent one by one keep the first three.
    for (const statement of sql.split(';')) await query(server, statement);
    expect(await contentHash(sqliteRows(server.database()))).not.toBe(before);
  });

  it.each(['BEGIN', 'BEGIN TRANSACTION', 'COMMIT', 'ROLLBACK', 'SAVEPOINT s1'])(
    'refuses %s with code 7500 and runs nothing of the request',
    async (statement) => {
      const before = await contentHash(sqliteRows(server.database()));
      const { status, json } = await query(server, `DELETE FROM children; ${statement}; DELETE FROM parents`);
      expect(status).toBe(400);
      expect(json.errors[0]).toMatchObject({ code: 7500, message: expect.stringContaining('To execute a transaction') });
      expect(await contentHash(sqliteRows(server.database()))).toBe(before);
    },
  );

  it('refuses what D1 denies (PRAGMA journal_mode, ATTACH, TEMP tables, _cf_ names)', async () => {
    for (const sql of ['PRAGMA journal_mode = WAL', "ATTACH DATABASE 'x.db' AS x", 'CREATE TEMP TABLE t (x)', 'CREATE TABLE _cf_x (x)']) {
      const { status, json } = await query(server, sql);
      expect(status, sql).toBe(400);
      expect(json.errors[0]!.code, sql).toBe(7500);
    }
  });

  it('enforces foreign keys in every request, and PRAGMA foreign_keys = OFF inside one changes nothing', async () => {
    const before = await contentHash(sqliteRows(server.database()));
    const orphan = await query(server, 'INSERT INTO children (id, parent_id) VALUES (30, 99)');
    expect(orphan.status).toBe(400);
    expect(orphan.json.errors[0]!.message).toBe('FOREIGN KEY constraint failed: SQLITE_CONSTRAINT');
    const switchedOff = await query(server, 'PRAGMA foreign_keys = OFF; INSERT INTO children (id, parent_id) VALUES (30, 99)');
    expect(switchedOff.status).toBe(400);
    expect(await contentHash(sqliteRows(server.database()))).toBe(before);

    // The hazard: SQLite with its stock default (foreign_keys off, as in the sqlite3 shell) accepts the orphan.
    const plain = new Database(server.database().serialize());
    plain.pragma('foreign_keys = OFF');
    expect(() => plain.prepare('INSERT INTO children (id, parent_id) VALUES (30, 99)').run()).not.toThrow();
    plain.close();
  });

  it('cascades deletes as D1 does (foreign key actions run)', async () => {
    await query(server, 'DELETE FROM parents WHERE id = 1');
    expect(server.database().prepare('SELECT id FROM children').all()).toEqual([{ id: 20 }]);
  });

  describe('faults', () => {
    it('answers an injected status with retry-after, without running the SQL, for `times` requests', async () => {
      server.fault({ match: { pathIncludes: '/query' }, status: 429, retryAfter: 3, times: 2 });
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const { status, headers, json } = await query(server, "INSERT INTO parents (id, name) VALUES (5, 'five')");
        expect(status).toBe(429);
        expect(headers.get('retry-after')).toBe('3');
        expect(json).toMatchObject({ success: false, errors: [{ code: 971 }] });
      }
      expect(server.database().prepare('SELECT count(*) AS n FROM parents WHERE id = 5').get()).toEqual({ n: 0 });
      const third = await query(server, "INSERT INTO parents (id, name) VALUES (5, 'five')");
      expect(third.status).toBe(200);
      expect(server.requests.slice(-3).map((request) => request.status)).toEqual([429, 429, 200]);
    });

    it('answers 500, 502, 503, 401 and 403 in the envelope, with a given body when one is set', async () => {
      for (const status of [500, 502, 503, 401, 403]) {
        server.fault({ status });
        const reply = await query(server, 'SELECT 1');
        expect(reply.status).toBe(status);
        expect(reply.json.success).toBe(false);
      }
      server.fault({ status: 502, body: { success: false, errors: [{ code: 1, message: 'bad gateway' }] } });
      expect((await query(server, 'SELECT 1')).json.errors).toEqual([{ code: 1, message: 'bad gateway' }]);
    });

    it('applies rules in order to matching requests only (method, path, SQL)', async () => {
      server.fault({ match: { sqlIncludes: 'FROM children' }, status: 503 });
      server.fault({ match: { method: 'GET' }, status: 500 });
      expect((await query(server, 'SELECT * FROM parents')).status).toBe(200);
      expect((await call(server, 'GET', dbPath(server))).status).toBe(500);
      expect((await query(server, 'SELECT * FROM children')).status).toBe(503);
      expect((await query(server, 'SELECT * FROM children')).status).toBe(200);
      server.fault({ status: 503, times: 5 });
      server.clearFaults();
      expect((await query(server, 'SELECT 1')).status).toBe(200);
    });

    it('delays a request by latencyMs and then answers it normally', async () => {
      server.fault({ latencyMs: 300 });
      const started = performance.now();
      const { status } = await query(server, 'SELECT 1');
      expect(status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('drops the connection before commit: the client gets a socket error and nothing is written', async () => {
      server.fault({ match: { sqlIncludes: 'INSERT' }, drop: 'before-commit' });
      await expect(query(server, "INSERT INTO parents (id, name) VALUES (6, 'six')")).rejects.toThrow(/fetch failed/);
      expect(server.database().prepare('SELECT count(*) AS n FROM parents WHERE id = 6').get()).toEqual({ n: 0 });
      expect(server.requests.at(-1)).toMatchObject({ status: 0 });
    });

    it('drops the connection after commit: the client gets a socket error but the rows are written', async () => {
      server.fault({ match: { sqlIncludes: 'INSERT' }, drop: 'after-commit' });
      await expect(query(server, "INSERT INTO parents (id, name) VALUES (6, 'six')")).rejects.toThrow(/fetch failed/);
      expect(server.database().prepare('SELECT name FROM parents WHERE id = 6').get()).toEqual({ name: 'six' });
    });

    it('hangs until the client times out, and close() still ends promptly', async () => {
      server.fault({ hang: true });
      const started = performance.now();
      const error = await query(server, "INSERT INTO parents (id, name) VALUES (7, 'seven')", undefined, AbortSignal.timeout(300)).catch(
        (caught: unknown) => caught,
      );
      expect((error as Error).name).toBe('TimeoutError');
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(server.database().prepare('SELECT count(*) AS n FROM parents WHERE id = 7').get()).toEqual({ n: 0 });
      server.fault({ hang: true });
      const pending = query(server, 'SELECT 1', undefined, AbortSignal.timeout(10_000)).catch((caught: unknown) => caught);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = performance.now();
      await server.close();
      expect(performance.now() - closing).toBeLessThan(1_000);
      expect(await pending).toBeInstanceOf(Error);
    });
  });

  describe('auth and routing', () => {
    it('answers 401 code 10000 without a token or with another token', async () => {
      for (const token of [null, 'someone-elses-token']) {
        const { status, json } = await call(server, 'POST', dbPath(server, '/query'), { body: { sql: 'DELETE FROM children' }, token });
        expect(status).toBe(401);
        expect(json).toMatchObject({ success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
      }
      expect(server.database().prepare('SELECT count(*) AS n FROM children').get()).toEqual({ n: 2 });
    });

    it('answers 403 for another account and 404 code 7404 for an unknown database', async () => {
      const otherAccount = await call(server, 'GET', `/accounts/0123456789abcdef0123456789abcdef/d1/database/${server.databaseId}`);
      expect(otherAccount.status).toBe(403);
      expect(otherAccount.json.errors[0]!.code).toBe(10000);
      const unknownDb = await call(server, 'POST', dbPath(server, '/query', '11111111-1111-4111-8111-111111111111'), { body: { sql: 'SELECT 1' } });
      expect(unknownDb.status).toBe(404);
      expect(unknownDb.json.errors[0]!.code).toBe(7404);
    });

    it('answers unknown routes 404 in the envelope and records them', async () => {
      const { status, json } = await call(server, 'GET', `/accounts/${server.accountId}/workers/scripts`);
      expect(status).toBe(404);
      expect(json.success).toBe(false);
      expect(server.unhandled).toEqual([`GET /client/v4/accounts/${server.accountId}/workers/scripts`]);
    });

    it('reports database info, lists and creates databases, each with its own SQLite', async () => {
      const info = await call<Record<string, unknown>>(server, 'GET', dbPath(server));
      expect(info.json.result).toMatchObject({ uuid: server.databaseId, name: 'd1-evolve-test', version: 'production', num_tables: 2 });
      expect(info.json.result.file_size).toBeGreaterThan(0);

      const created = await call<{ uuid: string }>(server, 'POST', `/accounts/${server.accountId}/d1/database`, { body: { name: 'tenant-a' } });
      expect(created.json.result.uuid).toMatch(/^[0-9a-f-]{36}$/);
      const { uuid } = server.createDatabase('tenant-b');
      await call(server, 'POST', dbPath(server, '/query', uuid), { body: { sql: 'CREATE TABLE only_here (x)' } });
      expect(server.database(uuid).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'only_here' }]);
      expect(server.database().prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'only_here'").get()).toEqual({ n: 0 });

      const page = await call<{ name: string }[]>(server, 'GET', `/accounts/${server.accountId}/d1/database?page=2&per_page=2`);
      expect(page.json.result.map((db) => db.name)).toEqual(['tenant-b']);
      const named = await call<{ name: string }[]>(server, 'GET', `/accounts/${server.accountId}/d1/database?name=tenant-a`);
      expect(named.json.result.map((db) => db.name)).toEqual(['tenant-a']);
      const duplicate = await call(server, 'POST', `/accounts/${server.accountId}/d1/database`, { body: { name: 'tenant-a' } });
      expect(duplicate.json.errors[0]!.code).toBe(7502);
    });

    it('frees its port on close()', async () => {
      const port = Number(new URL(server.url).port);
      await server.close();
      const refused = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port });
        socket.setTimeout(2_000, () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.on('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    });
  });

  describe('Time Travel', () => {
    const bookmark = async (timestamp?: string) =>
      (
        await call<{ bookmark: string }>(
          server,
          'GET',
          dbPath(server, `/time_travel/bookmark${timestamp ? `?timestamp=${encodeURIComponent(timestamp)}` : ''}`),
        )
      ).json.result.bookmark;

    it('moves the bookmark on every committed change and not on reads or failed requests', async () => {
      const first = await bookmark();
      expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/);
      await query(server, 'SELECT * FROM parents');
      await query(server, 'INSERT INTO parents (id, name) VALUES (8, 1); SELECT * FROM nope');
      expect(await bookmark()).toBe(first);
      await query(server, "INSERT INTO parents (id, name) VALUES (8, 'eight')");
      const second = await bookmark();
      expect(second).not.toBe(first);
      expect(second > first).toBe(true);
    });

    it("restores a bookmark's content, and restoring previous_bookmark undoes the restore", async () => {
      const before = await contentHash(sqliteRows(server.database()));
      const saved = await bookmark();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const between = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await query(server, "DROP TABLE children; UPDATE parents SET name = 'changed'");
      const after = await contentHash(sqliteRows(server.database()));
      expect(after).not.toBe(before);
      expect(await bookmark(between)).toBe(saved);

      const restored = await call<{ bookmark: string; previous_bookmark: string; message: string }>(
        server,
        'POST',
        dbPath(server, `/time_travel/restore?bookmark=${saved}`),
      );
      expect(restored.status).toBe(200);
      expect(restored.json.result.bookmark).toBe(saved);
      expect(await contentHash(sqliteRows(server.database()))).toBe(before);

      const undone = await call(server, 'POST', dbPath(server, `/time_travel/restore?bookmark=${restored.json.result.previous_bookmark}`));
      expect(undone.status).toBe(200);
      expect(await contentHash(sqliteRows(server.database()))).toBe(after);

      await call(server, 'POST', dbPath(server, `/time_travel/restore?timestamp=${encodeURIComponent(between)}`));
      expect(await contentHash(sqliteRows(server.database()))).toBe(before);
    });

    it('refuses an unknown bookmark and changes nothing', async () => {
      const before = await contentHash(sqliteRows(server.database()));
      const { status, json } = await call(server, 'POST', dbPath(server, '/time_travel/restore?bookmark=00000099-00000000-00000000-0'));
      expect(status).toBe(400);
      expect(json.success).toBe(false);
      expect(await contentHash(sqliteRows(server.database()))).toBe(before);
    });
  });
});

describe('the latencyMs option', () => {
  it('adds the latency to every response', async () => {
    const server = await startD1ApiServer({ latencyMs: 50 });
    try {
      const started = performance.now();
      for (let i = 0; i < 3; i += 1) expect((await query(server, 'SELECT 1')).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    } finally {
      await server.close();
    }
  });
});

describe('wrangler pointed at the server through CLOUDFLARE_API_BASE_URL', () => {
  let server: D1ApiServer;
  let migrations: TempFolder;
  let project: WranglerProject;
  let env: Record<string, string>;
  const wrangler = (...args: string[]) => runWrangler(args, { cwd: project.dir, env });
  const userTables = () =>
    (
      server.database().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
    ).map((row) => row.name);

  beforeAll(async () => {
    server = await startD1ApiServer();
    migrations = migrationFolder(THREE);
    project = makeWranglerProject({ databaseId: server.databaseId, migrationsFrom: migrations.dir });
    env = remoteEnv(server);
  });
  afterAll(async () => {
    project.remove();
    migrations.remove();
    await server.close();
  });

  it('applies the migrations with `wrangler d1 migrations apply --remote`, and then lists none pending', async () => {
    const empty = JSON.parse((await wrangler('d1', 'time-travel', 'info', 'DB', '--json')).stdout) as { bookmark: string };
    const apply = await wrangler('d1', 'migrations', 'apply', 'DB', '--remote');
    expect(apply.code, apply.stderr).toBe(0);
    expect(userTables()).toEqual(['d1_migrations', 'events', 'users']);
    expect(server.database().prepare('SELECT name FROM d1_migrations ORDER BY id').all()).toEqual(Object.keys(THREE).map((tag) => ({ name: `${tag}.sql` })));

    const list = await wrangler('d1', 'migrations', 'list', 'DB', '--remote');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('No migrations to apply');

    const select = await wrangler('d1', 'execute', 'DB', '--remote', '--command', 'select 1 as one', '--json');
    expect(select.code, select.stderr).toBe(0);
    expect(JSON.parse(select.stdout)[0].results).toEqual([{ one: 1 }]);
    expect(server.unhandled).toEqual([]);

    // Time Travel through wrangler: back to the empty database, then undo.
    const restore = await wrangler('d1', 'time-travel', 'restore', 'DB', '--bookmark', empty.bookmark, '--json');
    expect(restore.code, restore.stderr).toBe(0);
    const restored = JSON.parse(restore.stdout) as { bookmark: string; previous_bookmark: string };
    expect(userTables()).toEqual([]);
    const undo = await wrangler('d1', 'time-travel', 'restore', 'DB', '--bookmark', restored.previous_bookmark, '--json');
    expect(undo.code, undo.stderr).toBe(0);
    expect(userTables()).toEqual(['d1_migrations', 'events', 'users']);
  });

  it("shows wrangler D1's error for a failing statement and keeps nothing of the request", async () => {
    const before = await contentHash(sqliteRows(server.database()));
    const result = await wrangler('d1', 'execute', 'DB', '--remote', '--command', 'DELETE FROM d1_migrations; SELECT * FROM no_such_table');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no such table: no_such_table: SQLITE_ERROR [code: 7500]');
    expect(await contentHash(sqliteRows(server.database()))).toBe(before);
  });

  it('keeps nothing of a migration that fails half-way under `wrangler d1 migrations apply --remote`', async () => {
    const broken = makeWranglerProject({ databaseId: server.databaseId, migrationsFrom: migrations.dir });
    try {
      writeFileSync(
        join(broken.dir, 'drizzle', '0003_broken.sql'),
        'CREATE TABLE `half` (`x` integer);\n--> statement-breakpoint\nINSERT INTO `no_such_table` VALUES (1);\n',
      );
      const before = await contentHash(sqliteRows(server.database()));
      const result = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--remote'], { cwd: broken.dir, env });
      expect(result.code).not.toBe(0);
      expect(`${result.stdout}${result.stderr}`).toContain('no such table: no_such_table');
      expect(await contentHash(sqliteRows(server.database()))).toBe(before);
    } finally {
      broken.remove();
    }
  });

  it('runs `wrangler d1 execute --remote --file` through the import API as one transaction', async () => {
    writeFileSync(join(project.dir, 'seed.sql'), 'CREATE TABLE seeded (x);\nINSERT INTO seeded VALUES (1);\nINSERT INTO seeded VALUES (2);\n');
    const result = await wrangler('d1', 'execute', 'DB', '--remote', '--file', 'seed.sql', '--yes');
    expect(result.code, result.stderr).toBe(0);
    expect(server.database().prepare('SELECT x FROM seeded ORDER BY x').all()).toEqual([{ x: 1 }, { x: 2 }]);
    expect(server.unhandled).toEqual([]);
  });

  it('fails wrangler with the token error when the token is wrong', async () => {
    const result = await runWrangler(['d1', 'execute', 'DB', '--remote', '--command', 'select 1'], {
      cwd: project.dir,
      env: { ...env, CLOUDFLARE_API_TOKEN: 'wrong' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Authentication error [code: 10000]');
  });
});
