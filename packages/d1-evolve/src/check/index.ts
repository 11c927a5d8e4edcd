/**
 * `d1-evolve check` as a function: chain integrity, schema in sync, lint, and the replay with
 * the preservation check on each engine. `d1-evolve check`, `d1-evolve generate` and `d1-evolve apply` call it;
 * the result is data (per migration: what ran, how many rows were checked, what was found).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ToolError } from '../errors';
import { type Migration, readMigrationFolder } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, readSnapshot, type Snapshot } from '../schema/snapshot';
import type { D1Transport } from '../transports/transport';
import { introspect } from '../schema/live';
import { ident } from './rows';
import { checkChain } from './chain';
import { ENGINES, ENGINE_LABELS, openEngine, type EngineName } from './engines';
import { hasErrors, type Finding } from './finding';
import { lintMigration } from './lint';
import { type CheckData, appliedMigrations, loadDump } from './data/source';
import { recordDownProofs } from './down-proofs';
import { type DownStepResult, findDowns, proveDowns } from './downs';
import { type Cached, CheckCache, type EngineKeys, type SavedState, checkKeys, loadedProjectFiles, syncKey } from './cache';
import { captureDatabase, restoreDatabase } from './engine-state';
import { chainSteps, D1_BATCH_LIMIT_MS, replayChain, type ChainStep, type ReplayState, type StepResult } from './replay';
import { DEFAULT_ROWS_PER_TABLE } from './seed';
import { checkSync } from './sync';

/** The lint's contract (lint.ts): static findings for one migration; `last` is the schema at the end of the chain. */
export type LintFn = (migration: Migration, before: Snapshot, after: Snapshot, last?: Snapshot) => Finding[];

export interface CheckOptions {
  /** The migration folder (drizzle/). */
  dir: string;
  /**
   * The schema the migrations are generated from, compared with the last snapshot (step 2):
   * the module object itself, or a description of where it comes from and how to load it.
   * Absent or `false`: not compared (`schemaNote` then says why, for the report).
   */
  schema?: Record<string, unknown> | LoadableSchema | false;
  /** Why the schema is not compared, when it is not given. */
  schemaNote?: string;
  /** Engines to replay on; default both. */
  engines?: readonly EngineName[];
  /** The lint rules (default lint.ts); `false` skips them. */
  lint?: LintFn | false;
  /** Seed rows per table before each migration (default 3). */
  rowsPerTable?: number;
  /**
   * Real rows to check against instead of seeded ones (`--data`): each engine loads the dump,
   * and only the migrations its ledger lacks are replayed, on those rows, without seeding.
   */
  data?: CheckData;
  /** A migration slower than this on an engine is an error (default D1's 30 s). */
  durationLimitMs?: number;
  /**
   * Where to record the downs this check proves on every engine (down-proofs.ts
   * `downProofsFile(root)`), for `d1-evolve status`; absent: not recorded.
   */
  proofFile?: string;
  /** The files `schema` is loaded from (the drizzle config's), so that the comparison can be cached by their content (cacheDir). */
  schemaFiles?: readonly string[];
  /**
   * The check's cache (cache.ts `checkCacheDir(root)`): the results of migrations verified
   * before are taken from it and the replay goes on from the database saved there, so only
   * what changed is replayed; absent: no cache. With `data` only the schema comparison is
   * cached (real rows differ every time).
   */
  cacheDir?: string;
  /** With cacheDir: take nothing from the cache, prove everything again and write it afresh (`--no-cache`). */
  refreshCache?: boolean;
  /** Opens a fresh database on an engine (default engines.ts openEngine); tests count the opens. */
  openEngine?: (engine: EngineName) => Promise<D1Transport>;
}

/** A schema the check loads only when it gets that far (the chain must hold first). */
export interface LoadableSchema {
  /** Where it comes from, for messages: `the schema of drizzle.config.ts (src/db/schema.ts)`. */
  label: string;
  load(): Promise<Record<string, unknown>>;
}

/** A finding, with the engines that showed it when it comes from a replay. */
export interface CheckFinding extends Finding {
  engines?: EngineName[];
}

