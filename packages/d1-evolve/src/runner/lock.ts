/**
 * One runner at a time per database: a lease in the single row of `<ledger>_lock`
 * (`d1_migrations_lock` beside wrangler's default ledger).
 * The holder names the run (random id, host, pid); the lease expires so that a crashed run
 * does not block forever, and is renewed by every migration.
 *
 * The guard statement goes first in every migration's batch. It fails — and with it the
 * whole batch, so nothing of the migration commits — when this runner no longer holds the
 * lock: it sets `guard` to 0 and the CHECK constraint `lock_lost` refuses that.
 */
import { ToolError } from '../errors';
import { type D1Transport, type Statement, TransportError } from '../transports/transport';
import { sqlLiteral } from '../sql/literal';

/** Default lease: far longer than D1's 30 s limit for one batch. */
export const DEFAULT_LEASE_SECONDS = 600;

export interface LockState {
  /** Absent when nobody holds the lock. */
  holder?: string;
  /** Unix seconds. */
  acquiredAt?: number;
  expiresAt?: number;
}

/**
 * A holder name for this run: `run-1a2b3c4d@<origin>`, where the caller says where it runs
 * (`host:pid` for the CLI, the Worker's name inside a Worker). WebCrypto only, so that the
 * runner core also loads in a Worker without nodejs_compat.
 */
export function newHolder(origin = 'unknown'): string {
  const id = [...crypto.getRandomValues(new Uint8Array(4))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `run-${id}@${origin}`;
}

/** The SQL of one lock table (`<ledger>_lock`). */
export class LockSql {
  constructor(readonly table = 'd1_migrations_lock') {}

  get createSql(): string {
    return `CREATE TABLE IF NOT EXISTS ${this.table} (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  holder TEXT,
  acquired_at INTEGER,
  expires_at INTEGER,
  step_started REAL,
  guard INTEGER NOT NULL DEFAULT 1 CONSTRAINT lock_lost CHECK (guard = 1)
)`;
  }

  get readSql(): string {
    return `SELECT holder, acquired_at, expires_at FROM ${this.table} WHERE id = 1`;
  }

  get existsSql(): string {
    return `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${sqlLiteral(this.table)}`;
  }

  /**
   * Takes the lock in one atomic statement: creates the row if there is none, and takes it
   * over only if it is free, already ours, or its lease has expired. Read the row back to
   * learn who holds it.
   */
  acquire(holder: string, leaseSeconds = DEFAULT_LEASE_SECONDS): Statement {
    const me = sqlLiteral(holder);
    return {
      sql: `INSERT INTO ${this.table} (id, holder, acquired_at, expires_at) VALUES (1, ${me}, unixepoch(), unixepoch() + ${leaseSeconds})
ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
WHERE holder IS NULL OR holder = excluded.holder OR expires_at <= unixepoch()`,
    };
  }

  /**
   * Fails the batch it is part of (CHECK constraint failed: lock_lost) unless `holder` holds
   * a live lease; otherwise renews the lease and notes when this step started, so the ledger
   * insert can record the migration's duration inside the same transaction (stepDurationSql).
   */
  guard(holder: string, leaseSeconds = DEFAULT_LEASE_SECONDS): Statement {
    return {
      sql: `UPDATE ${this.table} SET guard = CASE WHEN holder = ${sqlLiteral(holder)} AND expires_at > unixepoch() THEN 1 ELSE 0 END,
expires_at = unixepoch() + ${leaseSeconds}, step_started = julianday('now') WHERE id = 1`,
    };
  }

  /** duration_ms of the current step, measured by D1 itself: from the guard to the ledger insert. */
  get stepDurationSql(): string {
    return `(SELECT CAST(round((julianday('now') - step_started) * 86400000) AS INTEGER) FROM ${this.table} WHERE id = 1)`;
  }

  /** Frees the lock if `holder` has it. */
  release(holder: string): Statement {
    return { sql: `UPDATE ${this.table} SET holder = NULL, acquired_at = NULL, expires_at = NULL WHERE id = 1 AND holder = ${sqlLiteral(holder)}` };
  }

  /** Frees the lock whoever has it (`--force-unlock`). */
  get forceUnlockSql(): string {
    return `UPDATE ${this.table} SET holder = NULL, acquired_at = NULL, expires_at = NULL WHERE id = 1`;
  }
}

export function toLockState(row: Record<string, unknown> | undefined): LockState {
  if (!row || row.holder == null) return {};
  return { holder: String(row.holder), acquiredAt: Number(row.acquired_at), expiresAt: Number(row.expires_at) };
}

/** Whether a failed batch failed because the guard found the lock lost. */
export function isLockLost(error: unknown): boolean {
  return error instanceof Error && /lock_lost/.test(error.message);
}

/** Another run holds the lock. */
export class LockHeldError extends ToolError {
  override name = 'LockHeldError';
  constructor(
    readonly state: LockState,
    target: string,
    waitedSeconds: number,
  ) {
    const expires = state.expiresAt ? new Date(state.expiresAt * 1000).toISOString() : 'unknown';
    super(
      `${target} is locked by another migration run: ${state.holder} (since ${state.acquiredAt ? new Date(state.acquiredAt * 1000).toISOString() : 'unknown'}, ` +
        `lease expires ${expires})${waitedSeconds > 0 ? ` — still locked after waiting ${waitedSeconds} s` : ''}. ` +
        'Wait for it to finish (`--wait <seconds>`), or, if that run crashed, free the lock with `--force-unlock`.',
    );
  }
}

/** This run lost the lock between migrations (its lease expired and another run took it). */
export class LockLostError extends ToolError {
  override name = 'LockLostError';
}

export interface AcquireOptions {
  holder: string;
  /** The lock table; default the one beside wrangler's default ledger. */
  lock?: LockSql;
  leaseSeconds?: number;
  /** Keep trying this long when another run holds the lock; 0 = fail at once. */
  waitSeconds?: number;
  /** Poll interval while waiting; default 1000 ms. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Statements to run in the same batch right after acquiring (e.g. reading the ledger). */
  alongside?: readonly Statement[];
  /** Resends of a batch whose answer was lost (taking or freeing the lock); default 3. */
  resends?: number;
  /** Backoff base between resends, ms; default 500. */
  retryDelayMs?: number;
}

/**
 * Sends a lock batch until it has a clear answer. Taking and freeing the lock are idempotent
 * for their holder (taking it again while holding it changes nothing, nor does freeing it
 * twice), so a batch whose answer was lost, committed or not, is simply sent again, as is
 * one the rate limit turned away.
 */
async function settled<T>(send: () => Promise<T>, options: AcquireOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const resends = options.resends ?? 3;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const again = error instanceof TransportError && (error.mayHaveCommitted || error.failure === 'throttled');
      if (!again || attempt >= resends) throw error;
      await sleep((options.retryDelayMs ?? 500) * 2 ** attempt);
    }
  }
}

