/**
 * `fleet apply --via-worker <url>`: migrates the databases bound to a deployed Worker through
 * its `POST /__migrate` route (worker/route.ts), so the D1 bindings do the work and the REST
 * API's rate limit does not apply. One request per round: when the Worker's per-request D1
 * query budget runs out first, its answer says where to go on (`continueAfter`) and the next
 * round starts there, until every database has its result.
 */
import { ToolError, maskSecrets } from '../errors';
import type { DatabaseMigrateResult, MigrateAllResult } from '../worker/migrate-all';
import { ALL_BINDINGS, MIGRATE_PATH } from '../worker/route';

/** One database's outcome, as the Worker reported it: its binding, ok, the migrations applied, why it failed. */
export type ViaWorkerResult = DatabaseMigrateResult;

export interface ViaWorkerOptions {
  /** The Worker's URL (`https://app.example.workers.dev`), or its migrate route's. */
  url: string;
  /** The Worker's MIGRATE_TOKEN secret; sent as a bearer token, never printed. */
  secret: string;
  /** A binding name, or `all` for every database the Worker's route is given. */
  target: typeof ALL_BINDINGS | (string & {});
  fetch?: typeof fetch;
  /** Each round's results as they arrive (a progress display). */
  onResults?: (results: readonly ViaWorkerResult[]) => void;
}

/** The Worker could not be reached, or refused the request as a whole. */
export class ViaWorkerError extends ToolError {
  override name = 'ViaWorkerError';
}

/** Migrates `target` through the Worker; resolves with one result per database, failures included. */
export async function fleetViaWorker(options: ViaWorkerOptions): Promise<ViaWorkerResult[]> {
  const results: ViaWorkerResult[] = [];
  let after: string | undefined;
  for (;;) {
    const answer = await migrateRound(options, after);
    results.push(...answer.databases);
    options.onResults?.(answer.databases);
    if (answer.remaining === 0 || !answer.continueAfter) return results;
    // A round that started nothing would repeat forever; the route refuses that case itself.
    if (answer.databases.length === 0)
      throw new ViaWorkerError(`${routeUrl(options.url)} answered without migrating any database but says ${answer.remaining} remain.`);
    after = answer.continueAfter;
  }
}

/** One POST to the route, its answer as a MigrateAllResult, or a ViaWorkerError saying what to do. */
async function migrateRound({ url, secret, target, fetch: fetchFn = fetch }: ViaWorkerOptions, after: string | undefined): Promise<MigrateAllResult> {
  const endpoint = new URL(routeUrl(url));
  endpoint.searchParams.set('binding', target);
  if (after !== undefined) endpoint.searchParams.set('after', after);
  const where = routeUrl(url);
  const fail = (message: string, cause?: unknown) => new ViaWorkerError(maskSecrets(message, [secret]), { cause });

  let response: Response;
  try {
    response = await fetchFn(endpoint, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } });
  } catch (cause) {
    throw fail(
      `Could not reach the Worker at ${where}: ${(cause as Error).message}. Check the URL given to --via-worker and that the Worker is deployed.`,
      cause,
    );
  }
  const text = await response.text();
  const body = parseJson(text);
  if (body && Array.isArray(body.databases)) return body as unknown as MigrateAllResult;
  if (response.status === 401) {
    throw fail(
      `The Worker at ${where} refused the token (401): MIGRATE_TOKEN here is not the Worker's secret. Set MIGRATE_TOKEN (environment or .dev.vars) to the value given to \`wrangler secret put MIGRATE_TOKEN\`.`,
    );
  }
  if (response.status === 404) {
    throw fail(
      `The Worker at ${where} has no open migrate route (404): set its secret with \`wrangler secret put MIGRATE_TOKEN\`, and have its fetch handler answer with handleMigrateRoute from d1-evolve/worker.`,
    );
  }
  // A Worker built before the route took bindings ignores `?binding` and migrates its one database.
  if (body && Array.isArray(body.applied) && typeof body.target === 'string') {
    const binding = body.target.replace(/^D1 binding /, '');
    return { ok: body.ok === true, databases: [{ ...(body as unknown as DatabaseMigrateResult), binding }], remaining: 0 };
  }
  const said = typeof body?.error === 'string' ? body.error : text.trim().slice(0, 300) || response.statusText;
  throw fail(`The Worker at ${where} refused to migrate ${target === ALL_BINDINGS ? 'its databases' : `binding ${target}`} (HTTP ${response.status}): ${said}`);
}

/** The route's URL without query or credentials: `<origin>/…/__migrate`. */
function routeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ViaWorkerError(`--via-worker needs the Worker's full URL, such as https://my-worker.example.workers.dev; got ${JSON.stringify(url)}.`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${path.endsWith(MIGRATE_PATH) ? path : `${path}${MIGRATE_PATH}`}`;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