export interface EngineRun {
  status: StepResult['status'];
  seeded: number;
  rowsChecked: number;
  durationMs: number;
}

export interface MigrationReport {
  name: string;
  path: string;
  statements: number;
  engines: Partial<Record<EngineName, EngineRun>>;
  findings: CheckFinding[];
  /** Losses and changes the migration declares (`-- allow-data-loss`, `-- allow-data-change`), and renames the check inferred. */
  declared: string[];
  /** An earlier migration failed on some engine: this one was replayed from the schema it expects, on fresh seed rows. */
  afterFailure: boolean;
  /** Its down (`<dir>/down/<name>`), when the folder has one: proven by up, down, up on every engine, or not. */
  down?: DownReport;
  /** Its result on every engine came from the cache: an earlier check proved this very chain up to it. */
  cached?: boolean;
}

/** The proof of one migration's down (downs.ts): up then down gives back the schema and the rows, and up runs again. */
export interface DownReport {
  /** The up's file name. */
  name: string;
  /** The down's file. */
  path: string;
  /** Written by `d1-evolve generate` (not by hand). */
  generated: boolean;
  /** The round trip held on every engine. */
  proven: boolean;
  upChecksum: string;
  downChecksum: string;
  engines: Partial<Record<EngineName, DownEngineRun>>;
  findings: CheckFinding[];
  /** Losses the up or the down declares. */
  declared: string[];
  /** Its proof on every engine came from the cache. */
  cached?: boolean;
}

export interface DownEngineRun {
  /** `up-failed`: the up fails on that engine (see its replay-failed), so the down was not tried. */
  status: DownStepResult['status'];
  rowsChecked: number;
  durationMs: number;
}

export interface CheckReport {
  /** No finding is an error. */
  ok: boolean;
  dir: string;
  engines: EngineName[];
  migrations: MigrationReport[];
  /** Every down the folder holds, in chain order, with its proof (also on its migration's report). */
  downs: DownReport[];
  /** Every finding: the chain's, the schema's, each migration's and each down's. */
  findings: CheckFinding[];
  /** Why the schema was not compared with the migrations (step 2 skipped), if it was not. */
  schemaNote?: string;
  /** With `data`: where the rows came from, the rows of each table, and the migrations it had already applied (not replayed). */
  data?: { label: string; rows: Record<string, number>; applied: string[] };
  /** With `cacheDir`: what came from the cache and what was replayed. */
  cache?: CacheReport;
  durationMs: number;
}

/** What a check took from its cache (cache.ts) and what it ran. */
export interface CacheReport {
  dir: string;
  /** Migrations whose result on every engine came from the cache. */
  hits: number;
  /** Migrations replayed on at least one engine. */
  replayed: number;
  /** Per engine: the migrations replayed there, and the one after which the replay went on from a saved database. */
  engines: Partial<Record<EngineName, { replayed: string[]; resumedAfter?: string }>>;
  /** The schema comparison came from the cache (the schema's files and the last snapshot are unchanged). */
  schema: boolean;
  /** Downs whose proof came from the cache. */
  downs: number;
  /** When the oldest result taken from the cache was proven (ISO time). */
  since?: string;
  /** `--no-cache`: nothing was taken from the cache; it was written afresh. */
  refreshed?: boolean;
}

