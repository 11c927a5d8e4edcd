/**
 * D1-faithful replay of a chain on one engine, with the preservation check around each
 * migration: (1) top every table up with seed rows and read them all back, (2) run the
 * migration's statements as ONE batch (one transaction, foreign keys on, as D1 runs a
 * file), (3) read every table again and compare. One database for the whole chain, three
 * round trips per migration, each table read as one JSON column (read.ts).
 */
import type { Migration } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, readSnapshot, type Snapshot } from '../schema/snapshot';
import { statements as toStatements, type D1Transport, type Statement, type StatementResult } from '../transports/transport';
import type { Finding } from './finding';
import { addedColumns, checkPreserved, defaultsQuery } from './preserve';
import { findRenames } from './renames';
import { parseReads, readStatements, type TableShape } from './read';
import { ident, type Row, type TableRows } from './rows';
import { Seeder, type SeedPlan } from './seed';
import { checkSchema, SCHEMA_QUERY, type SchemaRow } from './schema-match';

export interface ChainStep {
  migration: Migration;
  /** The schema before the migration (the previous snapshot, or EMPTY_SNAPSHOT). */
  before: Snapshot;
  /** The schema after it (its own snapshot). */
  after: Snapshot;
}

export interface StepResult {
  /** `failed`: the migration itself failed; `not-run`: an earlier one failed. */
  status: 'ran' | 'failed' | 'not-run';
  /** Seed rows inserted before the migration. */
  seeded: number;
  /** Rows compared before and after. */
  rowsChecked: number;
  findings: Finding[];
  /** Declared losses, for the summary. */
  declared: string[];
}

export interface ReplayOptions {
  /** Rows each table holds before each migration (default 3). */
  rowsPerTable?: number;
}

const STATEMENT_EXCERPT = 200;
const FAILED_HINT = 'fix this statement: D1 runs the file as one transaction with foreign keys on, so it would fail there the same way and apply nothing.';
const QUOTED_HINT =
  'better-sqlite3 refuses a double-quoted name that is no column; D1 instead stores the name itself as text in every row (see the workerd D1 result). ' +
  "Select an existing column, or leave the new column out of the copy so it takes its default (`d1-evolve generate` repairs drizzle-kit's rebuilds).";

/** Each migration with the snapshots before and after it. */
export function chainSteps(migrations: readonly Migration[]): ChainStep[] {
  let before = EMPTY_SNAPSHOT;
  return migrations.map((migration) => {
    const after = readSnapshot(migration.snapshotPath);
    const step = { migration, before, after };
    before = after;
    return step;
  });
}

/** Replays `steps` in order on `transport` (a fresh database) and checks each migration. */
export async function replayChain(transport: D1Transport, steps: readonly ChainStep[], options: ReplayOptions = {}): Promise<StepResult[]> {
  const seeder = new Seeder(options.rowsPerTable);
  const results: StepResult[] = [];
  let current: TableRows = {};
  let failed = false;
  for (const [index, step] of steps.entries()) {
    if (failed) {
      results.push({ status: 'not-run', seeded: 0, rowsChecked: 0, findings: [], declared: [] });
      continue;
    }
    const findings: Finding[] = [];
    const plan = await seeder.plan(step.before, current, transport);
    const rowsBefore = await seedAndRead(transport, step, plan, findings);

    const migrationStatements = toStatements(step.migration.statements);
    try {
      if (migrationStatements.length > 0) await transport.batch(migrationStatements);
    } catch (error) {
      findings.push(await replayFailure(transport, step.migration, migrationStatements, error));
      results.push({ status: 'failed', seeded: 0, rowsChecked: 0, findings, declared: [] });
      failed = true;
      continue;
    }

    const added = addedColumns(step.migration, step.before, step.after);
    // After the last migration only the tables that existed before it have rows to compare.
    const wanted = index === steps.length - 1 ? survivingTables(step) : Object.keys(step.after.tables);
    const { rows: rowsAfter, defaults } = await readAfter(transport, step, wanted, defaultsQuery(added), findings);
    const preserved = checkPreserved({ migration: step.migration, before: step.before, after: step.after, rowsBefore, rowsAfter, defaults });
    findings.push(...preserved.findings);
    results.push({
      status: 'ran',
      seeded: Object.values(plan.inserted).reduce((a, b) => a + b, 0),
      rowsChecked: preserved.rowsChecked,
      findings,
      declared: preserved.declared,
    });
    current = rowsAfter;
  }
  return results;
}

