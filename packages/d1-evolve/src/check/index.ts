/**
 * `d1-evolve check` as a function: chain integrity, schema in sync, lint, and the replay with
 * the preservation check on each engine. `d1-evolve check`, `d1-evolve generate` and `d1-evolve apply` call it;
 * the result is data (per migration: what ran, how many rows were checked, what was found).
 */
import { join } from 'node:path';
import { readMigrationFolder, type Migration } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, type Snapshot } from '../schema/snapshot';
import { checkChain } from './chain';
import { ENGINES, ENGINE_LABELS, openEngine, type EngineName } from './engines';
import { hasErrors, type Finding } from './finding';
import { lintMigration } from './lint';
import { chainSteps, replayChain, type ChainStep, type StepResult } from './replay';
import { checkSync } from './sync';

/** The lint's contract (lint.ts): static findings for one migration. */
export type LintFn = (migration: Migration, before: Snapshot, after: Snapshot) => Finding[];

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
}

export interface MigrationReport {
  name: string;
  path: string;
  statements: number;
  engines: Partial<Record<EngineName, EngineRun>>;
  findings: CheckFinding[];
  /** Losses the migration declares with `-- allow-data-loss`. */
  declared: string[];
}

export interface CheckReport {
  /** No finding is an error. */
  ok: boolean;
  dir: string;
  engines: EngineName[];
  migrations: MigrationReport[];
  /** Every finding: the chain's, the schema's and each migration's. */
  findings: CheckFinding[];
  /** Why the schema was not compared with the migrations (step 2 skipped), if it was not. */
  schemaNote?: string;
  durationMs: number;
}

/** Runs every check on the migration folder `dir`. */
export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const engines = [...(options.engines ?? ENGINES)];
  const report = (migrations: MigrationReport[], chainFindings: CheckFinding[]): CheckReport => {
    const findings = [...chainFindings, ...migrations.flatMap((m) => m.findings)];
    const schemaNote = options.schema ? undefined : options.schemaNote;
    return {
      ok: !hasErrors(findings),
      dir: options.dir,
      engines,
      migrations,
      findings,
      ...(schemaNote ? { schemaNote } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  };

  const chain = checkChain(options.dir);
  if (hasErrors(chain)) return report([], chain);

  // Start the engines first: workerd boots in its own process while the rest loads.
  const transports = engines.map((engine) => openEngine(engine));
  try {
    const folder = readMigrationFolder(options.dir);
    const steps = chainSteps(folder.migrations);
    const last = steps.at(-1);
    const [sync, ...replays] = await Promise.all([
      syncFindings(options.schema, last?.after ?? EMPTY_SNAPSHOT, last ? last.migration.snapshotPath : join(options.dir, 'meta')),
      ...transports.map(async (transport) => replayChain(await transport, steps, { rowsPerTable: options.rowsPerTable })),
    ]);
    const migrations = steps.map((step, i) =>
      migrationReport(
        step,
        options.lint ?? lintMigration,
        engines,
        replays.map((r) => r[i]!),
      ),
    );
    return report(migrations, [...chain, ...sync]);
  } finally {
    await Promise.all(transports.map(async (t) => (await t).close?.()));
  }
}

async function syncFindings(schema: CheckOptions['schema'], last: Snapshot, lastPath: string): Promise<Finding[]> {
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

function migrationReport(step: ChainStep, lint: CheckOptions['lint'], engines: EngineName[], results: StepResult[]): MigrationReport {
  const { migration } = step;
  const lintFindings = lint ? safeLint(lint, step) : [];
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
      engines.map((engine, i) => [engine, { status: results[i]!.status, seeded: results[i]!.seeded, rowsChecked: results[i]!.rowsChecked }]),
    ),
    findings,
    declared: [...new Set(results.flatMap((r) => r.declared))],
  };
}

/** The lint's findings; a lint that cannot read the file is a warning, and the replay still decides. */
function safeLint(lint: LintFn, { migration, before, after }: ChainStep): Finding[] {
  try {
    return lint(migration, before, after);
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
