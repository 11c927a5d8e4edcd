/**
 * Turns drizzle-kit's table rebuilds into the form that keeps every row of every table below
 * the rebuilt one on D1, whatever its ON DELETE action (safe-rebuild.ts), makes
 * `PRAGMA defer_foreign_keys = ON` the file's first statement, and repairs the copy of a
 * column the rebuild adds (drizzle-kit copies `"new_col"`, which D1 reads as a string).
 * A file that is already safe comes back unchanged, so rewriting twice changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { chainSteps } from '../check/replay';
import { BREAKPOINT, type Migration, type MigrationFolder } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, type Snapshot } from '../schema/snapshot';
import { splitStatements, stripComments } from '../sql/split';
import { IDENT, type SchemaModel, applyStatement, cloneSnapshot, splitTopLevel, unquote } from '../check/ddl';
import { findRebuilds, isForeignKeysPragma } from '../check/rebuild';
import { type SafeRebuild, createIndex, describeSafeRebuild, planSafeRebuild } from './safe-rebuild';

export interface RewriteResult {
  sql: string;
  /** Tables whose rebuild was made safe, in file order. */
  rebuilt: string[];
  changed: boolean;
  /** What was changed, one line each (statement numbers of the file as it was); absent when nothing changed. */
  changes?: string[];
}

const DEFER = 'PRAGMA defer_foreign_keys = ON';
const isDefer = (sql: string) => /^PRAGMA\s+(?:\w+\.)?defer_foreign_keys\s*=\s*(?:ON|1|TRUE|YES)\s*$/i.test(stripComments(sql).trim());

/** The statement with new columns removed from an `INSERT INTO __new_t(...) SELECT ... FROM t`; undefined when nothing to repair. */
export function repairInsert(statement: string, model: Snapshot): string | undefined {
  return insertRepair(statement, model)?.statement;
}

function insertRepair(statement: string, model: Snapshot): { statement: string; removed: string[]; table: string } | undefined {
  const lead = leadingComments(statement);
  const body = statement.slice(lead.length);
  const m = new RegExp(String.raw`^(INSERT\s+INTO\s+${IDENT}\s*)\(([^)]*)\)(\s*SELECT\s+)(.*?)(\s+FROM\s+(${IDENT})\s*)$`, 'is').exec(body);
  const source = m && model.tables[unquote(m[6]!)];
  if (!m || !source) return undefined;
  const targets = splitTopLevel(m[2]!);
  const selected = splitTopLevel(m[4]!);
  if (targets.length !== selected.length) return undefined;
  const unknown = (item: string) => /^"(?:[^"]|"")+"$/.test(item) && !(unquote(item) in source.columns);
  const keep = selected.map((item) => !unknown(item));
  if (keep.every(Boolean) || !keep.some(Boolean)) return undefined;
  const pick = (list: string[]) => list.filter((_, i) => keep[i]).join(', ');
  return {
    statement: `${lead}${m[1]}(${pick(targets)})${m[3]}${pick(selected)}${m[5]}`,
    removed: selected.filter((_, i) => !keep[i]),
    table: source.name,
  };
}

/**
 * Rewrites every unsafe rebuild in a migration file (see the file comment). `before` is the
 * schema the migration starts from; its `triggers` (which no drizzle-kit snapshot has) are
 * what the earlier migrations created, see `rewriteFolder`.
 */
export function rewriteMigration(sql: string, before: SchemaModel, built?: SchemaModel): RewriteResult {
  const file = parseFile(sql);
  const statements = file.statements.map((s) => s.text);
  const rebuilds = findRebuilds(statements);
  const model = cloneSnapshot(before);
  const out: string[] = [];
  const rebuilt: string[] = [];
  const changes: string[] = [];
  let pending = '';
  let active: { drop: number; rename: number; plan: SafeRebuild } | undefined;
  const emit = (text: string) => {
    out.push(pending + text);
    pending = '';
  };

  statements.forEach((statement, i) => {
    pending += file.statements[i]!.before;
    const rebuild = rebuilds.find((r) => r.create === i);
    if (rebuild) active = undefined;
    // A rebuild that already copies tables aside is the safe form (or a hand-made one the lint judges).
    if (rebuild && rebuild.keeps.size === 0) {
      // The DROP deletes through the schema as it stands then: follow the file up to it.
      const atDrop = cloneSnapshot(model);
      for (let j = i; j < rebuild.drop; j += 1) applyStatement(atDrop, statements[j]!);
      const plan = planSafeRebuild(atDrop, rebuild, { textOf: built && agreeingIndexes(atDrop, built, statements.slice(0, rebuild.drop)) });
      if (plan) {
        active = { drop: rebuild.drop, rename: rebuild.rename, plan };
        rebuilt.push(rebuild.table);
        changes.push(describeSafeRebuild(plan, i));
        const kept = plan.kept.map((k) => k.table).join(', ') || 'no other table';
        pending += `-- d1-safe-rebuild: ${rebuild.table} (keeps ${kept})\n`;
      }
    }
    const repaired = rebuilds.some((r) => r.insert === i) ? insertRepair(statement, model) : undefined;
    if (isForeignKeysPragma(statement)) {
      // D1 ignores foreign_keys inside its transaction; the deferral at the top is what works there.
      pending += leadingComments(statement);
      changes.push(`${stripComments(statement).trim()} (statement ${i + 1}) removed: it does nothing on D1`);
    } else if (isDefer(statement) && i > 0) {
      // Moved to the top: a DROP before it in the same file fails otherwise.
      pending += leadingComments(statement);
      changes.push(`${stripComments(statement).trim()} (statement ${i + 1}) moved to the file's first statement`);
    } else if (repaired) {
      const quoted = repaired.removed.join(', ');
      changes.push(
        `the INSERT of the rebuild of ${repaired.table} (statement ${i + 1}) no longer copies ${quoted}, which ${repaired.table} does not have (D1 would write the name as text): the column takes its DEFAULT`,
      );
      emit(repaired.statement);
    } else if (active && i === active.drop) {
      for (const extra of active.plan.beforeDrop) emit(extra);
      emit(statement);
    } else if (active && i === active.rename) {
      emit(statement);
      for (const extra of active.plan.afterRename) emit(extra);
      active = undefined;
    } else emit(statement);
    applyStatement(model, statement);
  });

  if (changes.length === 0) return { sql, rebuilt: [], changed: false };
  if (!isDefer(out[0] ?? '')) {
    // The file's header comments stay on top; the deferral comes before every other statement.
    const header = leadingComments(statements[0] ?? '');
    const lead = out[0]?.startsWith(header) ? header : '';
    if (out.length > 0) out[0] = out[0]!.slice(lead.length);
    out.unshift(`${lead}${DEFER}`);
    if (!statements.some(isDefer)) changes.unshift(`${DEFER} added as the file's first statement`);
  }
  const tail = pending + file.tail;
  return {
    sql: out.map((s) => `${s};`).join(`\n${BREAKPOINT}\n`) + (tail.trim() ? `\n${tail.trim()}\n` : '\n'),
    rebuilt,
    changed: true,
    changes,
  };
}

