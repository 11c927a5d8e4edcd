/**
 * Start-up of the d1-evolve CLI as shipped (`node bin/d1-evolve.js`, the bundled dist/) against
 * the CLI started the way it was before the package existed (`tsx src/cli/bin.ts`, TypeScript
 * compiled at run time), each as a whole process, alternating, in one run:
 *
 *   --help                 prints the command list (loads every command module)
 *   status --help          a command's help (parses the command table, reads no config)
 *   check --dir <empty> --fast
 *                          a command that does work: reads an empty migration folder and
 *                          opens the better-sqlite3 engine
 *
 * plus `node -e ""`, the floor no Node CLI can go below. Each case runs once to warm the file
 * cache (and tsx's compile cache) and then N times per variant, the two variants alternating
 * and swapping order every rep. Prints a Markdown table of medians, min and max, and the
 * ratio of medians compiled/tsx.
 *
 *   cd packages/d1-evolve && node scripts/build.mjs && node_modules/.bin/tsx bench/start.ts [--reps 10]
 *   pnpm bench:start [--reps 10]
 *
 * Exits 1 if `--help` compiled does not take well under half the time of tsx (median ratio
 * not below 0.5); 2 on a usage error, when dist/ is not built, or when a run fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'd1-evolve.js');
const DIST_CLI = join(ROOT, 'dist', 'cli.js');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SOURCE_BIN = join(ROOT, 'src', 'cli', 'bin.ts');
/** The `--help` ratio compiled/tsx must stay below this. */
const TARGET_RATIO = 0.5;

interface Variant {
  label: string;
  command: string;
  args: string[];
}

interface Case {
  name: string;
  compiled: Variant;
  tsx: Variant;
}

interface Stats {
  median: number;
  min: number;
  max: number;
}

/** One whole process, wall time in ms; throws unless it exits 0. */
function timeRun({ label, command, args }: Variant, cwd: string): { ms: number; stdout: string } {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, NO_COLOR: '1', CI: 'true' };
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000, killSignal: 'SIGKILL' });
  const ms = performance.now() - started;
  if (run.error) throw new Error(`${label}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${label} exited ${run.status ?? run.signal}:\n${run.stdout}\n${run.stderr}`);
  return { ms, stdout: run.stdout };
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const range = (s: Stats) => `${s.min.toFixed(0)}–${s.max.toFixed(0)} ms`;

/** The newest file under `dir` (to warn when dist/ is older than src/). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function main(): number {
  let reps: number;
  try {
    const { values } = parseArgs({ options: { reps: { type: 'string', default: '10' } } });
    reps = Number(values.reps);
    if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number of at least 1 (got ${values.reps})`);
  } catch (error) {
    console.error(`error: ${(error as Error).message}\nusage: node_modules/.bin/tsx bench/start.ts [--reps <n>]`);
    return 2;
  }
  if (!existsSync(DIST_CLI)) {
    console.error(`error: ${DIST_CLI} is missing: run \`node scripts/build.mjs\` first (the bench measures the CLI as shipped).`);
    return 2;
  }
  if (newestMtime(join(ROOT, 'src')) > statSync(DIST_CLI).mtimeMs) {
    console.error('note: src/ has changed since dist/ was built; the compiled numbers are of the last build (`node scripts/build.mjs`).\n');
  }

  // An empty drizzle-kit migration folder, and a project folder with nothing in it to run in.
  const work = mkdtempSync(join(tmpdir(), 'd1-evolve-bench-start-'));
  try {
    const emptyFolder = join(work, 'migrations');
    mkdirSync(join(emptyFolder, 'meta'), { recursive: true });
    writeFileSync(join(emptyFolder, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries: [] }));
    const both = (name: string, args: string[]): Case => ({
      name,
      compiled: { label: `node bin/d1-evolve.js ${args.join(' ')}`, command: process.execPath, args: [BIN, ...args] },
      tsx: { label: `tsx src/cli/bin.ts ${args.join(' ')}`, command: TSX, args: [SOURCE_BIN, ...args] },
    });
    const cases = [
      both('`--help`', ['--help']),
      both('`status --help`', ['status', '--help']),
      both('`check --dir <empty> --fast`', ['check', '--dir', emptyFolder, '--fast']),
    ];
    const floor: Variant = { label: 'node -e ""', command: process.execPath, args: ['-e', ''] };

    // Warm-up (not counted): file cache, tsx's compile cache; and the two must print the same help.
    timeRun(floor, work);
    for (const c of cases) {
      const compiled = timeRun(c.compiled, work).stdout;
      const source = timeRun(c.tsx, work).stdout;
      if (c.compiled.args.includes('--help') && compiled !== source) {
        console.error(`note: ${c.name} prints different text compiled and from source (dist/ is not the current src/?).`);
      }
    }

    console.log(`Start-up of d1-evolve, ${reps} runs each (alternating), Node ${process.version}, ${process.platform}/${process.arch}.\n`);
    const floorSamples: number[] = [];
    const results = cases.map((c) => ({ c, compiled: [] as number[], tsx: [] as number[] }));
    for (let rep = 0; rep < reps; rep++) {
      floorSamples.push(timeRun(floor, work).ms);
      for (const r of results) {
        // Swap the order every rep, so neither variant always runs right after the other.
        const order = rep % 2 ? (['tsx', 'compiled'] as const) : (['compiled', 'tsx'] as const);
        for (const which of order) r[which].push(timeRun(r.c[which], work).ms);
      }
    }

    const floorStats = stats(floorSamples);
    const rows = results.map(({ c, compiled, tsx }) => {
      const a = stats(compiled);
      const b = stats(tsx);
      return { name: c.name, a, b, ratio: a.median / b.median };
    });
    console.log('| command | compiled (`node bin/d1-evolve.js`) median | min–max | tsx (`tsx src/cli/bin.ts`) median | min–max | compiled/tsx |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const { name, a, b, ratio } of rows) console.log(`| ${name} | ${ms(a.median)} | ${range(a)} | ${ms(b.median)} | ${range(b)} | ${ratio.toFixed(2)} |`);
    console.log(`| floor: \`node -e ""\` | ${ms(floorStats.median)} | ${range(floorStats)} | | | |`);
    console.log('');
    for (const { name, a, b } of rows) {
      console.log(`${name}: above the floor, compiled ${ms(a.median - floorStats.median)}, tsx ${ms(b.median - floorStats.median)}.`);
    }

    const help = rows[0]!;
    const ok = help.ratio < TARGET_RATIO;
    console.log(`\n${ok ? '✓' : '✗'} \`--help\` compiled/tsx = ${help.ratio.toFixed(2)} (target: below ${TARGET_RATIO}).`);
    return ok ? 0 : 1;
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    return 2;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
