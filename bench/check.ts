/**
 * What `d1-evolve check` costs against wrangler's bare `wrangler d1 migrations apply DB --local`
 * of the same chain into a fresh --persist-to folder, in one run, alternating, N repetitions:
 *
 *   cold      the check with an empty cache (.wrangler/d1-evolve/check-cache/ deleted first)
 *   cached    the same check again: the chain is unchanged, so it is answered from the cache
 *   one new   the chain minus its last migration checked (the cache warm on that prefix, not
 *             timed), then the last migration added and the check timed
 *
 * on two chains:
 *   - this repository's: drizzle/ with its drizzle config (the schema is compared, as
 *     `pnpm db:check` does), in a temp copy of the project; its "one new" is what a developer
 *     does next: workspaces.name made nullable in src/db/schema and the migration db:generate
 *     writes for it (drizzle-kit's rebuild, rewritten to keep the tables below workspaces);
 *   - a generated history of 60 migrations (packages/d1-evolve/bench/generated-chain.ts:
 *     tables, columns, indexes, rebuilds), checked with --dir (no drizzle config).
 * wrangler applies the chain each check is compared with, whole, every time: for the
 * repository drizzle/ (cold, cached) and drizzle/ with the new migration (one new); for the
 * generated history its 60 migrations.
 *
 *   pnpm bench:check [--reps 5] [--chain repo|generated|both] [--length 60]
 *
 * Both tools run as whole processes through their installed bins (node_modules/.bin/d1-evolve,
 * the compiled dist/, and node_modules/.bin/wrangler), as a developer's script runs them;
 * `pnpm db:check` adds pnpm's own start (measured once, printed). Goals (issue 12): cached and
 * one new ≤ 0.25 of wrangler, cold ≤ 1.0. Until the check has a cache (`check --help` lists
 * --no-cache), only the cold check is measured. Exits 1 if a run does not end as expected or a
 * goal is missed, 2 on a usage error.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedChain } from '../packages/d1-evolve/bench/generated-chain';
import { readJournal } from '../packages/d1-evolve/src/folder/migration-folder';
import { rewriteFolder } from '../packages/d1-evolve/src/rewrite/keep-children';
import { readMigrationFolder } from '../packages/d1-evolve/src/folder/migration-folder';
import { appendMigration } from '../packages/d1-evolve/test/fixtures/chains/build';
import { makeWranglerProject, runWrangler } from '../packages/d1-evolve/test/support/wrangler';
import { workspacesNameNullable } from '../test/fixtures/chains/project-rebuild';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGE = join(ROOT, 'packages', 'd1-evolve');
const BIN = join(ROOT, 'node_modules', '.bin', 'd1-evolve');
const GOALS = { cold: 1.0, cached: 0.25, oneNew: 0.25 } as const;

type Kind = 'wrangler' | 'cold' | 'cached' | 'wranglerNext' | 'oneNew';
const LABELS: Record<Kind, string> = {
  wrangler: 'wrangler d1 migrations apply --local',
  cold: 'd1-evolve check, cold (empty cache)',
  cached: 'd1-evolve check, cached (unchanged chain)',
  wranglerNext: 'wrangler d1 migrations apply --local, with the new one',
  oneNew: 'd1-evolve check, one new migration',
};
/** The wrangler run each check is compared with. */
const BASE: Record<Exclude<Kind, 'wrangler' | 'wranglerNext'>, 'wrangler' | 'wranglerNext'> = { cold: 'wrangler', cached: 'wrangler', oneNew: 'wranglerNext' };

/** One chain to measure: where its check runs and the states its migration folder is put in. */
interface Subject {
  label: string;
  /** The project folder the check runs in (its cache lives there). */
  project: string;
  /** `check` arguments. */
  args: string[];
  /** What wrangler applies for the cold and cached checks, and for "one new" (the same folder for the generated chain). */
  baseChain: string;
  nextChain: string;
  /** Puts the project's folder in the state the cold and cached checks measure. */
  toMeasured(): void;
  /** ... in the state before the new migration, and with it. */
  toPrefix(): void;
  toFull(): void;
  remove(): void;
}

interface Run {
  code: number;
  ms: number;
  output: string;
}

function timeProcess(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, CI: 'true', NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, ms: performance.now() - started, output }));
  });
}

async function check(subject: Subject): Promise<number> {
  const run = await timeProcess(BIN, ['check', ...subject.args], subject.project);
  if (run.code !== 0) throw new Error(`d1-evolve check ${subject.args.join(' ')} in ${subject.project} exited ${run.code}:\n${run.output}`);
  return run.ms;
}

async function wranglerApply(chain: string): Promise<number> {
  const project = makeWranglerProject({ migrationsFrom: chain });
  const persist = mkdtempSync(join(tmpdir(), 'bench-check-state-'));
  try {
    const started = performance.now();
    const run = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], { cwd: project.dir, timeoutMs: 300_000 });
    const ms = performance.now() - started;
    if (run.code !== 0) throw new Error(`wrangler exited ${run.code}:\n${run.stdout}\n${run.stderr}`);
    return ms;
  } finally {
    project.remove();
    rmSync(persist, { recursive: true, force: true });
  }
}

