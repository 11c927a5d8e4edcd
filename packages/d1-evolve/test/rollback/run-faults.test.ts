/**
 * Rollback exactly once under faults: the runner over the D1 HTTP API, against the loopback
 * server with injected failures. The down of 0001_bump takes 10 off a counter, so running it
 * twice would show as -10 instead of 0.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors';
import { readDown } from '../../src/folder/downs';
import { applyMigrations } from '../../src/runner/apply';
import { Ledger } from '../../src/runner/ledger';
import { type RollbackEvent, type RollbackOptions, RollbackRefusedError, ledgerDelete, rollbackMigrations, rowGuard } from '../../src/runner/rollback';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { AuthError } from '../../src/transports/cloudflare-api';
import type { HttpTransportOptions } from '../../src/transports/http';
import { contentHash, sqliteRows } from '../support/content-hash';
import { type TempFolder, loopbackTransport, migrationFolder, noWait } from '../runner/helpers';

const UPS = {
  '0000_counters':
    'CREATE TABLE `counters` (`id` integer PRIMARY KEY NOT NULL, `n` integer NOT NULL);\n--> statement-breakpoint\nINSERT INTO `counters` VALUES (1, 0);',
  '0001_bump': 'UPDATE `counters` SET `n` = `n` + 10 WHERE `id` = 1;',
  '0002_notes': 'CREATE TABLE `notes` (`id` integer PRIMARY KEY NOT NULL, `body` text);',
};
const DOWNS: Record<string, string> = {
  '0000_counters.sql': '-- allow-data-loss: counters\nDROP TABLE `counters`;',
  '0001_bump.sql': 'UPDATE `counters` SET `n` = `n` - 10 WHERE `id` = 1;',
  '0002_notes.sql': '-- allow-data-loss: notes\nDROP TABLE `notes`;',
};
const BUMP_DOWN = { pathIncludes: '/query', sqlIncludes: '`n` - 10' };

let server: D1ApiServer;
let folder: TempFolder;
function writeDowns(downs: Record<string, string | undefined>) {
  rmSync(join(folder.dir, 'down'), { recursive: true, force: true });
  mkdirSync(join(folder.dir, 'down'));
  for (const [name, sql] of Object.entries(downs)) if (sql !== undefined) writeFileSync(join(folder.dir, 'down', name), sql);
}
beforeEach(async () => {
  server = await startD1ApiServer();
  folder = migrationFolder(UPS);
  writeDowns(DOWNS);
  const applied = await applyMigrations({ transport: http(), migrations: folder.migrations, sleep: noWait, retryDelayMs: 1 });
  expect(applied.ok).toBe(true);
  server.requests.length = 0;
});
afterEach(async () => {
  await server.close();
  folder.remove();
});

const http = (options: Partial<HttpTransportOptions> = {}) => loopbackTransport(server, options);
function rollback(options: Partial<RollbackOptions> = {}, transportOptions: Partial<HttpTransportOptions> = {}) {
  const events: RollbackEvent[] = [];
  const run = rollbackMigrations({
    transport: http(transportOptions),
    migrations: folder.migrations,
    readDown: (name) => readDown(folder.dir, name),
    to: '0000',
    sleep: noWait,
    retryDelayMs: 1,
    listener: (e) => events.push(e),
    ...options,
  });
  return { run, events };
}
const db = () => server.database();
const counter = () => (db().prepare('SELECT n FROM counters WHERE id = 1').get() as { n: number }).n;
const ledgerNames = () => (db().prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
const tables = () =>
  (
    db().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'd1_%' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
const bumpRequests = () => server.requests.filter((r) => JSON.stringify(r.body ?? '').includes('`n` - 10'));
/** Requests that could have written: anything but the read-only reads of the preview. */
const writes = () => server.requests.filter((r) => !/^\{"sql":"SELECT/.test(JSON.stringify(r.body ?? '')));

describe('rollback exactly once under faults (D1 HTTP API)', () => {
  it('runs the downs newest first in N + 3 requests, keeping the rows the downs do not drop', async () => {
    db().prepare('UPDATE counters SET n = n + 5').run(); // a write made after the migrations
    const { run, events } = rollback();
    const result = await run;
    expect(result.ok).toBe(true);
    expect(result.results.map((r) => [r.name, r.outcome])).toEqual([
      ['0002_notes.sql', 'rolled-back'],
      ['0001_bump.sql', 'rolled-back'],
    ]);
    expect(events.find((e) => e.type === 'start')).toMatchObject({ to: '0000_counters.sql', undo: ['0002_notes.sql', '0001_bump.sql'] });
    expect(ledgerNames()).toEqual(['0000_counters.sql']);
    expect(tables()).toEqual(['counters']);
    expect(counter()).toBe(5);
    // Preview (ledger exists? + read), acquire with the ledger read, one per down with the release folded into the last.
    expect(server.requests.length).toBe(2 + 1 + 2);
  });

  it('re-reads the ledger after a down whose answer was lost after the commit and does NOT run it again', async () => {
    server.fault({ match: BUMP_DOWN, drop: 'after-commit' });
    const result = await rollback().run;
    expect(result.results.at(-1)).toMatchObject({ name: '0001_bump.sql', outcome: 'rolled-back', confirmedByLedger: true });
    expect(bumpRequests()).toHaveLength(1);
    expect(counter()).toBe(0);
    expect(ledgerNames()).toEqual(['0000_counters.sql']);
  });

  it('a naive resend of a down after a lost answer runs it twice; with the row guard in the same request the copy fails whole', async () => {
    const raw = http();
    const ledger = new Ledger();
    const down = [{ sql: DOWNS['0001_bump.sql']! }, ledgerDelete(ledger, '0001_bump.sql')];
    // The hazard: the down and the ledger removal, sent twice, take 10 off twice.
    await raw.batch(down);
    await raw.batch(down);
    expect(counter()).toBe(-10);
    db().prepare("INSERT INTO d1_migrations (name) VALUES ('0001_bump.sql')").run();
    db().prepare('UPDATE counters SET n = 10').run();
    const guarded = [rowGuard(ledger, '0001_bump.sql'), ...down];
    await raw.batch(guarded);
    await expect(raw.batch(guarded)).rejects.toThrow(/CHECK constraint failed: id = 1/);
    expect(counter()).toBe(0);
  });

  it('resends a down dropped before the commit and runs it once', async () => {
    server.fault({ match: BUMP_DOWN, drop: 'before-commit' });
    const { run, events } = rollback();
    expect((await run).results.at(-1)).toMatchObject({ outcome: 'rolled-back', attempts: 2 });
    expect(events.filter((e) => e.type === 'migration-retry')).toHaveLength(1);
    expect(bumpRequests()).toHaveLength(2);
    expect(counter()).toBe(0);
  });

  it('honours a 429 on a down (retry-after) and runs it once', async () => {
    server.fault({ match: BUMP_DOWN, status: 429, retryAfter: 2 });
    const slept: number[] = [];
    const result = await rollback({}, { sleep: async (ms) => void slept.push(ms) }).run;
    expect(result.ok).toBe(true);
    expect(slept).toEqual([2000]);
    expect(bumpRequests().map((r) => r.status)).toEqual([429, 200]);
    expect(counter()).toBe(0);
  });

  it.each([401, 403])('stops at once on %i, naming the token variable, with no token in any output; the down it hit stays applied', async (status) => {
    server.fault({ match: BUMP_DOWN, status });
    const { run, events } = rollback();
    const result = await run;
    expect(result.ok).toBe(false);
    expect(result.error).toBeInstanceOf(AuthError);
    expect(result.error?.message).toContain('CLOUDFLARE_D1_TOKEN');
    expect(result.results.map((r) => r.outcome)).toEqual(['rolled-back', 'failed']);
    expect(JSON.stringify(events)).not.toContain(server.token);
    expect(ledgerNames()).toEqual(['0000_counters.sql', '0001_bump.sql']);
    expect(counter()).toBe(10);
    // The lock was freed on the way out.
    expect(db().prepare('SELECT holder FROM d1_migrations_lock').get()).toEqual({ holder: null });
  });

  it('refuses before writing anything, naming it, when a down is missing', async () => {
    writeDowns({ ...DOWNS, '0001_bump.sql': undefined });
    const before = await contentHash(sqliteRows(db()));
    const error = await rollback().run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRefusedError);
    expect((error as RollbackRefusedError).refusals).toMatchObject([{ kind: 'down-missing', migrations: ['0001_bump.sql'] }]);
    expect((error as Error).message).toContain(join(folder.dir, 'down', '0001_bump.sql'));
    expect((error as Error).message).toContain('d1-evolve generate --down-for');
    expect(await contentHash(sqliteRows(db()))).toBe(before);
    expect(writes()).toEqual([]);
  });

  it('refuses a down that would fail as written, saying to fix or regenerate it rather than to add a marker', async () => {
    writeDowns({ ...DOWNS, '0002_notes.sql': 'ALTER TABLE `counters` ADD `required` text NOT NULL;' });
    const before = await contentHash(sqliteRows(db()));
    const error = await rollback().run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRefusedError);
    expect((error as RollbackRefusedError).refusals).toMatchObject([{ kind: 'down-invalid', migrations: ['0002_notes.sql'] }]);
    expect((error as Error).message).toContain('[not-null-without-default]');
    expect((error as Error).message).toContain('d1-evolve generate --down-for 0002_notes.sql');
    expect((error as Error).message).not.toContain('allow-data-loss');
    expect(await contentHash(sqliteRows(db()))).toBe(before);
    expect(writes()).toEqual([]);
  });

  it('refuses before writing anything when a down drops a table without declaring it; the same down passes with the marker', async () => {
    writeDowns({ ...DOWNS, '0002_notes.sql': 'DROP TABLE `notes`;' });
    db().prepare("INSERT INTO notes VALUES (1, 'kept')").run();
    const before = await contentHash(sqliteRows(db()));
    const error = await rollback().run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RollbackRefusedError);
    expect((error as RollbackRefusedError).refusals).toMatchObject([{ kind: 'down-loses-data', migrations: ['0002_notes.sql'] }]);
    expect((error as Error).message).toMatch(/down\/0002_notes\.sql \(statement 1\): DROP TABLE notes deletes every row of notes.*\[drop-without-marker\]/);
    expect(await contentHash(sqliteRows(db()))).toBe(before);
    expect(writes()).toEqual([]);
    // Without the refusal, the down really deletes the row: the hazard is real.
    writeDowns(DOWNS);
    expect((await rollback({ to: '0001' }).run).ok).toBe(true);
    expect(tables()).toEqual(['counters']);
  });

  it('refuses a name that is not applied, listing the applied ones; --to 0 rolls back every migration', async () => {
    await expect(rollback({ to: '0009' }).run).rejects.toThrow(UsageError);
    await expect(rollback({ to: '0009' }).run).rejects.toThrow(
      /Roll back to one of the applied migrations \(0000_counters\.sql, 0001_bump\.sql, 0002_notes\.sql\)/,
    );
    const result = await rollback({ to: '0' }).run;
    expect(result.results.map((r) => r.name)).toEqual(['0002_notes.sql', '0001_bump.sql', '0000_counters.sql']);
    expect(ledgerNames()).toEqual([]);
    expect(tables()).toEqual([]);
  });

  it('--dry-run writes nothing, not even the lock', async () => {
    const before = await contentHash(sqliteRows(db()));
    const result = await rollback({ dryRun: true }).run;
    expect(result.results.map((r) => r.outcome)).toEqual(['not-run', 'not-run']);
    expect(await contentHash(sqliteRows(db()))).toBe(before);
    expect(writes()).toEqual([]);
  });

  it('after a rollback, apply re-applies the rolled-back migrations', async () => {
    await rollback().run;
    const again = await applyMigrations({ transport: http(), migrations: folder.migrations, sleep: noWait, retryDelayMs: 1 });
    expect(again.results.map((r) => [r.name, r.outcome])).toEqual([
      ['0001_bump.sql', 'applied'],
      ['0002_notes.sql', 'applied'],
    ]);
    expect(counter()).toBe(10);
  });
});
