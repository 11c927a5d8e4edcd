/**
 * Rolls applied migrations back with their downs (folder/downs.ts), exactly once, mirroring
 * apply.ts. Per migration ONE batch, which D1 runs as one transaction:
 *   1. the lock guard (fails the batch if this run lost the lock; see lock.ts),
 *   2. the row guard: fails the batch unless the ledger still lists the migration, so a
 *      batch that already committed can never commit twice (a repeat fails whole),
 *   3. the down's statements,
 *   4. the removal of its ledger row (wrangler then sees the migration as pending again),
 *   5. on the last down, the lock release (saves a request).
 * A request that ends without an answer is settled by re-reading the ledger before any
 * resend. Before anything is written (not even the lock) the rollback is refused, naming
 * them, when a migration to undo has no down, when a down loses data it does not declare
 * (the check's lint, run on the down), when an up was edited after it was applied, or when
 * the ledger lists migrations after the target that this checkout lacks.
 */
import { InterruptedError, MigrationError, ToolError, UsageError } from '../errors';
import { dirname } from 'node:path';
import { type DownMigration, downPath } from '../folder/downs';
import type { Migration } from '../folder/migration-folder';
import { chainSteps } from '../check/replay';
import { lintMigration } from '../check/lint';
import { sqlLiteral } from '../sql/literal';
import { type D1Transport, type Statement, TransportError } from '../transports/transport';
import { Ledger, type LedgerRow, readLedger, toLedgerRows } from './ledger';
import { DEFAULT_LEASE_SECONDS, type LockLeft, LockLostError, type LockState, forceUnlock, isLockLost, newHolder, withLock } from './lock';
import { resolveName } from './plan';
import { type StatusEntry, type StatusReport, computeStatus } from './status';
import { type SettleOptions, inLedger, work } from './settle';

/** `--to 0`: every applied migration is rolled back, back to the empty database. */
export const ROLL_BACK_ALL = '0';

/** One migration to undo, with the down that undoes it. */
export interface RollbackStep {
  migration: Migration;
  /** Its ledger row. */
  row: LedgerRow;
  down: DownMigration;
}

export interface RollbackTargets {
  /** The migration the database is left at (its file name), or undefined for `--to 0`. */
  to?: string;
  /** The applied entries to undo, newest applied first (ledger id, descending). */
  undo: StatusEntry[];
  /** The ledger rows that stay. */
  kept: LedgerRow[];
}

export interface RollbackPlan extends RollbackTargets {
  /** What runs, in order: newest applied first. */
  steps: RollbackStep[];
}

export type RollbackRefusalKind = 'down-missing' | 'down-loses-data' | 'down-invalid' | 'changed' | 'missing';

export interface RollbackRefusal {
  kind: RollbackRefusalKind;
  migrations: string[];
  message: string;
}

/** The rollback is refused before anything was written; every reason is listed. */
export class RollbackRefusedError extends ToolError {
  override name = 'RollbackRefusedError';
  constructor(readonly refusals: RollbackRefusal[]) {
    super(`Nothing was rolled back:\n${refusals.map((r) => `- ${r.message}`).join('\n')}`);
  }
}

const APPLIED_STATES = new Set(['applied', 'applied-no-checksum', 'changed']);

/**
 * Which applied migrations `--to <name>` undoes: every one after `<name>` in the folder's
 * order (wrangler's), plus ledger rows after it this checkout lacks; newest applied first.
 * `<name>` must be applied (`0`: roll back everything); throws UsageError listing the applied.
 */
export function rollbackTargets(status: StatusReport, to: string): RollbackTargets {
  const applied = status.entries.filter((e) => e.row && e.state !== 'missing');
  const list = applied.map((e) => e.name).join(', ') || 'none';
  const target = to === ROLL_BACK_ALL ? undefined : resolveApplied(status, to, list);
  const position = target === undefined ? -1 : status.entries.findIndex((e) => e.name === target);
  const targetId = target === undefined ? -1 : status.entries[position]!.row!.id;
  const undo = status.entries.filter((e, i) => e.row && (e.state === 'missing' ? e.row.id > targetId : i > position)).sort((a, b) => b.row!.id - a.row!.id);
  const undone = new Set(undo.map((e) => e.name));
  const kept = status.entries.flatMap((e) => (e.row && !undone.has(e.name) ? [e.row] : [])).sort((a, b) => a.id - b.id);
  return { ...(target === undefined ? {} : { to: target }), undo, kept };
}

