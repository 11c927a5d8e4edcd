/**
 * The eval platform's Worker (wrangler.toml `main`). For the database tooling it exposes one
 * thing: `POST /__migrate`, d1-evolve's route that applies the migrations bundled by
 * `pnpm db:bundle` through the D1 binding. Set the secret MIGRATE_TOKEN to enable it.
 * `POST /__migrate` migrates DB and answers its result; `?binding=DB` or `?binding=all` answers
 * one result per database, the form `d1-evolve fleet apply --via-worker <url>` sends.
 */
import { type D1DatabaseBinding, handleMigrateRoute } from 'd1-evolve/worker';
import { migrations, migrationsTable } from './worker/migrations.generated';

export interface Env {
  DB: D1DatabaseBinding;
  /** The secret a caller of /__migrate must present; the route answers 404 while it is unset. */
  MIGRATE_TOKEN?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const migrated = await handleMigrateRoute(request, { database: env.DB, secret: env.MIGRATE_TOKEN, migrations, migrationsTable, binding: 'DB' });
    return migrated ?? new Response('Not found\n', { status: 404 });
  },
};
