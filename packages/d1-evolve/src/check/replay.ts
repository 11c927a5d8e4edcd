/**
 * D1-faithful replay of a chain on one engine, with the preservation check around each
 * migration: (1) top every table up with seed rows and read them all back, (2) run the
 * migration's statements as ONE batch (one transaction, foreign keys on, as D1 runs a
 * file), (3) read every table again and compare. One database for the whole chain, three
 * round trips per migration, each table read as one JSON column (read.ts).
 */
import { existsSync } from 'node:fs';
import type { Migration } from '../folder/migration-folder';
import { introspect } from '../schema/live';
import { EMPTY_SNAPSHOT, readSnapshot, type Snapshot } from '../schema/snapshot';
import { snapshotFromShape } from '../schema/to-snapshot';
import { statements as toStatements, type D1Transport, type Statement, type StatementResult, TransportError } from '../transports/transport';
import { errorText, recoverAfterFailure, whereItFails } from './after-failure';
import { applyStatement, cloneSnapshot, unquote } from './ddl';
import type { Finding } from './finding';
import { addedColumns, checkPreserved, defaultsQuery } from './preserve';
import { parseReads, readLive, readStatements, type TableShape } from './read';
import { descendants } from './graph';
import { findRebuilds } from './rebuild';
import { stripComments } from '../sql/split';
import type { Row, TableRows } from './rows';
import { DEFAULT_ROWS_PER_TABLE, Seeder, type SeedPlan } from './seed';
import { checkSchema, SCHEMA_QUERY, type SchemaRow } from './schema-match';

export interface ChainStep {
  migration: Migration;
  /** The schema before the migration (the previous step's `after`, or EMPTY_SNAPSHOT). */
  before: Snapshot;
  /** The schema after it: its own snapshot when `exact`, else the statements followed through the DDL model. */
  after: Snapshot;
  /**
   * Whether `after` is the migration's own snapshot in a chain the snapshots describe. Once a
   * step is not (a file outside the journal, a missing snapshot, a merged branch), no later
   * step is, and the replay reads each schema from the engine instead.
   */
  exact: boolean;
}

export interface StepResult {
  /** `failed`: the migration itself failed (the replay went on from the schema after it). */
  status: 'ran' | 'failed';
  /** An earlier migration failed on this engine: this one ran on the recovered schema and fresh seed rows. */
  afterFailure: boolean;
  /** Seed rows inserted before the migration. */
  seeded: number;
  /** Rows compared before and after. */
  rowsChecked: number;
  /** How long the migration's batch took on the engine. */
  durationMs: number;
  findings: Finding[];
  /** Declared losses, for the summary. */
  declared: string[];
}

export interface ReplayOptions {
  /** Rows each table holds before each migration (default 3); 0 seeds nothing (real data). */
  rowsPerTable?: number;
  /** Read every schema from the engine from the first step on (a database loaded with real data). */
  followLive?: boolean;
  /** Tables beside d1_migrations* that are not the application's (a custom migrations_table). */
  ignoreTables?: readonly string[];
  /** A migration that takes longer than this on the engine is a finding (default D1's 30 s). */
  durationLimitMs?: number;
  /** Go on at step `from`: the database already stands after step `from - 1` (restored by the caller), as `state` says. */
  resume?: { from: number; state: ReplayState };
  /**
   * Called after each step, before the next one touches the database. `state` is given when
   * the step leaves nothing that an image of the database and `state` could not bring back:
   * it ran, no failure came before it, its schema is its snapshot's (not read from the
   * engine) and the seeder seeds as asked.
   */
  onStep?: (index: number, result: StepResult, state: ReplayState | undefined) => void | Promise<void>;
}

/**
 * What the replay carries from one step to the next besides the database itself; with an
 * image of the database (engine-state.ts) a later replay goes on from there (cache.ts).
 */
export interface ReplayState {
  /** The seeder's serial per table (seed.ts): rows added later never repeat earlier values. */
  serials: Record<string, number>;
  /** Every table's rows as read after the step: the next step tops them up. */
  current: TableRows;
}

/** seed.ts keeps a Seeder's serials to itself; the replay state is the one place that reads and sets them. */
const serialsOf = (seeder: Seeder) => (seeder as unknown as { serials: Map<string, number> }).serials;

/** D1 stops a query or batch after 30 s (d1-facts.md, limits). */
export const D1_BATCH_LIMIT_MS = 30_000;
const FAILED_HINT = 'fix this statement: D1 runs the file as one transaction with foreign keys on, so it would fail there the same way and apply nothing.';
const QUOTED_HINT =
  'better-sqlite3 refuses a double-quoted name that is no column; D1 instead stores the name itself as text in every row (see the workerd D1 result). ' +
  "Select an existing column, or leave the new column out of the copy so it takes its default (`d1-evolve generate` repairs drizzle-kit's rebuilds).";
