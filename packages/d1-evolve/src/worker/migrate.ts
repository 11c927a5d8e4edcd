/**
 * `migrate(env.DB, migrations)`: the runner inside a Worker, for Workers that create or
 * upgrade their databases at run time (a database per tenant, for example). It is the same
 * core as `d1-evolve apply` (apply.ts: plan, lock, one batch per migration with its ledger row and
 * lock guard) over the D1 binding, so a database migrated here and one migrated by the CLI
 * or by wrangler have the same ledger and exclude each other through the same lock.
 *
 * The migrations come bundled into the Worker (`d1-evolve bundle` writes them); nothing here touches a file system or a Node module.
 */
import type { Migration } from '../folder/migration-folder';
import { type D1DatabaseBinding, BindingTransport } from '../transports/binding';
import { type ApplyResult, applyMigrations } from '../runner/apply';
import type { ApplyListener, MigrationResult } from '../runner/events';
import { Ledger } from '../runner/ledger';
import { newHolder } from '../runner/lock';
import type { PlanOptions } from '../runner/plan';

/** One migration file as the Worker carries it. */
export interface BundledMigration {
  /** The file name, as the ledger records it: `0000_baseline.sql`. */
  name: string;
  /** sha-256 of the file (folder.ts checksum), stored in the ledger. */
  checksum: string;
  /** The statements the runner sends, in order. */
  statements: readonly string[];
}

export interface MigrateOptions extends Pick<PlanOptions, 'to' | 'allowChanged' | 'allowMissing' | 'allowOutOfOrder'> {
  /** The binding's name, for messages; default `DB`. */
  binding?: string;
  /** The ledger table, the database's `migrations_table` (the bundle exports it); default `d1_migrations`. */
  migrationsTable?: string;
  /** Wait this long for a run that holds the lock; default 0 (throw LockHeldError at once). */
  waitSeconds?: number;
  /** Lock holder; default `worker-<random uuid>`. */
  holder?: string;
  listener?: ApplyListener;
}

/** What a migrate call did, as plain JSON-able data. */
export interface MigrateResult {
  ok: boolean;
  target: string;
  /** Names applied by this call, in order ([] when the database was up to date). */
  applied: string[];
  /** Per planned migration: applied | failed | not-run. */
  results: MigrationResult[];
  /** Why a migration failed. */
  error?: string;
  /** The class of that error (MigrationError, LockLostError, ...); a refusal thrown instead is LockHeldError or ApplyRefusedError. */
  kind?: string;
}

/**
 * Brings the database behind `db` up to `migrations`: applies what its ledger lacks, each
 * migration whole or not at all. Throws before writing anything when the plan is refused
 * (ApplyRefusedError: an applied migration changed, the ledger names migrations this Worker
 * lacks, or one is out of order) or another run holds the lock (LockHeldError).
 */
export async function migrate(db: D1DatabaseBinding, migrations: readonly BundledMigration[], options: MigrateOptions = {}): Promise<MigrateResult> {
  const transport = new BindingTransport(db, options.binding);
  const holder = options.holder ?? newHolder('worker');
  const result: ApplyResult = await applyMigrations({
    ...options,
    transport,
    migrations: migrations.map(toMigration),
    ledger: new Ledger(options.migrationsTable),
    holder,
    appliedBy: `d1-evolve worker ${holder}`,
  });
  return {
    ok: result.ok,
    target: transport.target,
    applied: result.results.filter((r) => r.outcome === 'applied').map((r) => r.name),
    results: result.results,
    ...(result.error ? { error: result.error.message, kind: result.error.name } : {}),
  };
}

/** The core's Migration from a bundled one; `path` names where it came from for messages. */
function toMigration(bundled: BundledMigration, index: number): Migration {
  const tag = bundled.name.replace(/\.sql$/, '');
  return {
    index,
    tag,
    name: bundled.name,
    path: `${bundled.name} (bundled into the Worker)`,
    // Only the statements travel with the Worker; the file's text is not needed to apply them.
    sql: bundled.statements.join(';\n'),
    statements: [...bundled.statements],
    checksum: bundled.checksum,
    snapshotPath: '',
  };
}
