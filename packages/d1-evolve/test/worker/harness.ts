/**
 * A Worker with several D1 bindings running d1-evolve's migrate route, on workerd through
 * miniflare. The Worker is bundled with esbuild from the package's sources (src/worker), with
 * the migrations of a real drizzle-kit chain built in a temp folder. Its bindings are watched:
 * `GET /stats` tells how many D1 batches the last request sent and how many were in flight
 * at most, across every database.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { type Migration, readMigrationFolder } from '../../src/folder/migration-folder';
import { BindingTransport, type D1DatabaseBinding } from '../../src/transports/binding';
import { buildChain } from '../fixtures/chains/build';
import { v1, v2, v3 } from '../fixtures/chains/schemas';

export const TOKEN = 'migrate-secret-for-worker-tests';
const WORKER_SRC = JSON.stringify(join(import.meta.dirname, '../../src/worker/index.ts'));

const ENTRY = `
import { d1Bindings, handleMigrateRoute } from ${WORKER_SRC};
import { migrations } from './migrations.mjs';

let stats = { batches: 0, inFlight: 0, maxInFlight: 0 };

/** The binding with its batches counted. */
function watched(db) {
  return {
    prepare: (sql) => db.prepare(sql),
    async batch(statements) {
      stats.batches += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        return await db.batch(statements);
      } finally {
        stats.inFlight -= 1;
      }
    },
  };
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === '/stats') return Response.json(stats);
    stats = { batches: 0, inFlight: 0, maxInFlight: 0 };
    const databases = Object.fromEntries(Object.entries(d1Bindings(env)).map(([name, db]) => [name, watched(db)]));
    const maxQueries = env.MAX_QUERIES ? Number(env.MAX_QUERIES) : undefined;
    const answer = await handleMigrateRoute(request, { databases, secret: env.MIGRATE_TOKEN, migrations, maxQueries });
    return answer ?? new Response('Not found\\n', { status: 404 });
  },
};
`;

export interface WorkerFixture {
  /** The chain's migrations, as `d1-evolve apply` reads them from the folder. */
  migrations: Migration[];
  /** The Node built-ins the bundle imports (none expected). */
  nodeImports: string[];
  /** Starts the Worker with these D1 bindings (fresh databases) and extra plain bindings. */
  start(bindings: string[], vars?: Record<string, string>): Promise<Miniflare>;
  /** The Worker's loopback URL (`http://127.0.0.1:<port>/`). */
  url(): Promise<string>;
  /** The binding's database, as the CLI's engine drives it. */
  open(binding: string): Promise<BindingTransport>;
  post(query: string, init?: { token?: string }): Promise<{ status: number; body: Record<string, unknown> }>;
  stats(): Promise<{ batches: number; maxInFlight: number }>;
  dispose(): Promise<void>;
}

/** Builds the chain users → posts → posts' added columns, and the Worker carrying it. */
export async function workerFixture(): Promise<WorkerFixture> {
  const chain = await buildChain([
    { name: 'users', schema: v1 },
    { name: 'posts', schema: v2 },
    { name: 'post_views', schema: v3 },
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'worker-fleet-'));
  const { migrations } = readMigrationFolder(chain.dir);
  chain.remove();
  const bundled = migrations.map(({ name, checksum, statements }) => ({ name, checksum, statements }));
  writeFileSync(join(dir, 'migrations.mjs'), `export const migrations = ${JSON.stringify(bundled)};\n`);
  writeFileSync(join(dir, 'entry.mjs'), ENTRY);
  const scriptPath = join(dir, 'worker.mjs');
  const result = await build({
    entryPoints: [join(dir, 'entry.mjs')],
    outfile: scriptPath,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['node:*'],
    metafile: true,
    logLevel: 'silent',
  });
  const nodeImports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.external && i.path.startsWith('node:')).map((i) => i.path),
  );

  let mf: Miniflare | undefined;
  const fixture: WorkerFixture = {
    migrations,
    nodeImports: [...new Set(nodeImports)].sort(),
    async start(bindings, vars = {}) {
      await mf?.dispose();
      mf = new Miniflare({
        modules: true,
        scriptPath,
        modulesRoot: dir,
        compatibilityDate: '2026-04-01',
        d1Databases: Object.fromEntries(bindings.map((name) => [name, `${name.toLowerCase()}-id`])),
        bindings: { MIGRATE_TOKEN: TOKEN, ...vars },
        // A free loopback port, so fleetViaWorker can reach it the way the CLI reaches a deployed Worker.
        host: '127.0.0.1',
        port: 0,
      });
      await mf.ready;
      return mf;
    },
    async url() {
      return (await mf!.ready).toString();
    },
    async open(binding) {
      return new BindingTransport((await mf!.getD1Database(binding)) as unknown as D1DatabaseBinding, binding);
    },
    async post(query, { token = TOKEN } = {}) {
      const response = await mf!.dispatchFetch(`http://localhost/__migrate${query}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async stats() {
      return (await (await mf!.dispatchFetch('http://localhost/stats')).json()) as { batches: number; maxInFlight: number };
    },
    async dispose() {
      await mf?.dispose();
      mf = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** `TENANT_01` … : binding names in the order the route runs them. */
export function tenants(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `TENANT_${String(i + 1).padStart(2, '0')}`);
}