/** Runs every check on the migration folder `dir`. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const engines = [...(options.engines ?? ENGINES)];
  const store = options.cacheDir ? CheckCache.open(options.cacheDir) : undefined;
  const cache: CacheReport | undefined = options.cacheDir
    ? { dir: options.cacheDir, hits: 0, replayed: 0, engines: {}, schema: false, downs: 0, ...(options.refreshCache ? { refreshed: true } : {}) }
    : undefined;
  const report = (migrations: MigrationReport[], chainFindings: CheckFinding[], downs: DownReport[] = []): CheckReport => {
    const findings = [...chainFindings, ...migrations.flatMap((m) => m.findings), ...downs.flatMap((d) => d.findings)];
    const schemaNote = options.schema ? undefined : options.schemaNote;
    if (cache) {
      cache.hits = migrations.filter((m) => m.cached).length;
      cache.replayed = migrations.length - cache.hits;
      cache.downs = downs.filter((d) => d.cached).length;
    }
    return {
      ok: !hasErrors(findings),
      dir: options.dir,
      engines,
      migrations,
      downs,
      findings,
      ...(schemaNote ? { schemaNote } : {}),
      ...(cache ? { cache } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  };

  const chain = checkChain(options.dir);
  // Only a journal that cannot be read stops the check; every other chain finding is a warning.
  if (hasErrors(chain)) return report([], chain);

  const open = options.openEngine ?? openEngine;
  const transports = new Map<EngineName, Promise<D1Transport>>();
  const transportOf = (engine: EngineName) => transports.get(engine) ?? transports.set(engine, open(engine)).get(engine)!;
  const used = (provenAt: string) => {
    if (cache && (!cache.since || provenAt < cache.since)) cache.since = provenAt;
  };
  try {
    const folder = readMigrationFolder(options.dir);
    const steps = chainSteps(folder.migrations);
    const last = steps.at(-1);
    const downs = findDowns(options.dir, folder.migrations);
    const keys =
      store && !options.data
        ? checkKeys({
            dir: folder.dir,
            steps,
            entries: new Map(folder.journal.entries.map((e) => [`${e.tag}.sql`, e])),
            downs,
            engines,
            rowsPerTable: options.rowsPerTable ?? DEFAULT_ROWS_PER_TABLE,
            durationLimitMs: options.durationLimitMs ?? D1_BATCH_LIMIT_MS,
          })
        : {};
    const plans = engines.map((engine) => planReplay(steps, downs, keys[engine], options.refreshCache ? undefined : store));
    // Start the engines that have work first: workerd boots in its own process while the rest loads.
    // An engine with nothing to run (every result cached) is never started.
    plans.forEach((plan, i) => {
      if (options.data || plan.from < steps.length || plan.downsNeeded) void transportOf(engines[i]!);
    });
    const run = async (engine: EngineName, plan: ReplayPlan) => {
      if (options.data) {
        const replayed = await replayOnData(options.data, steps, options)(await transportOf(engine));
        if (cache) cache.engines[engine] = { replayed: [...replayed.results.keys()] };
        return {
          ...replayed,
          downs: await proveDowns(await transportOf(engine), steps, downs, { rowsPerTable: options.rowsPerTable }),
          cachedDowns: new Set<string>(),
        };
      }
      const replayed = await replayOnSeeds(steps, options, engine, plan, transports, transportOf, store, keys[engine]);
      if (cache) cache.engines[engine] = replayed.info;
      for (const hit of plan.cached.slice(0, replayed.cachedUpTo)) used(hit!.provenAt);
      const cachedDowns = new Set<string>();
      let proofs: Map<string, DownStepResult>;
      if (!plan.downsNeeded) {
        proofs = new Map();
        for (const [name, hit] of plan.downs) {
          proofs.set(name, hit.result);
          cachedDowns.add(name);
          used(hit.provenAt);
        }
      } else {
        proofs = await proveDowns(await transportOf(engine), steps, downs, { rowsPerTable: options.rowsPerTable });
        const engineKeys = keys[engine];
        if (store && engineKeys) {
          steps.forEach((step, i) => {
            const proof = proofs.get(step.migration.name);
            if (proof) store.putDown(engineKeys.downs[i]!, step.migration.name, proof);
          });
        }
      }
      return { ...replayed, downs: proofs, cachedDowns };
    };
    const [sync, ...replays] = await Promise.all([
      cachedSync(options, store, latestSnapshot(options.dir), (provenAt) => {
        used(provenAt);
        if (cache) cache.schema = true;
      }),
      ...engines.map((engine, i) => run(engine, plans[i]!)),
    ]);
    const downReports = steps.flatMap((step) => {
      const down = downs.get(step.migration.name);
      if (!down) return [];
      const proved = downReport(
        step.migration,
        down,
        engines,
        replays.map((r) => r.downs.get(step.migration.name)!),
      );
      return [replays.every((r) => r.cachedDowns.has(step.migration.name)) ? { ...proved, cached: true } : proved];
    });
    const { applied = [], rows = {} } = replays[0] ?? {};
    const pending = steps.filter((s) => !applied.includes(s.migration.name));
    const migrations = pending.map((step) => {
      const migration = migrationReport(
        step,
        options.lint ?? lintMigration,
        last?.after,
        engines,
        replays.map((r) => r.results.get(step.migration.name)!),
        downReports.find((d) => d.name === step.migration.name),
      );
      return replays.length > 0 && replays.every((r) => r.cached.has(step.migration.name)) ? { ...migration, cached: true } : migration;
    });
    const result = report(migrations, [...chain, ...sync, ...gatherSeedWarnings(migrations)], downReports);
    if (options.proofFile) recordDownProofs(options.proofFile, downReports, engines);
    saveCache(store);
    return options.data ? { ...result, data: { label: options.data.label, rows, applied } } : result;
  } finally {
    await Promise.all([...transports.values()].map(async (t) => (await t).close?.()));
  }
}

/** A cache that cannot be written (a read-only folder, a full disk) costs the next check time, not this one its answer. */
function saveCache(store: CheckCache | undefined): void {
  try {
    store?.save();
  } catch {
    // the next check misses and replays: never wrong, only slower
  }
}

