/**
 * The ledger is wrangler's: after our apply wrangler sees nothing pending, and after
 * wrangler applied some, our status shows them applied (no checksum) and our apply goes on
 * with the rest — remotely (wrangler pointed at the loopback D1 API through
 * CLOUDFLARE_API_BASE_URL) and locally (the same .wrangler/state).
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLastApply } from '../../../packages/d1-evolve/src/runner/last-apply';
import { type D1ApiServer, startD1ApiServer } from '../../../packages/d1-evolve/src/testing/d1-api';
import { type ProjectCopy, copyProject } from '../../support/project';
import { runCli } from '../../../packages/d1-evolve/test/support/run';
import { remoteEnv, runWrangler } from '../../../packages/d1-evolve/test/support/wrangler';
import { THREE, type TempFolder, migrationFolder } from '../../../packages/d1-evolve/test/runner/helpers';

let server: D1ApiServer;
let project: ProjectCopy;
let folder: TempFolder;
beforeEach(async () => {
  server = await startD1ApiServer();
  project = copyProject('runner-interop-');
  folder = migrationFolder(THREE);
});
afterEach(async () => {
  await server.close();
  project.remove();
  folder.remove();
});

/** The project's drizzle/ holds the first `count` of THREE. */
function useMigrations(count: number) {
  const dir = join(project.root, 'drizzle');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const partial = migrationFolder(Object.fromEntries(Object.entries(THREE).slice(0, count)));
  cpSync(partial.dir, dir, { recursive: true });
  partial.remove();
}

const remote = () => ({
  CLOUDFLARE_API_BASE_URL: server.url,
  CLOUDFLARE_ACCOUNT_ID: server.accountId,
  CLOUDFLARE_D1_TOKEN: server.token,
  CLOUDFLARE_DATABASE_ID: server.databaseId,
});
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: project.root, env });
/** wrangler, remote against the server: the project's wrangler.toml names the server's database. */
const wrangler = (args: string[]) => runWrangler(args, { cwd: project.root, env: remoteEnv(server) });
const seededRows = () => (server.database().prepare("SELECT count(*) AS n FROM events WHERE kind = 'seeded'").get() as { n: number }).n;

function pointWranglerAtServer() {
  const toml = join(project.root, 'wrangler.toml');
  writeFileSync(toml, readFileSync(toml, 'utf8').replace(/database_id = "[^"]*"/, `database_id = "${server.databaseId}"`));
}

describe('wrangler and this runner share one ledger', () => {
  it('remote: after our apply wrangler lists nothing pending, and it still applies on top of our extra columns', async () => {
    useMigrations(2);
    pointWranglerAtServer();
    const applied = await cli(['apply', '--yes', '--skip-check'], remote());
    expect(applied.code, applied.stderr).toBe(0);
    const bookmark = readLastApply(project.root, server.databaseId)?.bookmark;
    expect(bookmark).toBeTruthy();
    expect(applied.stderr).toContain(`pnpm db:restore --bookmark ${bookmark}`);
    expect(applied.stderr).toContain(`npx wrangler d1 time-travel restore DB --bookmark=${bookmark}`);
    const listed = await wrangler(['d1', 'migrations', 'list', 'DB', '--remote']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/No migrations to apply/);

    // wrangler applies the next one into the ledger that now has checksum/duration/applied_by.
    useMigrations(3);
    const wranglerApply = await wrangler(['d1', 'migrations', 'apply', 'DB', '--remote']);
    expect(wranglerApply.code, wranglerApply.stdout + wranglerApply.stderr).toBe(0);
    expect(seededRows()).toBe(1);
    const status = await cli(['status', '--json'], remote());
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).migrations.map((m: { state: string }) => m.state)).toEqual(['applied', 'applied', 'applied-no-checksum']);
  });

  it('remote: after wrangler applied some, db:status shows them applied (no checksum) and db:apply goes on with the rest', async () => {
    useMigrations(2);
    pointWranglerAtServer();
    const wranglerApply = await wrangler(['d1', 'migrations', 'apply', 'DB', '--remote']);
    expect(wranglerApply.code, wranglerApply.stdout + wranglerApply.stderr).toBe(0);

    useMigrations(3);
    const before = await cli(['status'], remote());
    expect(before.code).toBe(3);
    expect(before.stdout).toMatch(/0000_users\.sql\s+applied \(no checksum\)/);
    expect(before.stdout).toMatch(/0002_seed_event\.sql\s+pending/);

    const applied = await cli(['apply', '--yes', '--json', '--skip-check'], remote());
    expect(applied.code, applied.stderr).toBe(0);
    const events = applied.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; name?: string });
    expect(events.map((e) => e.type)).toEqual(['start', 'migration-start', 'migration-done', 'done']);
    expect(events[2]).toMatchObject({ name: '0002_seed_event.sql', outcome: 'applied', rowsWritten: expect.any(Number) });
    expect(seededRows()).toBe(1);
    expect((await cli(['status'], remote())).code).toBe(0);
    expect((await wrangler(['d1', 'migrations', 'list', 'DB', '--remote'])).stdout).toMatch(/No migrations to apply/);
  });

  it('local: db:apply:local and wrangler --local see the same ledger, both ways', async () => {
    useMigrations(2);
    const local = (args: string[]) => runWrangler(args, { cwd: project.root });
    const wranglerApply = await local(['d1', 'migrations', 'apply', 'DB', '--local']);
    expect(wranglerApply.code, wranglerApply.stdout + wranglerApply.stderr).toBe(0);

    useMigrations(3);
    const status = await cli(['status', '--local']);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/0001_events\.sql\s+applied \(no checksum\)/);
    const applied = await cli(['apply', '--local', '--skip-check']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toMatch(/applying 0002_seed_event\.sql … done in \d+ ms, \d+ rows? written/);
    const listed = await local(['d1', 'migrations', 'list', 'DB', '--local']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/No migrations to apply/);
  });
});

