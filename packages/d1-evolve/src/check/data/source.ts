/**
 * The real data a check can replay the pending migrations on (`d1-evolve check --data`): a
 * database as SQL, wherever it comes from (local.ts, remote.ts, file.ts), and the two things
 * the check does with it on each engine: load it, and read which migrations its ledger holds.
 */
import { DEFAULT_LEDGER_TABLE, Ledger, readLedger } from '../../runner/ledger';
import { ToolError } from '../../errors';
import type { D1Transport } from '../../transports/transport';

export { loadDump } from './load';

export interface CheckData {
  /** Where the rows come from, for the report: "the local D1 database of DB (.wrangler/state/...)", "a copy of DB (remote, exported 2026-12-01 23:40)", "dump.sql". */
  label: string;
  /** The database as SQL (schema and rows, in the form D1's export writes: CREATE TABLE/INDEX/VIEW/TRIGGER and INSERT statements). */
  dump: string;
  /** The ledger table the dump holds (the database's migrations_table, default d1_migrations). */
  migrationsTable: string;
}

/**
 * The largest database `--data` takes: the check holds every row in memory, and a dump beyond
 * a few hundred MB passes what one JavaScript string can hold.
 */
export const MAX_DATA_BYTES = 256 * 1024 * 1024;

/** The error for a database too large to check against whole. */
export function tooLarge(label: string, bytes: number, limit = MAX_DATA_BYTES): ToolError {
  const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
  return new ToolError(
    `${label} is ${mb(bytes)}, more than --data takes (${mb(limit)}; the check holds every row in memory). ` +
      'Export the tables the pending migrations touch (`wrangler d1 export <db> --remote --table <t> --output part.sql`) and check with `--data part.sql`.',
  );
}

/** The migration names the loaded database's ledger records, in the order applied (none when the table does not exist). */
export async function appliedMigrations(transport: D1Transport, migrationsTable: string = DEFAULT_LEDGER_TABLE): Promise<string[]> {
  return (await readLedger(transport, new Ledger(migrationsTable))).map((row) => row.name);
}
