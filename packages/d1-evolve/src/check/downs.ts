/**
 * The proof of the downs (folder/downs.ts), a pass of its own after the chain replay, on the
 * same engine database wiped: the chain's ups run again, bare, and at each migration that has
 * a down, (1) every table is topped up with seed rows and read, (2) the up runs, (3) the down
 * runs, and the database must have exactly the schema before the up and every row read in
 * (1), except what the up or the down declares, (4) the up runs again and must leave the
 * schema of its first run. The database then stands after the up, and the chain goes on. A
 * down that fails leaves the database in no known state: it is rebuilt by the ups alone.
 * A chain without downs costs nothing: the pass does not start.
 */
import type { DownMigration } from '../folder/downs';
import { readDown } from '../folder/downs';
import type { Migration } from '../folder/migration-folder';
import { diffShapes } from '../schema/compare';
import { introspect } from '../schema/live';
import type { SchemaShape } from '../schema/shape';
import { snapshotFromShape } from '../schema/to-snapshot';
import { statements as toStatements, type D1Transport, type Statement } from '../transports/transport';
import { errorText, recoverAfterFailure, whereItFails } from './after-failure';
import type { Finding } from './finding';
import { checkPreserved } from './preserve';
import { parseReads, readLive, readStatements, type TableShape } from './read';
import type { ChainStep } from './replay';
import { ident, type TableRows } from './rows';
import { Seeder } from './seed';
import { parentsFirst } from './table-facts';

export interface DownStepResult {
  /** `up-failed`: the up itself fails on this engine (the replay reports it), so its down was not tried. */
  status: 'proven' | 'failed' | 'up-failed';
  /** Rows seeded before the up and compared after the down. */
  rowsChecked: number;
  /** How long the down's batch took on the engine. */
  durationMs: number;
  findings: Finding[];
  /** Losses the up or the down declares, for the summary. */
  declared: string[];
}

/** The downs the folder holds, by the up's file name; migrations without one are absent. */
export function findDowns(dir: string, migrations: readonly Migration[]): Map<string, DownMigration> {
  const downs = new Map<string, DownMigration>();
  for (const migration of migrations) {
    const down = readDown(dir, migration.name);
    if (down) downs.set(migration.name, down);
  }
  return downs;
}

/**
 * Proves each down of `downs` on `transport`, whose database it wipes first; results by the
 * up's name. Only the chain up to the last migration with a down is run.
 */
export async function proveDowns(
  transport: D1Transport,
  steps: readonly ChainStep[],
  downs: ReadonlyMap<string, DownMigration>,
  options: { rowsPerTable?: number } = {},
): Promise<Map<string, DownStepResult>> {
  const results = new Map<string, DownStepResult>();
  const last = steps.findLastIndex((s) => downs.has(s.migration.name));
  if (last < 0) return results;
  const seeder = new Seeder(options.rowsPerTable);
  await wipe(transport);
  for (const [index, step] of steps.slice(0, last + 1).entries()) {
    const down = downs.get(step.migration.name);
    if (!down) {
      await advance(transport, step);
      continue;
    }
    const result = await proveOne(transport, step, down, seeder);
    results.set(step.migration.name, result);
    if (result.status === 'failed') await rebuild(transport, steps.slice(0, index + 1));
  }
  return results;
}

/** (1)-(4) of the file comment for one migration and its down. */
async function proveOne(transport: D1Transport, step: ChainStep, down: DownMigration, seeder: Seeder): Promise<DownStepResult> {
  const { migration, before } = step;
  const result: DownStepResult = { status: 'proven', rowsChecked: 0, durationMs: 0, findings: [], declared: [] };
  const fail = (rule: Finding['rule'], message: string, hint: string, table?: string) => {
    result.findings.push({ rule, severity: 'error', migration: migration.name, path: down.path, ...(table ? { table } : {}), message, hint });
  };
  // (1)
  const tables = Object.keys(before.tables);
  const plan = await seeder.plan(before, (await readLive(transport, tables)).rows, transport);
  await seed(transport, plan.statements);
  const rowsBefore = (await readLive(transport, tables)).rows;
  // What the engine holds, not the previous snapshot: a custom migration's index or view is in
  // no snapshot, and the down must give it back all the same.
  const expected = await introspect(transport);
  // (2)
  const up = toStatements(migration.statements);
  if (!(await runs(transport, up))) {
    await recoverAfterFailure(transport, before, up);
    return { ...result, status: 'up-failed' };
  }
  const firstUp = await introspect(transport);
  // (3)
  const downStatements = toStatements(down.statements);
  const started = performance.now();
  try {
    if (downStatements.length > 0) await transport.batch(downStatements);
  } catch (error) {
    fail('down-failed', await failure(transport, migration, downStatements, error), DOWN_FAILED_HINT);
    return { ...result, status: 'failed' };
  }
  result.durationMs = Math.round(performance.now() - started);
  const afterDown = await introspect(transport);
  const differences = diffShapes(afterDown, expected, { actual: 'the database after the down', expected: `the schema before ${migration.name}` });
  if (differences.length > 0) {
    fail(
      'down-schema-mismatch',
      `${migration.name} then its down does not give back the schema before ${migration.name}\n${differences.join('\n')}`,
      SCHEMA_HINT,
    );
  }
  const rowsAfter = await readShape(transport, afterDown, tables);
  const preserved = checkPreserved({ migration: roundTrip(migration, down), before, after: before, rowsBefore, rowsAfter });
  result.rowsChecked = preserved.rowsChecked;
  result.declared.push(...preserved.declared);
  for (const finding of preserved.findings) fail('down-data-loss', finding.message, lossHint(finding.table ?? '?'), finding.table);
  // (4)
  try {
    if (up.length > 0) await transport.batch(up);
    const again = diffShapes(await introspect(transport), firstUp, {
      actual: 'the database after up, down, up',
      expected: `the database after ${migration.name}`,
    });
    if (again.length > 0)
      fail('down-redo-failed', `${migration.name} run again after its down leaves another schema than its first run\n${again.join('\n')}`, REDO_HINT);
  } catch (error) {
    fail('down-redo-failed', `${migration.name} fails when run again after its down: ${errorText(error)}`, REDO_HINT);
  }
  if (result.findings.length > 0) result.status = 'failed';
  return result;
}