const emptyCache = (project: string) => rmSync(join(project, '.wrangler', 'd1-evolve', 'check-cache'), { recursive: true, force: true });

/** The files the last journal entry adds: its .sql, its snapshot, its down; the journal changes too. */
function lastMigrationFiles(dir: string): string[] {
  const journal = readJournal(dir);
  const last = journal.entries.at(-1)!;
  const idx = String(last.idx).padStart(4, '0');
  return [`${last.tag}.sql`, join('meta', `${idx}_snapshot.json`), join('down', `${last.tag}.sql`)].filter((file) => existsSync(join(dir, file)));
}

/**
 * A folder switch between a chain and the chain minus its last migration: the files the last
 * one adds and the journal are swapped in place (plus, for the repository, the schema edit).
 */
function prefixSwitch(dir: string, extra: { file: string; prefix: string; full: string }[] = []) {
  const files = lastMigrationFiles(dir).map((file) => ({ file, text: readFileSync(join(dir, file)) }));
  const journal = readJournal(dir);
  const fullJournal = JSON.stringify(journal, null, 2);
  const prefixJournal = JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }, null, 2);
  const journalFile = join(dir, 'meta', '_journal.json');
  return {
    toPrefix() {
      for (const { file } of files) rmSync(join(dir, file), { force: true });
      writeFileSync(journalFile, prefixJournal);
      for (const e of extra) writeFileSync(e.file, e.prefix);
    },
    toFull() {
      for (const { file, text } of files) {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      writeFileSync(journalFile, fullJournal);
      for (const e of extra) writeFileSync(e.file, e.full);
    },
  };
}

/** A temp copy of this repository's project (configs, schema, drizzle/) plus the next migration a developer would generate. */
async function repositorySubject(): Promise<Subject> {
  // Inside the repository, so drizzle.config.ts resolves drizzle-kit and d1-evolve as the root's does.
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const project = mkdtempSync(join(ROOT, 'tmp', 'bench-check-'));
  for (const file of readdirSync(ROOT).filter((f) => /^(wrangler\.(toml|jsonc?)|drizzle\..*\.ts|drizzle\.config\.ts)$/.test(f)))
    cpSync(join(ROOT, file), join(project, file));
  cpSync(join(ROOT, 'src', 'db'), join(project, 'src', 'db'), { recursive: true });
  // tsconfig's paths point into packages/: the same targets from two folders down.
  writeFileSync(join(project, 'tsconfig.json'), readFileSync(join(ROOT, 'tsconfig.json'), 'utf8').replaceAll('"./packages/', '"../../packages/'));
  // The next migration: drizzle-kit's rebuild of workspaces for name made nullable, as db:generate commits it.
  const next = await appendMigration(join(ROOT, 'drizzle'), 'workspaces_name_nullable', workspacesNameNullable);
  const folder = readMigrationFolder(next.dir);
  rewriteFolder(folder, folder.migrations.slice(-1));
  cpSync(next.dir, join(project, 'drizzle'), { recursive: true });
  next.remove();
  const schemaFile = join(project, 'src', 'db', 'schema', 'users.ts');
  const prefix = readFileSync(schemaFile, 'utf8');
  const full = prefix.replace(/('workspaces',[\s\S]*?name: text\('name'\))\.notNull\(\)/, '$1');
  if (full === prefix) throw new Error(`${schemaFile}: workspaces.name .notNull() not found; update the bench's schema edit.`);
  const swap = prefixSwitch(join(project, 'drizzle'), [{ file: schemaFile, prefix, full }]);
  const migrations = readJournal(join(project, 'drizzle')).entries.length;
  const nextChain = mkdtempSync(join(tmpdir(), 'bench-check-next-'));
  cpSync(join(project, 'drizzle'), nextChain, { recursive: true });
  swap.toPrefix();
  return {
    label:
      `this repository's chain (drizzle/, ${migrations - 1} migration(s), schema compared); one new: ` +
      'workspaces.name made nullable and the rebuild db:generate writes for it',
    project,
    args: [],
    baseChain: join(ROOT, 'drizzle'),
    nextChain,
    toMeasured: swap.toPrefix,
    ...swap,
    remove: () => {
      rmSync(project, { recursive: true, force: true });
      rmSync(nextChain, { recursive: true, force: true });
    },
  };
}

async function generatedSubject(length: number): Promise<Subject> {
  const chain = await generatedChain(length);
  const project = mkdtempSync(join(tmpdir(), 'bench-check-generated-'));
  cpSync(chain.dir, join(project, 'drizzle'), { recursive: true });
  chain.remove();
  const swap = prefixSwitch(join(project, 'drizzle'));
  return {
    label: `a generated history of ${length} migrations (--dir, so no schema comparison); one new: its last migration`,
    project,
    args: ['--dir', 'drizzle'],
    baseChain: join(project, 'drizzle'),
    nextChain: join(project, 'drizzle'),
    toMeasured: swap.toFull,
    ...swap,
    remove: () => rmSync(project, { recursive: true, force: true }),
  };
}

