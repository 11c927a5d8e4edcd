/**
 * A fleet on the loopback D1 API with its rate limiter on (Cloudflare's 1,200 requests per
 * 5 minutes per token, the window scaled down so the run stays short): `d1-evolve fleet
 * apply` against the loop people write today, `wrangler d1 migrations apply --remote` once
 * per database, both aimed at the same server, in one run. Reported: requests per database,
 * wall time, and wall time as a multiple of the rate-limit floor (total requests / budget).
 * wrangler runs on a sample of the databases (one process per database, ~2 s each): its
 * figures per database are measured there and scaled to the fleet.
 *
 *   pnpm bench:fleet [--databases 1000] [--rate 1200/5] [--concurrency 16] [--wrangler-sample 20]
 *
 * Exits 1 when d1-evolve's wall time is over 1.15× the floor.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type D1ApiServer, startD1ApiServer } from '../src/testing/d1-api';
import { THREE, migrationFolder } from '../test/runner/helpers';
import { remoteEnv, runWrangler } from '../test/support/wrangler';

const GOAL = 1.15;
const BIN = join(import.meta.dirname, '..', 'bin', 'd1-evolve.js');

interface Row {
  tool: string;
  databases: number;
  requests: number;
  wallMs: number;
  /** The shortest time the budget allows for these requests. */
  floorMs: number;
  note?: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      databases: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '1200/5' },
      concurrency: { type: 'string', default: '16' },
      'wrangler-sample': { type: 'string', default: '20' },
    },
  });
  const databases = Number(values.databases);
  const [budget, seconds] = values.rate.split('/').map(Number) as [number, number];
  const sample = Math.min(Number(values['wrangler-sample']), databases);
  const windowMs = seconds * 1000;
  const floor = (requests: number) => (requests / budget) * windowMs;

  const server = await startD1ApiServer({ rateLimit: { requests: budget, windowMs } });
  const folder = migrationFolder(THREE);
  const project = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
  try {
    const tenants = server.createDatabases(databases, 'tenant-');
    const sampled = server.createDatabases(sample, 'wrangler-');
    const migrations = Object.keys(THREE).length;
    console.log(
      `${databases} databases, ${migrations} migrations each, on the loopback D1 API limited to ${budget} requests per ${seconds} s ` +
        "(Cloudflare's limit per token is 1,200 per 300 s: the window is scaled down so the run stays short).\n",
    );
    writeProject(project, folder.dir, server, sampled);

    const ours = await measure(server, async () => {
      const run = await runNode(
        [BIN, 'fleet', 'apply', '--database', 'DB', '--match', 'tenant-', '--rate', values.rate, '--concurrency', values.concurrency, '--skip-check', '--json'],
        {
          cwd: project,
          env: remoteEnv(server),
        },
      );
      if (run.code !== 0) throw new Error(`d1-evolve fleet apply exited ${run.code}:\n${run.stderr.slice(-2000)}`);
    });
    const oursRow: Row = { tool: 'd1-evolve fleet apply', databases, requests: ours.requests, wallMs: ours.wallMs, floorMs: floor(ours.requests) };
    const applied = tenants.every((t) => ledgerCount(server, t.uuid) === migrations);
    if (!applied) throw new Error('d1-evolve fleet apply left a database without every migration');

    const wrangler = await measure(server, async () => {
      for (const [i] of sampled.entries()) {
        const run = await runWrangler(['d1', 'migrations', 'apply', binding(i), '--remote'], { cwd: project, env: remoteEnv(server), timeoutMs: 120_000 });
        if (run.code !== 0) throw new Error(`wrangler exited ${run.code} on ${binding(i)}:\n${run.stdout}\n${run.stderr}`);
      }
    });
    const perDatabase = { requests: wrangler.requests / sample, wallMs: wrangler.wallMs / sample };
    const wranglerRow: Row = {
      tool: 'wrangler d1 migrations apply, per database',
      databases,
      requests: Math.round(perDatabase.requests * databases),
      wallMs: perDatabase.wallMs * databases,
      floorMs: floor(perDatabase.requests * databases),
      note: `measured on ${sample}, scaled to ${databases}`,
    };

    printTable([oursRow, wranglerRow], server.rateLimited);
    const ratio = oursRow.wallMs / oursRow.floorMs;
    console.log(
      `\nd1-evolve: ${(ratio).toFixed(2)}× the floor (goal ≤ ${GOAL}×); wrangler's loop: ${(wranglerRow.wallMs / wranglerRow.floorMs).toFixed(2)}× its own floor,`,
    );
    console.log(
      `${(wranglerRow.wallMs / oursRow.wallMs).toFixed(1)}× d1-evolve's wall time, ${(wranglerRow.requests / oursRow.requests).toFixed(2)}× its requests.`,
    );
    return ratio <= GOAL ? 0 : 1;
  } finally {
    await server.close();
    folder.remove();
    rmSync(project, { recursive: true, force: true });
  }
}

const binding = (i: number) => `W${String(i + 1).padStart(4, '0')}`;

/** A project whose wrangler.toml binds the default database (the fleet's folder) and each sampled database (for wrangler). */
function writeProject(dir: string, migrations: string, server: D1ApiServer, sampled: { uuid: string; name: string }[]): void {
  cpSync(migrations, join(dir, 'migrations'), { recursive: true });
  const entry = (name: string, databaseName: string, id: string) =>
    `[[d1_databases]]\nbinding = "${name}"\ndatabase_name = "${databaseName}"\ndatabase_id = "${id}"\nmigrations_dir = "migrations"\n`;
  const entries = [entry('DB', 'd1-evolve-test', server.databaseId), ...sampled.map((s, i) => entry(binding(i), s.name, s.uuid))];
  writeFileSync(join(dir, 'wrangler.toml'), `name = "bench-fleet"\ncompatibility_date = "2026-04-01"\n\n${entries.join('\n')}`);
}

async function measure(server: D1ApiServer, run: () => Promise<void>): Promise<{ requests: number; wallMs: number }> {
  const before = server.requests.length;
  const started = performance.now();
  await run();
  return { requests: server.requests.length - before, wallMs: performance.now() - started };
}

function ledgerCount(server: D1ApiServer, uuid: string): number {
  return (server.database(uuid).prepare('SELECT count(*) AS n FROM d1_migrations').get() as { n: number }).n;
}

function runNode(args: string[], { cwd, env }: { cwd: string; env: Record<string, string> }): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

function printTable(rows: Row[], rateLimited: number): void {
  const head = ['tool', 'databases', 'requests/db', 'wall', 'floor', 'wall / floor'];
  const body = rows.map((r) => [
    r.tool + (r.note ? ` (${r.note})` : ''),
    String(r.databases),
    (r.requests / r.databases).toFixed(2),
    `${(r.wallMs / 1000).toFixed(1)} s`,
    `${(r.floorMs / 1000).toFixed(1)} s`,
    `${(r.wallMs / r.floorMs).toFixed(2)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  for (const line of [head, ...body]) console.log(`  ${line.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`);
  console.log(`\n429s sent by the server's rate limiter: ${rateLimited}`);
}

process.exitCode = await main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  return 1;
});