/** Whether `statements` ran as one batch (an empty one runs trivially: D1 refuses an empty batch). */
async function runs(transport: D1Transport, statements: Statement[]): Promise<boolean> {
  if (statements.length === 0) return true;
  try {
    await transport.batch(statements);
    return true;
  } catch {
    return false;
  }
}

/**
 * The up and its down as one migration for the preservation check: the statements are the
 * down's (its rebuild's copy and renames are read), the declarations both files' (a loss the
 * up declares cannot be undone by the down, and need not be declared twice).
 */
function roundTrip(up: Migration, down: DownMigration): Pick<Migration, 'name' | 'path' | 'sql' | 'statements'> {
  return { name: `${up.name} then its down`, path: down.path, sql: `${up.sql}\n${down.sql}`, statements: down.statements };
}

/** The message for a down that fails: which statement, and the engine's message. */
async function failure(transport: D1Transport, up: Migration, statements: Statement[], error: unknown): Promise<string> {
  const { text, where } = await whereItFails(transport, statements, error);
  return `the down of ${up.name} fails after ${up.name}: ${text}\n  ${where}`;
}

/** Runs an up that has no down, going on from the schema after it if it fails (the replay reports it). */
async function advance(transport: D1Transport, step: ChainStep): Promise<void> {
  const up = toStatements(step.migration.statements);
  if (!(await runs(transport, up))) await recoverAfterFailure(transport, step.before, up);
}

/** After a failed down: the database again, built by the ups of `steps` alone (its rows are gone). */
async function rebuild(transport: D1Transport, steps: readonly ChainStep[]): Promise<void> {
  await wipe(transport);
  for (const step of steps) await advance(transport, step);
}

/** Seed rows, as one batch; if the engine refuses some (a CHECK the seeder cannot read), one by one (the replay warns about those tables). */
async function seed(transport: D1Transport, statements: Statement[]): Promise<void> {
  if (await runs(transport, statements)) return;
  for (const statement of statements) await runs(transport, [statement]);
}

/**
 * Every table and view of the database dropped, in one batch: views first, then tables children
 * first. A child must go before its parent even with foreign keys deferred: SQLite's implicit
 * DELETE of the child looks its parent up ("no such table: main.<parent>" once it is gone).
 */
export async function wipe(transport: D1Transport): Promise<void> {
  const shape = await introspect(transport);
  const tables = parentsFirst(snapshotFromShape(shape)).reverse();
  const drops = [...Object.keys(shape.views).map((v) => `DROP VIEW ${ident(v)}`), ...tables.map((t) => `DROP TABLE ${ident(t)}`)];
  // The ledger and lock tables of this tooling are not the schema's, but go too.
  const [rest] = await transport.batch([{ sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'd1\\_migrations%' ESCAPE '\\'" }]);
  for (const { name } of rest!.rows as { name: string }[]) drops.push(`DROP TABLE ${ident(name)}`);
  if (drops.length > 0) await transport.batch([{ sql: 'PRAGMA defer_foreign_keys = ON' }, ...drops.map((sql) => ({ sql }))]);
}

/** The rows of those of `tables` that `shape` (just read from the database) has. */
async function readShape(transport: D1Transport, shape: SchemaShape, tables: string[]): Promise<TableRows> {
  return readPresent(
    transport,
    tables.filter((t) => shape.tables[t]).map((t) => ({ name: t, columns: Object.keys(shape.tables[t]!.columns) })),
  );
}

async function readPresent(transport: D1Transport, tables: TableShape[]): Promise<TableRows> {
  if (tables.length === 0) return {};
  return parseReads(tables, await transport.batch(readStatements(tables)));
}

const DOWN_FAILED_HINT =
  'fix the down: D1 runs it as one transaction with foreign keys on, right after the up, so `d1-evolve rollback` would fail the same way and change nothing. ' +
  'Or delete it and write it again with `d1-evolve generate --down-for <name>`.';
const SCHEMA_HINT =
  'the down must undo exactly what the up does: drop what it adds (tables, columns, indexes), and give back what it drops or changes. ' +
  'A generated down does (`d1-evolve generate --down-for <name>` writes one, once the hand-written file is deleted).';
const REDO_HINT =
  'after a rollback the same migration is applied again (wrangler lists it as pending): the down must leave nothing the up trips over, ' +
  'such as a table, index or helper table (`__new_t`, `__keep_t`) it creates.';
const lossHint = (table: string) =>
  "rows that were there before the up must still be there after the down: on D1 a rebuild in the down deletes the rebuilt table's children through ON DELETE CASCADE " +
  'unless it keeps them (copy them aside before the DROP and restore them after the rename, as generated downs do). ' +
  `If the loss is deliberate, declare it in the down with a line \`-- allow-data-loss: ${table}\`.`;
