/**
 * What one migration changes, read from the schemas before and after it (the chain step's
 * snapshots): tables added, dropped, renamed, rebuilt (drizzle-kit's copy into `__new_t`) or
 * altered, each with its differences in words, and the views it adds, drops or changes.
 */
import { type SchemaShape, type TableShape, foreignKeyKey } from '../../schema/shape';
import { shapeFromSnapshot } from '../../schema/from-snapshot';
import { stripComments } from '../../sql/split';
import { IDENT, unquote } from '../ddl';
import { findRebuilds } from '../rebuild';
import { findRenames } from '../renames';
import type { ChainStep } from '../replay';

export type TableChangeKind = 'added' | 'dropped' | 'renamed' | 'rebuilt' | 'altered';

export interface TableChange {
  /** The table's name after the migration (before it, for a dropped table). */
  table: string;
  kind: TableChangeKind;
  /** The old name of a renamed table. */
  from?: string;
  /** Its differences, one line each (`column name: NOT NULL → nullable`); empty for a rebuild that keeps the table's shape. */
  details: string[];
  before?: TableShape;
  after?: TableShape;
}

export interface ViewChange {
  view: string;
  kind: 'added' | 'dropped' | 'changed';
}

export interface StepChanges {
  tables: TableChange[];
  views: ViewChange[];
  /**
   * What its statements do, one phrase each (`creates index idx_authors_name`), when the
   * snapshots before and after it are equal but its SQL holds DDL: a migration written with
   * `generate --custom` has a copy of the previous snapshot, whatever it creates.
   */
  statements: string[];
  before: SchemaShape;
  after: SchemaShape;
}

/** The changes of one chain step, tables in name order. */
export function stepChanges(step: ChainStep): StepChanges {
  const before = shapeFromSnapshot(step.before);
  const after = shapeFromSnapshot(step.after);
  const statements = step.migration.statements;
  const renames = findRenames(statements, step.before, step.after);
  const renamedTo = new Map([...renames.tables].map(([from, to]) => [to, from]));
  const rebuilt = new Set(findRebuilds(statements).map((r) => r.table));
  const tables: TableChange[] = [];
  for (const name of Object.keys(after.tables).sort()) {
    const now = after.tables[name]!;
    const from = renamedTo.get(name);
    const was = before.tables[from ?? name];
    if (!was) {
      tables.push({ table: name, kind: 'added', details: [], after: now });
      continue;
    }
    const details = describeTable(was, now, renames.columns.get(name));
    const kind: TableChangeKind | undefined = from ? 'renamed' : rebuilt.has(name) ? 'rebuilt' : details.length > 0 ? 'altered' : undefined;
    if (kind) tables.push({ table: name, kind, ...(from ? { from } : {}), details, before: was, after: now });
  }
  for (const name of Object.keys(before.tables).sort()) {
    if (!after.tables[name] && !renames.tables.has(name)) tables.push({ table: name, kind: 'dropped', details: [], before: before.tables[name]! });
  }
  const views: ViewChange[] = [];
  for (const name of [...new Set([...Object.keys(before.views), ...Object.keys(after.views)])].sort()) {
    const was = before.views[name];
    const now = after.views[name];
    if (!was) views.push({ view: name, kind: 'added' });
    else if (!now) views.push({ view: name, kind: 'dropped' });
    else if (was.definition !== now.definition) views.push({ view: name, kind: 'changed' });
  }
  const fromStatements = tables.length === 0 && views.length === 0 ? statements.flatMap((sql) => ddlPhrase(sql) ?? []) : [];
  return { tables, views, statements: fromStatements, before, after };
}

const NAME = `(${IDENT})`;

