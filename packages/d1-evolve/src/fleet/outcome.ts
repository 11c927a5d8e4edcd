/**
 * What a fleet run says about each database: the data the state file, the `--json` events,
 * the progress bar and the final table are all made of.
 */

/** One database of the fleet: its id, and its name when known. */
export interface FleetDatabase {
  id: string;
  name?: string;
}

export type FleetOutcomeKind =
  /** The ledger already listed every migration. */
  | 'up-to-date'
  /** Pending migrations were applied (all of them). */
  | 'applied'
  /** A migration failed (rolled back as a whole) or the database could not be reached. */
  | 'failed'
  /** Another run holds its migration lock: nothing was done. */
  | 'locked'
  /** Refused before anything ran: a file changed after it was applied, the ledger names migrations missing here, or one is out of order. */
  | 'refused'
  /** `--dry-run`: migrations are pending (nothing was written). */
  | 'pending'
  /** Not started: the canary failed, or --max-failures was reached, or the run was stopped. */
  | 'not-run';

export interface DatabaseOutcome {
  /** The database id. */
  database: string;
  name?: string;
  outcome: FleetOutcomeKind;
  /** Migrations applied by this run, in order. */
  applied: string[];
  /** `--dry-run` / status: the migrations pending. */
  pending?: string[];
  /** When its first request was sent (ISO). */
  startedAt?: string;
  /** Requests sent to it. */
  requests?: number;
  /** `--bookmarks`: the Time Travel bookmark of its state before this run. */
  bookmark?: string;
  /** `locked`: who holds the lock. */
  holder?: string;
  /** `refused`: why (changed, missing, out-of-order). */
  refusals?: string[];
  /** The lock this run could not free, for people. */
  lockLeft?: string;
  error?: string;
  errorName?: string;
}

/** Outcomes that count as failures (for --canary, --max-failures, the exit code and the retry list). */
export function isFailure(outcome: DatabaseOutcome): boolean {
  return outcome.outcome === 'failed' || outcome.outcome === 'locked' || outcome.outcome === 'refused';
}

/** Outcomes after which a resume has nothing left to do for the database. */
export function isSettled(outcome: DatabaseOutcome): boolean {
  return outcome.outcome === 'up-to-date' || outcome.outcome === 'applied';
}

/** How an outcome reads in the final table. */
export const OUTCOME_LABELS: Record<FleetOutcomeKind, string> = {
  'up-to-date': 'up to date',
  applied: 'applied',
  failed: 'failed',
  locked: 'locked',
  refused: 'changed/missing',
  pending: 'pending',
  'not-run': 'not run',
};

/** The database for people: its name with its id, or its id. */
export function databaseLabel(database: FleetDatabase): string {
  return database.name ? `${database.name} (${database.id})` : database.id;
}
