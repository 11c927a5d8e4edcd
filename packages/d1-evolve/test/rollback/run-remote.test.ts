/**
 * `d1-evolve rollback` against remote D1 (the loopback D1 API) through the real CLI: the
 * Time Travel bookmark it takes first and the restore command it prints, and `--time-travel`:
 * restoring to the bookmark `apply` recorded before the run that applied the migrations, the
 * fallback to the ledger's applied_at when none is recorded, and the refusal when no point in
 * Time Travel separates a migration that stays from one to undo.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { lastApplyFile } from '../../src/runner/last-apply';
import { type CommandRun, runCli } from '../support/run';
import { useRemoteProject } from '../support/remote-project';
import { remoteEnv } from '../support/wrangler';

const remote = useRemoteProject('rollback-remote-');
const said = (run: CommandRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
const cli = (args: string[]) => runCli(args, { cwd: remote.dir, env: remoteEnv(remote.server) });
const db = () => remote.server.database();
const ledger = () => (db().prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
const users = () => (db().prepare('SELECT id FROM users ORDER BY id').all() as { id: string }[]).map((r) => r.id);
const holder = () => (db().prepare('SELECT holder FROM d1_migrations_lock').get() as { holder: string | null }).holder;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DOWNS = {
  '0000_users.sql': '-- allow-data-loss: users\nDROP TABLE `users`;',
  '0001_events.sql': '-- allow-data-loss: events\nDROP TABLE `events`;',
  '0002_seed_event.sql': "DELETE FROM `events` WHERE `kind` = 'seeded';",
};

beforeEach(() => {
  mkdirSync(join(remote.dir, 'migrations', 'down'));
  for (const [name, sql] of Object.entries(DOWNS)) writeFileSync(join(remote.dir, 'migrations', 'down', name), sql);
});

/** 0000 in one run, then (a second later, so the ledger's applied_at tells the runs apart) 0001 and 0002 in another. */
async function applyInTwoRuns(): Promise<void> {
  const first = await cli(['apply', '--to', '0000', '--skip-check', '--yes']);
  expect(first.code, said(first)).toBe(0);
  await pause(1100);
  const rest = await cli(['apply', '--skip-check', '--yes']);
  expect(rest.code, said(rest)).toBe(0);
  expect(ledger()).toEqual(['0000_users.sql', '0001_events.sql', '0002_seed_event.sql']);
}

describe('rollback on remote D1', () => {
  it('takes a Time Travel bookmark first and prints the command that restores it; the downs keep the writes made since', async () => {
    await applyInTwoRuns();
    db().prepare("INSERT INTO users VALUES ('u1', 'u1@example.com')").run();
    const rolled = await cli(['rollback', '--to', '0000', '--yes']);
    expect(rolled.code, said(rolled)).toBe(0);
    const bookmark = /Time Travel bookmark before this rollback: (\S+)/.exec(rolled.stderr)?.[1];
    expect(bookmark, said(rolled)).toBeDefined();
    expect(rolled.stderr).toContain(`d1-evolve restore --bookmark ${bookmark}`);
    expect(ledger()).toEqual(['0000_users.sql']);
    expect(users()).toEqual(['u1']);

    // The bookmark is the state before the rollback: restoring it brings the migrations back.
    const restored = await cli(['restore', '--bookmark', bookmark!, '--yes']);
    expect(restored.code, said(restored)).toBe(0);
    expect(ledger()).toEqual(['0000_users.sql', '0001_events.sql', '0002_seed_event.sql']);
  }, 90_000);

  it('--time-travel restores to the bookmark apply took before the run that applied them, losing the writes made since, and says so', async () => {
    await applyInTwoRuns();
    db().prepare("INSERT INTO users VALUES ('u1', 'u1@example.com')").run();
    const travelled = await cli(['rollback', '--to', '0000', '--time-travel', '--yes']);
    expect(travelled.code, said(travelled)).toBe(0);
    expect(travelled.stderr).toContain('every write made since that point is LOST');
    expect(travelled.stdout).toMatch(/Restored remote D1 .* to bookmark \S+ \(taken before 0001_events\.sql was applied/);
    expect(travelled.stdout).toContain('to undo the restore: `d1-evolve restore --bookmark ');
    expect(ledger()).toEqual(['0000_users.sql']);
    // Unlike a down, Time Travel loses what was written since.
    expect(users()).toEqual([]);
    expect(holder()).toBeNull();
  }, 90_000);

  it('--time-travel without a recorded bookmark falls back to the second the oldest undone migration was applied, and leaves the lock free', async () => {
    await applyInTwoRuns();
    rmSync(lastApplyFile(remote.dir));
    const travelled = await cli(['rollback', '--to', '0000', '--time-travel', '--yes', '--json']);
    expect(travelled.code, said(travelled)).toBe(0);
    expect(travelled.stderr).toBe('');
    const event = JSON.parse(travelled.stdout) as Record<string, unknown>;
    expect(event).toMatchObject({ database: 'NOTES', type: 'time-travel', ok: true, undo: ['0002_seed_event.sql', '0001_events.sql'] });
    expect(String(event.to)).toMatch(/^the state at \S+ \(when 0001_events\.sql was applied, from the ledger's applied_at\)$/);
    expect(event.previousBookmark).toEqual(expect.any(String));
    expect(ledger()).toEqual(['0000_users.sql']);
    expect(holder()).toBeNull();
  }, 90_000);

  it('--time-travel refuses, writing nothing, when a migration that stays was applied in the same run as one to undo', async () => {
    await applyInTwoRuns();
    const travelled = await cli(['rollback', '--to', '0001', '--time-travel', '--yes']);
    expect(travelled.code, said(travelled)).toBe(1);
    expect(travelled.stderr).toContain('--time-travel cannot restore to just before 0002_seed_event.sql');
    expect(travelled.stderr).toContain('0001_events.sql, which stays, was applied in the same run');
    expect(travelled.stderr).toContain('Roll back with the downs instead');
    expect(ledger()).toEqual(['0000_users.sql', '0001_events.sql', '0002_seed_event.sql']);
    // The downs can: they undo 0002 alone.
    const rolled = await cli(['rollback', '--to', '0001', '--yes']);
    expect(rolled.code, said(rolled)).toBe(0);
    expect(ledger()).toEqual(['0000_users.sql', '0001_events.sql']);
  }, 90_000);
});