function resolveApplied(status: StatusReport, to: string, list: string): string {
  let name: string;
  try {
    name = resolveName(status, to);
  } catch {
    throw new UsageError(
      `--to ${to}: no migration of that name. Roll back to one of the applied migrations (${list}), or \`--to 0\` to roll back all of them.`,
    );
  }
  const entry = status.entries.find((e) => e.name === name)!;
  if (!APPLIED_STATES.has(entry.state)) {
    throw new UsageError(
      `--to ${to}: ${name} is not applied to this database (${entry.state}). Roll back to one of the applied migrations (${list}), or \`--to 0\` for all of them.`,
    );
  }
  return name;
}

export interface PlanRollbackOptions {
  /** `--to`: a migration name (0004, 0004_x or 0004_x.sql) or `0`. */
  to: string;
  /** The folder's migrations, in order (for the snapshots around each one). */
  migrations: readonly Migration[];
  /** The down of a migration file, or undefined when there is none (folder/downs.ts readDown). */
  readDown: (name: string) => DownMigration | undefined;
  /** Roll back although an up was edited after it was applied (its down was written for the file, not for what ran). */
  allowChanged?: boolean;
}

/** Builds the plan from the status, or throws RollbackRefusedError / UsageError. Reads files only. */
export function planRollback(status: StatusReport, options: PlanRollbackOptions): RollbackPlan {
  const targets = rollbackTargets(status, options.to);
  const refusals: RollbackRefusal[] = [];
  const missing = targets.undo.filter((e) => e.state === 'missing');
  if (missing.length > 0) {
    refusals.push({
      kind: 'missing',
      migrations: missing.map((e) => e.name),
      message:
        `the ledger lists ${names(missing)} after ${targets.to ?? 'the start'}, but this checkout has no such file, so no down for it. ` +
        'Pull or merge the branch that added it, then roll back again.',
    });
  }
  const changed = targets.undo.filter((e) => e.state === 'changed');
  if (changed.length > 0 && !options.allowChanged) {
    refusals.push({
      kind: 'changed',
      migrations: changed.map((e) => e.name),
      message:
        `${names(changed)} changed after ${changed.length > 1 ? 'they were' : 'it was'} applied, so ${changed.length > 1 ? 'their downs undo' : 'its down undoes'} the file as it is now, not what ran. ` +
        'Restore the applied version from git, or, if the down fits what ran, run with `--allow-changed`.',
    });
  }
  const present = targets.undo.filter((e) => e.migration);
  const downs = new Map(present.map((e) => [e.name, options.readDown(e.name)]));
  const noDown = present.filter((e) => !downs.get(e.name));
  if (noDown.length > 0) {
    refusals.push({
      kind: 'down-missing',
      migrations: noDown.map((e) => e.name),
      message:
        `no down for ${noDown.map((e) => e.migration!.path).join(', ')} (looked for ${noDown.map((e) => downPathOf(e)).join(', ')}). ` +
        `Write ${noDown.length > 1 ? 'them' : 'it'} with \`d1-evolve generate --down-for <name>\` (or by hand), review, commit, and roll back again; or restore remote D1 with \`--time-travel\`.`,
    });
  }
  const losses = lossesOf(
    present.filter((e) => downs.get(e.name)),
    downs,
    options.migrations,
  );
  // A loss wants a marker (or a fix); any other lint error means the down would fail as written.
  const lossy = losses.filter((l) => LOSS_RULES.has(l.rule));
  const invalid = losses.filter((l) => !LOSS_RULES.has(l.rule));
  if (lossy.length > 0) {
    refusals.push({
      kind: 'down-loses-data',
      migrations: [...new Set(lossy.map((l) => l.name))],
      message:
        `${lossy.map((l) => l.message).join('; ')}. A down may lose data only where it says so: ` +
        'add `-- allow-data-loss: <table>` to the down for each loss that is meant (`d1-evolve check` proves the downs), or fix the down.',
    });
  }
  if (invalid.length > 0) {
    refusals.push({
      kind: 'down-invalid',
      migrations: [...new Set(invalid.map((l) => l.name))],
      message:
        `${invalid.map((l) => l.message).join('; ')}. The down would fail on D1 as written: fix it (\`d1-evolve check\` replays it), ` +
        `or delete it and run \`d1-evolve generate --down-for ${invalid[0]!.name}\`.`,
    });
  }
  if (refusals.length > 0) throw new RollbackRefusedError(refusals);
  return { ...targets, steps: present.map((e) => ({ migration: e.migration!, row: e.row!, down: downs.get(e.name)! })) };
}

