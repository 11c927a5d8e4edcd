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
import { chainSteps, replayChain, type ChainStep, type StepResult } from './replay';
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
  durationMs: number;
}

/** Runs every check on the migration folder `dir`. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const engines = [...(options.engines ?? ENGINES)];
  const report = (migrations: MigrationReport[], chainFindings: CheckFinding[], downs: DownReport[] = []): CheckReport => {
    const findings = [...chainFindings, ...migrations.flatMap((m) => m.findings), ...downs.flatMap((d) => d.findings)];
    const schemaNote = options.schema ? undefined : options.schemaNote;
    return {
      ok: !hasErrors(findings),
      dir: options.dir,
      engines,
      migrations,
      downs,
      findings,
      ...(schemaNote ? { schemaNote } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  };

  const chain = checkChain(options.dir);
  // Only a journal that cannot be read stops the check; every other chain finding is a warning.
  if (hasErrors(chain)) return report([], chain);

  // Start the engines first: workerd boots in its own process while the rest loads.
  const transports = engines.map((engine) => openEngine(engine));
  try {
    const folder = readMigrationFolder(options.dir);
    const steps = chainSteps(folder.migrations);
    const last = steps.at(-1);
    const replay = options.data ? replayOnData(options.data, steps, options) : replayOnSeeds(steps, options);
    const downs = findDowns(options.dir, folder.migrations);
    // Each engine proves the downs on its own database once its replay is done: a chain without downs costs nothing more.
    const [sync, ...replays] = await Promise.all([
      syncFindings(options.schema, latestSnapshot(options.dir)),
      ...transports.map(async (transport) => {
        const replayed = await replay(await transport);
        return { ...replayed, downs: await proveDowns(await transport, steps, downs, { rowsPerTable: options.rowsPerTable }) };
      }),
    ]);
    const downReports = steps.flatMap((step) => {
      const down = downs.get(step.migration.name);
      return down
        ? [
            downReport(
              step.migration,
              down,
              engines,
              replays.map((r) => r.downs.get(step.migration.name)!),
            ),
          ]
        : [];
    });
    const { applied = [], rows = {} } = replays[0] ?? {};
    const pending = steps.filter((s) => !applied.includes(s.migration.name));
    const migrations = pending.map((step) =>
      migrationReport(
        step,
        options.lint ?? lintMigration,
        last?.after,
        engines,
        replays.map((r) => r.results.get(step.migration.name)!),
        downReports.find((d) => d.name === step.migration.name),
      ),
    );
    const result = report(migrations, [...chain, ...sync, ...gatherSeedWarnings(migrations)], downReports);
    if (options.proofFile) recordDownProofs(options.proofFile, downReports, engines);
    return options.data ? { ...result, data: { label: options.data.label, rows, applied } } : result;
  } finally {
    await Promise.all(transports.map(async (t) => (await t).close?.()));
  }
}

interface EngineReplay {
  /** Results by migration name (the migrations replayed). */
  results: Map<string, StepResult>;
  /** Migrations the data had applied already, which were not replayed. */
  applied: string[];
  /** With data: the rows of each application table as loaded. */
  rows?: Record<string, number>;
}

/** The whole chain on a fresh database, with seeded rows. */
function replayOnSeeds(steps: ChainStep[], options: CheckOptions) {
  return async (transport: D1Transport): Promise<EngineReplay> => {
    const results = await replayChain(transport, steps, { rowsPerTable: options.rowsPerTable, durationLimitMs: options.durationLimitMs });
    return { results: new Map(steps.map((s, i) => [s.migration.name, results[i]!])), applied: [] };
  };
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
    return { results: new Map(pending.map((s, i) => [s.migration.name, results[i]!])), applied, rows };
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

async function syncFindings(schema: CheckOptions['schema'], { snapshot: last, path: lastPath }: { snapshot: Snapshot; path: string }): Promise<Finding[]> {
  if (!schema) return [];
  if (!isLoadable(schema)) return checkSync(schema, last, lastPath, 'the schema');
  let module: Record<string, unknown>;
  try {
    module = await schema.load();
  } catch (error) {
    const message = `${schema.label} could not be loaded, so it was not compared with the migrations: ${(error as Error).message}`;
    return [
      {
        rule: 'schema-not-generated',
        severity: 'error',
        message,
        hint: 'fix the error in the schema (`tsc --noEmit` shows it), then run `d1-evolve check` again.',
      },
    ];
  }
  return checkSync(module, last, lastPath, schema.label);
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
