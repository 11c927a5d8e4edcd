import { afterEach, describe, expect, it } from 'vitest';
import { type ApplyOptions, applyMigrations } from '../../src/runner/apply';
import type { ApplyEvent } from '../../src/runner/events';
import { Ledger, toLedgerRows } from '../../src/runner/ledger';
import type { ApplyRefusedError } from '../../src/runner/plan';
import { LockHeldError, LockLostError, LockSql } from '../../src/runner/lock';

import { readLastApply, recordLastApply } from '../../src/runner/last-apply';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeStatus } from '../../src/runner/status';
import { query } from '../../src/transports/transport';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { contentHash, sqliteRows, transportRows } from '../support/content-hash';
import { THREE, type TempFolder, migrationFolder } from './helpers';

const lock = new LockSql();

let folder: TempFolder;
let transport: SqliteTransport;
afterEach(async () => {
  folder?.remove();
  await transport?.close();
});

function setup(files: Record<string, string> = THREE) {
  folder = migrationFolder(files);
  transport = new SqliteTransport();
}
const apply = (options: Partial<ApplyOptions> = {}) => applyMigrations({ transport, migrations: folder.migrations, ...options });
const ledger = () => toLedgerRows(transport.db.prepare(new Ledger().readSql).all() as Record<string, unknown>[]);
const hash = () => contentHash(sqliteRows(transport.db));
const refusal = (error: unknown) => (error as ApplyRefusedError).refusals?.map((r) => [r.kind, r.override]);

