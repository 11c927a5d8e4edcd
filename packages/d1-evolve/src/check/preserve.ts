/**
 * Data preservation: after a migration every row that was there before is still there,
 * its surviving columns unchanged, and each added column holds its declared default.
 * Rows are matched by primary key, or by the whole old row in a table without one.
 * What a migration declares is reported, not refused: `-- allow-data-loss: <table>` for any
 * loss or change in that table; `-- allow-data-change: <table>.<column>` for new values in
 * that column only (every other column and every row count is still proven); and a rebuild's
 * copy expression other than the bare column (intent-copy.ts) for the column it computes.
 */
import type { Migration } from '../folder/migration-folder';
import type { Snapshot, SnapshotTable } from '../schema/snapshot';
import type { Statement } from '../transports/transport';
import type { Finding } from './finding';
import { type CopyIntent, copyIntent } from './intent-copy';
import { dataChangeMarkers, dataLossMarkers } from './lint';
import { findRenames, type Renames } from './renames';
import { ident, sameValue, show, tupleKey, type Row, type TableRows } from './rows';
import { defaultSql, isVolatileDefault, primaryKey } from './table-facts';

export interface AddedColumn {
  table: string;
  column: string;
  /** The default's SQL, if the column has one. */
  sql?: string;
}

export interface PreserveInput {
  migration: Pick<Migration, 'name' | 'path' | 'sql' | 'statements'>;
  before: Snapshot;
  after: Snapshot;
  rowsBefore: TableRows;
  rowsAfter: TableRows;
  /** The engine's value of each added column's default (see defaultsQuery), by `table.column`. */
  defaults?: Row;
}

export interface PreserveResult {
  findings: Finding[];
  /** For the summary: losses and changes the migration declares, and renames the check inferred. */
  declared: string[];
  /** Rows that were compared. */
  rowsChecked: number;
}

const lossHint = (table: string) =>
  'on D1, DROP TABLE of a parent (as in a table rebuild) deletes its children through ON DELETE CASCADE and nulls SET NULL references, even with foreign keys deferred. ' +
  'Keep the descendant rows (copy them aside before the DROP and restore them after the rename; `d1-evolve generate` rewrites rebuilds that way), ' +
  `or, if the loss is deliberate, declare it with a line \`-- allow-data-loss: ${table}\` in the migration.`;
const droppedColumnHint = (table: string, column: string) =>
  `a column's values are gone. If they moved to another column (a rename), copy ${column} under its new name in the rebuild's INSERT ... SELECT ` +
  'or use `ALTER TABLE ... RENAME COLUMN`, and the check follows it; ' +
  `if the loss is deliberate, declare it with a line \`-- allow-data-loss: ${table}\` in the migration.`;
const changeHint = (table: string, column: string) =>
  'values changed that the migration does not set on purpose: a SET NULL fired by a rebuild of the parent, or a copy that selects the wrong column. ' +
  `Fix the migration; if the change is meant (a backfill, a transform), declare that column with a line \`-- allow-data-change: ${table}.${column}\` ` +
  '(every other column and every row count is still checked).';
const QUOTED_NAME_HINT =
  "D1 read a double-quoted column name as a string literal: the rebuild's INSERT ... SELECT copies a column the old table does not have. " +
  'Select the default (or NULL) for the new column instead; `d1-evolve generate` repairs this.';

/** Columns the migration adds to tables that existed before it (they must hold their default). */
export function addedColumns(migration: Pick<Migration, 'statements'>, before: Snapshot, after: Snapshot): AddedColumn[] {
  const renames = findRenames(migration.statements, before, after);
  return Object.values(before.tables).flatMap((old) => {
    const table = after.tables[renames.tables.get(old.name) ?? old.name];
    if (!table) return [];
    const kept = new Set(Object.keys(old.columns).map((c) => renamedColumn(renames, table.name, c)));
    return Object.values(table.columns)
      .filter((c) => !kept.has(c.name) && !c.generated)
      .map((c) => ({ table: table.name, column: c.name, sql: defaultSql(c) }));
  });
}

/** One SELECT that evaluates every non-volatile default of `added` on the engine, or none. */
export function defaultsQuery(added: AddedColumn[]): Statement | undefined {
  const fixed = added.filter((a) => a.sql !== undefined && !isVolatileDefault(a.sql));
  if (fixed.length === 0) return undefined;
  return { sql: `SELECT ${fixed.map((a) => `(${a.sql}) AS ${ident(`${a.table}.${a.column}`)}`).join(', ')}` };
}

