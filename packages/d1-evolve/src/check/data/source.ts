/**
 * The real data a check can replay the pending migrations on (`d1-evolve check --data`): a
 * database as SQL, wherever it comes from (local.ts, remote.ts, file.ts), and the two things
 * the check does with it on each engine: load it, and read which migrations its ledger holds.
 */
import { DEFAULT_LEDGER_TABLE, Ledger, readLedger } from '../../runner/ledger';
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

/** The migration names the loaded database's ledger records, in the order applied (none when the table does not exist). */
export async function appliedMigrations(transport: D1Transport, migrationsTable: string = DEFAULT_LEDGER_TABLE): Promise<string[]> {
  return (await readLedger(transport, new Ledger(migrationsTable))).map((row) => row.name);
}
