/**
 * Runs a piece of work on every database of a fleet, `concurrency` databases at a time (each
 * database's own work stays strictly in order), with the run's safety valves: a canary group
 * first, a ceiling on failures, and a stop signal. A failing database never stops the others
 * unless a valve says so; what did not run is reported as `not-run` with the reason.
 */
import { type DatabaseOutcome, type FleetDatabase, isFailure } from './outcome';

export interface FleetRunOptions {
  databases: readonly FleetDatabase[];
  /** Databases worked on at once; at least 1. */
  concurrency: number;
  /** Run the first N databases first; stop if any of them fails. */
  canary?: number;
  /** Start no further database once this many have failed. */
  maxFailures?: number;
  /** Aborted (Ctrl-C): no further database starts. */
  signal?: AbortSignal;
  /** The work on one database; resolves to its outcome (it must not throw). */
  work(database: FleetDatabase): Promise<DatabaseOutcome>;
  /** Each outcome as it comes (the state file, events, the progress bar). */
  onOutcome(outcome: DatabaseOutcome): void;
}

export type StopReason = 'canary' | 'max-failures' | 'interrupted';

export interface FleetRunResult {
  /** One per database, in the order of `databases`. */
  outcomes: DatabaseOutcome[];
  stopped?: { reason: StopReason; message: string };
}

export async function runFleet(options: FleetRunOptions): Promise<FleetRunResult> {
  const { databases } = options;
  const outcomes = new Map<string, DatabaseOutcome>();
  let failures = 0;
  let stopped: FleetRunResult['stopped'];
  const record = (outcome: DatabaseOutcome) => {
    outcomes.set(outcome.database, outcome);
    if (isFailure(outcome)) failures += 1;
    options.onOutcome(outcome);
    if (!stopped && options.maxFailures !== undefined && failures >= options.maxFailures) {
      stopped = { reason: 'max-failures', message: `stopped after ${failures} failed database(s) (--max-failures ${options.maxFailures})` };
    }
  };
  const canary = Math.min(options.canary ?? 0, databases.length);
  const groups = canary > 0 ? [databases.slice(0, canary), databases.slice(canary)] : [databases];
  for (const [index, group] of groups.entries()) {
    await pool(group, options, () => stopped === undefined && !options.signal?.aborted, record);
    if (options.signal?.aborted && !stopped) stopped = { reason: 'interrupted', message: 'interrupted: no further database was started' };
    if (stopped) break;
    if (index === 0 && canary > 0 && failures > 0) {
      stopped = { reason: 'canary', message: `the canary failed: ${failures} of the first ${canary} database(s) failed, so no other database was started` };
      break;
    }
  }
  const reason = stopped ? `not run: ${stopped.message}` : 'not run';
  return {
    outcomes: databases.map(
      (database) =>
        outcomes.get(database.id) ?? {
          database: database.id,
          ...(database.name ? { name: database.name } : {}),
          outcome: 'not-run',
          applied: [],
          error: reason,
        },
    ),
    stopped,
  };
}

/** `concurrency` workers taking the group's databases in order while `go()` holds. */
async function pool(group: readonly FleetDatabase[], options: FleetRunOptions, go: () => boolean, record: (outcome: DatabaseOutcome) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < group.length && go()) {
      const database = group[next]!;
      next += 1;
      record(await options.work(database));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, group.length)) }, worker));
}
