/**
 * The eval platform's Worker (wrangler.toml `main`). For the database tooling it exposes one
 * thing: `POST /__migrate` (src/worker/migrate-route.ts), which applies the migrations bundled
 * by `pnpm db:bundle` through the D1 binding. Set the secret MIGRATE_TOKEN to enable it.
 */
import { type MigrateEnv, handleMigrateRoute } from './worker/migrate-route';
import { migrations } from './worker/migrations.generated';

export default {
  async fetch(request: Request, env: MigrateEnv): Promise<Response> {
    return (await handleMigrateRoute(request, env, migrations)) ?? new Response('Not found\n', { status: 404 });
  },
};