/** What one DDL statement does, in a phrase (`creates view post_counts`); undefined for DML. */
export function ddlPhrase(sql: string): string | undefined {
  const text = stripComments(sql).trim();
  const create = new RegExp(String.raw`^CREATE\s+(UNIQUE\s+)?(?:TEMP(?:ORARY)?\s+)?(TABLE|INDEX|VIEW|TRIGGER)\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, 'i').exec(
    text,
  );
  if (create) return `creates ${create[1] ? 'unique ' : ''}${create[2]!.toLowerCase()} ${unquote(create[3]!)}`;
  const drop = new RegExp(String.raw`^DROP\s+(TABLE|INDEX|VIEW|TRIGGER)\s+(?:IF\s+EXISTS\s+)?${NAME}`, 'i').exec(text);
  if (drop) return `drops ${drop[1]!.toLowerCase()} ${unquote(drop[2]!)}`;
  const alter = new RegExp(String.raw`^ALTER\s+TABLE\s+${NAME}\s+(RENAME|ADD|DROP)\b`, 'i').exec(text);
  if (alter) return `alters table ${unquote(alter[1]!)} (${alter[2]!.toUpperCase()})`;
  return undefined;
}

/** One phrase per change: `users rebuilt`, `tags added`, `old renamed to new`. */
export function changePhrase(change: TableChange): string {
  return change.kind === 'renamed' ? `${change.from} renamed to ${change.table}` : `${change.table} ${change.kind}`;
}

/** `1 table`, `2 tables`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a migration changes in one phrase: `users rebuilt, tags added`, or `38 tables added`. */
export function changeSummary(changes: StepChanges): string {
  const phrases = changes.tables.map(changePhrase);
  const views = changes.views.map((v) => `view ${v.view} ${v.kind}`);
  const all = [...phrases, ...views];
  if (all.length === 0 && changes.statements.length > 0) {
    return changes.statements.length > 6
      ? `${changes.statements.slice(0, 6).join(', ')}, … (${changes.statements.length} statements)`
      : changes.statements.join(', ');
  }
  if (all.length === 0) return 'no schema change';
  const added = changes.tables.filter((c) => c.kind === 'added').length;
  // A first migration adds every table: say how many rather than list 38 names.
  if (all.length > 6 && added === changes.tables.length) return `${plural(added, 'table')} added${views.length > 0 ? `, ${plural(views.length, 'view')}` : ''}`;
  return all.length > 6 ? `${all.slice(0, 6).join(', ')}, … (${all.length} changes)` : all.join(', ');
}

/** The tables of `shape` that reference one of `tables` or that one of them references. */
export function neighbours(shape: SchemaShape, tables: Iterable<string>): string[] {
  const set = new Set(tables);
  const found = new Set<string>();
  for (const table of Object.values(shape.tables)) {
    for (const fk of Object.values(table.foreignKeys)) {
      if (set.has(table.name) && shape.tables[fk.tableTo] && !set.has(fk.tableTo)) found.add(fk.tableTo);
      if (set.has(fk.tableTo) && !set.has(table.name)) found.add(table.name);
    }
  }
  return [...found].sort();
}

/** A column as one phrase: `text NOT NULL DEFAULT 'a'`. */
export function describeColumn(column: TableShape['columns'][string]): string {
  return [
    column.type || 'any',
    column.notNull ? 'NOT NULL' : '',
    column.default !== undefined ? `DEFAULT ${column.default}` : '',
    column.generated ? `GENERATED (${column.generated})` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The differences between a table before and after, `renamed` mapping old column names to new. */
function describeTable(was: TableShape, now: TableShape, renamed = new Map<string, string>()): string[] {
  const lines: string[] = [];
  const oldName = new Map([...renamed].map(([from, to]) => [to, from]));
  for (const name of Object.keys(now.columns)) {
    const column = now.columns[name]!;
    const from = oldName.get(name) ?? name;
    const old = was.columns[from];
    if (!old) {
      lines.push(`column ${name} added (${describeColumn(column)})`);
      continue;
    }
    if (from !== name) lines.push(`column ${from} renamed to ${name}`);
    if (old.type !== column.type) lines.push(`column ${name}: type ${old.type || 'any'} → ${column.type || 'any'}`);
    if (old.notNull !== column.notNull) lines.push(`column ${name}: ${old.notNull ? 'NOT NULL → nullable' : 'nullable → NOT NULL'}`);
    if (old.default !== column.default) lines.push(`column ${name}: default ${old.default ?? '(none)'} → ${column.default ?? '(none)'}`);
    if (old.generated !== column.generated) lines.push(`column ${name}: generated ${old.generated ?? 'no'} → ${column.generated ?? 'no'}`);
  }
  for (const name of Object.keys(was.columns)) {
    if (!now.columns[name] && !renamed.has(name)) lines.push(`column ${name} dropped`);
  }
  if (was.primaryKey.join(', ') !== now.primaryKey.join(', ')) lines.push(`primary key (${was.primaryKey.join(', ')}) → (${now.primaryKey.join(', ')})`);
  for (const [flag, label] of [
    ['autoincrement', 'AUTOINCREMENT'],
    ['strict', 'STRICT'],
    ['withoutRowid', 'WITHOUT ROWID'],
  ] as const) {
    if (was[flag] !== now[flag]) lines.push(`${label} ${now[flag] ? 'added' : 'removed'}`);
  }
  const index = (i: TableShape['indexes'][string]) => `${i.unique ? 'UNIQUE ' : ''}(${i.columns.join(', ')})${i.where ? ` WHERE ${i.where}` : ''}`;
  for (const [name, i] of Object.entries(now.indexes)) {
    const old = was.indexes[name];
    if (!old) lines.push(`index ${name} ${index(i)} added`);
    else if (index(old) !== index(i)) lines.push(`index ${name}: ${index(old)} → ${index(i)}`);
  }
  for (const [name, i] of Object.entries(was.indexes)) if (!now.indexes[name]) lines.push(`index ${name} ${index(i)} dropped`);
  for (const key of Object.keys(now.uniques)) if (!was.uniques[key]) lines.push(`UNIQUE (${key}) added`);
  for (const key of Object.keys(was.uniques)) if (!now.uniques[key]) lines.push(`UNIQUE (${key}) dropped`);
  const actions = (fk: TableShape['foreignKeys'][string]) => `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;
  for (const fk of Object.values(now.foreignKeys)) {
    const key = foreignKeyKey(fk);
    const old = was.foreignKeys[key];
    if (!old) lines.push(`foreign key ${key} ${actions(fk)} added`);
    else if (actions(old) !== actions(fk)) lines.push(`foreign key ${key}: ${actions(old)} → ${actions(fk)}`);
  }
  for (const fk of Object.values(was.foreignKeys)) if (!now.foreignKeys[foreignKeyKey(fk)]) lines.push(`foreign key ${foreignKeyKey(fk)} dropped`);
  for (const check of Object.keys(now.checks)) if (!(check in was.checks)) lines.push(`CHECK (${check}) added`);
  for (const check of Object.keys(was.checks)) if (!(check in now.checks)) lines.push(`CHECK (${check}) dropped`);
  return lines;
}