interface FileStatement {
  /** Comment-only text that stood before this statement (after an earlier `;`). */
  before: string;
  /** The statement without its `;`, its own leading comments included. */
  text: string;
}

/** A migration's statements (drizzle-kit's breakpoints, then `;`), keeping every comment. */
function parseFile(sql: string): { statements: FileStatement[]; tail: string } {
  const statements: FileStatement[] = [];
  let carried = '';
  for (const chunk of sql.split(BREAKPOINT)) {
    let cursor = 0;
    for (const text of splitStatements(chunk)) {
      const at = chunk.indexOf(text, cursor);
      statements.push({ before: carried, text });
      carried = '';
      cursor = at + text.length;
      if (chunk[cursor] === ';') cursor += 1;
    }
    const rest = chunk.slice(cursor).trim();
    if (rest) carried += `${rest}\n`;
  }
  return { statements, tail: carried };
}

/** The comment lines a statement's text starts with. */
function leadingComments(statement: string): string {
  return /^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*\s*/.exec(statement)![0];
}

export interface FileRewrite {
  migration: Migration;
  result: RewriteResult;
}

/**
 * Rewrites `migrations` of `folder` (default: all), each against the snapshot of the
 * migration before it and the triggers the migrations before it created (drizzle-kit
 * snapshots have none), and writes the changed files back unless `dryRun`. Where that
 * snapshot is missing, the schema is the one the earlier statements build.
 */
export function rewriteFolder(folder: MigrationFolder, migrations = folder.migrations, { dryRun = false } = {}): FileRewrite[] {
  const replayed = modelsBefore(folder);
  // The schema before each migration as the check sees it: snapshots while they describe wrangler's order, then the statements.
  const steps = chainSteps(folder.migrations);
  return migrations.map((migration) => {
    const position = folder.migrations.findIndex((m) => m.name === migration.name);
    const model: SchemaModel = replayed[position] ?? cloneSnapshot(EMPTY_SNAPSHOT);
    const snapshot: Snapshot = steps[position]?.before ?? EMPTY_SNAPSHOT;
    // A trigger outlives its table only in a model that lost track of it: keep those of tables that exist.
    const triggers = Object.fromEntries(Object.entries(model.triggers ?? {}).filter(([, t]) => t.table in snapshot.tables));
    const result = rewriteMigration(migration.sql, { ...snapshot, triggers }, model);
    if (result.changed && !dryRun) writeFileSync(migration.path, result.sql);
    return { migration, result };
  });
}

/**
 * Which indexes the safe rebuild may drop and build again: only those the snapshot and the
 * statements before the DROP (`built`, then `statements`) describe alike. A custom migration's
 * `CREATE UNIQUE INDEX … WHERE …` under a name the snapshot knows as a plain index is left in
 * place, not re-created from the snapshot.
 */
function agreeingIndexes(atDrop: SchemaModel, built: SchemaModel, statements: readonly string[]) {
  const standing = cloneSnapshot(built);
  for (const statement of statements) applyStatement(standing, statement);
  const same = (name: string) => {
    const wanted = Object.values(atDrop.tables).find((t) => t.indexes[name])?.indexes[name];
    const found = Object.values(standing.tables).find((t) => t.indexes[name])?.indexes[name];
    return wanted !== undefined && found !== undefined && JSON.stringify(wanted) === JSON.stringify(found);
  };
  return (type: 'index' | 'view', name: string) => {
    if (type === 'view' || !same(name)) return undefined;
    const table = Object.values(atDrop.tables).find((t) => t.indexes[name])!;
    return createIndex(table.name, table.indexes[name]!);
  };
}

/** For each migration of the folder, by position, the schema every earlier statement builds (triggers included). */
function modelsBefore(folder: MigrationFolder): SchemaModel[] {
  const model: SchemaModel = cloneSnapshot(EMPTY_SNAPSHOT);
  return folder.migrations.map((migration) => {
    const standing = cloneSnapshot(model);
    for (const statement of migration.statements) applyStatement(model, statement);
    return standing;
  });
}
