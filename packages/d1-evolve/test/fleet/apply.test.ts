/**
 * `d1-evolve fleet apply` and `fleet status`, the real CLI against the loopback D1 API with
 * 200+ databases and its rate limit on, in a scaled-down window (requests per second, not per
 * five minutes), so the runs stay short.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentHash, sqliteRows } from '../support/content-hash';
import { type Fleet, THREE_NAMES, events, startFleet } from './helpers';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

const RATE = { requests: 120, windowMs: 1000 };
const pastWindow = () => new Promise((resolve) => setTimeout(resolve, RATE.windowMs));
const done = (stdout: string) => events(stdout).find((e) => e.type === 'done') as Record<string, unknown> & { counts: Record<string, number> };
const outcomes = (stdout: string) =>
  events(stdout).filter((e) => e.type === 'database') as { database: string; outcome: string; requests: number; applied: string[]; error?: string }[];

/** Makes 0000 fail on a database: its `users` table is there already. */
function breakDatabase(f: Fleet, uuid: string): void {
  f.server.database(uuid).exec('CREATE TABLE users (id TEXT)');
}

describe('fleet apply', () => {
  it('migrates 220 databases within the budget: N+1 requests each with N pending, then 1 each once up to date', async () => {
    fleet = await startFleet(220, { rateLimit: RATE });
    const first = await fleet.cli(['apply', '--match', 'tenant-', '--rate', '120/1', '--skip-check', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(done(first.stdout).counts).toEqual({ applied: 220 });
    for (const { uuid } of fleet.tenants) {
      expect(fleet.ledger(uuid)).toEqual(THREE_NAMES);
      expect(fleet.holder(uuid)).toBeNull();
      // Lock + ledger read, then one request per migration (the release in the last).
      expect(fleet.requestsTo(uuid)).toBe(4);
    }
    expect(fleet.server.busiestWindow()).toBeLessThanOrEqual(RATE.requests);
    expect(fleet.server.rateLimited).toBe(0);

    fleet.addMigrations({ '0003_notes': 'CREATE TABLE `notes` (`id` text PRIMARY KEY NOT NULL);', '0004_tags': 'CREATE TABLE `tags` (`id` text);' });
    // Each run has its own budget: a run started within a window of the last one's requests would meet 429s (honoured, but not what this counts).
    await pastWindow();
    const before = fleet.server.requests.length;
    const second = await fleet.cli(['apply', '--match', 'tenant-', '--rate', '120/1', '--skip-check', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(outcomes(second.stdout).filter((o) => o.outcome !== 'applied' || o.requests !== 3)).toEqual([]);

    await pastWindow();
    const third = await fleet.cli(['apply', '--match', 'tenant-', '--rate', '120/1', '--skip-check', '--json']);
    expect(third.code, third.stderr).toBe(0);
    expect(done(third.stdout).counts).toEqual({ 'up-to-date': 220 });
    expect(outcomes(third.stdout).every((o) => o.requests === 1)).toBe(true);
    // The list pages (220 names fit one page) plus one request per database.
    const listed = fleet.server.requests.slice(before).filter((r) => r.path.includes('/d1/database?')).length;
    expect(listed).toBe(2);
    expect(fleet.server.busiestWindow()).toBeLessThanOrEqual(RATE.requests);
    expect(fleet.server.rateLimited).toBe(0);
    for (const { uuid } of fleet.tenants) expect(fleet.holder(uuid)).toBeNull();
  }, 120_000);

  it('honours the 429s of a tighter limit than its --rate: pauses, goes on, and still applies everything exactly once', async () => {
    fleet = await startFleet(40, { rateLimit: { requests: 30, windowMs: 1000 } });
    const run = await fleet.cli(['apply', '--match', 'tenant-', '--rate', '200/1', '--skip-check', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(fleet.server.rateLimited).toBeGreaterThan(0);
    expect(done(run.stdout).throttled).toBeGreaterThan(0);
    for (const { uuid } of fleet.tenants) {
      expect(fleet.ledger(uuid)).toEqual(THREE_NAMES);
      expect(fleet.holder(uuid)).toBeNull();
    }
  }, 120_000);

  it('goes on past a failing database, lists it with its error, and prints the command that retries just it', async () => {
    fleet = await startFleet(12);
    const bad = fleet.tenants[4]!;
    breakDatabase(fleet, bad.uuid);
    const run = await fleet.cli(['apply', '--match', 'tenant-', '--skip-check']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /1 database\(s\) failed:\n- tenant-0005 \(.*\): failed: .*0000_users.sql failed and was rolled back as a whole.*table `users` already exists/,
    );
    const retry = /To retry just those: `d1-evolve fleet apply --from-file (\S+) --skip-check`/.exec(run.stdout);
    expect(retry, run.stdout).not.toBeNull();
    expect(readFileSync(retry![1]!, 'utf8').trim()).toBe(bad.uuid);
    for (const { uuid } of fleet.tenants.filter((t) => t !== bad)) expect(fleet.ledger(uuid)).toEqual(THREE_NAMES);
    expect(fleet.ledger(bad.uuid)).toEqual([]);
    expect(fleet.holder(bad.uuid)).toBeNull();

    fleet.server.database(bad.uuid).exec('DROP TABLE users');
    const again = await fleet.cli(['apply', '--from-file', retry![1]!, '--skip-check', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(outcomes(again.stdout).map((o) => o.database)).toEqual([bad.uuid]);
    expect(fleet.ledger(bad.uuid)).toEqual(THREE_NAMES);
  }, 60_000);

  it('--canary 5 applies to the first five, and stops there when one of them fails', async () => {
    fleet = await startFleet(30);
    breakDatabase(fleet, fleet.tenants[2]!.uuid);
    const run = await fleet.cli(['apply', '--match', 'tenant-', '--canary', '5', '--skip-check', '--json']);
    expect(run.code).toBe(1);
    const end = done(run.stdout);
    expect(end.counts).toEqual({ applied: 4, failed: 1, 'not-run': 25 });
    expect(end.stopped).toMatchObject({ reason: 'canary' });
    expect(fleet.tenants.slice(5).every((t) => fleet!.ledger(t.uuid).length === 0 && fleet!.requestsTo(t.uuid) === 0)).toBe(true);
    expect(end.resume).toMatch(/^d1-evolve fleet apply --resume /);
  }, 60_000);

  it('--canary goes on to the rest when the canaries pass', async () => {
    fleet = await startFleet(20);
    const run = await fleet.cli(['apply', '--match', 'tenant-', '--canary', '3', '--skip-check', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(done(run.stdout).counts).toEqual({ applied: 20 });
  }, 60_000);

  it('--max-failures 2 starts no database after the second failure', async () => {
    fleet = await startFleet(20);
    for (const index of [3, 6, 9]) breakDatabase(fleet, fleet.tenants[index]!.uuid);
    const run = await fleet.cli(['apply', '--match', 'tenant-', '--max-failures', '2', '--concurrency', '1', '--skip-check', '--json']);
    expect(run.code).toBe(1);
    const end = done(run.stdout);
    expect(end.stopped).toMatchObject({ reason: 'max-failures' });
    expect(end.counts).toEqual({ applied: 5, failed: 2, 'not-run': 13 });
    expect(fleet.tenants.slice(7).every((t) => fleet!.requestsTo(t.uuid) === 0)).toBe(true);
  }, 60_000);

  it('--dry-run says what each database would get and writes nothing, to the databases or the state folder', async () => {
    fleet = await startFleet(15);
    const migrated = fleet.tenants.slice(0, 5).map((t) => t.name);
    writeFileSync(join(fleet.dir, 'some.txt'), migrated.join('\n'));
    expect((await fleet.cli(['apply', '--from-file', 'some.txt', '--skip-check'])).code).toBe(0);
    const hashes = await Promise.all(fleet.tenants.map((t) => contentHash(sqliteRows(fleet!.server.database(t.uuid)))));
    const stateFiles = readdirSync(join(fleet.dir, '.wrangler', 'd1-evolve', 'fleet')).length;

    const run = await fleet.cli(['apply', '--match', 'tenant-', '--dry-run', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(done(run.stdout).counts).toEqual({ 'up-to-date': 5, pending: 10 });
    expect(outcomes(run.stdout).find((o) => o.outcome === 'pending')).toMatchObject({ pending: THREE_NAMES });
    const after = await Promise.all(fleet.tenants.map((t) => contentHash(sqliteRows(fleet!.server.database(t.uuid)))));
    expect(after).toEqual(hashes);
    expect(readdirSync(join(fleet.dir, '.wrangler', 'd1-evolve', 'fleet')).length).toBe(stateFiles);
  }, 60_000);

  it('takes names and ids from --from-file, and names an unknown one', async () => {
    fleet = await startFleet(4);
    const [a, b] = fleet.tenants as [Fleet['tenants'][number], Fleet['tenants'][number]];
    writeFileSync(join(fleet.dir, 'list.txt'), `# two tenants\n${a.name}\n${b.uuid}\n`);
    const run = await fleet.cli(['apply', '--from-file', 'list.txt', '--skip-check', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(
      outcomes(run.stdout)
        .map((o) => o.database)
        .sort(),
    ).toEqual([a.uuid, b.uuid].sort());
    writeFileSync(join(fleet.dir, 'list.txt'), 'tenant-9999\n');
    const unknown = await fleet.cli(['apply', '--from-file', 'list.txt', '--skip-check']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no database of account');
    expect(unknown.stderr).toContain('tenant-9999');
  }, 60_000);

  it('checks the folder once and refuses every database when the check fails', async () => {
    fleet = await startFleet(3);
    fleet.addMigrations({ '0003_bad': 'CREATE TABLE `users` (`id` text);' });
    const run = await fleet.cli(['apply', '--match', 'tenant-']);
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain('Nothing was applied to any database: the check found');
    expect(fleet.tenants.every((t) => fleet!.requestsTo(t.uuid) === 0)).toBe(true);
  }, 60_000);
});

describe('fleet status', () => {
  it('reads every database without writing and exits 3 while migrations are pending, 0 once none are', async () => {
    fleet = await startFleet(10);
    const pending = await fleet.cli(['status', '--match', 'tenant-', '--json']);
    expect(pending.code, pending.stderr).toBe(3);
    expect(done(pending.stdout).counts).toEqual({ pending: 10 });
    expect(fleet.tenants.every((t) => fleet!.ledger(t.uuid).length === 0)).toBe(true);
    expect((await fleet.cli(['apply', '--match', 'tenant-', '--skip-check'])).code).toBe(0);
    const current = await fleet.cli(['status', '--match', 'tenant-']);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toMatch(/up to date\s+10/);
    expect(existsSync(join(fleet.dir, '.wrangler'))).toBe(true);
  }, 60_000);

  it('takes the databases of the wrangler config with --from-config, each with its database_id', async () => {
    fleet = await startFleet(3);
    const entries = [{ binding: 'DB', id: fleet.server.databaseId }, ...fleet.tenants.map((t, i) => ({ binding: `TENANT_${i + 1}`, id: t.uuid }))];
    writeFileSync(
      join(fleet.dir, 'wrangler.toml'),
      `name = "tenants"\n\n${entries.map((e) => `[[d1_databases]]\nbinding = "${e.binding}"\ndatabase_id = "${e.id}"\n`).join('\n')}`,
    );
    const run = await fleet.cli(['apply', '--from-config', '--database', 'DB', '--skip-check', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(done(run.stdout).counts).toEqual({ applied: 4 });
    for (const { id } of entries) expect(fleet.ledger(id)).toEqual(THREE_NAMES);
  });
});
