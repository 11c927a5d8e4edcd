/**
 * `db:restore` against the loopback D1 API, whose Time Travel keeps real snapshots: a
 * restore must bring the content back, and the printed command must undo it.
 */
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../packages/d1-evolve/src/cli/command';
import { restore } from '../../../packages/d1-evolve/src/cli/commands/restore';
import { recordLastApply } from '../../../packages/d1-evolve/src/runner/last-apply';
import { CloudflareApi, getBookmark } from '../../../packages/d1-evolve/src/transports/cloudflare-api';
import { HttpTransport } from '../../../packages/d1-evolve/src/transports/http';
import { type D1ApiServer, startD1ApiServer } from '../../../packages/d1-evolve/src/testing/d1-api';
import { PROJECT_ROOT } from '../../support/project';
import { runCli } from '../../../packages/d1-evolve/test/support/run';

let server: D1ApiServer;
let root: string;
beforeEach(async () => {
  server = await startD1ApiServer();
  root = mkdtempSync(join(tmpdir(), 'restore-test-'));
  copyFileSync(join(PROJECT_ROOT, 'wrangler.toml'), join(root, 'wrangler.toml'));
});
afterEach(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CLOUDFLARE_API_BASE_URL: server.url,
    CLOUDFLARE_ACCOUNT_ID: server.accountId,
    CLOUDFLARE_DATABASE_ID: server.databaseId,
    CLOUDFLARE_D1_TOKEN: server.token,
    ...overrides,
  };
}

/** Runs the command in-process; `lines` is what it printed (stdout and notes). */
async function runRestore(args: string[], environment = env()): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const context: CommandContext = { root, env: environment, out: { line: (text = '') => lines.push(text), note: (text) => lines.push(text) } };
  const code = await restore.run(parseArgs({ args, options: restore.options, strict: true }), context);
  return { code, lines };
}

const transport = () => new HttpTransport({ apiBaseUrl: server.url, accountId: server.accountId, databaseId: server.databaseId, token: server.token });
const api = () => new CloudflareApi({ apiBaseUrl: server.url, accountId: server.accountId, databaseId: server.databaseId, token: server.token });
const notes = () => (server.database().prepare('SELECT body FROM notes ORDER BY rowid').all() as { body: string }[]).map((r) => r.body);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** notes = ['before'], bookmark taken, then 'after' added: returns the bookmark. */
async function historyWithTwoStates(): Promise<string> {
  await transport().batch([{ sql: 'CREATE TABLE notes (body TEXT NOT NULL)' }, { sql: "INSERT INTO notes VALUES ('before')" }]);
  const bookmark = await getBookmark(api(), server.databaseId);
  await transport().batch([{ sql: "INSERT INTO notes VALUES ('after')" }]);
  expect(notes()).toEqual(['before', 'after']);
  return bookmark;
}

describe('db:restore', () => {
  it('restores the content of a bookmark, and the printed command undoes the restore', async () => {
    const bookmark = await historyWithTwoStates();
    const restored = await runRestore(['--bookmark', bookmark, '--yes']);
    expect(restored.code).toBe(0);
    expect(notes()).toEqual(['before']);

    const undo = restored.lines.map((line) => /^\s+`((?:pnpm db:restore|d1-evolve restore) --bookmark (\S+))`$/.exec(line)).find(Boolean);
    expect(undo, restored.lines.join('\n')).toBeTruthy();
    expect(restored.lines.join('\n')).toContain(`The state before this restore is bookmark ${undo![2]}`);
    const undoArgs = undo![1]!.replace(/^(pnpm db:restore|d1-evolve restore) /, '').split(' ');
    expect((await runRestore([...undoArgs, '--yes'])).code).toBe(0);
    expect(notes()).toEqual(['before', 'after']);
  });

  it('restores the bookmark db:apply recorded before its last run (--before-last-apply)', async () => {
    const bookmark = await historyWithTwoStates();
    recordLastApply(root, { databaseId: server.databaseId, bookmark, at: new Date().toISOString() });
    const restored = await runRestore(['--before-last-apply', '--yes']);
    expect(restored.lines.join('\n')).toContain(`Restoring remote D1 ${server.databaseId} (binding DB) to bookmark ${bookmark} (taken before the last apply`);
    expect(notes()).toEqual(['before']);
  });

  it('says where the bookmark should have been recorded when no apply was (--before-last-apply)', async () => {
    await expect(runRestore(['--before-last-apply', '--yes'])).rejects.toThrow(/No apply to database .* is recorded in .*last-apply\.json.*--bookmark/s);
  });

  it('restores the state at an RFC 3339 time (--timestamp)', async () => {
    await transport().batch([{ sql: 'CREATE TABLE notes (body TEXT NOT NULL)' }, { sql: "INSERT INTO notes VALUES ('before')" }]);
    await sleep(30);
    const between = new Date().toISOString();
    await sleep(30);
    await transport().batch([{ sql: "INSERT INTO notes VALUES ('after')" }]);
    expect((await runRestore(['--timestamp', between, '--yes'])).code).toBe(0);
    expect(notes()).toEqual(['before']);
  });

  it('rejects a timestamp that is not RFC 3339, and two targets at once', async () => {
    await expect(runRestore(['--timestamp', 'yesterday', '--yes'])).rejects.toThrow(/not an RFC 3339 time/);
    await expect(runRestore(['--bookmark', 'b', '--before-last-apply', '--yes'])).rejects.toThrow(/exactly one of --bookmark/);
    expect(server.requests.filter((r) => r.path.includes('time_travel/restore'))).toEqual([]);
  });

  it('refuses without a terminal and without --yes, naming --yes, and restores nothing', async () => {
    const bookmark = await historyWithTwoStates();
    for (const entry of ['node_modules', 'src']) symlinkSync(join(PROJECT_ROOT, entry), join(root, entry));
    // runCli's child has no terminal on stdin, as in CI.
    const run = await runCli(['restore', '--bookmark', bookmark], { cwd: root, env: env(), timeoutMs: 60_000 });
    expect(run.stderr).toMatch(/without confirmation.*--yes/);
    expect(run.code).toBe(2);
    expect(notes()).toEqual(['before', 'after']);
    expect(server.requests.filter((r) => r.path.includes('time_travel/restore'))).toEqual([]);
  });

  it('stops at a 401 with a message naming the token variable, never the token', async () => {
    await historyWithTwoStates();
    const wrong = 'wrong-token-value-123';
    const error = await runRestore(['--bookmark', 'x', '--yes'], env({ CLOUDFLARE_D1_TOKEN: wrong })).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/HTTP 401.*CLOUDFLARE_D1_TOKEN/s);
    expect((error as Error).message).not.toContain(wrong);
    expect(server.requests.filter((r) => r.path.includes('time_travel/restore')).map((r) => r.status)).toEqual([401]);
    expect(notes()).toEqual(['before', 'after']);
  });

  it('names the missing token variable when there is no token at all', async () => {
    await expect(runRestore(['--bookmark', 'x', '--yes'], env({ CLOUDFLARE_D1_TOKEN: undefined }))).rejects.toThrow(/Missing CLOUDFLARE_D1_TOKEN/);
    expect(server.requests).toEqual([]);
  });
});