const SLOW_HINT =
  'D1 stops a batch after 30 s and rolls the whole migration back. Make the change without a rebuild where SQLite allows it (ADD COLUMN, RENAME COLUMN, DROP COLUMN), ' +
  'one rebuild per migration, or expand and contract: add the new column beside the old one, backfill it in rowid ranges (UPDATE ... WHERE rowid BETWEEN ...) over several migrations or from the Worker, switch reads, then drop the old column (README: "A rebuild at scale, and D1\'s 30 s").';

/**
 * Each migration (in the order wrangler applies them) with the schemas before and after it.
 * A step is exact while its snapshot exists and links to the previous step's snapshot; from
 * the first step that is not, each schema is the previous one with the statements applied.
 */
export function chainSteps(migrations: readonly Migration[]): ChainStep[] {
  let before = EMPTY_SNAPSHOT;
  let exact = true;
  return migrations.map((migration) => {
    const snapshot = exact ? ownSnapshot(migration) : undefined;
    exact = snapshot !== undefined && snapshot.prevId === before.id;
    const after = exact ? snapshot! : followStatements(before, migration.statements);
    const step = { migration, before, after, exact };
    before = after;
    return step;
  });
}

function ownSnapshot(migration: Migration): Snapshot | undefined {
  if (!migration.snapshotPath || !existsSync(migration.snapshotPath)) return undefined;
  try {
    return readSnapshot(migration.snapshotPath);
  } catch {
    return undefined; // reported by the chain check
  }
}

function followStatements(before: Snapshot, statements: readonly string[]): Snapshot {
  const model = cloneSnapshot(before);
  for (const statement of statements) applyStatement(model, statement);
  return { ...model, id: '', prevId: before.id };
}

/**
 * Replays `steps` in order on `transport` and checks each migration. A migration that fails
 * is reported, and the replay goes on from the schema after it (after-failure.ts), so every
 * later migration is still checked; its result says it came after a failure.
 */
export async function replayChain(transport: D1Transport, steps: readonly ChainStep[], options: ReplayOptions = {}): Promise<StepResult[]> {
  let seeder = new Seeder(options.rowsPerTable);
  const limit = options.durationLimitMs ?? D1_BATCH_LIMIT_MS;
  const readSchema = async () => sortedTables(snapshotFromShape(await introspect(transport, { ignore: options.ignoreTables })));
  const results: StepResult[] = [];
  let current: TableRows = {};
  const from = options.resume?.from ?? 0;
  if (options.resume) {
    for (const [table, serial] of Object.entries(options.resume.state.serials)) serialsOf(seeder).set(table, serial);
    current = options.resume.state.current;
  }
  let live = options.followLive ? await readSchema() : undefined;
  let afterFailure = false;
  for (const [index, step] of steps.entries()) {
    if (index < from) continue;
    const following = live !== undefined || !step.exact;
    const before = live ?? step.before;
    const findings: Finding[] = [];
    const plan = await seeder.plan(before, current, transport);
    const rowsBefore = await seedAndRead(transport, step.migration, before, plan, findings);
    const seeded = seededRows(plan, current, rowsBefore);

    const triggersBefore = await readTriggers(transport);
    const migrationStatements = toStatements(step.migration.statements);
    const started = performance.now();
    let answers: StatementResult[] = [];
    try {
      if (migrationStatements.length > 0) answers = await transport.batch(migrationStatements);
    } catch (error) {
      // The engine itself gave no answer (workerd crashed): no verdict on the migration, so none is reported or kept.
      if (error instanceof TransportError && error.mayHaveCommitted) throw error;
      findings.push(await replayFailure(transport, step.migration, migrationStatements, error));
      const recovery = await recoverAfterFailure(transport, before, migrationStatements);
      live = following || recovery.skipped.length > 0 ? await readSchema() : undefined;
      current = {};
      // The recovery emptied the tables: real rows (rowsPerTable 0) are gone, so seed from here on.
      if (seeder.rowsPerTable === 0) seeder = new Seeder();
      results.push({ status: 'failed', afterFailure, seeded, rowsChecked: 0, durationMs: 0, findings, declared: [] });
      afterFailure = true;
      await options.onStep?.(index, results.at(-1)!, undefined);
      continue;
    }
    const durationMs = Math.round(performance.now() - started);
    // The engine's own time where it says (workerd's D1 does): the other engine's replay runs in
    // the same process meanwhile, and would make the wall time of this batch longer than D1's.
    const engineMs =
      answers.every((a) => a.meta.durationMs !== undefined) && answers.length > 0 ? answers.reduce((sum, a) => sum + a.meta.durationMs!, 0) : durationMs;

    const after = following ? await readSchema() : step.after;
    const around = { migration: step.migration, before, after };
    const added = addedColumns(step.migration, before, after);
    // Every table, the last migration's too: a step's result and state must not depend on whether a migration follows (cache.ts).
    const { rows: rowsAfter, defaults } = await readAfter(transport, around, Object.keys(after.tables), defaultsQuery(added), findings, !following);
    const preserved = checkPreserved({ ...around, rowsBefore, rowsAfter, defaults });
    findings.push(...preserved.findings);
    const slow = slowMigration(step.migration, before, rowsBefore, engineMs, limit);
    if (slow) findings.push(slow);
    findings.push(...lostTriggers(step.migration, triggersBefore, await readTriggers(transport), after));
    results.push({ status: 'ran', afterFailure, seeded, rowsChecked: preserved.rowsChecked, durationMs, findings, declared: preserved.declared });
    current = rowsAfter;
    live = following ? after : undefined;
    const clean = !afterFailure && !following && seeder.rowsPerTable === (options.rowsPerTable ?? DEFAULT_ROWS_PER_TABLE);
    await options.onStep?.(index, results.at(-1)!, clean ? { serials: Object.fromEntries(serialsOf(seeder)), current } : undefined);
  }
  return results;
}

