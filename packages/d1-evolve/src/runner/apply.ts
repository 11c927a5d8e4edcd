/**
 * Applies pending migrations exactly once. Per migration ONE batch, which D1 runs as one
 * transaction:
 *   1. the lock guard (fails the batch if this run lost the lock; see lock.ts),
 *   2. the migration's statements,
 *   3. its ledger row (name is UNIQUE, so a batch that already committed can never commit
 *      twice: a repeat fails on it and rolls back),
 *   4. on the last migration, the lock release (saves a request).
 * A request that ends without an answer is resolved by re-reading the ledger before any
 * retry.
 */
import { InterruptedError, MigrationError, ToolError } from '../errors';
import type { Migration } from '../folder/migration-folder';
import { type D1Transport, type Statement, TransportError } from '../transports/transport';
import type { ApplyEvent, ApplyListener, MigrationResult } from './events';
import { Ledger, readLedger, toLedgerRows } from './ledger';
import { DEFAULT_LEASE_SECONDS, type LockLeft, LockLostError, type LockState, forceUnlock, isLockLost, newHolder, withLock } from './lock';
import { ApplyRefusedError, type Plan, type PlanOptions, planApply } from './plan';
import { computeStatus } from './status';
import { type SettleOptions, inLedger, work } from './settle';

/** What `d1-evolve check` answers (structurally check/index.ts's CheckReport). */
export interface CheckOutcome {
  ok: boolean;
  findings?: readonly { severity: string; message: string; migration?: string }[];
}

export interface ApplyOptions extends PlanOptions, SettleOptions {
  transport: D1Transport;
  /** The folder's migrations in order (folder.ts). */
  migrations: readonly Migration[];
  /** The ledger table (wrangler's `migrations_table`); default `d1_migrations`. */
  ledger?: Ledger;
  /** Print nothing but the plan: no lock, no ledger, no writes at all. */
  dryRun?: boolean;
  /** Runs `d1-evolve check`; the apply is refused when it is not ok, unless skipCheck. */
  check?: () => Promise<CheckOutcome>;
  skipCheck?: boolean;
  /** Free a stale lock before starting (`--force-unlock`). */
  forceUnlock?: boolean;
  /** Wait this long for another run's lock; default 0 (refuse at once). */
  waitSeconds?: number;
  /** Lock poll interval while waiting, ms; default 1000. */
  pollMs?: number;
  leaseSeconds?: number;
  /** Lock holder name; default a fresh `run-<id>@host:pid`. */
  holder?: string;
  /** Stored in the ledger's applied_by; default `d1-evolve <holder>`. */
  appliedBy?: string;
  /**
   * Runs when migrations are pending, before anything is written, the lock included (remote:
   * confirm, then take a Time Travel bookmark). Its result is reported in the `start` event;
   * if it throws, nothing is written.
   */
  beforeFirstMigration?: () => Promise<string | undefined>;
  listener?: ApplyListener;
  /**
   * Aborted (Ctrl-C, SIGTERM): the migration in flight finishes, no further one starts, the
   * lock is freed, and the result says what was applied and what was not.
   */
  signal?: AbortSignal;
}

export interface ApplyResult {
  ok: boolean;
  dryRun: boolean;
  plan: Plan;
  results: MigrationResult[];
  /** The bookmark beforeFirstMigration returned. */
  bookmark?: string;
  /** Who held the lock that `forceUnlock` freed. */
  unlocked?: LockState;
  /** Why a migration failed (also in its result and the `error` event). */
  error?: ToolError;
  /** The lock this run could not free on its way out (lockLeftMessage says it for people). */
  lockLeft?: LockLeft;
}