describe('applying migrations', () => {
  it('applies every pending migration in order, each with its ledger row, and reports data per migration', async () => {
    setup();
    const result = await apply();
    expect(result.ok).toBe(true);
    expect(result.results.map((r) => [r.name, r.outcome])).toEqual(folder.migrations.map((m) => [m.name, 'applied']));
    expect(result.results[2]?.rowsWritten).toBe(1);
    expect(ledger().map((r) => r.name)).toEqual(folder.migrations.map((m) => m.name));
    expect(transport.db.prepare('SELECT holder FROM d1_migrations_lock').get()).toEqual({ holder: null });
    // A second run finds nothing to do and changes nothing.
    const before = await hash();
    expect((await apply()).results).toEqual([]);
    expect(await hash()).toBe(before);
  });

  it('emits start, migration-start, migration-done and done events with durations and rows written', async () => {
    setup();
    const events: ApplyEvent[] = [];
    await apply({ listener: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual(['start', ...Array(3).fill(['migration-start', 'migration-done']).flat(), 'done']);
    const done = events.filter((e) => e.type === 'migration-done');
    for (const e of done) expect(e).toMatchObject({ outcome: 'applied', durationMs: expect.any(Number) });
    expect(events.at(-1)).toMatchObject({ type: 'done', ok: true, applied: 3, failed: 0, notRun: 0 });
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('stops after the migration named by --to', async () => {
    setup();
    const result = await apply({ to: '0001_events' });
    expect(result.results.map((r) => r.name)).toEqual(['0000_users.sql', '0001_events.sql']);
    expect(ledger().map((r) => r.name)).toEqual(['0000_users.sql', '0001_events.sql']);
  });

  it('--dry-run returns the plan and touches nothing: no ledger, no lock, same content hash', async () => {
    setup();
    transport.db.exec("CREATE TABLE keep (x); INSERT INTO keep VALUES ('x')");
    const before = await hash();
    const result = await apply({ dryRun: true });
    expect(result.results.map((r) => r.outcome)).toEqual(['not-run', 'not-run', 'not-run']);
    expect(await hash()).toBe(before);
    expect(transport.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'd1_migrations%'").all()).toEqual([]);
  });

  it('a migration that fails half-way leaves the database and the ledger exactly as they were', async () => {
    setup({
      ...THREE,
      '0003_half':
        "INSERT INTO `users` VALUES ('u1', 'a@x');\n--> statement-breakpoint\nINSERT INTO `users` VALUES ('u2', 'a@x');\n--> statement-breakpoint\nCREATE TABLE never (x);",
    });
    await apply({ to: '0002_seed_event' });
    // Without one transaction the first statement would stick: show that hazard is real.
    const loose = new SqliteTransport();
    loose.db.exec(
      folder.migrations
        .slice(0, 3)
        .map((m) => m.sql)
        .join('\n'),
    );
    expect(() => {
      for (const sql of folder.migrations[3]!.statements) loose.db.exec(sql);
    }).toThrow(/UNIQUE/);
    expect(loose.db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    await loose.close();

    const before = await hash();
    const events: ApplyEvent[] = [];
    const result = await apply({ listener: (e) => events.push(e) });
    expect(result.ok).toBe(false);
    expect(result.results).toMatchObject([{ name: '0003_half.sql', outcome: 'failed' }]);
    expect(result.error?.message).toContain('0003_half.sql');
    expect(result.error?.message).toMatch(/UNIQUE/);
    expect(events.some((e) => e.type === 'error')).toBe(true);
    // The lock row is released again; everything else is byte-for-byte as before.
    expect(await hash()).toBe(before);
  });

  it('marks the migrations after a failed one as not-run', async () => {
    setup({ '0000_ok': 'CREATE TABLE a (x);', '0001_bad': 'INSERT INTO nope VALUES (1);', '0002_after': 'CREATE TABLE b (x);' });
    const result = await apply();
    expect(result.results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not-run']);
  });
});

describe('the lock and the hook before the first migration', () => {
  it('refuses while another run holds the lock, and --force-unlock frees a crashed run’s lock', async () => {
    setup();
    await transport.batch([{ sql: lock.createSql }, lock.acquire('run-crashed@ci:42')]);
    const error = await apply().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockHeldError);
    expect((error as Error).message).toMatch(/run-crashed@ci:42.*lease expires 20\d\d-/);
    expect(ledger()).toEqual([]);
    const result = await apply({ forceUnlock: true });
    expect(result.unlocked?.holder).toBe('run-crashed@ci:42');
    expect(result.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
  });

  it('stops without committing the next migration when another run took the lock meanwhile', async () => {
    setup();
    const result = await apply({
      listener: (event) => {
        if (event.type === 'migration-done' && event.name === '0000_users.sql') {
          transport.batchSync([{ sql: 'UPDATE d1_migrations_lock SET holder = NULL WHERE id = 1' }, lock.acquire('run-other')]);
        }
      },
    });
    expect(result.results.map((r) => r.outcome)).toEqual(['applied', 'failed', 'not-run']);
    expect(result.error).toBeInstanceOf(LockLostError);
    expect(ledger().map((r) => r.name)).toEqual(['0000_users.sql']);
    // The other run's lock is left alone.
    expect(transport.db.prepare('SELECT holder FROM d1_migrations_lock').get()).toEqual({ holder: 'run-other' });
  });

  it('runs beforeFirstMigration before anything is written, so a bookmark it takes holds no lock, and writes nothing if it fails', async () => {
    setup();
    const tables = () =>
      (transport.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    const failing = await apply({ beforeFirstMigration: async () => Promise.reject(new Error('cancelled at the prompt')) }).catch((e: unknown) => e);
    expect((failing as Error).message).toBe('cancelled at the prompt');
    expect(tables()).toEqual([]);

    const events: ApplyEvent[] = [];
    let tablesDuringHook: string[] = [];
    const result = await apply({
      listener: (e) => events.push(e),
      beforeFirstMigration: async () => {
        tablesDuringHook = tables();
        return 'bookmark-123';
      },
    });
    expect(tablesDuringHook).toEqual([]);
    expect(result.bookmark).toBe('bookmark-123');
    expect(events[0]).toMatchObject({ type: 'start', bookmark: 'bookmark-123' });
    expect(transport.db.prepare('SELECT holder FROM d1_migrations_lock').get()).toEqual({ holder: null });
  });

  it('does not call beforeFirstMigration when nothing is pending', async () => {
    setup();
    await apply();
    let called = false;
    await apply({
      beforeFirstMigration: async () => {
        called = true;
        return 'b';
      },
    });
    expect(called).toBe(false);
  });

  it('remembers the last bookmark per database for db:restore --before-last-apply', () => {
    const root = mkdtempSync(join(tmpdir(), 'last-apply-'));
    try {
      expect(readLastApply(root, 'db-1')).toBeUndefined();
      recordLastApply(root, { databaseId: 'db-1', bookmark: 'b1', at: '2026-01-01T00:00:00.000Z' });
      recordLastApply(root, { databaseId: 'db-2', bookmark: 'b2', at: '2026-01-02T00:00:00.000Z' });
      recordLastApply(root, { databaseId: 'db-1', bookmark: 'b3', at: '2026-01-03T00:00:00.000Z' });
      expect(readLastApply(root, 'db-1')?.bookmark).toBe('b3');
      expect(readLastApply(root, 'db-2')?.bookmark).toBe('b2');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('refusing to apply, each refusal with its override', () => {
  it('refuses when db:check fails, naming --skip-check, and goes ahead with it', async () => {
    setup();
    const check = async () => ({ ok: false, findings: [{ severity: 'error', message: 'rebuild of users deletes events', migration: '0001_events.sql' }] });
    const before = await hash();
    const error = await apply({ check }).catch((e: unknown) => e);
    expect(refusal(error)).toEqual([['check-failed', '--skip-check']]);
    expect((error as Error).message).toContain('--skip-check');
    expect((error as Error).message).toContain('rebuild of users deletes events');
    expect(await hash()).toBe(before);
    expect((await apply({ check, skipCheck: true })).ok).toBe(true);
  });

  it('runs the check and applies when it passes', async () => {
    setup();
    let checked = 0;
    const check = async () => {
      checked += 1;
      return { ok: true };
    };
    expect((await apply({ check })).ok).toBe(true);
    expect(checked).toBe(1);
  });

  it('refuses when an applied file changed, naming --accept-checksum; accepting stores the new checksum', async () => {
    setup();
    await apply({ to: '0001_events' });
    folder.edit('0000_users', `${THREE['0000_users']}\n-- reformatted`);
    const before = await hash();
    const error = await apply().catch((e: unknown) => e);
    expect(refusal(error)).toEqual([['changed', '--accept-checksum']]);
    expect((error as Error).message).toMatch(/0000_users\.sql changed after it was applied.*--accept-checksum 0000_users\.sql/);
    expect(await hash()).toBe(before);

    const result = await apply({ acceptChecksum: ['0000_users'] });
    expect(result.results.map((r) => r.name)).toEqual(['0002_seed_event.sql']);
    expect(computeStatus(folder.migrations, ledger()).problems).toEqual([]);
  });

  it('--allow-changed applies the rest without storing the edited checksum', async () => {
    setup();
    await apply({ to: '0000_users' });
    folder.edit('0000_users', `${THREE['0000_users']}\n-- reformatted`);
    expect((await apply({ allowChanged: true })).results).toHaveLength(2);
    expect(computeStatus(folder.migrations, ledger()).problems.map((e) => e.state)).toEqual(['changed']);
  });

  it('refuses when the ledger names migrations this checkout lacks, naming --allow-missing', async () => {
    setup();
    await apply({ to: '0000_users' });
    transport.db.exec("INSERT INTO d1_migrations (name) VALUES ('0009_from_another_branch.sql')");
    const error = await apply().catch((e: unknown) => e);
    expect(refusal(error)).toEqual([['missing', '--allow-missing']]);
    expect((error as Error).message).toContain('0009_from_another_branch.sql');
    expect((await apply({ allowMissing: true })).results).toHaveLength(2);
  });

  it('refuses a pending migration older than an applied one, naming --allow-out-of-order', async () => {
    setup();
    await apply();
    transport.db.exec("DELETE FROM d1_migrations WHERE name = '0001_events.sql'; DROP TABLE events");
    const error = await apply().catch((e: unknown) => e);
    expect(refusal(error)).toEqual([['out-of-order', '--allow-out-of-order']]);
    expect((await apply({ allowOutOfOrder: true })).results.map((r) => [r.name, r.outcome])).toEqual([['0001_events.sql', 'applied']]);
  });

  it('lists every refusal at once', async () => {
    setup();
    await apply();
    transport.db.exec("INSERT INTO d1_migrations (name) VALUES ('0009_x.sql')");
    folder.edit('0000_users', `${THREE['0000_users']}\n-- edited`);
    const error = await apply().catch((e: unknown) => e);
    expect(refusal(error)).toEqual([
      ['changed', '--accept-checksum'],
      ['missing', '--allow-missing'],
    ]);
  });

  it('leaves the lock free after a refusal', async () => {
    setup();
    await apply({ to: '0000_users' });
    folder.edit('0000_users', '-- edited');
    await apply().catch(() => undefined);
    expect(transport.db.prepare('SELECT holder FROM d1_migrations_lock').get()).toEqual({ holder: null });
  });
});

describe('applying on workerd’s D1 (miniflare)', () => {
  it('applies, records the ledger with checksum and duration, and rolls a failing migration back whole', async () => {
    folder = migrationFolder({
      ...THREE,
      '0003_half': "INSERT INTO `users` VALUES ('u1', 'a@x');\n--> statement-breakpoint\nINSERT INTO `users` VALUES ('u2', 'a@x');",
    });
    transport = new SqliteTransport(); // unused; keeps afterEach simple
    const d1 = new MiniflareTransport({ databaseId: 'apply-test' });
    try {
      const first = await applyMigrations({ transport: d1, migrations: folder.migrations, to: '0002' });
      expect(first.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
      const rows = await query<{ name: string; checksum: string; duration_ms: number }>(
        d1,
        'SELECT name, checksum, duration_ms FROM d1_migrations ORDER BY id',
      );
      expect(rows.map((r) => r.checksum)).toEqual(folder.migrations.slice(0, 3).map((m) => m.checksum));
      expect(rows.every((r) => typeof r.duration_ms === 'number')).toBe(true);

      const before = await contentHash(transportRows(d1));
      const second = await applyMigrations({ transport: d1, migrations: folder.migrations });
      expect(second.results.map((r) => r.outcome)).toEqual(['failed']);
      expect(await contentHash(transportRows(d1))).toBe(before);
    } finally {
      await d1.close();
    }
  });
});
