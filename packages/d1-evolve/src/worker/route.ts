/**
 * The Worker's `POST /__migrate` route: runs migrate() on D1 bindings with the bundled
 * migrations, for deploy pipelines that migrate through the Worker's bindings instead of the
 * REST API (and its rate limit). Closed unless a secret is set (`wrangler secret put
 * MIGRATE_TOKEN`), and then only for `Authorization: Bearer <secret>`.
 *
 * The request names the databases in its query:
 * - `POST /__migrate?binding=<name>` migrates that binding, `?binding=all` every one given,
 *   at most 6 at a time (migrate-all.ts says why); the answer is a MigrateAllResult, one entry
 *   per database. When the request's D1 query budget ran out first, `remaining` says how many
 *   are left and `POST /__migrate?binding=all&after=<continueAfter>` goes on.
 * - `POST /__migrate` with no binding migrates the one `database` and answers its
 *   MigrateResult (the form of a Worker with one database).
 *
 *   return (await handleMigrateRoute(request, { database: env.DB, secret: env.MIGRATE_TOKEN, migrations, migrationsTable })) ?? ...
 *   return (await handleMigrateRoute(request, { databases: d1Bindings(env), secret: env.MIGRATE_TOKEN, migrations, migrationsTable })) ?? ...
 */
import { ToolError } from '../errors';
import type { D1DatabaseBinding } from '../transports/binding';
import { type BundledMigration, type MigrateOptions, migrate } from './migrate';
import { type MigrateAllOptions, migrateAll } from './migrate-all';

export const MIGRATE_PATH = '/__migrate';
/** `?binding=all`: every database given to the route. */
export const ALL_BINDINGS = 'all';

/** The route's databases and secret, and migrate()'s options for each database (`listener` only in the one-database form). */
export interface MigrateRoute extends MigrateOptions, Pick<MigrateAllOptions, 'concurrency' | 'maxQueries'> {
  /** One D1 binding (`env.DB`), named by `binding` (default `DB`); a request naming no binding migrates it. */
  database?: D1DatabaseBinding;
  /** Several D1 bindings by name (`d1Bindings(env)`), for `?binding=<name>` and `?binding=all`. */
  databases?: Readonly<Record<string, D1DatabaseBinding>>;
  /** The secret a caller must present (`env.MIGRATE_TOKEN`); the route answers 404 while it is unset. */
  secret?: string;
  /** The bundled migrations (`d1-evolve bundle`). */
  migrations: readonly BundledMigration[];
}

/**
 * Answers the migrate route. With `?binding=`: 200 with the MigrateAllResult when every
 * database is up to date, 500 with it when one failed or was refused (its entry says why),
 * 400 naming the bindings when the name is unknown. Without: 200 with the one database's
 * MigrateResult, 500 when a migration failed, 409 when the plan was refused or another run
 * holds the lock. 401 without the right token. Resolves to undefined for other paths.
 */
export async function handleMigrateRoute(request: Request, route: MigrateRoute): Promise<Response | undefined> {
  const { database, databases, secret, migrations, concurrency, maxQueries, binding, listener, ...options } = route;
  const url = new URL(request.url);
  if (url.pathname !== MIGRATE_PATH) return undefined;
  if (!secret) return new Response('Not found\n', { status: 404 });
  if (request.method !== 'POST') return new Response('Use POST\n', { status: 405, headers: { Allow: 'POST' } });
  if (!(await sameSecret(request.headers.get('Authorization') ?? '', `Bearer ${secret}`))) {
    return json({ ok: false, error: 'Authorization: Bearer <secret> required' }, 401);
  }
  const bound: Record<string, D1DatabaseBinding> = { ...databases, ...(database ? { [binding ?? 'DB']: database } : {}) };
  const named = url.searchParams.get('binding');
  try {
    if (named === null) {
      if (!database)
        return json({ ok: false, error: `Name the database to migrate: POST ${MIGRATE_PATH}?binding=<name> or ?binding=all (bound: ${listed(bound)}).` }, 400);
      const result = await migrate(database, migrations, { ...options, binding, listener });
      return json(result, result.ok ? 200 : 500);
    }
    const selected = named === ALL_BINDINGS ? bound : pick(bound, named);
    if (!selected) return json({ ok: false, error: `No D1 binding named ${named} is given to the migrate route; bound: ${listed(bound)}.` }, 400);
    const after = url.searchParams.get('after') ?? undefined;
    const result = await migrateAll(selected, migrations, { ...options, concurrency, maxQueries, after });
    return json(result, result.ok ? 200 : 500);
  } catch (error) {
    if (error instanceof ToolError) return json({ ok: false, error: error.message, kind: error.name }, 409);
    throw error;
  }
}

function pick(bound: Record<string, D1DatabaseBinding>, name: string): Record<string, D1DatabaseBinding> | undefined {
  return Object.hasOwn(bound, name) ? { [name]: bound[name]! } : undefined;
}

/** The binding names for a message; a Worker may bind thousands, so the first ten and a count. */
function listed(bound: Record<string, D1DatabaseBinding>): string {
  const names = Object.keys(bound).sort();
  if (names.length === 0) return 'none';
  return names.length > 10 ? `${names.slice(0, 10).join(', ')} and ${names.length - 10} more` : names.join(', ');
}

function json(body: unknown, status: number): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { status, headers: { 'Content-Type': 'application/json' } });
}

/** Compares digests, so the time taken says nothing about how much of the secret matched. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
