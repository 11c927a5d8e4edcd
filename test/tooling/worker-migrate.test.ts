/**
 * migrate(env.DB) inside a real Worker: the Worker is bundled with esbuild (wrangler's own
 * copy) and run by miniflare on workerd with a D1 binding persisted to a temp folder, which
 * the CLI's engine then opens to read what the Worker wrote.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrationFolder } from '../../packages/d1-evolve/src/folder/migration-folder';
import { diffShapes } from '../../packages/d1-evolve/src/schema/compare';
import { introspect } from '../../packages/d1-evolve/src/schema/live';
import { shapeFromSnapshot } from '../../packages/d1-evolve/src/schema/from-snapshot';
import { readLedger } from '../../packages/d1-evolve/src/runner/ledger';
import { computeStatus } from '../../packages/d1-evolve/src/runner/status';
import { readSnapshot } from '../../packages/d1-evolve/src/schema/snapshot';
import { MiniflareTransport } from '../../packages/d1-evolve/src/transports/miniflare';
import { renderMigrationsModule } from '../../packages/d1-evolve/src/folder/bundle-module';
import { PROJECT_ROOT } from '../support/project';

const DATABASE_ID = 'worker-migrate-test';
const TOKEN = 'migrate-secret-for-tests';
const folder = readMigrationFolder(join(PROJECT_ROOT, 'drizzle'));
const src = (path: string) => JSON.stringify(join(PROJECT_ROOT, 'src', path));
const GENERATED_MODULE = 'src/worker/migrations.generated.ts';
/** d1-evolve/worker as the Worker resolves it: the package's build. */
const workerEntry = JSON.stringify(createRequire(join(PROJECT_ROOT, 'package.json')).resolve('d1-evolve/worker'));

/**
 * A test Worker: `/migrate` calls migrate(env.DB) with the bundled migrations (plus, with
 * `?upgrade`, one more, as a newer deploy would carry; with `?edited`, the first one
 * edited); every other request goes to the real src/worker.ts.
 */
const ENTRY = `
import worker from ${src('worker.ts')};
import { migrate } from ${workerEntry};
import { migrations } from ${src('worker/migrations.generated.ts')};

const upgrade = { name: '9001_worker_upgrade.sql', checksum: 'f'.repeat(64), statements: ['ALTER TABLE users ADD COLUMN nickname text'] };

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== '/migrate') return worker.fetch(request, env);
    let list = url.searchParams.has('upgrade') ? [...migrations, upgrade] : migrations;
    if (url.searchParams.has('edited')) list = [{ ...list[0], checksum: '0'.repeat(64) }, ...list.slice(1)];
    try {
      return Response.json(await migrate(env.DB, list));
    } catch (error) {
      return Response.json({ ok: false, kind: error.name, error: error.message }, { status: 409 });
    }
  },
};
`;

interface Built {
  dir: string;
  scriptPath: string;
  /** The Node built-ins the bundle still imports (see the compatibility flag below). */
  nodeImports: string[];
}

async function buildWorker(): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'worker-migrate-'));
  writeFileSync(join(dir, 'entry.mjs'), ENTRY);
  // esbuild is wrangler's dependency, not ours: resolve it from wrangler.
  const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'));
  const { build } = fromWrangler('esbuild') as {
    build: (options: Record<string, unknown>) => Promise<{ metafile: { inputs: Record<string, { imports: { path: string; external?: boolean }[] }> } }>;
  };
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
  return { dir, scriptPath, nodeImports: [...new Set(nodeImports)].sort() };
}

let built: Built;
let state: string;
let mf: Miniflare | undefined;

beforeEach(async () => {
  built = await buildWorker();
  state = mkdtempSync(join(tmpdir(), 'worker-migrate-state-'));
});

afterEach(async () => {
  await mf?.dispose();
  mf = undefined;
  rmSync(built.dir, { recursive: true, force: true });
  rmSync(state, { recursive: true, force: true });
});

function start(): Miniflare {
  mf = new Miniflare({
    modules: true,
    scriptPath: built.scriptPath,
    modulesRoot: built.dir,
    compatibilityDate: '2026-04-01',
    d1Databases: { DB: DATABASE_ID },
    d1Persist: join(state, 'v3', 'd1'),
    bindings: { MIGRATE_TOKEN: TOKEN },
  });
  return mf;
}