/** Plans and applies; throws ApplyRefusedError / LockHeldError before touching anything, returns data after. */
export async function applyMigrations(options: ApplyOptions): Promise<ApplyResult> {
  const { transport, migrations, listener = () => {} } = options;
  const ledger = options.ledger ?? new Ledger();
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const emit = (event: ApplyEvent) => listener(event);

  if (options.check && !options.skipCheck) {
    const outcome = await options.check();
    if (!outcome.ok) {
      const errors = (outcome.findings ?? []).filter((f) => f.severity === 'error');
      const listed = errors
        .slice(0, 3)
        .map((f) => f.message.split('\n')[0]!.replace(/[.;:\s]+$/, ''))
        .join('; ');
      const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
      throw new ApplyRefusedError([
        {
          kind: 'check-failed',
          override: '--skip-check',
          migrations: [...new Set(errors.flatMap((f) => (f.migration ? [f.migration] : [])))],
          message:
            `the check found ${errors.length || 'some'} error(s)${errors.length ? `: ${listed}${more}` : ''}. ` +
            'Run `d1-evolve check` for details and fix them; to apply anyway, run with `--skip-check`.',
        },
      ]);
    }
  }

  if (options.dryRun) {
    const plan = planApply(computeStatus(migrations, await readLedger(transport, ledger)), options);
    emit({ type: 'start', target: transport.target, dryRun: true, pending: plan.run.map((m) => m.name), accept: plan.accept.map((m) => m.name) });
    const results: MigrationResult[] = plan.run.map((m) => ({ name: m.name, outcome: 'not-run' }));
    emit({ type: 'done', ok: true, applied: 0, failed: 0, notRun: results.length, durationMs: clock() - started, results });
    return { ok: true, dryRun: true, plan, results };
  }

  // 1. Anything that must come before a write (the confirmation, the Time Travel bookmark)
  //    runs on a read-only plan, before the lock: a restore to that bookmark then brings
  //    back no lock, and a cancelled confirmation has written nothing, not even a table.
  let bookmark: string | undefined;
  if (options.beforeFirstMigration) {
    const preview = planApply(computeStatus(migrations, await readLedger(transport, ledger)), options);
    if (preview.run.length > 0) bookmark = await options.beforeFirstMigration();
  }

  const holder = options.holder ?? newHolder();
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const unlocked = options.forceUnlock ? await forceUnlock(transport, ledger.lock) : undefined;
  let lockLeft: LockLeft | undefined;
  const lockOptions = {
    holder,
    lock: ledger.lock,
    leaseSeconds,
    waitSeconds: options.waitSeconds,
    pollMs: options.pollMs,
    sleep: options.sleep,
    retryDelayMs: options.retryDelayMs,
    alongside: [{ sql: ledger.createSql }, { sql: ledger.columnsSql }, { sql: ledger.readSql }],
    onLockLeft: (left: LockLeft) => {
      lockLeft = left;
    },
  };
  const result = await withLock(transport, lockOptions, async ([, columns = [], ledgerRows = []], lease): Promise<ApplyResult> => {
    const plan = planApply(computeStatus(migrations, toLedgerRows(ledgerRows)), options);
    // Our columns are added once per database (also after wrangler created the table);
    // accepted checksums are stored before anything runs.
    const prelude = [
      ...ledger.addMissingColumnsSql(columns.map((c) => String(c.name))).map((sql) => ({ sql })),
      ...plan.accept.map((m) => ledger.acceptChecksum(m.name, m.checksum)),
    ];
    if (prelude.length > 0) await transport.batch([ledger.lock.guard(holder, leaseSeconds), ...prelude]);
    if (plan.run.length === 0) {
      emit({ type: 'start', target: transport.target, dryRun: false, pending: [], accept: plan.accept.map((m) => m.name) });
      emit({ type: 'done', ok: true, applied: 0, failed: 0, notRun: 0, durationMs: clock() - started, results: [] });
      return { ok: true, dryRun: false, plan, results: [], unlocked };
    }

    emit({ type: 'start', target: transport.target, dryRun: false, pending: plan.run.map((m) => m.name), accept: plan.accept.map((m) => m.name), bookmark });

    const results: MigrationResult[] = plan.run.map((m) => ({ name: m.name, outcome: 'not-run' }));
    let error: ToolError | undefined;
    for (const [index, migration] of plan.run.entries()) {
      if (options.signal?.aborted) {
        const notRun = plan.run.slice(index).map((m) => m.name);
        error = new InterruptedError(
          `Interrupted: ${index} of ${plan.run.length} migration(s) applied; not started: ${notRun.join(', ')}. The lock is freed; run the apply again to go on.`,
        );
        emit({ type: 'error', message: error.message, name: error.name });
        break;
      }
      const last = index === plan.run.length - 1;
      emit({ type: 'migration-start', name: migration.name, index, total: plan.run.length, statements: migration.statements.length });
      const outcome = await applyOne(migration, { ...options, ledger, holder, leaseSeconds, releaseAfter: last, emit, clock });
      results[index] = outcome.result;
      emit({ type: 'migration-done', ...outcome.result });
      if (outcome.error) {
        error = outcome.error;
        emit({ type: 'error', message: error.message, name: error.name, migration: migration.name });
        break;
      }
      if (last) lease.released();
    }
    const count = (o: MigrationResult['outcome']) => results.filter((r) => r.outcome === o).length;
    emit({ type: 'done', ok: !error, applied: count('applied'), failed: count('failed'), notRun: count('not-run'), durationMs: clock() - started, results });
    return { ok: !error, dryRun: false, plan, results, bookmark, unlocked, error };
  });
  return lockLeft ? { ...result, lockLeft } : result;
}