interface EngineReplay {
  /** Results by migration name (the migrations replayed). */
  results: Map<string, StepResult>;
  /** Migrations the data had applied already, which were not replayed. */
  applied: string[];
  /** With data: the rows of each application table as loaded. */
  rows?: Record<string, number>;
  /** Migrations whose result came from the cache. */
  cached: Set<string>;
}

/** What one engine takes from the cache and where its replay starts. */
interface ReplayPlan {
  /** The cached result of each migration, as long as every one before it is cached too. */
  cached: (Cached<StepResult> | undefined)[];
  /** The first migration to replay (the chain's length: none), and the saved database it starts from. */
  from: number;
  saved?: SavedState;
  /** The cached proofs of the downs, by migration name, and whether the down pass must run anyway. */
  downs: Map<string, Cached<DownStepResult>>;
  downsNeeded: boolean;
}

/**
 * The longest run of cached results from the start of the chain, and the latest point in it
 * where a saved database lets the replay go on (none: from the start).
 */
function planReplay(steps: ChainStep[], downs: ReadonlyMap<string, unknown>, keys: EngineKeys | undefined, store: CheckCache | undefined): ReplayPlan {
  const cached: (Cached<StepResult> | undefined)[] = [];
  if (keys && store) {
    for (const key of keys.replay) {
      const hit = store.replay(key);
      if (!hit) break;
      cached.push(hit);
    }
  }
  let from = cached.length;
  let saved: SavedState | undefined;
  for (; from > 0 && from < steps.length; from -= 1) {
    saved = store!.state(keys!.replay[from - 1]!);
    if (saved) break;
  }
  const proofs = new Map<string, Cached<DownStepResult>>();
  let downsNeeded = false;
  steps.forEach((step, i) => {
    if (!downs.has(step.migration.name)) return;
    const hit = keys && store ? store.down(keys.downs[i]!) : undefined;
    if (hit) proofs.set(step.migration.name, hit);
    else downsNeeded = true;
  });
  return { cached, from, ...(saved ? { saved } : {}), downs: proofs, downsNeeded };
}

/**
 * The chain on seeded rows: the results the plan takes from the cache, then the replay of the
 * rest, from the saved database when there is one (restored and read back: if it does not come
 * back exactly, the whole chain is replayed on a fresh database). Each result goes into the
 * cache, with the database after it at checkpoints while no failure came before (replay.ts onStep).
 */
