/**
 * Wall time of `pnpm db:check` on the real chain (drizzle/) against wrangler's bare
 * `wrangler d1 migrations apply DB --local` of the same chain into a fresh --persist-to
 * folder, in one run, alternating, a few repetitions each; medians and the ratio. Then the
 * same for drizzle/ plus a generated rebuild of workspaces, where db:check seeds every
 * table (114 rows) before the rebuild: drizzle-kit's own SQL (db:check reports the cascade
 * loss) and the same migration as db:generate rewrites it (db:check proves it safe).
 *
 *   pnpm bench:check [--reps 5]
 *
 * Both are whole processes, as a developer runs them. `db:check --fast` (better-sqlite3
 * only) is measured too. Exits 1 if any run does not end as expected.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rewriteFolder } from '../packages/d1-evolve/src/rewrite/keep-children';
import { readMigrationFolder } from '../packages/d1-evolve/src/folder/migration-folder';
import { appendMigration } from '../packages/d1-evolve/test/fixtures/chains/build';
import { workspacesNameNullable } from '../test/fixtures/chains/project-rebuild';
import { makeWranglerProject, runWrangler } from '../packages/d1-evolve/test/support/wrangler';

const ROOT = resolve(import.meta.dirname, '..');

interface Timed {
  name: string;
  ms: number[];
}

/** Runs a command to completion and returns its wall time; throws unless it exits with `expected`. */
function timeProcess(command: string, args: string[], cwd: string, expected = 0): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === expected) resolvePromise(ms);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}, expected ${expected}:\n${output}`));
    });
  });
}

async function wranglerApply(migrationsFrom: string): Promise<number> {
  const project = makeWranglerProject({ migrationsFrom });
  const persist = mkdtempSync(join(tmpdir(), 'bench-check-state-'));
  try {
    const started = performance.now();
    const run = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], { cwd: project.dir, timeoutMs: 120_000 });
    const ms = performance.now() - started;
    if (run.code !== 0) throw new Error(`wrangler exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    return ms;
  } finally {
    project.remove();
    rmSync(persist, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Scenario {
  label: string;
  dir: string;
  /** db:check's exit code: 1 where the chain loses rows. */
  exit: number;
}

async function measureScenario({ label, dir, exit }: Scenario, reps: number): Promise<void> {
  const { migrations } = readMigrationFolder(dir);
  const statements = migrations.reduce((n, m) => n + m.statements.length, 0);
  console.log(`\n${label}: ${migrations.length} migration(s), ${statements} statements; ${reps} repetitions each, alternating.`);
  const check = (fast: boolean) => timeProcess('pnpm', ['db:check', '--dir', dir, ...(fast ? ['--fast'] : [])], ROOT, exit);
  const runs: Timed[] = [
    { name: 'wrangler d1 migrations apply --local', ms: [] },
    { name: 'pnpm db:check (both engines)', ms: [] },
    { name: 'pnpm db:check --fast (better-sqlite3)', ms: [] },
  ];
  // One warm-up of each, not counted: tsx's and wrangler's first-run caches.
  await wranglerApply(dir);
  await check(false);
  for (let rep = 0; rep < reps; rep += 1) {
    runs[0]!.ms.push(await wranglerApply(dir));
    runs[1]!.ms.push(await check(false));
    runs[2]!.ms.push(await check(true));
  }
  const base = median(runs[0]!.ms);
  const width = Math.max(...runs.map((r) => r.name.length));
  console.log(`  ${'command'.padEnd(width)}  median    min       max       check / wrangler`);
  for (const run of runs) {
    const m = median(run.ms);
    const cells = [seconds(m), seconds(Math.min(...run.ms)), seconds(Math.max(...run.ms))].map((c) => c.padEnd(8));
    console.log(`  ${run.name.padEnd(width)}  ${cells.join('  ')}  ${(m / base).toFixed(2)}`);
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { reps: { type: 'string', default: '5' } } });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1) throw new Error('usage: pnpm bench:check [--reps <n ≥ 1>]');
  const raw = await appendMigration(join(ROOT, 'drizzle'), 'workspaces_name_nullable', workspacesNameNullable);
  const safe = await appendMigration(join(ROOT, 'drizzle'), 'workspaces_name_nullable', workspacesNameNullable);
  // What db:generate commits: the rebuild rewritten to keep the 34 tables below workspaces.
  const folder = readMigrationFolder(safe.dir);
  rewriteFolder(folder, folder.migrations.slice(-1));
  try {
    await measureScenario({ label: 'drizzle/ (the real chain)', dir: join(ROOT, 'drizzle'), exit: 0 }, reps);
    // db:check seeds all 38 tables before the rebuild and finds the cascade loss: exit 1.
    await measureScenario({ label: "drizzle/ + drizzle-kit's own rebuild of workspaces (loses rows)", dir: raw.dir, exit: 1 }, reps);
    await measureScenario({ label: 'drizzle/ + the same rebuild as db:generate writes it (safe)', dir: safe.dir, exit: 0 }, reps);
  } finally {
    raw.remove();
    safe.remove();
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
