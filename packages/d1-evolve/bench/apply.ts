/**
 * Requests and wall time to apply N migrations to remote D1 with network latency: this
 * runner (the db:apply core over the D1 HTTP API, Time Travel bookmark included) against
 * `wrangler d1 migrations apply DB --remote`, both aimed at the loopback D1 API server
 * (wrangler through CLOUDFLARE_API_BASE_URL), each on a fresh database, in one run.
 *
 *   pnpm bench:apply [--n 20] [--latency 50]
 *
 * Exits 1 if this runner sent more than N + 3 requests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readMigrationFolder } from '../src/folder/migration-folder';
import { applyMigrations } from '../src/runner/apply';
import { getBookmark } from '../src/transports/cloudflare-api';
import { HttpTransport } from '../src/transports/http';
import { type D1ApiServer, startD1ApiServer } from '../src/testing/d1-api';
import { makeWranglerProject, runWrangler } from '../test/support/wrangler';

interface Measurement {
  name: string;
  requests: number;
  wallMs: number;
  /** Requests by method and route, for the breakdown. */
  byRoute: Map<string, number>;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { n: { type: 'string', default: '20' }, latency: { type: 'string', default: '50' } } });
  const n = Number(values.n);
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(n) || n < 1 || !Number.isFinite(latencyMs) || latencyMs < 0)
    throw new Error('usage: pnpm bench:apply [--n <migrations ≥ 1>] [--latency <ms>]');

  const dir = syntheticFolder(n);
  try {
    console.log(`Applying ${n} migrations (2 statements each) with ${latencyMs} ms added to every API request.\n`);
    const ours = await measure('this runner (db:apply core, HTTP API)', latencyMs, n, async (server) => {
      const transport = new HttpTransport({ apiBaseUrl: server.url, accountId: server.accountId, databaseId: server.databaseId, token: server.token });
      const result = await applyMigrations({
        transport,
        migrations: readMigrationFolder(dir).migrations,
        // As db:apply does on remote: a Time Travel bookmark before the first migration.
        beforeFirstMigration: () => getBookmark(transport.api, server.databaseId),
      });
      if (!result.ok) throw new Error(`runner failed: ${result.error?.message}`);
    });
    const wrangler = await measure('wrangler d1 migrations apply --remote', latencyMs, n, async (server) => {
      const project = makeWranglerProject({ databaseId: server.databaseId, migrationsFrom: dir });
      try {
        const run = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--remote'], {
          cwd: project.dir,
          env: { CLOUDFLARE_API_BASE_URL: server.url, CLOUDFLARE_API_TOKEN: server.token, CLOUDFLARE_ACCOUNT_ID: server.accountId },
          timeoutMs: 300_000,
        });
        if (run.code !== 0) throw new Error(`wrangler exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
      } finally {
        project.remove();
      }
    });
    const startup = await wranglerStartupMs(dir);

    printTable([ours, wrangler]);
    console.log(`\nwrangler / this runner: ${ratio(wrangler.requests, ours.requests)} the requests, ${ratio(wrangler.wallMs, ours.wallMs)} the wall time`);
    console.log(`(wrangler's wall time includes starting node and wrangler, about ${Math.round(startup)} ms here as \`wrangler --version\`;`);
    console.log(` without it: ${ratio(wrangler.wallMs - startup, ours.wallMs)} the wall time)`);
    for (const m of [ours, wrangler]) {
      console.log(`\n${m.name}, requests by route:`);
      for (const [route, count] of [...m.byRoute].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(4)}  ${route}`);
    }
    const bound = n + 3;
    const within = ours.requests <= bound;
    console.log(`\nthis runner sent ${ours.requests} requests for ${n} migrations: ${within ? 'within' : 'OVER'} the bound N + 3 = ${bound}.`);
    return within ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `apply` against a fresh server with `latencyMs`, then checks all N tables and ledger rows exist. */
async function measure(name: string, latencyMs: number, n: number, apply: (server: D1ApiServer) => Promise<void>): Promise<Measurement> {
  const server = await startD1ApiServer({ latencyMs });
  try {
    const started = performance.now();
    await apply(server);
    const wallMs = performance.now() - started;
    const db = server.database();
    const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE 'bench_%'").get() as { n: number }).n;
    const ledger = (db.prepare('SELECT count(*) AS n FROM d1_migrations').get() as { n: number }).n;
    if (tables !== n || ledger !== n) throw new Error(`${name}: expected ${n} tables and ledger rows, found ${tables} and ${ledger}`);
    const byRoute = new Map<string, number>();
    for (const { method, path } of server.requests) {
      const route = `${method} ${path
        .replace(/^.*\/d1\/database/, '…/d1/database')
        .replace(/\/[0-9a-f-]{36}/, '/<db>')
        .replace(/\?.*$/, '')}`;
      byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
    }
    return { name, requests: server.requests.length, wallMs, byRoute };
  } finally {
    await server.close();
  }
}

/** A drizzle-kit style folder of N small migrations: a table and a row each. */
function syntheticFolder(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
  mkdirSync(join(dir, 'meta'));
  const tags = Array.from({ length: n }, (_, i) => `${String(i).padStart(4, '0')}_bench_${i}`);
  tags.forEach((tag, i) => {
    writeFileSync(
      join(dir, `${tag}.sql`),
      `CREATE TABLE \`bench_${i}\` (\`id\` integer PRIMARY KEY, \`v\` text NOT NULL);\n--> statement-breakpoint\nINSERT INTO \`bench_${i}\` (\`v\`) VALUES ('row ${i}');\n`,
    );
  });
  const journal = {
    version: '7',
    dialect: 'sqlite',
    entries: tags.map((tag, idx) => ({ idx, version: '6', when: 1_700_000_000_000 + idx, tag, breakpoints: true })),
  };
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
  return dir;
}

async function wranglerStartupMs(migrationsFrom: string): Promise<number> {
  const project = makeWranglerProject({ migrationsFrom });
  try {
    const started = performance.now();
    await runWrangler(['--version'], { cwd: project.dir });
    return performance.now() - started;
  } finally {
    project.remove();
  }
}

function printTable(rows: Measurement[]): void {
  const width = Math.max(...rows.map((r) => r.name.length), 'runner'.length);
  console.log(`| ${'runner'.padEnd(width)} | requests | wall time |`);
  console.log(`| ${'-'.repeat(width)} | -------: | --------: |`);
  for (const r of rows) console.log(`| ${r.name.padEnd(width)} | ${String(r.requests).padStart(8)} | ${`${(r.wallMs / 1000).toFixed(2)} s`.padStart(9)} |`);
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(1)}×`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
