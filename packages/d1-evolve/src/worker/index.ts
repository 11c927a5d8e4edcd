/**
 * `d1-evolve/worker`: the runner inside a Worker, over its D1 bindings. Nothing here (or in
 * what it imports) uses a Node built-in, so it bundles into a Worker without nodejs_compat.
 *
 *   import { migrate, migrateAll, d1Bindings } from 'd1-evolve/worker';
 *   await migrate(env.DB, migrations, { migrationsTable: 'd1_migrations' });
 *   await migrateAll(d1Bindings(env), migrations, { migrationsTable: 'd1_migrations' });
 */
export { migrate, type BundledMigration, type MigrateOptions, type MigrateResult } from './migrate';
export {
  migrateAll,
  d1Bindings,
  worstCaseQueries,
  QueryBudgetError,
  MAX_PARALLEL_DATABASES,
  DEFAULT_MAX_QUERIES,
  type MigrateAllOptions,
  type MigrateAllResult,
  type DatabaseMigrateResult,
} from './migrate-all';
export { handleMigrateRoute, MIGRATE_PATH, ALL_BINDINGS, type MigrateRoute } from './route';
export { BindingTransport, type D1DatabaseBinding } from '../transports/binding';