async function call(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await mf!.dispatchFetch(`http://localhost${path}`, init as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Stops the Worker and opens its database the way `db:apply:local` does. */
async function openDatabase(): Promise<MiniflareTransport> {
  await mf?.dispose();
  mf = undefined;
  return new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: state });
}

describe('migrate(env.DB) in a Worker on workerd', () => {
  it('carries the migrations of drizzle/ as they are now (pnpm db:bundle is up to date)', () => {
    expect(readFileSync(join(PROJECT_ROOT, GENERATED_MODULE), 'utf8'), 'run `pnpm db:bundle`').toBe(
      renderMigrationsModule({ folder, sourceDir: 'drizzle', binding: 'DB', migrationsTable: 'd1_migrations' }),
    );
  });

  it('imports no Node built-in on the migrate path, so the Worker needs no nodejs_compat', () => {
    expect(built.nodeImports).toEqual([]);
  });

  it('creates the 38 tables and the view of a fresh database, records the ledger, and a second call applies nothing', async () => {
    start();
    const first = await call('/migrate');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, target: 'D1 binding DB', applied: folder.migrations.map((m) => m.name) });
    const second = await call('/migrate');
    expect(second.body).toMatchObject({ ok: true, applied: [], results: [] });

    const db = await openDatabase();
    try {
      const shape = await introspect(db);
      expect(Object.keys(shape.tables)).toHaveLength(38);
      expect(diffShapes(shape, shapeFromSnapshot(readSnapshot(folder.migrations.at(-1)!.snapshotPath)))).toEqual([]);
      const ledger = await readLedger(db);
      expect(ledger.map((row) => [row.name, row.checksum])).toEqual(folder.migrations.map((m) => [m.name, m.checksum]));
      expect(ledger[0]!.appliedBy).toMatch(/^d1-evolve worker run-[0-9a-f]{8}@worker$/);
      // The CLI's status reads the Worker's ledger as fully applied.
      expect(computeStatus(folder.migrations, ledger).entries.map((e) => e.state)).toEqual(folder.migrations.map(() => 'applied'));
    } finally {
      await db.close();
    }
  });

  it('upgrades a database at run time: applies only the migration it lacks', async () => {
    start();
    await call('/migrate');
    const upgrade = await call('/migrate?upgrade');
    expect(upgrade.body).toMatchObject({ ok: true, applied: ['9001_worker_upgrade.sql'] });

    const db = await openDatabase();
    try {
      expect((await introspect(db)).tables.users!.columns.nickname).toMatchObject({ type: 'text', notNull: false });
      expect((await readLedger(db)).map((row) => row.name)).toEqual([...folder.migrations.map((m) => m.name), '9001_worker_upgrade.sql']);
    } finally {
      await db.close();
    }
  });

  it('refuses, changing nothing, when an applied migration was edited since', async () => {
    start();
    await call('/migrate?upgrade');
    await call('/migrate');
    const refused = await call('/migrate?edited');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ok: false, kind: 'ApplyRefusedError' });
    expect(String(refused.body.error)).toContain('0000_baseline.sql');
  });

  it('applies each migration once when two requests migrate at the same moment', async () => {
    start();
    const answers = await Promise.all([call('/migrate'), call('/migrate')]);
    // The loser either finds the lock held (409) or, if it came second, nothing to do.
    for (const { status, body } of answers) {
      if (status === 409) expect(body.kind).toBe('LockHeldError');
      else expect(status).toBe(200);
    }
    expect(answers.flatMap(({ body }) => (body.applied as string[] | undefined) ?? [])).toEqual(folder.migrations.map((m) => m.name));
    const db = await openDatabase();
    try {
      expect(await readLedger(db)).toHaveLength(folder.migrations.length);
    } finally {
      await db.close();
    }
  });
});

describe("src/worker.ts's POST /__migrate", () => {
  it('answers 401 without the token and changes nothing, then migrates with it', async () => {
    start();
    const denied = await call('/__migrate', { method: 'POST', headers: { Authorization: 'Bearer wrong' } });
    expect(denied.status).toBe(401);
    const db = await openDatabase();
    try {
      expect(Object.keys((await introspect(db)).tables)).toEqual([]);
    } finally {
      await db.close();
    }

    start();
    const allowed = await call('/__migrate', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ ok: true, applied: folder.migrations.map((m) => m.name) });
    const again = await call('/__migrate', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(again.body).toMatchObject({ ok: true, applied: [] });
  });
});
