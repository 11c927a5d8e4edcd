/**
 * The Worker's `POST /__migrate` route: runs migrate(env.DB) with the bundled migrations,
 * for deploy pipelines that migrate through the Worker's binding instead of the REST API.
 * Closed unless the secret MIGRATE_TOKEN is set (`wrangler secret put MIGRATE_TOKEN`), and
 * then only for `Authorization: Bearer <MIGRATE_TOKEN>`.
 */
import { ToolError } from '../migrate/errors';
import { type BundledMigration, migrate } from '../migrate/runner/migrate-worker';
import type { D1DatabaseBinding } from '../migrate/transports/binding';

export const MIGRATE_PATH = '/__migrate';

export interface MigrateEnv {
  DB: D1DatabaseBinding;
  /** The secret a caller must present; the route answers 404 while it is unset. */
  MIGRATE_TOKEN?: string;
}

/**
 * Answers the migrate route: 200 with the MigrateResult when every migration applied (or
 * none was pending), 500 with it when one failed, 409 when the plan was refused or another
 * run holds the lock, 401 without the right token. Resolves to undefined for other paths.
 */
export async function handleMigrateRoute(request: Request, env: MigrateEnv, migrations: readonly BundledMigration[]): Promise<Response | undefined> {
  if (new URL(request.url).pathname !== MIGRATE_PATH) return undefined;
  if (!env.MIGRATE_TOKEN) return new Response('Not found\n', { status: 404 });
  if (request.method !== 'POST') return new Response('Use POST\n', { status: 405, headers: { Allow: 'POST' } });
  if (!(await sameSecret(request.headers.get('Authorization') ?? '', `Bearer ${env.MIGRATE_TOKEN}`))) {
    return json({ ok: false, error: 'Authorization: Bearer <MIGRATE_TOKEN> required' }, 401);
  }
  try {
    const result = await migrate(env.DB, migrations);
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