/**
 * A schema read from the engine with its tables in name order: the order the engine lists
 * them in follows its own history (a restored database's differs), and no result may.
 */
function sortedTables(snapshot: Snapshot): Snapshot {
  return { ...snapshot, tables: byName(snapshot.tables), views: byName(snapshot.views) };
}

function byName<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Around {
  migration: Migration;
  before: Snapshot;
  after: Snapshot;
}

/** (1) Seeds and reads back every table of the schema before the migration, in one batch. */
async function seedAndRead(transport: D1Transport, migration: Migration, before: Snapshot, plan: SeedPlan, findings: Finding[]): Promise<TableRows> {
  const tables = shapes(before, Object.keys(before.tables));
  for (const { table, reason } of plan.skipped) findings.push(seedWarning(migration, table, `could not seed ${table}: ${reason}`));
  if (tables.length === 0) return {}; // D1 refuses an empty batch
  try {
    const results = await transport.batch([...plan.statements, ...readStatements(tables)]);
    return parseReads(tables, results.slice(plan.statements.length));
  } catch {
    // Some insert was refused (a CHECK the seeder cannot read): seed table by table and say which.
    for (const statement of plan.statements) {
      try {
        await transport.batch([statement]);
      } catch (error) {
        findings.push(seedWarning(migration, statement.table, `the engine refused seed rows for ${statement.table}: ${errorText(error)}`));
      }
    }
    return (
      await readLive(
        transport,
        tables.map((t) => t.name),
      )
    ).rows;
  }
}

/**
 * (3) Reads the tables `expected` after the migration, the engine's value of added defaults,
 * and the schema, which must be the snapshot's when `matchSnapshot`.
 */
async function readAfter(
  transport: D1Transport,
  { migration, after }: Around,
  expected: string[],
  defaults: Statement | undefined,
  findings: Finding[],
  matchSnapshot: boolean,
): Promise<{ rows: TableRows; defaults: Row }> {
  const extra = [{ sql: SCHEMA_QUERY }, ...(defaults ? [defaults] : [])];
  const tables = shapes(after, expected);
  let read: { rows: TableRows; results: StatementResult[] };
  try {
    const results = await transport.batch([...extra, ...readStatements(tables)]);
    read = { rows: parseReads(tables, results.slice(extra.length)), results };
  } catch {
    // The database lacks a table or column of the snapshot (checkSchema reports it): read what is there.
    read = await readLive(transport, expected, extra);
  }
  if (matchSnapshot) findings.push(...checkSchema(migration, after, read.results[0]!.rows as unknown as SchemaRow[]));
  return { rows: read.rows, defaults: defaults ? (read.results[1]!.rows[0] ?? {}) : {} };
}

function shapes(snapshot: Snapshot, tables: string[]): TableShape[] {
  return tables.map((name) => ({ name, columns: Object.keys(snapshot.tables[name]!.columns) }));
}

// By name: a restored database (cache.ts) lists its objects in another order than the one it was saved from.
const TRIGGERS_QUERY = 'SELECT name, tbl_name AS "table" FROM sqlite_master WHERE type = \'trigger\' ORDER BY name';

async function readTriggers(transport: D1Transport): Promise<{ name: string; table: string }[]> {
  return (await transport.batch([{ sql: TRIGGERS_QUERY }]))[0]!.rows as { name: string; table: string }[];
}

/**
 * Triggers gone after the migration although their table is still there and no statement
 * dropped them: a rebuild's DROP TABLE takes the old table's triggers with it, silently.
 */
