/**
 * The Worker's `POST /__migrate` route: runs migrate() on a D1 binding with the bundled
 * migrations, for deploy pipelines that migrate through the Worker's binding instead of the
 * REST API. Closed unless a secret is set (`wrangler secret put MIGRATE_TOKEN`), and then
 * only for `Authorization: Bearer <secret>`.
 *
 *   return (await handleMigrateRoute(request, { database: env.DB, secret: env.MIGRATE_TOKEN, migrations, migrationsTable })) ?? ...
 */
import { ToolError } from '../errors';
import { type BundledMigration, type MigrateOptions, migrate } from './migrate';
import type { D1DatabaseBinding } from '../transports/binding';

export const MIGRATE_PATH = '/__migrate';

export interface MigrateRoute extends MigrateOptions {
  /** The D1 binding to migrate (`env.DB`). */
  database: D1DatabaseBinding;
  /** The secret a caller must present (`env.MIGRATE_TOKEN`); the route answers 404 while it is unset. */
  secret?: string;
  /** The bundled migrations (`d1-evolve bundle`). */
  migrations: readonly BundledMigration[];
}

/**
 * Answers the migrate route: 200 with the MigrateResult when every migration applied (or
 * none was pending), 500 with it when one failed, 409 when the plan was refused or another
 * run holds the lock, 401 without the right token. Resolves to undefined for other paths.
 */
export async function handleMigrateRoute(request: Request, route: MigrateRoute): Promise<Response | undefined> {
  const { database, secret, migrations, ...options } = route;
  if (new URL(request.url).pathname !== MIGRATE_PATH) return undefined;
  if (!secret) return new Response('Not found\n', { status: 404 });
  if (request.method !== 'POST') return new Response('Use POST\n', { status: 405, headers: { Allow: 'POST' } });
  if (!(await sameSecret(request.headers.get('Authorization') ?? '', `Bearer ${secret}`))) {
    return json({ ok: false, error: 'Authorization: Bearer <secret> required' }, 401);
  }
  try {
    const result = await migrate(database, migrations, options);
    return json(result, result.ok ? 200 : 500);
  } catch (error) {
    if (error instanceof ToolError) return json({ ok: false, error: error.message, kind: error.name }, 409);
    throw error;
  }
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
