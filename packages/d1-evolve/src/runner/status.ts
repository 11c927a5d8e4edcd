/**
 * Where a database stands against the migration folder: one entry per migration file and
 * per ledger row the folder lacks. Data only; the status command prints it.
 */
import type { Migration } from '../folder/migration-folder';
import type { LedgerRow } from './ledger';

export type MigrationState =
  /** In the ledger with the file's checksum. */
  | 'applied'
  /** In the ledger without a checksum (applied by wrangler): fine, nothing to compare. */
  | 'applied-no-checksum'
  /** In the ledger with a different checksum: the file was edited after it was applied. */
  | 'changed'
  /** Not in the ledger, and no later migration is. */
  | 'pending'
  /** Not in the ledger, but a later migration is (e.g. merged from a branch after a newer one shipped). */
  | 'out-of-order'
  /** In the ledger, not in this checkout's folder. */
  | 'missing';

export interface StatusEntry {
  name: string;
  state: MigrationState;
  /** The file, unless missing. */
  migration?: Migration;
  /** The ledger row, if applied. */
  row?: LedgerRow;
}

export interface StatusReport {
  /** Folder order, then missing ones in ledger order. */
  entries: StatusEntry[];
  counts: Record<MigrationState, number>;
  /** Something needs a person: changed, missing or out-of-order. */
  problems: StatusEntry[];
  pending: StatusEntry[];
}

/** Compares the folder's migrations with the ledger's rows. */
export function computeStatus(migrations: readonly Migration[], ledger: readonly LedgerRow[]): StatusReport {
  const rows = new Map(ledger.map((row) => [row.name, row]));
  const lastApplied = migrations.reduce((last, m, i) => (rows.has(m.name) ? i : last), -1);
  const entries: StatusEntry[] = migrations.map((migration, i) => {
    const row = rows.get(migration.name);
    if (!row) return { name: migration.name, state: i < lastApplied ? 'out-of-order' : 'pending', migration };
    if (row.checksum === undefined) return { name: migration.name, state: 'applied-no-checksum', migration, row };
    return { name: migration.name, state: row.checksum === migration.checksum ? 'applied' : 'changed', migration, row };
  });
  const inFolder = new Set(migrations.map((m) => m.name));
  for (const row of ledger) if (!inFolder.has(row.name)) entries.push({ name: row.name, state: 'missing', row });

  const counts = { applied: 0, 'applied-no-checksum': 0, changed: 0, pending: 0, 'out-of-order': 0, missing: 0 };
  for (const entry of entries) counts[entry.state] += 1;
  return {
    entries,
    counts,
    problems: entries.filter((e) => e.state === 'changed' || e.state === 'missing' || e.state === 'out-of-order'),
    pending: entries.filter((e) => e.state === 'pending' || e.state === 'out-of-order'),
  };
}

/** Exit codes of `d1-evolve status`: 0 up to date, 1 something wrong, 3 only pending migrations. */
export function statusExitCode(report: StatusReport): 0 | 1 | 3 {
  if (report.problems.length > 0) return 1;
  return report.pending.length > 0 ? 3 : 0;
}

/** How a state reads in the table for people. */
export const STATE_LABELS: Record<MigrationState, string> = {
  applied: 'applied',
  'applied-no-checksum': 'applied (no checksum)',
  changed: 'CHANGED after apply',
  pending: 'pending',
  'out-of-order': 'pending, OUT OF ORDER',
  missing: 'MISSING here',
};
