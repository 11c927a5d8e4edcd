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

/** A migration's down as status shows it (check/down-proofs.ts `downStates` finds it). */
export interface DownStatus {
  /** `<migrations_dir>/down/<name>`. */
  path: string;
  /** Written by `d1-evolve generate`; otherwise by hand. */
  generated: boolean;
  /** `d1-evolve check` proved this down of this very up (both files' checksums) on both engines. */
  proven: boolean;
}

/** Where a migration's down is found, if it has one. */
export type DownLookup = (migration: Migration) => DownStatus | undefined;

export interface StatusEntry {
  name: string;
  state: MigrationState;
  /** The file, unless missing. */
  migration?: Migration;
  /** The ledger row, if applied. */
  row?: LedgerRow;
  /** For an applied migration whose file is here, when downs were looked up: its down, or null when it has none. */
  down?: DownStatus | null;
}

export interface StatusReport {
  /** Folder order, then missing ones in ledger order. */
  entries: StatusEntry[];
  counts: Record<MigrationState, number>;
  /** Something needs a person: changed, missing or out-of-order. */
  problems: StatusEntry[];
  pending: StatusEntry[];
}

/** Compares the folder's migrations with the ledger's rows; with `downOf`, says of each applied one whether it has a down. */
export function computeStatus(migrations: readonly Migration[], ledger: readonly LedgerRow[], downOf?: DownLookup): StatusReport {
  const rows = new Map(ledger.map((row) => [row.name, row]));
  const lastApplied = migrations.reduce((last, m, i) => (rows.has(m.name) ? i : last), -1);
  const down = (migration: Migration) => (downOf ? { down: downOf(migration) ?? null } : {});
  const entries: StatusEntry[] = migrations.map((migration, i) => {
    const row = rows.get(migration.name);
    if (!row) return { name: migration.name, state: i < lastApplied ? 'out-of-order' : 'pending', migration };
    if (row.checksum === undefined) return { name: migration.name, state: 'applied-no-checksum', migration, row, ...down(migration) };
    return { name: migration.name, state: row.checksum === migration.checksum ? 'applied' : 'changed', migration, row, ...down(migration) };
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

/**
 * Exit codes of `d1-evolve status`: 0 up to date, 1 something wrong (a changed, missing or
 * out-of-order migration, or the schema drifted from the applied migrations: `drifted`),
 * 3 only pending migrations.
 */
export function statusExitCode(report: StatusReport, drifted = false): 0 | 1 | 3 {
  if (report.problems.length > 0 || drifted) return 1;
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

/** How an applied migration's down reads in the table: `no`, `yes (hand-written)`, `proven (generated)`; '' when not looked up. */
export function downLabel(down: DownStatus | null | undefined): string {
  if (down === undefined) return '';
  if (down === null) return 'no';
  return `${down.proven ? 'proven' : 'yes'} (${down.generated ? 'generated' : 'hand-written'})`;
}