/**
 * Takes the lock (creating its table if needed), waiting up to `waitSeconds`. Resolves with
 * the results of `alongside`, run in the same transaction once the lock is ours, so what
 * they read cannot change under us. Throws LockHeldError naming the holder and expiry.
 */
export async function acquireLock(transport: D1Transport, options: AcquireOptions): Promise<Record<string, unknown>[][]> {
  const { holder, lock = new LockSql(), leaseSeconds = DEFAULT_LEASE_SECONDS, waitSeconds = 0, pollMs = 1000, alongside = [] } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  for (;;) {
    const batch = [{ sql: lock.createSql }, lock.acquire(holder, leaseSeconds), { sql: lock.readSql }, ...alongside];
    const results = await settled(() => transport.batch(batch), options).catch(async (error: unknown) => {
      // An acquire that may have committed and could not be settled: free what may be ours.
      if (error instanceof TransportError && error.mayHaveCommitted) await releaseLock(transport, holder, lock, options);
      throw error;
    });
    const state = toLockState(results[2]?.rows[0]);
    if (state.holder === holder) return results.slice(3).map((r) => r.rows);
    const waited = (Date.now() - started) / 1000;
    if (waited + pollMs / 1000 > waitSeconds) throw new LockHeldError(state, transport.target, Math.round(waited));
    await sleep(pollMs);
  }
}

/** The lock this run could not free: who holds it, and until when at the latest (Unix seconds). */
export interface LockLeft {
  holder: string;
  expiresAt: number;
  /** Why the release failed. */
  reason: string;
}

/** What `withLock` hands its work: say so when the work's last batch freed the lock itself. */
export interface Lease {
  /** The lock was released in the work's own last batch (saves a request). */
  released(): void;
}

/**
 * Runs `work` holding the lock: takes it (waiting as `options` say), with the results of
 * `alongside` read in the same transaction, and frees it afterwards, whatever `work` does,
 * unless the work released it in its own last batch.
 */
export async function withLock<T>(
  transport: D1Transport,
  options: AcquireOptions & { onLockLeft?: (left: LockLeft) => void },
  work: (alongside: Record<string, unknown>[][], lease: Lease) => Promise<T>,
): Promise<T> {
  const rows = await acquireLock(transport, options);
  let released = false;
  try {
    const lease = {
      released() {
        released = true;
      },
    };
    return await work(rows, lease);
  } finally {
    if (!released) {
      const failure = await releaseLock(transport, options.holder, options.lock, options);
      const expiresAt = Math.ceil(Date.now() / 1000) + (options.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
      if (failure) options.onLockLeft?.({ holder: options.holder, expiresAt, reason: failure });
    }
  }
}

/**
 * Frees the lock if we hold it, resending as long as the answer is unclear; never throws
 * (it runs on the way out of a failed run too, whose own outcome must not be hidden).
 * Resolves to why it could not, or undefined once the lock is free of us.
 */
export async function releaseLock(
  transport: D1Transport,
  holder: string,
  lock = new LockSql(),
  options: Pick<AcquireOptions, 'sleep' | 'resends' | 'retryDelayMs'> = {},
): Promise<string | undefined> {
  try {
    await settled(() => transport.batch([lock.release(holder)]), { holder, ...options });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What to tell a person about a lock this run left behind. */
export function lockLeftMessage({ holder, expiresAt, reason }: LockLeft, target: string): string {
  return (
    `the migration lock of ${target} is still held by ${holder} until ${new Date(expiresAt * 1000).toISOString()} at the latest: freeing it failed (${reason}). ` +
    'A later apply waits for it with `--wait <seconds>`, or frees it with `--force-unlock`.'
  );
}

/** Frees the lock whoever holds it; returns who held it. */
export async function forceUnlock(transport: D1Transport, lock = new LockSql()): Promise<LockState> {
  const [, before] = await transport.batch([{ sql: lock.createSql }, { sql: lock.readSql }, { sql: lock.forceUnlockSql }]);
  return toLockState(before?.rows[0]);
}

/** Who holds the lock now (read-only; {} when there is no lock table). */
export async function readLock(transport: D1Transport, lock = new LockSql()): Promise<LockState> {
  const [exists] = await transport.batch([{ sql: lock.existsSql }]);
  if (Number(exists?.rows[0]?.n ?? 0) === 0) return {};
  const [row] = await transport.batch([{ sql: lock.readSql }]);
  return toLockState(row?.rows[0]);
}
