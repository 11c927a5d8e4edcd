/**
 * What apply and rollback share when a batch's answer is lost: the ledger decides whether it
 * committed (a migration's row is there after an apply, gone after a rollback), read again a
 * few times before giving up; and the work D1 reports for the statements of a batch.
 */
import type { D1Transport, StatementResult } from '../transports/transport';

/** How apply and rollback send a batch whose answer may be lost, and settle it by the ledger. */
export interface SettleOptions {
  /** Resends after an unanswered request that the ledger shows did not commit; default 3. */
  ambiguousRetries?: number;
  /** Re-reads of the ledger to settle an unanswered request; default 5. */
  ledgerReads?: number;
  /** Backoff base between those, ms; default 500. */
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic ms clock for durations; default performance.now. */
  clock?: () => number;
}

/** Whether the ledger lists the migration (`containsSql` finds a row): true/false, or undefined if it could not be read. */
export async function inLedger(
  transport: D1Transport,
  containsSql: string,
  { reads, delay, sleep }: { reads: number; delay: number; sleep: (ms: number) => Promise<void> },
): Promise<boolean | undefined> {
  for (let read = 1; read <= reads; read += 1) {
    try {
      const [result] = await transport.batch([{ sql: containsSql }]);
      return (result?.rows.length ?? 0) > 0;
    } catch {
      if (read < reads) await sleep(delay * 2 ** (read - 1));
    }
  }
  return undefined;
}

/** Rows read and written by `results`, as D1 reports them. */
export function work(results: readonly StatementResult[]): { rowsRead: number; rowsWritten: number } {
  return {
    rowsRead: results.reduce((sum, r) => sum + (r.meta.rowsRead ?? 0), 0),
    rowsWritten: results.reduce((sum, r) => sum + (r.meta.rowsWritten ?? 0), 0),
  };
}