/** The lint rules that mean a down loses data (the rest mean it would not run). */
const LOSS_RULES = new Set(['drop-without-marker', 'rebuild-cascade']);

const downPathOf = (entry: StatusEntry) => downPath(dirname(entry.migration!.path), entry.name);

/**
 * The check's lint on each down, read as a migration from the up's snapshot back to the one
 * before: an error (an undeclared DROP, a rebuild that would cascade, a statement D1
 * refuses) refuses the rollback. The full round trip on data is `d1-evolve check`'s proof.
 */
function lossesOf(
  entries: readonly StatusEntry[],
  downs: Map<string, DownMigration | undefined>,
  migrations: readonly Migration[],
): { name: string; rule: string; message: string }[] {
  const steps = new Map(chainSteps(migrations).map((s) => [s.migration.name, s]));
  return entries.flatMap((entry) => {
    const step = steps.get(entry.name);
    const down = downs.get(entry.name)!;
    if (!step) return [];
    const asMigration: Migration = {
      ...step.migration,
      name: `down/${entry.name}`,
      path: down.path,
      sql: down.sql,
      statements: down.statements,
      checksum: down.checksum,
      snapshotPath: '',
    };
    const errors = lintMigration(asMigration, step.after, step.before, step.before).filter((f) => f.severity === 'error');
    return errors.map((f) => ({ name: entry.name, rule: f.rule, message: `${f.message.replace(/[.\s]+$/, '')} [${f.rule}]` }));
  });
}

const names = (entries: readonly StatusEntry[]) => entries.map((e) => e.name).join(', ');

// ---------------------------------------------------------------------------------------------
// Running the plan

export type RollbackOutcome = 'rolled-back' | 'failed' | 'not-run';

export interface RollbackResult {
  name: string;
  outcome: RollbackOutcome;
  durationMs?: number;
  rowsRead?: number;
  rowsWritten?: number;
  /** Requests it took (more than 1 after a resend). */
  attempts?: number;
  /** An unanswered request turned out to have committed (the ledger no longer listed it). */
  confirmedByLedger?: boolean;
  error?: string;
}

/** What a rollback reports while it runs; `--json` writes each as one line. */
export type RollbackEvent =
  | { type: 'start'; target: string; dryRun: boolean; to: string | null; undo: string[]; bookmark?: string }
  | { type: 'migration-start'; name: string; index: number; total: number; statements: number }
  | { type: 'migration-retry'; name: string; reason: string; attempt: number }
  | ({ type: 'migration-done' } & RollbackResult)
  | { type: 'done'; ok: boolean; rolledBack: number; failed: number; notRun: number; durationMs: number; results: RollbackResult[] }
  | { type: 'error'; message: string; name?: string; migration?: string };

export interface RollbackOptions extends Omit<PlanRollbackOptions, 'migrations'>, SettleOptions {
  transport: D1Transport;
  migrations: readonly Migration[];
  ledger?: Ledger;
  /** Print the plan only: no lock, no writes at all. */
  dryRun?: boolean;
  forceUnlock?: boolean;
  waitSeconds?: number;
  pollMs?: number;
  leaseSeconds?: number;
  holder?: string;
  /**
   * Runs when there is something to undo, after the plan passed and before anything is
   * written, the lock included (remote: confirm, then take a Time Travel bookmark). If it
   * throws, nothing is written.
   */
  beforeFirstDown?: (plan: RollbackPlan) => Promise<string | undefined>;
  listener?: (event: RollbackEvent) => void;
  /** Aborted: the down in flight finishes, no further one starts, the lock is freed. */
  signal?: AbortSignal;
}

export interface RollbackRun {
  ok: boolean;
  dryRun: boolean;
  plan: RollbackPlan;
  results: RollbackResult[];
  bookmark?: string;
  unlocked?: LockState;
  error?: ToolError;
  lockLeft?: LockLeft;
}