function lostTriggers(migration: Migration, before: { name: string; table: string }[], now: { name: string; table: string }[], after: Snapshot): Finding[] {
  const standing = new Set(now.map((t) => t.name));
  const dropped = new Set(
    migration.statements.flatMap((sql) => {
      const m = /^\s*DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(\S+)/i.exec(stripComments(sql));
      return m ? [unquote(m[1]!)] : [];
    }),
  );
  return before
    .filter((t) => !standing.has(t.name) && !dropped.has(t.name) && after.tables[t.table])
    .map((t) => ({
      rule: 'trigger-lost',
      severity: 'error',
      migration: migration.name,
      path: migration.path,
      table: t.table,
      message: `${migration.name} removes trigger ${t.name} of ${t.table}, which is still there: no statement drops the trigger (a rebuild's DROP TABLE takes the old table's triggers with it)`,
      hint: 'create the trigger again after the rebuild (`d1-evolve rewrite` does), or drop it on purpose with DROP TRIGGER.',
    }));
}

/** Rows the seed statements really added (some may have been refused): what each table holds now beyond what it held. */
function seededRows(plan: SeedPlan, current: TableRows, rowsBefore: TableRows): number {
  return Object.entries(plan.inserted).reduce(
    (sum, [table, planned]) => sum + Math.min(planned, Math.max(0, (rowsBefore[table]?.length ?? 0) - (current[table]?.length ?? 0))),
    0,
  );
}

/**
 * A migration whose batch takes longer than `limitMs` on the engine (D1 would roll it back):
 * for a rebuild, also the rows it moves and the rate measured.
 */
/**
 * A migration too slow for one D1 batch (an error), or slow enough here that D1, rarely faster
 * than a local engine, may not finish it (a warning from a third of the limit). For a rebuild,
 * the work is the rows it moves: the rebuilt table's, those of the tables it keeps aside, and
 * those its DROP deletes or changes through the foreign keys below it.
 */
export function slowMigration(migration: Migration, before: Snapshot, rowsBefore: TableRows, durationMs: number, limitMs: number): Finding | undefined {
  const near = limitMs / 3;
  if (durationMs <= near) return undefined;
  const over = durationMs > limitMs;
  const rebuilds = findRebuilds(migration.statements);
  const tables = [...new Set(rebuilds.flatMap((r) => [r.table, ...r.keeps.keys(), ...descendants(before, r.table).map((d) => d.table)]))].filter(
    (t) => (rowsBefore[t]?.length ?? 0) > 0,
  );
  const moved = tables.reduce((sum, t) => sum + (rowsBefore[t]?.length ?? 0), 0);
  const seconds = (durationMs / 1000).toFixed(1);
  const rate = moved / (durationMs / 1000);
  const work =
    moved > 0
      ? `moves ${moved.toLocaleString('en')} rows (${tables.join(', ')}); at the rate measured here, ${Math.round(rate).toLocaleString('en')} rows/s, that takes about ${seconds} s`
      : `takes ${seconds} s here`;
  const fits =
    moved > 0 ? ` (at that rate, ${Math.round((rate * limitMs) / 1000).toLocaleString('en')} rows fill the ${limitMs / 1000} s; a straight-line estimate)` : '';
  return {
    rule: over ? 'migration-too-slow' : 'migration-near-limit',
    severity: over ? 'error' : 'warning',
    migration: migration.name,
    path: migration.path,
    ...(rebuilds[0] ? { table: rebuilds[0].table } : {}),
    message: over
      ? `${migration.name} ${work}, past D1's limit of ${limitMs / 1000} s for one batch (measured on a local engine; D1 itself is rarely faster)`
      : `${migration.name} ${work}: over a third of D1's limit of ${limitMs / 1000} s for one batch${fits}, and D1 itself is rarely faster than a local engine`,
    hint: SLOW_HINT,
  };
}

/** The finding for a migration that fails: which statement, and the engine's message. */
async function replayFailure(transport: D1Transport, migration: Migration, statements: Statement[], error: unknown): Promise<Finding> {
  const { text, where } = await whereItFails(transport, statements, error);
  return {
    rule: 'replay-failed',
    severity: 'error',
    migration: migration.name,
    path: migration.path,
    message: `${migration.name} fails: ${text}\n  ${where}`,
    hint: /no such column: "/.test(text) ? QUOTED_HINT : FAILED_HINT,
  };
}

function seedWarning(migration: Migration, table: string, text: string): Finding {
  return {
    rule: 'seed-incomplete',
    severity: 'warning',
    migration: migration.name,
    path: migration.path,
    table,
    message: `before ${migration.name}, ${text}; rows of ${table} are not checked there.`,
    hint: 'the seeder reads IN lists and ranges in CHECK constraints and asks the engine about the others.',
  };
}
