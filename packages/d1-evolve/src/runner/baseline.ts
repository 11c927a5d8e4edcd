/**
 * Adopts a database built outside these migrations (raw SQL, `drizzle-kit push`, another
 * tool): if its live schema equals the snapshot of a chosen migration, that migration and
 * every one before it are recorded in the ledger as applied, with their checksums, so
 * `d1-evolve apply` continues from there. If anything differs, nothing is written and the
 * differences are returned, table by table.
 */
import { ToolError } from '../errors';
import { tokenize } from '../sql/lexer';
import type { Migration } from '../folder/migration-folder';
import { diffShapes } from '../schema/compare';
import { introspect } from '../schema/live';
import { shapeFromSnapshot } from '../schema/from-snapshot';
import { readSnapshot } from '../schema/snapshot';
import type { D1Transport } from '../transports/transport';
import { Ledger, readLedger, toLedgerRows } from './ledger';
import { newHolder, withLock } from './lock';
import { resolveName } from './plan';
import { computeStatus } from './status';

export interface BaselineOptions {
  transport: D1Transport;
  /** The folder's migrations in order. */
  migrations: readonly Migration[];
  /** The ledger table (wrangler's `migrations_table`); default `d1_migrations`. */
  ledger?: Ledger;
  /** The migration the database is said to match (name, tag or number); default the latest. */
  to?: string;
  /** Go on although the ledger already has rows: they are kept, the missing ones added. */
  force?: boolean;
  /** Record migrations that write rows too (their rows are taken to be there already). */
  includeData?: boolean;
  /** Lock holder; default a fresh one. */
  holder?: string;
}

export interface BaselineResult {
  /** The schema matched and the ledger was written. */
  ok: boolean;
  /** The migration whose snapshot the database was compared with. */
  migration: Migration;
  /** Names recorded as applied by this call (in order). */
  recorded: string[];
  /** Names already in the ledger and left as they were (with --force). */
  alreadyRecorded: string[];
  /** What differs between the database and the snapshot; empty when it matched. */
  differences: string[];
}

/** Compares, then records; throws ToolError when the ledger is not empty and `force` is not set. */
export async function baseline(options: BaselineOptions): Promise<BaselineResult> {
  const { transport, migrations } = options;
  const ledger = options.ledger ?? new Ledger();
  if (migrations.length === 0)
    throw new ToolError('The migration folder has no migrations: there is nothing to baseline against. Run `d1-evolve generate` first.');
  const migration = chooseMigration(migrations, options.to);
  const adopted = migrations.slice(0, migrations.indexOf(migration) + 1);

  // 1. Read-only checks first: nothing is written unless everything agrees.
  if (!options.includeData) refuseDataMigrations(adopted);
  refuseIfManaged(
    ledger,
    (await readLedger(transport, ledger)).map((row) => row.name),
    options.force,
  );
  const differences = diffShapes(
    await introspect(transport, { ignore: [ledger.table, ledger.lock.table] }),
    shapeFromSnapshot(readSnapshot(migration.snapshotPath)),
    {
      actual: 'the database',
      expected: `${migration.name}'s snapshot`,
    },
  );
  if (differences.length > 0) return { ok: false, migration, recorded: [], alreadyRecorded: [], differences };

  // 2. Under the migration lock, so that no apply runs meanwhile: re-read the ledger (it may
  //    have changed since step 1) and write every missing row in one transaction.
  const holder = options.holder ?? newHolder();
  const alongside = [{ sql: ledger.createSql }, { sql: ledger.columnsSql }, { sql: ledger.readSql }];
  return withLock(transport, { holder, lock: ledger.lock, alongside }, async ([, columns = [], rows = []], lease) => {
    const present = new Set(toLedgerRows(rows).map((row) => row.name));
    refuseIfManaged(ledger, [...present], options.force);
    const missing = adopted.filter((m) => !present.has(m.name));
    await transport.batch([
      ledger.lock.guard(holder),
      ...ledger.addMissingColumnsSql(columns.map((c) => String(c.name))).map((sql) => ({ sql })),
      ...missing.map((m) => ledger.insert({ name: m.name, checksum: m.checksum, appliedBy: `d1-evolve baseline ${holder}` })),
      ledger.lock.release(holder),
    ]);
    lease.released();
    return {
      ok: true,
      migration,
      recorded: missing.map((m) => m.name),
      alreadyRecorded: adopted.filter((m) => present.has(m.name)).map((m) => m.name),
      differences: [],
    };
  });
}

function chooseMigration(migrations: readonly Migration[], to: string | undefined): Migration {
  if (to === undefined) return migrations.at(-1)!;
  const name = resolveName(computeStatus(migrations, []), to);
  return migrations.find((m) => m.name === name)!;
}

/**
 * A migration that writes rows (a seed, a backfill) would be recorded as applied without its
 * rows ever being written: the schema comparison cannot see that.
 */
function refuseDataMigrations(migrations: readonly Migration[]): void {
  const found = migrations.flatMap((m) => dataStatements(m).map((s) => `${m.name} (statement ${s.index + 1}: ${s.verb} ${s.table})`));
  if (found.length === 0) return;
  throw new ToolError(
    `Refusing to record migrations that write rows as applied without running them: ${found.slice(0, 5).join('; ')}${found.length > 5 ? `; and ${found.length - 5} more` : ''}. ` +
      'Their rows would never be written. Baseline to the migration before them (--to) and let `d1-evolve apply` run them, ' +
      'or, if the database holds those rows already, run again with --include-data.',
  );
}

/** The statements of a migration that write rows, beside the copies a table rebuild makes. */
export function dataStatements(migration: Migration): { index: number; verb: string; table: string }[] {
  // A rebuild that keeps children empties each kept table and refills it from __keep_<table>.
  const kept = new Set(migration.statements.flatMap((sql) => [...sql.matchAll(/__keep_(\w+)/g)].map((m) => m[1]!.toLowerCase())));
  return migration.statements.flatMap((sql, index) => {
    const [verb, ...rest] = tokenize(sql);
    if (!verb || !['insert', 'replace', 'update', 'delete'].includes(verb.text)) return [];
    const target = rest.find(
      (token) =>
        token.kind === 'name' || (token.kind === 'word' && !['into', 'from', 'or', 'ignore', 'replace', 'abort', 'fail', 'rollback'].includes(token.text)),
    );
    const table = target?.text ?? '?';
    // A rebuild copies rows into __new_t and keeps children aside in __keep_x (and puts them back).
    if (/^__(new|keep)_/.test(table) || rest.some((token) => /^__keep_/.test(token.text)) || (verb.text === 'delete' && kept.has(table))) return [];
    return [{ index, verb: verb.text.toUpperCase(), table }];
  });
}

function refuseIfManaged(ledger: Ledger, names: readonly string[], force: boolean | undefined): void {
  if (names.length === 0 || force) return;
  throw new ToolError(
    `The ledger ${ledger.table} already lists ${names.length} migration(s) (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}): ` +
      'this database is already managed by migrations, and baseline is for databases built without them. See `d1-evolve status`. ' +
      'If the ledger is incomplete (a partial adoption, rows written by hand), run with --force: the schema is still compared, the existing rows are kept, and only the missing ones are added.',
  );
}