/** Plans and rolls back; throws RollbackRefusedError / UsageError / LockHeldError before writing anything, returns data after. */
export async function rollbackMigrations(options: RollbackOptions): Promise<RollbackRun> {
  const { transport, listener = () => {} } = options;
  const ledger = options.ledger ?? new Ledger();
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const emit = (event: RollbackEvent) => listener(event);
  const plan = (rows: LedgerRow[]) => planRollback(computeStatus(options.migrations, rows), options);

  // 1. A read-only plan first: refusals, the dry run, the confirmation and the bookmark all
  //    come before the lock, so a refusal or a cancel has written nothing, not even a table.
  const preview = plan(await readLedger(transport, ledger));
  const start = (dryRun: boolean, p: RollbackPlan, bookmark?: string) =>
    emit({ type: 'start', target: transport.target, dryRun, to: p.to ?? null, undo: p.steps.map((s) => s.migration.name), ...(bookmark ? { bookmark } : {}) });
  if (options.dryRun || preview.steps.length === 0) {
    start(options.dryRun === true, preview);
    const results: RollbackResult[] = preview.steps.map((s) => ({ name: s.migration.name, outcome: 'not-run' }));
    emit({ type: 'done', ok: true, rolledBack: 0, failed: 0, notRun: results.length, durationMs: clock() - started, results });
    return { ok: true, dryRun: options.dryRun === true, plan: preview, results };
  }
  const bookmark = options.beforeFirstDown ? await options.beforeFirstDown(preview) : undefined;

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
    alongside: [{ sql: ledger.readSql }],
    onLockLeft: (left: LockLeft) => {
      lockLeft = left;
    },
  };
  const run = await withLock(transport, lockOptions, async ([ledgerRows = []], lease): Promise<RollbackRun> => {
    // 2. Planned again under the lock: what another run did meanwhile counts.
    const locked = plan(toLedgerRows(ledgerRows));
    // What was confirmed (and bookmarked) is what runs: a migration applied meanwhile was never shown.
    const shown = preview.steps.map((st) => st.migration.name).join(', ');
    const now = locked.steps.map((st) => st.migration.name).join(', ');
    if (shown !== now) {
      throw new ToolError(
        `The ledger changed between the plan and the lock (planned: ${shown || 'nothing'}; now: ${now || 'nothing'}): another run applied or rolled back meanwhile. Nothing was rolled back; run the rollback again.`,
      );
    }
    start(false, locked, bookmark);
    const results: RollbackResult[] = locked.steps.map((s) => ({ name: s.migration.name, outcome: 'not-run' }));
    let error: ToolError | undefined;
    for (const [index, step] of locked.steps.entries()) {
      if (options.signal?.aborted) {
        const notRun = locked.steps.slice(index).map((s) => s.migration.name);
        error = new InterruptedError(
          `Interrupted: ${index} of ${locked.steps.length} migration(s) rolled back; not started: ${notRun.join(', ')}. The lock is freed; run the rollback again to go on.`,
        );
        emit({ type: 'error', message: error.message, name: error.name });
        break;
      }
      const last = index === locked.steps.length - 1;
      emit({ type: 'migration-start', name: step.migration.name, index, total: locked.steps.length, statements: step.down.statements.length });
      const outcome = await rollbackOne(step, { ...options, ledger, holder, leaseSeconds, releaseAfter: last, emit, clock });
      results[index] = outcome.result;
      emit({ type: 'migration-done', ...outcome.result });
      if (outcome.error) {
        error = outcome.error;
        emit({ type: 'error', message: error.message, name: error.name, migration: step.migration.name });
        break;
      }
      if (last) lease.released();
    }
    const count = (o: RollbackOutcome) => results.filter((r) => r.outcome === o).length;
    emit({
      type: 'done',
      ok: !error,
      rolledBack: count('rolled-back'),
      failed: count('failed'),
      notRun: count('not-run'),
      durationMs: clock() - started,
      results,
    });
    return { ok: !error, dryRun: false, plan: locked, results, bookmark, unlocked, error };
  });
  return lockLeft ? { ...run, lockLeft } : run;
}

/** The statement that removes a migration's ledger row. */
export function ledgerDelete(ledger: Ledger, name: string): Statement {
  return { sql: `DELETE FROM ${ledger.table} WHERE name = ${sqlLiteral(name)}` };
}

/**
 * Fails the batch it is part of (CHECK constraint failed: id = 1, the lock table's own) unless
 * the ledger lists `name`: a down whose batch already committed removed that row, so a resend
 * of it fails whole instead of running the down twice.
 */
