/**
 * Where one database of a fleet stands, read without writing anything (`fleet status`, and
 * `fleet apply --dry-run`): at most two requests, one to see which of the ledger and its lock
 * table exist, one to read those that do.
 */
import type { Migration } from '../folder/migration-folder';
import type { Ledger } from '../runner/ledger';
import { toLedgerRows } from '../runner/ledger';
import { toLockState } from '../runner/lock';
import { ApplyRefusedError, type PlanOptions, planApply } from '../runner/plan';
import { computeStatus } from '../runner/status';
import type { D1Transport } from '../transports/transport';
import type { DatabaseOutcome, FleetDatabase } from './outcome';

export interface ReadDatabaseOptions extends PlanOptions {
  database: FleetDatabase;
  transport: D1Transport;
  migrations: readonly Migration[];
  ledger: Ledger;
  requests?: () => number;
  /** Unix seconds, for lease expiry; default now. */
  now?: () => number;
}

/** The database's state as an outcome (`up-to-date`, `pending`, `refused`, `locked`, or `failed` when unreadable); never throws. */
export async function readDatabase(options: ReadDatabaseOptions): Promise<DatabaseOutcome> {
  const { database, transport, migrations, ledger } = options;
  const startedAt = new Date().toISOString();
  const base = { database: database.id, ...(database.name ? { name: database.name } : {}), applied: [], startedAt };
  const done = (fields: Partial<DatabaseOutcome> & Pick<DatabaseOutcome, 'outcome'>): DatabaseOutcome => ({
    ...base,
    ...(options.requests ? { requests: options.requests() } : {}),
    ...fields,
  });
  try {
    const [ledgerExists, lockExists] = await transport.batch([{ sql: ledger.existsSql }, { sql: ledger.lock.existsSql }]);
    const reads = [
      ...(Number(ledgerExists?.rows[0]?.n ?? 0) > 0 ? [{ sql: ledger.readSql }] : []),
      ...(Number(lockExists?.rows[0]?.n ?? 0) > 0 ? [{ sql: ledger.lock.readSql }] : []),
    ];
    const results = reads.length > 0 ? await transport.batch(reads) : [];
    const rows = reads[0]?.sql === ledger.readSql ? (results[0]?.rows ?? []) : [];
    const lock = reads.at(-1)?.sql === ledger.lock.readSql ? toLockState(results.at(-1)?.rows[0]) : {};
    const status = computeStatus(migrations, toLedgerRows(rows));
    const pending = status.pending.map((e) => e.name);
    const now = options.now?.() ?? Date.now() / 1000;
    if (lock.holder && (lock.expiresAt ?? 0) > now) {
      const until = new Date((lock.expiresAt ?? 0) * 1000).toISOString();
      return done({ outcome: 'locked', holder: lock.holder, pending, error: `locked by ${lock.holder} (lease until ${until})` });
    }
    try {
      const plan = planApply(status, options);
      return done(plan.run.length > 0 ? { outcome: 'pending', pending: plan.run.map((m) => m.name) } : { outcome: 'up-to-date' });
    } catch (error) {
      if (!(error instanceof ApplyRefusedError)) throw error;
      return done({ outcome: 'refused', pending, refusals: error.refusals.map((r) => r.kind), error: error.message, errorName: error.name });
    }
  } catch (error) {
    return done({ outcome: 'failed', error: (error as Error).message, errorName: (error as Error).name });
  }
}
