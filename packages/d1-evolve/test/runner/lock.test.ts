import { afterEach, describe, expect, it } from 'vitest';
import type { D1Transport } from '../../src/transports/transport';
import { query } from '../../src/transports/transport';
import { LockHeldError, LockSql, acquireLock, forceUnlock, readLock, releaseLock } from '../../src/runner/lock';

import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';

const guardSql = (holder: string) => new LockSql().guard(holder);

const engines: [string, () => D1Transport][] = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1 (miniflare)', () => new MiniflareTransport({ databaseId: 'lock-test' })],
];

describe.each(engines)('the migration lock on %s', (_engine, open) => {
  let transport: D1Transport;
  afterEach(async () => {
    await transport?.close?.();
  });

  it('lets one holder in and names it to the next, who gets in once it is released', async () => {
    transport = open();
    await acquireLock(transport, { holder: 'run-a' });
    const refused = await acquireLock(transport, { holder: 'run-b' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LockHeldError);
    expect((refused as Error).message).toContain('run-a');
    expect((refused as Error).message).toMatch(/--wait.*--force-unlock/);
    await releaseLock(transport, 'run-a');
    await acquireLock(transport, { holder: 'run-b' });
    expect((await readLock(transport)).holder).toBe('run-b');
  });

  it('takes over a lock whose lease has expired', async () => {
    transport = open();
    await acquireLock(transport, { holder: 'crashed', leaseSeconds: -1 });
    await acquireLock(transport, { holder: 'run-b' });
    expect((await readLock(transport)).holder).toBe('run-b');
  });

  it('waits for the lock when asked to, and gets it when the holder lets go', async () => {
    transport = open();
    await acquireLock(transport, { holder: 'run-a' });
    let polls = 0;
    await acquireLock(transport, {
      holder: 'run-b',
      waitSeconds: 5,
      pollMs: 10,
      sleep: async () => {
        polls += 1;
        if (polls === 2) await releaseLock(transport, 'run-a');
      },
    });
    expect(polls).toBe(2);
    expect((await readLock(transport)).holder).toBe('run-b');
  });

  it('force-unlock frees a lock held by someone else and reports who had it', async () => {
    transport = open();
    await acquireLock(transport, { holder: 'stuck' });
    expect((await forceUnlock(transport)).holder).toBe('stuck');
    expect(await readLock(transport)).toEqual({});
  });

  it('the guard fails the whole batch, earlier statements included, once the lock is lost', async () => {
    transport = open();
    await transport.batch([{ sql: 'CREATE TABLE t (x INTEGER)' }]);
    await acquireLock(transport, { holder: 'run-a' });
    // Without losing the lock the same batch commits: the guard is what stops it.
    await transport.batch([guardSql('run-a'), { sql: 'INSERT INTO t VALUES (1)' }]);
    expect(await query(transport, 'SELECT count(*) AS n FROM t')).toEqual([{ n: 1 }]);

    await forceUnlock(transport);
    await acquireLock(transport, { holder: 'run-b' });
    const lost = await transport.batch([{ sql: 'INSERT INTO t VALUES (2)' }, guardSql('run-a'), { sql: 'INSERT INTO t VALUES (3)' }]).catch((e: unknown) => e);
    expect(String((lost as Error).message)).toMatch(/lock_lost/);
    expect(await query(transport, 'SELECT x FROM t ORDER BY x')).toEqual([{ x: 1 }]);
    expect((await readLock(transport)).holder).toBe('run-b');
  });
});