export function rowGuard(ledger: Ledger, name: string): Statement {
  return {
    sql: `UPDATE ${ledger.lock.table} SET id = CASE WHEN EXISTS (SELECT 1 FROM ${ledger.table} WHERE name = ${sqlLiteral(name)}) THEN 1 ELSE 0 END WHERE id = 1`,
  };
}

/** Whether a failed batch failed on the row guard: the ledger no longer listed the migration. */
export function isAlreadyRolledBack(error: unknown): boolean {
  return error instanceof Error && /CHECK constraint failed: id = 1/.test(error.message);
}

/** The statements of one migration's rollback batch, in order. */
export function rollbackBatch(step: RollbackStep, { ledger, holder, leaseSeconds = DEFAULT_LEASE_SECONDS, releaseAfter = false }: BatchContext): Statement[] {
  return [
    ledger.lock.guard(holder, leaseSeconds),
    rowGuard(ledger, step.migration.name),
    ...step.down.statements.map((sql) => ({ sql })),
    ledgerDelete(ledger, step.migration.name),
    ...(releaseAfter ? [ledger.lock.release(holder)] : []),
  ];
}

interface BatchContext {
  ledger: Ledger;
  holder: string;
  leaseSeconds?: number;
  releaseAfter?: boolean;
}

interface RollbackOneContext extends Omit<RollbackOptions, 'ledger' | 'holder' | 'leaseSeconds'>, BatchContext {
  leaseSeconds: number;
  emit: (event: RollbackEvent) => void;
  clock: () => number;
}