/** Compares the rows before and after one migration. */
export function checkPreserved({ migration, before, after, rowsBefore, rowsAfter, defaults = {} }: PreserveInput): PreserveResult {
  const result: PreserveResult = { findings: [], declared: [], rowsChecked: 0 };
  const intent = copyIntent(migration.statements, before, after);
  const declaredBy = intentOf(migration.sql, intent.transforms);
  const renames = findRenames(migration.statements, before, after);
  const added = addedColumns(migration, before, after);
  /** `column`: the column whose values changed, by its old and its new name (absent for a loss). */
  const report = (rule: 'data-loss' | 'data-changed', table: string, message: string, hint: string, column?: ChangedColumn) => {
    const declared = declaredBy(table, column);
    if (declared) result.declared.push(`${message} (${declared})`);
    else result.findings.push({ rule, severity: 'error', migration: migration.name, path: migration.path, table, message, hint });
  };

  for (const old of Object.values(before.tables)) {
    const oldRows = rowsBefore[old.name] ?? [];
    if (oldRows.length === 0) continue;
    result.rowsChecked += oldRows.length;
    const table = after.tables[renames.tables.get(old.name) ?? old.name];
    if (!table) {
      report('data-loss', old.name, `${migration.name} dropped table ${old.name}, which held ${oldRows.length} rows`, lossHint(old.name));
      continue;
    }
    // A rename the check inferred from a rebuild's copy is said, so that a wrong guess is seen.
    for (const [from, to] of intent.renames.get(old.name) ?? []) {
      result.declared.push(`${migration.name} renames ${old.name}.${from} to ${to} in its rebuild's copy; ${oldRows.length} rows compared under the new name`);
    }
    const columns = Object.keys(old.columns).map((name) => ({ name, now: renamedColumn(renames, table.name, name) }));
    const surviving = columns.filter((c) => table.columns[c.now]);
    for (const dropped of columns.filter((c) => !table.columns[c.now])) {
      const holding = oldRows.filter((r) => r[dropped.name] !== null && r[dropped.name] !== undefined).length;
      if (holding > 0) {
        report(
          'data-loss',
          old.name,
          `${migration.name} dropped ${old.name}.${dropped.name}, which held values in ${holding} of ${oldRows.length} rows`,
          droppedColumnHint(old.name, dropped.name),
        );
      }
    }
    const matches = matchRows(old, oldRows, rowsAfter[table.name] ?? [], surviving);
    const lost = matches.filter(([, now]) => !now).length;
    if (lost > 0) report('data-loss', old.name, `${migration.name} deleted ${lost} of ${oldRows.length} rows of ${old.name}`, lossHint(old.name));
    const kept = matches.filter((m): m is [Row, Row] => m[1] !== undefined);

    for (const { name, now } of surviving) {
      const changed = kept.filter(([was, is]) => !sameValue(was[name], is[now]));
      if (changed.length === 0) continue;
      const [was, is] = changed[0]!;
      report(
        'data-changed',
        old.name,
        `${migration.name} changed ${old.name}.${name} in ${changed.length} of ${kept.length} rows: was ${show(was[name])}, now ${show(is[now])}`,
        changeHint(table.name, now),
        { table: table.name, was: name, now },
      );
    }
    for (const column of added.filter((a) => a.table === table.name)) {
      const wrong = kept.filter(([, is]) => !holdsDefault(is[column.column], column, defaults));
      if (wrong.length === 0) continue;
      const value = wrong[0]![1][column.column];
      const expected =
        column.sql === undefined ? 'NULL' : isVolatileDefault(column.sql) ? `a value of ${column.sql}` : show(defaults[`${table.name}.${column.column}`]);
      report(
        'data-changed',
        old.name,
        `${migration.name} added ${table.name}.${column.column}, but ${wrong.length} of ${kept.length} existing rows hold ${show(value)} instead of its default ${expected}`,
        typeof value === 'string' && table.columns[value] ? QUOTED_NAME_HINT : changeHint(table.name, column.column),
        { table: table.name, was: column.column, now: column.column },
      );
    }
  }
  return result;
}

interface ChangedColumn {
  /** The table's name after the migration. */
  table: string;
  /** The column's name before and after the migration. */
  was: string;
  now: string;
}

/**
 * What declares a loss or a change in `table` (its name before the migration), as the
 * summary says it; undefined when nothing does. A column marker covers only value changes
 * of that column, under its old or its new name; it never excuses a lost row or column.
 */
function intentOf(sql: string, transforms: CopyIntent['transforms']): (table: string, column?: ChangedColumn) => string | undefined {
  const loss = dataLossMarkers(sql);
  const change = dataChangeMarkers(sql);
  return (table, column) => {
    if (loss.has(table)) return `declared with -- allow-data-loss: ${table}`;
    if (!column) return undefined;
    if (change.get(table)?.has(column.was)) return `declared with -- allow-data-change: ${table}.${column.was}`;
    if (change.get(column.table)?.has(column.now)) return `declared with -- allow-data-change: ${column.table}.${column.now}`;
    const expression = transforms.get(column.table)?.get(column.now);
    if (expression !== undefined) return `set on purpose by the rebuild's copy: ${column.now} = ${expression}`;
    return undefined;
  };
}

function renamedColumn(renames: Renames, table: string, column: string): string {
  return renames.columns.get(table)?.get(column) ?? column;
}

/** Pairs each old row with its row after the migration (undefined when it is gone). */
function matchRows(old: SnapshotTable, oldRows: Row[], newRows: Row[], surviving: { name: string; now: string }[]): [Row, Row | undefined][] {
  const key = primaryKey(old);
  const keyColumns = key.map((k) => surviving.find((c) => c.name === k)).filter((c) => c !== undefined);
  const byKey = keyColumns.length === key.length && key.length > 0 ? keyColumns : surviving;
  const remaining = new Map<string, Row[]>();
  for (const row of newRows) {
    const k = tupleKey(
      row,
      byKey.map((c) => c.now),
    );
    remaining.set(k, [...(remaining.get(k) ?? []), row]);
  }
  return oldRows.map((row) => {
    const candidates = remaining.get(
      tupleKey(
        row,
        byKey.map((c) => c.name),
      ),
    );
    return [row, candidates?.shift()];
  });
}

function holdsDefault(value: unknown, column: AddedColumn, defaults: Row): boolean {
  if (column.sql === undefined) return value === null || value === undefined;
  if (isVolatileDefault(column.sql)) return value !== null && value !== undefined;
  return sameValue(value, defaults[`${column.table}.${column.column}`]);
}
