/**
 * `d1-evolve/worker`: the runner inside a Worker, over its D1 binding. Nothing here (or in
 * what it imports) uses a Node built-in, so it bundles into a Worker without nodejs_compat.
 *
 *   import { migrate } from 'd1-evolve/worker';
 *   await migrate(env.DB, migrations, { migrationsTable: 'd1_migrations' });
 */
export { migrate, type BundledMigration, type MigrateOptions, type MigrateResult } from './migrate';
export { handleMigrateRoute, MIGRATE_PATH, type MigrateRoute } from './route';
export { BindingTransport, type D1DatabaseBinding } from '../transports/binding';