/** Sends one down's batch until it is known to have committed once, or to have failed. */
async function rollbackOne(step: RollbackStep, context: RollbackOneContext): Promise<{ result: RollbackResult; error?: ToolError }> {
  const { transport, ledger, clock } = context;
  const { name } = step.migration;
  const sleep = context.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delay = context.retryDelayMs ?? 500;
  const batch = rollbackBatch(step, context);
  const started = clock();
  // Set once an attempt may have committed unheard: from then on every failure is settled by the ledger.
  let uncertain = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const results = await transport.batch(batch);
      return {
        result: { name, outcome: 'rolled-back', attempts: attempt, durationMs: clock() - started, ...work(results.slice(2, 2 + step.down.statements.length)) },
      };
    } catch (cause) {
      const failure = cause instanceof TransportError ? cause.failure : 'rejected';
      uncertain ||= cause instanceof TransportError && cause.mayHaveCommitted;
      const failed = (error: ToolError) => ({
        result: { name, outcome: 'failed' as const, attempts: attempt, durationMs: clock() - started, error: error.message },
        error,
      });
      if (uncertain) {
        const listed = await inLedger(transport, ledger.containsSql(name), { reads: context.ledgerReads ?? 5, delay, sleep });
        if (listed === false) return { result: { name, outcome: 'rolled-back', attempts: attempt, durationMs: clock() - started, confirmedByLedger: true } };
        if (listed === undefined) {
          return failed(
            new MigrationError(
              `${step.down.path}: the request ended without a clear outcome and the ledger could not be read afterwards, so it is unknown whether ${name} was rolled back (${(cause as Error).message}). ` +
                'Run `d1-evolve status` to see, then roll back again: a rolled-back migration is never rolled back twice.',
              name,
              step.down.path,
              { cause },
            ),
          );
        }
      }
      if (isLockLost(cause)) {
        return failed(
          new LockLostError(
            `${name} was not rolled back: this run no longer holds the migration lock (its lease expired and another run may have taken it). Nothing of ${step.down.path} was committed; run \`d1-evolve status\` and roll back again.`,
            { cause },
          ),
        );
      }
      if (isAlreadyRolledBack(cause)) {
        return failed(
          new MigrationError(
            `${name} is no longer in the ledger: another run rolled it back. Nothing was run twice; run \`d1-evolve status\`.`,
            name,
            step.down.path,
            { cause },
          ),
        );
      }
      if (failure === 'unanswered' && attempt <= (context.ambiguousRetries ?? 3)) {
        context.emit({ type: 'migration-retry', name, reason: (cause as Error).message, attempt });
        await sleep(delay * 2 ** (attempt - 1));
        continue;
      }
      if (cause instanceof ToolError && failure !== 'rejected') return failed(cause);
      return failed(
        new MigrationError(
          `${step.down.path} failed and was rolled back as a whole (nothing of it was committed; ${name} stays applied): ${(cause as Error).message}. ` +
            'Fix the down (`d1-evolve check` replays it) and roll back again.',
          name,
          step.down.path,
          { cause },
        ),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// --time-travel: which point to restore remote D1 to

/** The recorded bookmark (last-apply.ts); `appliedBy`, where recorded, names the run that applied after it. */
export interface RecordedBookmark {
  bookmark: string;
  /** ISO time the bookmark was taken (this machine's clock). */
  at: string;
  /** The ledger's applied_by of the run that took it (`d1-evolve <holder>`), if recorded. */
  appliedBy?: string;
}

export interface TimeTravelChoice {
  target: { bookmark: string } | { timestamp: Date };
  /** For people: `bookmark 0000… (taken before 0002_x.sql was applied, at …)`. */
  description: string;
  /** Set when no recorded bookmark fits and the ledger's applied_at is used instead. */
  fallback?: string;
}

/**
 * The point just before the oldest migration to undo was applied: the bookmark `apply` took
 * before the run that applied it, when that is the one recorded (last-apply.ts keeps the last
 * run's only) and it falls after every migration that stays; otherwise the second that
 * migration's ledger row was written (applied_at, D1's clock), which is before its commit.
 * Throws when a migration that stays was applied in that same second (or the same run): no
 * point in Time Travel separates the two, and only a down can undo one without the other.
 */
export function timeTravelTarget(targets: RollbackTargets, recorded: RecordedBookmark | undefined): TimeTravelChoice {
  const first = targets.undo.at(-1)?.row;
  if (!first) throw new ToolError('Nothing to roll back: no applied migration comes after the target.');
  if (recorded && bookmarkFits(recorded, first, targets.kept)) {
    return {
      target: { bookmark: recorded.bookmark },
      description: `bookmark ${recorded.bookmark} (taken before ${first.name} was applied, at ${recorded.at})`,
    };
  }
  const time = ledgerTime(first.appliedAt);
  const why = recorded
    ? `the bookmark recorded before the last apply (${recorded.at}) is not the one before ${first.name}`
    : `no bookmark taken before ${first.name} is recorded on this machine (.wrangler/d1-evolve/last-apply.json)`;
  const together = targets.kept.filter(
    (row) => ledgerTime(row.appliedAt).getTime() >= time.getTime() || (first.appliedBy && row.appliedBy === first.appliedBy),
  );
  if (Number.isNaN(time.getTime()) || together.length > 0) {
    throw new ToolError(
      `--time-travel cannot restore to just before ${first.name}: ${why}, and ${
        Number.isNaN(time.getTime())
          ? `its applied_at (${first.appliedAt}) is no time`
          : `${together.map((r) => r.name).join(', ')}, which stays, was applied in the same ${first.appliedBy && together.some((r) => r.appliedBy === first.appliedBy) ? 'run' : 'second'}`
      }, so no point in Time Travel has one without the other. ` +
        'Roll back with the downs instead (without --time-travel), or pick the point yourself: `wrangler d1 time-travel info <binding> --timestamp <time>`, then `d1-evolve restore --bookmark <bookmark>`.',
    );
  }
  return {
    target: { timestamp: time },
    description: `the state at ${time.toISOString()} (when ${first.name} was applied, from the ledger's applied_at)`,
    fallback: `${why}: restoring to the second ${first.name} was applied instead.`,
  };
}

/**
 * Whether the bookmark recorded before a run is the point just before `first`: that run
 * applied `first` and none of the kept ones. With the run's applied_by recorded this is
 * exact; without it, by time: `first` applied in or after the second the bookmark was taken,
 * every kept one in an earlier second (so a clock off by a second or more falls back).
 */
function bookmarkFits(recorded: RecordedBookmark, first: LedgerRow, kept: readonly LedgerRow[]): boolean {
  if (recorded.appliedBy) return first.appliedBy === recorded.appliedBy && !kept.some((r) => r.appliedBy === recorded.appliedBy);
  const taken = Math.floor(new Date(recorded.at).getTime() / 1000) * 1000;
  if (Number.isNaN(taken)) return false;
  return ledgerTime(first.appliedAt).getTime() >= taken && kept.every((r) => ledgerTime(r.appliedAt).getTime() < taken);
}

/** applied_at as SQLite's CURRENT_TIMESTAMP writes it (`2026-05-01 12:00:00`, UTC). */
export function ledgerTime(appliedAt: string): Date {
  return new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(appliedAt) ? `${appliedAt.replace(' ', 'T')}Z` : appliedAt);
}
