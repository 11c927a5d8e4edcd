/**
 * What an apply reports while it runs. The CLI prints these for people or, with `--json`,
 * writes each as one line of JSON; tests and the Worker transport listen to them too.
 */

export type MigrationOutcome = 'applied' | 'failed' | 'not-run';

export interface MigrationResult {
  name: string;
  outcome: MigrationOutcome;
  /** Wall time of the request(s), ms. */
  durationMs?: number;
  /** What D1 reported for the whole batch. */
  rowsRead?: number;
  rowsWritten?: number;
  /** Requests it took (more than 1 after a retry). */
  attempts?: number;
  /** Set when an unanswered request turned out to have committed (found in the ledger on re-read). */
  confirmedByLedger?: boolean;
  /** Why it failed. */
  error?: string;
}

export type ApplyEvent =
  | { type: 'start'; target: string; dryRun: boolean; pending: string[]; accept: string[]; bookmark?: string }
  | { type: 'migration-start'; name: string; index: number; total: number; statements: number }
  | { type: 'migration-retry'; name: string; reason: string; attempt: number }
  | ({ type: 'migration-done' } & MigrationResult)
  | { type: 'done'; ok: boolean; applied: number; failed: number; notRun: number; durationMs: number; results: MigrationResult[] }
  | { type: 'error'; message: string; name?: string; migration?: string };

export type ApplyListener = (event: ApplyEvent) => void;