describe('the commands', () => {
  it('db:status exits 3 with pending migrations, 0 when up to date, 1 when a file changed', async () => {
    useMigrations(3);
    expect((await cli(['status'], remote())).code).toBe(3);
    expect((await cli(['apply', '--to', '0001', '--skip-check'], remote())).code).toBe(0);
    expect((await cli(['apply', '--skip-check'], remote())).code).toBe(0);
    expect((await cli(['status'], remote())).code).toBe(0);
    const file = join(project.root, 'drizzle', '0000_users.sql');
    appendFileSync(file, '\n-- edited after apply\n');
    const changed = await cli(['status'], remote());
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/0000_users\.sql\s+CHANGED after apply/);
    const refused = await cli(['apply', '--skip-check', '--json'], remote());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--accept-checksum 0000_users.sql');
    expect(JSON.parse(refused.stdout)).toMatchObject({ type: 'error', name: 'ApplyRefusedError' });
  });

  it('db:apply --dry-run prints the SQL and sends nothing that writes', async () => {
    useMigrations(3);
    const run = await cli(['apply', '--dry-run', '--skip-check'], remote());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("INSERT INTO `events` (`user_id`, `kind`) VALUES (NULL, 'seeded');");
    expect(server.database().prepare("SELECT name FROM sqlite_master WHERE name LIKE 'd1_migrations%'").all()).toEqual([]);
  });

  it('db:apply refuses when db:check fails, naming --skip-check, and sends nothing', async () => {
    useMigrations(3);
    // A hand-written migration that drops a table with rows and no marker: the check refuses it.
    writeFileSync(join(project.root, 'drizzle', '0003_drop_events.sql'), 'DROP TABLE `events`;');
    const run = await cli(['apply'], remote());
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/the check found \d+ error\(s\).*--skip-check/s);
    expect(server.requests).toHaveLength(0);
  });

  it('db:apply on a refused token stops at once, names the variable and never prints the token', async () => {
    useMigrations(3);
    server.fault({ status: 403, times: 10 });
    const run = await cli(['apply', '--skip-check'], remote());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('CLOUDFLARE_D1_TOKEN');
    expect(run.stdout + run.stderr).not.toContain(server.token);
    expect(server.requests).toHaveLength(1);
  });
});