export interface ApplyOneContext extends ApplyOptions {
  ledger: Ledger;
  holder: string;
  leaseSeconds: number;
  releaseAfter: boolean;
  emit: (event: ApplyEvent) => void;
  clock: () => number;
}

/** Sends one migration's batch until it is known to have committed once, or to have failed. */
export async function applyOne(migration: Migration, context: ApplyOneContext): Promise<{ result: MigrationResult; error?: ToolError }> {
  const { transport, ledger, holder, leaseSeconds, clock } = context;
  const { lock } = ledger;
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delay = context.retryDelayMs ?? 500;
  const batch: Statement[] = [
    lock.guard(holder, leaseSeconds),
    ...migration.statements.map((sql) => ({ sql })),
    ledger.insert({
      name: migration.name,
      checksum: migration.checksum,
      appliedBy: context.appliedBy ?? `d1-evolve ${holder}`,
      durationSql: lock.stepDurationSql,
    }),
    ...(context.releaseAfter ? [lock.release(holder)] : []),
  ];
  const started = clock();
  // Set once an attempt may have committed without us hearing it: from then on any failure,
  // even a clear one (the repeat hitting its own ledger row), is settled by the ledger.
  let uncertain = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const results = await transport.batch(batch);
      return {
        result: {
          name: migration.name,
          outcome: 'applied',
          attempts: attempt,
          durationMs: clock() - started,
          ...work(results.slice(1, 1 + migration.statements.length)),
        },
      };
    } catch (cause) {
      const failure = cause instanceof TransportError ? cause.failure : 'rejected';
      uncertain ||= cause instanceof TransportError && cause.mayHaveCommitted;
      const failed = (error: ToolError) => ({
        result: { name: migration.name, outcome: 'failed' as const, attempts: attempt, durationMs: clock() - started, error: error.message },
        error,
      });
      if (uncertain) {
        const found = await inLedger(transport, ledger.containsSql(migration.name), { reads: context.ledgerReads ?? 5, delay, sleep });
        if (found === true) {
          return { result: { name: migration.name, outcome: 'applied', attempts: attempt, durationMs: clock() - started, confirmedByLedger: true } };
        }
        if (found === undefined) {
          return failed(
            new MigrationError(
              `${migration.path}: the request ended without a clear outcome and the ledger could not be read afterwards, so it is unknown whether ${migration.name} was applied (${(cause as Error).message}). ` +
                'Run `d1-evolve status` to see, then `d1-evolve apply` again: an applied migration is never applied twice.',
              migration.name,
              migration.path,
              { cause },
            ),
          );
        }
      }
      if (isLockLost(cause)) {
        return failed(
          new LockLostError(
            `${migration.name} was not applied: this run no longer holds the migration lock (its lease expired and another run may have taken it). Nothing of ${migration.path} was committed; run \`d1-evolve status\` and apply again.`,
            { cause },
          ),
        );
      }
      if (failure === 'unanswered' && attempt <= (context.ambiguousRetries ?? 3)) {
        context.emit({ type: 'migration-retry', name: migration.name, reason: (cause as Error).message, attempt });
        await sleep(delay * 2 ** (attempt - 1));
        continue;
      }
      if (cause instanceof ToolError && failure !== 'rejected') return failed(cause);
      return failed(
        new MigrationError(
          `${migration.path} failed and was rolled back as a whole (nothing of it, nor its ledger row, was committed): ${(cause as Error).message}. ` +
            `Fix the migration (\`d1-evolve check\` replays it) and run the apply again.`,
          migration.name,
          migration.path,
          { cause },
        ),
      );
    }
  }
}