interface Stats {
  median: number;
  min: number;
  max: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return { median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2, min: sorted[0]!, max: sorted.at(-1)! };
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Measures one subject; returns whether every goal measured was met. */
async function measure(subject: Subject, reps: number, cached: boolean): Promise<boolean> {
  const separate = subject.nextChain !== subject.baseChain;
  const kinds: Kind[] = cached ? ['wrangler', 'cold', 'cached', ...(separate ? (['wranglerNext'] as const) : []), 'oneNew'] : ['wrangler', 'cold'];
  const samples: Record<Kind, number[]> = { wrangler: [], cold: [], cached: [], wranglerNext: [], oneNew: [] };
  const step: Record<Kind, () => Promise<number>> = {
    // Copied at each run from a folder that stays as it is.
    wrangler: () => wranglerApply(subject.baseChain),
    wranglerNext: () => wranglerApply(subject.nextChain),
    cold: () => {
      subject.toMeasured();
      emptyCache(subject.project);
      return check(subject);
    },
    // Right after the cold one, which filled the cache.
    cached: () => check(subject),
    oneNew: async () => {
      emptyCache(subject.project);
      subject.toPrefix();
      await check(subject);
      subject.toFull();
      try {
        return await check(subject);
      } finally {
        subject.toMeasured();
      }
    },
  };
  console.log(`\n${subject.label}: ${reps} repetitions, alternating.`);
  // One warm-up of each (not counted): the file cache, tsx's compile cache, wrangler's first start.
  for (const kind of kinds) await step[kind]();
  for (let rep = 0; rep < reps; rep++) for (const kind of kinds) samples[kind].push(await step[kind]());

  let ok = true;
  console.log('| command | median | min | max | ratio to wrangler | goal |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const kind of kinds) {
    const s = stats(samples[kind]);
    if (kind === 'wrangler' || kind === 'wranglerNext') {
      console.log(`| ${LABELS[kind]} | ${seconds(s.median)} | ${seconds(s.min)} | ${seconds(s.max)} | 1.00 | |`);
      continue;
    }
    const ratio = s.median / stats(samples[separate ? BASE[kind] : 'wrangler']).median;
    const goal = GOALS[kind];
    const met = ratio <= goal;
    ok &&= met;
    console.log(
      `| ${LABELS[kind]} | ${seconds(s.median)} | ${seconds(s.min)} | ${seconds(s.max)} | ${ratio.toFixed(2)} | ≤ ${goal.toFixed(2)} ${met ? '✓' : '✗'} |`,
    );
  }
  if (!cached) console.log('cache not available: `d1-evolve check --help` lists no --no-cache, so only the cold check is measured.');
  return ok;
}

/** The newest modification time under `dir`, to warn when dist/ is older than src/. */
function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

async function main(): Promise<number> {
  let reps: number;
  let chains: string;
  let length: number;
  try {
    const { values } = parseArgs({
      options: { reps: { type: 'string', default: '5' }, chain: { type: 'string', default: 'both' }, length: { type: 'string', default: '60' } },
    });
    reps = Number(values.reps);
    length = Number(values.length);
    chains = values.chain;
    if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number of at least 1 (got ${values.reps})`);
    if (!Number.isInteger(length) || length < 2) throw new Error(`--length must be a whole number of at least 2 (got ${values.length})`);
    if (!['repo', 'generated', 'both'].includes(chains)) throw new Error(`--chain must be repo, generated or both (got ${chains})`);
  } catch (error) {
    console.error(`error: ${(error as Error).message}\nusage: pnpm bench:check [--reps <n>] [--chain repo|generated|both] [--length <n>]`);
    return 2;
  }
  const distCli = join(PACKAGE, 'dist', 'cli.js');
  if (!existsSync(distCli)) {
    console.error('error: packages/d1-evolve/dist/ is not built: run `pnpm build` first (the bench measures the CLI as shipped).');
    return 2;
  }
  if (newest(join(PACKAGE, 'src')) > statSync(distCli).mtimeMs)
    console.error('note: src/ changed since dist/ was built; run `pnpm build` to measure the current code.');

  const help = await timeProcess(BIN, ['check', '--help'], ROOT);
  const cached = help.output.includes('--no-cache');
  const pnpmHelp = await timeProcess('pnpm', ['-s', 'db:check', '--help'], ROOT);
  const binHelp = await timeProcess(BIN, ['check', '--help'], ROOT);
  console.log(
    `Node ${process.version}, ${process.platform}/${process.arch}; load average ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}. ` +
      `pnpm's own start adds ≈ ${seconds(pnpmHelp.ms - binHelp.ms)} to \`pnpm db:check\` (\`pnpm -s db:check --help\` ${seconds(pnpmHelp.ms)}, \`d1-evolve check --help\` ${seconds(binHelp.ms)}).`,
  );

  let ok = true;
  const subjects: (() => Promise<Subject>)[] = [];
  if (chains !== 'generated') subjects.push(repositorySubject);
  if (chains !== 'repo') subjects.push(() => generatedSubject(length));
  for (const make of subjects) {
    const subject = await make();
    try {
      ok = (await measure(subject, reps, cached)) && ok;
    } finally {
      subject.remove();
    }
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