async function replayOnSeeds(
  steps: ChainStep[],
  options: CheckOptions,
  engine: EngineName,
  plan: ReplayPlan,
  transports: Map<EngineName, Promise<D1Transport>>,
  transportOf: (engine: EngineName) => Promise<D1Transport>,
  store: CheckCache | undefined,
  keys: EngineKeys | undefined,
): Promise<EngineReplay & { cachedUpTo: number; info: { replayed: string[]; resumedAfter?: string } }> {
  let from = plan.from;
  const results = plan.cached.slice(0, from).map((hit) => hit!.result);
  if (from < steps.length) {
    let transport = await transportOf(engine);
    if (from > 0 && !(await restoreDatabase(transport, plan.saved!.image).catch(() => false))) {
      await transport.close?.();
      transports.delete(engine);
      transport = await transportOf(engine);
      from = 0;
      results.length = 0;
    }
    const onStep =
      store && keys
        ? async (index: number, result: StepResult, state: ReplayState | undefined) => {
            // Only verdicts another run would repeat: none that rests on a measured time (an
            // engine that gives no answer ends the check instead, see replay.ts).
            if (isRepeatable(result)) store.putReplay(keys.replay[index]!, steps[index]!.migration.name, result);
            if (state && isCheckpoint(steps, index)) {
              // A database that cannot be saved is no checkpoint: the cache never fails a check.
              const image = await captureDatabase(transport).catch(() => undefined);
              if (image) store.putState(keys.replay[index]!, { image, state });
            }
          }
        : undefined;
    const replayed = await replayChain(transport, steps, {
      rowsPerTable: options.rowsPerTable,
      durationLimitMs: options.durationLimitMs,
      ...(from > 0 ? { resume: { from, state: plan.saved!.state } } : {}),
      ...(onStep ? { onStep } : {}),
    });
    results.push(...replayed);
  }
  const names = steps.map((s) => s.migration.name);
  return {
    results: new Map(names.map((name, i) => [name, results[i]!])),
    applied: [],
    cached: new Set(names.slice(0, from)),
    cachedUpTo: from,
    info: { replayed: names.slice(from), ...(from > 0 && from < steps.length ? { resumedAfter: names[from - 1]! } : {}) },
  };
}

/**
 * Where the database is saved for a later check to go on from (each save costs two round
 * trips): after each of the last CHECKPOINT_TAIL migrations (a new one, the newest edited or
 * regenerated, another branch's), after every CHECKPOINT_EVERY-th one (an older one edited),
 * and after the last whose schema is its snapshot's (the replay cannot go on from a later one).
 */
function isCheckpoint(steps: readonly ChainStep[], index: number): boolean {
  return index >= steps.length - CHECKPOINT_TAIL || index % CHECKPOINT_EVERY === CHECKPOINT_EVERY - 1 || !steps[index + 1]?.exact;
}

const CHECKPOINT_TAIL = 4;
const CHECKPOINT_EVERY = 10;

/** The schema comparison, from the cache when the schema's files and the last snapshot are those it was made with. */
async function cachedSync(
  options: CheckOptions,
  store: CheckCache | undefined,
  latest: { snapshot: Snapshot; path: string },
  hit: (provenAt: string) => void,
): Promise<Finding[]> {
  const { schema, schemaFiles } = options;
  if (!schema || !isLoadable(schema) || !store || !schemaFiles) return (await syncFindings(schema, latest)).findings;
  const key = syncKey({ label: schema.label, schemaFiles, snapshotPath: latest.path });
  const cached = options.refreshCache ? undefined : store.sync(key);
  if (cached) {
    hit(cached.provenAt);
    return cached.result;
  }
  const { findings, loaded } = await syncFindings(schema, latest);
  // Only a comparison that loaded the schema: a file that failed to load may not be among those recorded.
  if (loaded) store.putSync(key, schema.label, findings, loadedProjectFiles(schemaFiles));
  return findings;
}

