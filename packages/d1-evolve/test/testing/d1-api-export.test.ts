/**
 * The loopback D1 API's export endpoint in Cloudflare's format (the polling envelope, a signed
 * URL, the SQL dump of the database), the transport's export call against it, and wrangler's
 * own `d1 export --remote` against it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { remoteData } from '../../src/check/data/remote';
import { loadDump } from '../../src/check/data/source';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api/index';
import { CloudflareApi, exportDatabase } from '../../src/transports/cloudflare-api';
import { SqliteTransport } from '../../src/transports/sqlite';
import { fingerprint, sqliteRows, transportRows, writeFixture } from '../fixtures/data';
import { THREE, migrationFolder, noWait } from '../runner/helpers';
import { runCli } from '../support/run';
import { makeWranglerProject, remoteEnv, runWrangler } from '../support/wrangler';

let server: D1ApiServer;
beforeEach(async () => {
  server = await startD1ApiServer();
  writeFixture(server.database());
});
afterEach(async () => {
  await server.close();
});

const exportPath = () => `${server.url}/accounts/${server.accountId}/d1/database/${server.databaseId}/export`;

async function post(body: unknown, token: string | null = server.token) {
  const response = await fetch(exportPath(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as { success: boolean; errors: { code: number; message: string }[]; result: Record<string, unknown> },
  };
}

const api = (fetchImpl?: typeof fetch) =>
  new CloudflareApi({
    accountId: server.accountId,
    databaseId: server.databaseId,
    token: server.token,
    apiBaseUrl: server.url,
    sleep: noWait,
    fetch: fetchImpl,
  });

describe('the export endpoint of the loopback D1 API', () => {
  it('answers the polling envelope: active with a bookmark, then complete with a signed URL serving the SQL of that point in time', async () => {
    const started = await post({ output_format: 'polling' });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ success: true, errors: [], result: { success: true, type: 'export', status: 'active' } });
    const bookmark = started.json.result.at_bookmark as string;
    expect(bookmark).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-/);
    // A write after the export started is not in it: the export is of the bookmark's state.
    server.database().exec("INSERT INTO audit (what) VALUES ('written after the export started')");
    const done = await post({ output_format: 'polling', current_bookmark: bookmark });
    expect(done.json.result).toMatchObject({ success: true, type: 'export', status: 'complete', at_bookmark: bookmark });
    const { filename, signed_url: signedUrl } = done.json.result.result as { filename: string; signed_url: string };
    expect(filename).toMatch(/\.sql$/);
    const download = await fetch(signedUrl);
    expect(download.status).toBe(200);
    const sql = await download.text();
    expect(sql.split('\n')[0]).toBe('PRAGMA defer_foreign_keys=TRUE;');
    expect(sql).toContain('INSERT INTO "parents" VALUES(');
    expect(sql).not.toContain('written after the export started');
  });

  it('refuses a signed URL whose signature was changed, a poll of an unknown bookmark, and a body without output_format', async () => {
    const { json } = await post({ output_format: 'polling' });
    const done = await post({ output_format: 'polling', current_bookmark: json.result.at_bookmark });
    const signedUrl = (done.json.result.result as { signed_url: string }).signed_url;
    const tampered = await fetch(signedUrl.replace(/Signature=\w+/, 'Signature=0000'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
    const unknown = await post({ output_format: 'polling', current_bookmark: 'ffffffff-00000000-00000000-0' });
    expect(unknown.json.result).toMatchObject({ success: false });
    expect(String(unknown.json.result.error)).toContain('No export in progress');
    const malformed = await post({});
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0]).toMatchObject({ code: 7400 });
    const unauthenticated = await post({ output_format: 'polling' }, 'wrong-token');
    expect(unauthenticated.status).toBe(401);
  });

  it("answers status error with D1's words for a database with a virtual table", async () => {
    server.database().exec('CREATE VIRTUAL TABLE notes_search USING fts5(body)');
    const { json } = await post({ output_format: 'polling' });
    const failed = await post({ output_format: 'polling', current_bookmark: json.result.at_bookmark });
    expect(failed.json.result).toMatchObject({ status: 'error', error: 'D1 Export error: cannot export databases with Virtual Tables (fts5)' });
  });
});

describe('exportDatabase (the transport export call)', () => {
  it('polls until complete, downloads without the API token, and returns a dump that loads into every row', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({ url: String(input), authorization: headers.get('authorization') });
      return fetch(input, init);
    };
    await server.close();
    server = await startD1ApiServer({ exportPolls: 3 });
    writeFixture(server.database());
    const result = await exportDatabase(api(recording), server.databaseId);
    const posts = seen.filter((s) => s.url.endsWith('/export'));
    expect(posts).toHaveLength(4); // start, then three polls
    const downloads = seen.filter((s) => s.url.includes('/__d1-export/'));
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.authorization).toBeNull();
    const target = new SqliteTransport();
    try {
      await loadDump(target, result.sql);
      expect(await fingerprint(transportRows(target))).toEqual(await fingerprint(sqliteRows(server.database())));
    } finally {
      await target.close();
    }
  });

  it('resends a poll the rate limit refused (HTTP 429) and still completes', async () => {
    server.fault({ match: { pathIncludes: '/export' }, status: 429, retryAfter: 1 });
    const result = await exportDatabase(api(), server.databaseId);
    expect(result.sql).toContain('CREATE TABLE');
    expect(server.requests.filter((r) => r.path.endsWith('/export')).map((r) => r.status)).toEqual([429, 200, 200]);
  });

  it("reports the API's message when the export fails, without the token or the signed URL", async () => {
    server.database().exec('CREATE VIRTUAL TABLE notes_search USING fts5(body)');
    const error = await remoteData({ api: api(), databaseId: server.databaseId, binding: 'DB', migrationsTable: 'd1_migrations' }).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /Could not take a copy of remote D1 .* \(binding DB\) through D1's export API: .*cannot export databases with Virtual Tables/,
    );
    expect(String(error)).not.toContain(server.token);
  });

  it('labels the copy with the binding, the database and the time of the export', async () => {
    const data = await remoteData({
      api: api(),
      databaseId: server.databaseId,
      binding: 'DB',
      migrationsTable: 'd1_migrations',
      now: () => new Date('2026-12-01T23:40:12Z'),
    });
    expect(data.label).toBe(`a copy of DB (remote D1 ${server.databaseId}, exported 2026-12-01 23:40 UTC)`);
    expect(data.migrationsTable).toBe('d1_migrations');
  });
});

describe("wrangler's own d1 export --remote", () => {
  it('downloads the same dump from the loopback API', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'd1-export-migrations-'));
    const project = makeWranglerProject({ databaseId: server.databaseId, migrationsFrom: empty });
    try {
      const run = await runWrangler(['d1', 'export', 'DB', '--remote', '--output', 'dump.sql'], { cwd: project.dir, env: remoteEnv(server) });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      const { sql } = await exportDatabase(api(), server.databaseId);
      expect(readFileSync(join(project.dir, 'dump.sql'), 'utf8')).toBe(sql);
    } finally {
      project.remove();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('check --data remote', () => {
  it('takes its copy through the export API of the database the wrangler config names, never printing the token', async () => {
    const folder = migrationFolder(THREE);
    const project = makeWranglerProject({ databaseId: server.databaseId, migrationsFrom: folder.dir });
    try {
      const run = await runCli(['check', '--data', 'remote', '--fast'], { cwd: project.dir, env: remoteEnv(server) });
      expect(run.stderr).not.toContain('Could not take a copy');
      expect(`${run.stdout}${run.stderr}`).not.toContain(server.token);
      const exportCalls = server.requests.filter((r) => r.path.endsWith(`/d1/database/${server.databaseId}/export`));
      expect(exportCalls.map((r) => r.status)).toEqual([200, 200]);
      expect(server.requests.filter((r) => r.path.startsWith('/__d1-export/')).map((r) => r.status)).toEqual([200]);
    } finally {
      project.remove();
      folder.remove();
    }
  });
});