/** (1) Seeds and reads back every table of the schema before the migration, in one batch. */
async function seedAndRead(transport: D1Transport, step: ChainStep, plan: SeedPlan, findings: Finding[]): Promise<TableRows> {
  const tables = shapes(step.before, Object.keys(step.before.tables));
  for (const { table, reason } of plan.skipped) findings.push(seedWarning(step.migration, table, `could not seed ${table}: ${reason}`));
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
        findings.push(seedWarning(step.migration, statement.table, `the engine refused seed rows for ${statement.table}: ${message(error)}`));
      }
    }
    return (
      await readLive(
        transport,
        [],
        tables.map((t) => t.name),
      )
    ).rows;
  }
}

/** (3) Reads the tables `expected` after the migration, the engine's value of added defaults, and the schema. */
async function readAfter(
  transport: D1Transport,
  step: ChainStep,
  expected: string[],
  defaults: Statement | undefined,
  findings: Finding[],
): Promise<{ rows: TableRows; defaults: Row }> {
  const extra = [{ sql: SCHEMA_QUERY }, ...(defaults ? [defaults] : [])];
  const tables = shapes(step.after, expected);
  let read: { rows: TableRows; results: StatementResult[] };
  try {
    const results = await transport.batch([...extra, ...readStatements(tables)]);
    read = { rows: parseReads(tables, results.slice(extra.length)), results };
  } catch {
    // The database lacks a table or column of the snapshot (checkSchema reports it): read what is there.
    read = await readLive(transport, extra, expected);
  }
  findings.push(...checkSchema(step.migration, step.after, read.results[0]!.rows as unknown as SchemaRow[]));
  return { rows: read.rows, defaults: defaults ? (read.results[1]!.rows[0] ?? {}) : {} };
}

/**
 * The slow, sure way: `SELECT *` from those of `tables` the database has, after `extra`
 * (starting with SCHEMA_QUERY). For a database that disagrees with its snapshot, or rows
 * too large for one JSON value (D1 caps a value at 2 MB).
 */
async function readLive(transport: D1Transport, extra: Statement[], tables: string[]): Promise<{ rows: TableRows; results: StatementResult[] }> {
  const results = await transport.batch(extra.length > 0 ? extra : [{ sql: SCHEMA_QUERY }]);
  const live = new Set((results[0]!.rows as unknown as SchemaRow[]).map((r) => r.t));
  const present = tables.filter((t) => live.has(t));
  const reads = present.length > 0 ? await transport.batch(present.map((t) => ({ sql: `SELECT * FROM ${ident(t)}` }))) : [];
  return { rows: Object.fromEntries(present.map((t, i) => [t, reads[i]!.rows])), results };
}

function shapes(snapshot: Snapshot, tables: string[]): TableShape[] {
  return tables.map((name) => ({ name, columns: Object.keys(snapshot.tables[name]!.columns) }));
}

/** The tables of the new schema that held rows before the migration (under their new name if renamed). */
function survivingTables(step: ChainStep): string[] {
  const renamed = findRenames(step.migration.statements, step.before, step.after).tables;
  return Object.keys(step.before.tables)
    .map((t) => renamed.get(t) ?? t)
    .filter((t) => step.after.tables[t]);
}

/** The finding for a migration that fails: which statement, and the engine's message. */
async function replayFailure(transport: D1Transport, migration: Migration, statements: Statement[], error: unknown): Promise<Finding> {
  const failing = await findFailingStatement(transport, statements);
  const where = failing
    ? `statement ${failing.index + 1} of ${statements.length}: ${excerpt(statements[failing.index]!.sql)}`
    : 'at commit (every statement runs alone; a deferred foreign-key check fails at the end)';
  const text = message(failing?.error ?? error);
  return {
    rule: 'replay-failed',
    severity: 'error',
    migration: migration.name,
    path: migration.path,
    message: `${migration.name} fails: ${text}\n  ${where}`,
    hint: /no such column: "/.test(text) ? QUOTED_HINT : FAILED_HINT,
  };
}

/**
 * Which statement makes the batch fail: each one again in its own batch, in order. The
 * failed batch left nothing behind, and the chain stops here, so this may change the database.
 */
async function findFailingStatement(transport: D1Transport, statements: Statement[]): Promise<{ index: number; error: unknown } | undefined> {
  for (const [index, statement] of statements.entries()) {
    try {
      await transport.batch([statement]);
    } catch (error) {
      return { index, error };
    }
  }
  return undefined;
}

function seedWarning(migration: Migration, table: string, text: string): Finding {
  return {
    rule: 'seed-incomplete',
    severity: 'warning',
    migration: migration.name,
    path: migration.path,
    table,
    message: `before ${migration.name}, ${text}; rows of ${table} are not checked for this migration.`,
    hint: 'the seeder reads IN lists, BETWEEN ranges and comparisons with numbers from CHECK constraints; other CHECKs need values it can guess.',
  };
}

function excerpt(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > STATEMENT_EXCERPT ? `${flat.slice(0, STATEMENT_EXCERPT)}...` : flat;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