/** The migrations `data` has not applied, on its rows, read schema by schema from the engine. */
function replayOnData(data: CheckData, steps: ChainStep[], options: CheckOptions) {
  return async (transport: D1Transport): Promise<EngineReplay> => {
    await loadDump(transport, data.dump);
    const applied = await appliedMigrations(transport, data.migrationsTable);
    const ignore = [data.migrationsTable, `${data.migrationsTable}_lock`];
    const rows = await countRows(transport, ignore);
    if (applied.length === 0 && Object.keys(rows).length > 0) {
      throw new ToolError(
        `${data.label} has tables (${Object.keys(rows).slice(0, 5).join(', ')}${Object.keys(rows).length > 5 ? ', ...' : ''}) but no ledger ${data.migrationsTable}: ` +
          'it was not built by these migrations, so there is no telling which are pending. Build it with `d1-evolve apply --local` (or adopt it with `d1-evolve baseline`), or give a dump that holds the ledger.',
      );
    }
    const pending = steps.filter((s) => !applied.includes(s.migration.name));
    const results = await replayChain(transport, pending, {
      rowsPerTable: 0,
      followLive: true,
      ignoreTables: ignore,
      durationLimitMs: options.durationLimitMs,
    });
    return { results: new Map(pending.map((s, i) => [s.migration.name, results[i]!])), applied, rows, cached: new Set() };
  };
}

/** The rows of each application table of the database (not the ledger, D1's or SQLite's own). */
async function countRows(transport: D1Transport, ignore: string[]): Promise<Record<string, number>> {
  const tables = Object.keys((await introspect(transport, { ignore })).tables);
  if (tables.length === 0) return {};
  const counts = await transport.batch(tables.map((t) => ({ sql: `SELECT count(*) AS n FROM ${ident(t)}` })));
  return Object.fromEntries(tables.map((t, i) => [t, Number(counts[i]!.rows[0]?.n ?? 0)]));
}

/**
 * A table the seeder cannot fill is one warning for the whole check, naming where it
 * happened, instead of one per table, per migration and per engine.
 */
function gatherSeedWarnings(migrations: MigrationReport[]): CheckFinding[] {
  const byTable = new Map<string, { migrations: string[]; reason: string }>();
  for (const migration of migrations) {
    const kept = migration.findings.filter((f) => f.rule !== 'seed-incomplete');
    for (const finding of migration.findings.filter((f) => f.rule === 'seed-incomplete')) {
      const table = finding.table ?? '?';
      const seen = byTable.get(table) ?? byTable.set(table, { migrations: [], reason: finding.message }).get(table)!;
      if (!seen.migrations.includes(migration.name)) seen.migrations.push(migration.name);
    }
    migration.findings = kept;
  }
  return [...byTable].map(([table, { migrations: where, reason }]) => ({
    rule: 'seed-incomplete',
    severity: 'warning',
    table,
    message:
      `${table} could not be seeded before ${where.length} migration(s) (${where.slice(0, 3).join(', ')}${where.length > 3 ? ', ...' : ''}), so its rows were not checked there. ` +
      `First: ${reason.split('\n')[0]}`,
    hint: 'the seeder reads IN lists, ranges and comparisons in CHECK constraints and asks the engine about the others; give the table a CHECK it can satisfy, or check against real rows with `--data local`.',
  }));
}

/** The snapshot drizzle-kit diffs the next change against: the highest-numbered one in meta/ (EMPTY_SNAPSHOT if none). */
function latestSnapshot(dir: string): { snapshot: Snapshot; path: string } {
  const meta = join(dir, 'meta');
  const names = existsSync(meta) ? readdirSync(meta).filter((f) => /^\d+_snapshot\.json$/.test(f)) : [];
  for (const name of names.sort().reverse()) {
    try {
      return { snapshot: readSnapshot(join(meta, name)), path: join(meta, name) };
    } catch {
      // unreadable: reported by the chain check; drizzle-kit would fail on it too
    }
  }
  return { snapshot: EMPTY_SNAPSHOT, path: meta };
}

/** The schema compared with the last snapshot; `loaded`: the schema was loaded (a module object, or load() succeeded). */
async function syncFindings(
  schema: CheckOptions['schema'],
  { snapshot: last, path: lastPath }: { snapshot: Snapshot; path: string },
): Promise<{ findings: Finding[]; loaded: boolean }> {
  if (!schema) return { findings: [], loaded: false };
  if (!isLoadable(schema)) return { findings: await checkSync(schema, last, lastPath, 'the schema'), loaded: true };
  let module: Record<string, unknown>;
  try {
    module = await schema.load();
  } catch (error) {
    const message = `${schema.label} could not be loaded, so it was not compared with the migrations: ${(error as Error).message}`;
    const finding: Finding = {
      rule: 'schema-not-generated',
      severity: 'error',
      message,
      hint: 'fix the error in the schema (`tsc --noEmit` shows it), then run `d1-evolve check` again.',
    };
    return { findings: [finding], loaded: false };
  }
  return { findings: await checkSync(module, last, lastPath, schema.label), loaded: true };
}

