/**
 * One database of a fleet apply, with the guarantees of `d1-evolve apply` (the lock with its
 * holder and lease, checksums, one request per migration carrying its ledger row and the lock
 * guard) and the fleet's request economy:
 *   1. ONE request takes the lock, creates the ledger if needed, reads it, and, when the
 *      ledger already lists every migration, frees the lock again in the same transaction:
 *      an up-to-date database costs exactly this request;
 *   2. then one request per pending migration (runner/apply.ts `applyOne`), the first one
 *      also adding our ledger columns if they are missing, the last one freeing the lock.
 * N pending migrations cost N + 1 requests. No Time Travel bookmark per database unless asked:
 * the fleet's restore point is the run's start time (Time Travel restores by timestamp).
 */
import { InterruptedError, type ToolError } from '../errors';
import type { Migration } from '../folder/migration-folder';
import { applyOne } from '../runner/apply';
import type { MigrationResult } from '../runner/events';
import type { Ledger } from '../runner/ledger';
import { toLedgerRows } from '../runner/ledger';
import { DEFAULT_LEASE_SECONDS, LockHeldError, type LockLeft, lockLeftMessage, withLock } from '../runner/lock';
import { ApplyRefusedError, type Plan, type PlanOptions, planApply } from '../runner/plan';
import { computeStatus } from '../runner/status';
import { sqlLiteral } from '../sql/literal';
import type { D1Transport, Statement } from '../transports/transport';
import type { DatabaseOutcome, FleetDatabase } from './outcome';

export interface ApplyDatabaseOptions extends PlanOptions {
  database: FleetDatabase;
  transport: D1Transport;
  /** The folder's migrations in order. */
  migrations: readonly Migration[];
  ledger: Ledger;
  /** The run's holder: the same for every database of a run, and for its resume. */
  holder: string;
  leaseSeconds?: number;
  /** Stored in the ledger's applied_by; default `d1-evolve fleet <holder>`. */
  appliedBy?: string;
  /**
   * `--bookmarks`: asked only when migrations are pending, with the time just before this
   * database's first request, so restoring it brings back no lock.
   */
  bookmark?: (before: Date) => Promise<string>;
  /** Requests sent to this database so far (for the outcome). */
  requests?: () => number;
  /** Aborted: no further migration starts; the lock is freed. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  retryDelayMs?: number;
  clock?: () => number;
}

/** The lock release that fires only when the ledger holds every one of `names` (the up-to-date case). */
export function releaseIfCurrent(ledger: Ledger, holder: string, names: readonly string[]): Statement {
  const release = ledger.lock.release(holder);
  if (names.length === 0) return release;
  const held = `(SELECT count(DISTINCT name) FROM ${ledger.table} WHERE name IN (${names.map(sqlLiteral).join(', ')}))`;
  return { sql: `${release.sql} AND ${held} = ${names.length}` };
}

/** Applies the pending migrations of one database; never throws: every failure is an outcome. */
export async function applyDatabase(options: ApplyDatabaseOptions): Promise<DatabaseOutcome> {
  const { database, transport, migrations, ledger, holder } = options;
  const startedAt = new Date();
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const names = migrations.map((m) => m.name);
  const results: MigrationResult[] = [];
  let lockLeft: LockLeft | undefined;
  let bookmark: string | undefined;
  const outcome = (fields: Partial<DatabaseOutcome> & Pick<DatabaseOutcome, 'outcome'>): DatabaseOutcome => ({
    database: database.id,
    ...(database.name ? { name: database.name } : {}),
    applied: results.filter((r) => r.outcome === 'applied').map((r) => r.name),
    startedAt: startedAt.toISOString(),
    ...(options.requests ? { requests: options.requests() } : {}),
    ...(bookmark ? { bookmark } : {}),
    ...(lockLeft ? { lockLeft: lockLeftMessage(lockLeft, transport.target) } : {}),
    ...fields,
  });
  try {
    const lockOptions = {
      holder,
      lock: ledger.lock,
      leaseSeconds,
      sleep: options.sleep,
      retryDelayMs: options.retryDelayMs,
      alongside: [{ sql: ledger.createSql }, { sql: ledger.columnsSql }, { sql: ledger.readSql }, releaseIfCurrent(ledger, holder, names)],
      onLockLeft: (left: LockLeft) => {
        lockLeft = left;
      },
    };
    const error = await withLock(transport, lockOptions, async ([, columns = [], rows = []], lease) => {
      const ledgerRows = toLedgerRows(rows);
      const listed = new Set(ledgerRows.map((r) => r.name));
      // Read in the same transaction as the conditional release: it fired exactly when this holds.
      if (names.every((name) => listed.has(name))) lease.released();
      const plan = planApply(computeStatus(migrations, ledgerRows), options);
      if (plan.run.length === 0) return undefined;
      if (options.bookmark) bookmark = await options.bookmark(startedAt);
      return applyPlan(
        plan,
        columns.map((c) => String(c.name)),
        lease,
        options,
        results,
      );
    });
    // Ctrl-C is no failure: the database is left for `--resume`, not for the retry list.
    if (error instanceof InterruptedError) return outcome({ outcome: 'not-run', error: error.message, errorName: error.name });
    if (error) return outcome({ outcome: 'failed', error: error.message, errorName: error.name });
    return outcome({ outcome: results.length > 0 ? 'applied' : 'up-to-date' });
  } catch (error) {
    if (error instanceof LockHeldError) {
      const until = error.state.expiresAt ? new Date(error.state.expiresAt * 1000).toISOString() : 'unknown';
      return outcome({
        outcome: 'locked',
        holder: error.state.holder,
        error: `locked by another migration run, ${error.state.holder} (lease until ${until}): nothing was applied; run again once it has finished or its lease has ended.`,
        errorName: error.name,
      });
    }
    if (error instanceof ApplyRefusedError) {
      return outcome({ outcome: 'refused', refusals: error.refusals.map((r) => r.kind), error: error.message, errorName: error.name });
    }
    const message = error instanceof Error ? error.message : String(error);
    return outcome({ outcome: 'failed', error: message, errorName: error instanceof Error ? error.name : 'Error' });
  }
}

/** Sends the plan's migrations, one request each; the error that stopped them, if any. */
async function applyPlan(
  plan: Plan,
  columns: readonly string[],
  lease: { released(): void },
  options: ApplyDatabaseOptions,
  results: MigrationResult[],
): Promise<ToolError | undefined> {
  const { transport, migrations, ledger, holder } = options;
  const alters = ledger.addMissingColumnsSql(columns);
  for (const [index, migration] of plan.run.entries()) {
    if (options.signal?.aborted) {
      return new InterruptedError(`interrupted after ${index} of ${plan.run.length} migration(s); the lock is freed, and a resume goes on from here.`);
    }
    const last = index === plan.run.length - 1;
    // Our ledger columns ride in the first migration's transaction (after its lock guard),
    // rather than costing a request of their own; its ledger row keeps the file's checksum.
    const batch = index === 0 && alters.length > 0 ? { ...migration, statements: [...alters, ...migration.statements] } : migration;
    const { result, error } = await applyOne(batch, {
      transport,
      migrations,
      ledger,
      holder,
      leaseSeconds: options.leaseSeconds ?? DEFAULT_LEASE_SECONDS,
      releaseAfter: last,
      appliedBy: options.appliedBy ?? `d1-evolve fleet ${holder}`,
      emit: () => {},
      clock: options.clock ?? (() => performance.now()),
      sleep: options.sleep,
      retryDelayMs: options.retryDelayMs,
    });
    results.push(result);
    if (error) return error;
    if (last) lease.released();
  }
  return undefined;
}