function isLoadable(schema: Record<string, unknown> | LoadableSchema): schema is LoadableSchema {
  return typeof schema.load === 'function' && typeof schema.label === 'string';
}

function migrationReport(
  step: ChainStep,
  lint: CheckOptions['lint'],
  last: Snapshot | undefined,
  engines: EngineName[],
  results: StepResult[],
  down: DownReport | undefined,
): MigrationReport {
  const { migration } = step;
  const lintFindings = lint ? safeLint(lint, step, last) : [];
  const replayFindings = mergeEngines(
    engines,
    results.map((r) => r.findings),
  );
  const findings = [...lintFindings, ...replayFindings].sort((a, b) => severityRank(a) - severityRank(b));
  return {
    name: migration.name,
    path: migration.path,
    statements: migration.statements.length,
    engines: Object.fromEntries(
      engines.map((engine, i) => {
        const { status, seeded, rowsChecked, durationMs } = results[i]!;
        return [engine, { status, seeded, rowsChecked, durationMs }];
      }),
    ),
    findings,
    declared: [...new Set(results.flatMap((r) => r.declared))],
    afterFailure: results.some((r) => r.afterFailure),
    ...(down ? { down } : {}),
  };
}

/** One down's proof over the engines: proven when it held on each. */
function downReport(
  migration: Migration,
  down: { path: string; generated: boolean; checksum: string },
  engines: EngineName[],
  results: DownStepResult[],
): DownReport {
  return {
    name: migration.name,
    path: down.path,
    generated: down.generated,
    proven: results.every((r) => r.status === 'proven'),
    upChecksum: migration.checksum,
    downChecksum: down.checksum,
    engines: Object.fromEntries(
      engines.map((engine, i) => [engine, { status: results[i]!.status, rowsChecked: results[i]!.rowsChecked, durationMs: results[i]!.durationMs }]),
    ),
    findings: mergeEngines(
      engines,
      results.map((r) => r.findings),
    ),
    declared: [...new Set(results.flatMap((r) => r.declared))],
  };
}

/** The lint's findings; a lint that cannot read the file is a warning, and the replay still decides. */
function safeLint(lint: LintFn, { migration, before, after }: ChainStep, last: Snapshot | undefined): Finding[] {
  try {
    return lint(migration, before, after, last);
  } catch (error) {
    const message = `the lint could not read ${migration.name}: ${(error as Error).message}`;
    return [
      {
        rule: 'lint-failed',
        severity: 'warning',
        migration: migration.name,
        path: migration.path,
        message,
        hint: 'report it with the migration file; the replay results above still apply.',
      },
    ];
  }
}

/** One finding per distinct problem, naming the engines that showed it. */
function mergeEngines(engines: EngineName[], perEngine: Finding[][]): CheckFinding[] {
  const merged = new Map<string, CheckFinding>();
  perEngine.forEach((findings, i) => {
    for (const finding of findings) {
      const key = JSON.stringify([finding.rule, finding.table, finding.message]);
      const seen = merged.get(key);
      if (seen) seen.engines!.push(engines[i]!);
      else merged.set(key, { ...finding, engines: [engines[i]!] });
    }
  });
  return [...merged.values()].map((f) => {
    const [first, ...rest] = f.message.split('\n');
    const on = ` (on ${f.engines!.map((e) => ENGINE_LABELS[e]).join(' and ')})`;
    return { ...f, message: [first + on, ...rest].join('\n') };
  });
}

const severityRank = (f: Finding) => (f.severity === 'error' ? 0 : 1);

/** A step result a later check would give again: no finding of it is a measured time. */
function isRepeatable(result: StepResult): boolean {
  return !result.findings.some((f) => f.rule === 'migration-too-slow' || f.rule === 'migration-near-limit');
}
