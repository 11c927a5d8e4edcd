/**
 * Turns drizzle-kit's table rebuilds into the form that keeps every descendant row on D1
 * (d1-facts.md, "A rebuild that keeps the children works on D1"), and repairs the copy of
 * a column the rebuild adds (drizzle-kit copies `"new_col"`, which D1 reads as a string).
 * A file that is already safe comes back unchanged, so rewriting twice changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { BREAKPOINT, type Migration, type MigrationFolder } from '../folder/migration-folder';
import { EMPTY_SNAPSHOT, type Snapshot, readSnapshot } from '../schema/snapshot';
import { splitStatements, stripComments } from '../sql/split';
import { IDENT, applyStatement, cloneSnapshot, quote, splitTopLevel, unquote, viewsReading } from '../check/ddl';
import { KEEP_PREFIX, type KeptTable, type Rebuild, findRebuilds, isForeignKeysPragma, keptTables } from '../check/rebuild';

export interface RewriteResult {
  sql: string;
  /** Tables whose rebuild was made safe, in file order. */
  rebuilt: string[];
  changed: boolean;
}

/** The statement with new columns removed from an `INSERT INTO __new_t(...) SELECT ... FROM t`; undefined when nothing to repair. */
export function repairInsert(statement: string, model: Snapshot): string | undefined {
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
  return `${lead}${m[1]}(${pick(targets)})${m[3]}${pick(selected)}${m[5]}`;
}

/** Rewrites every unsafe rebuild in a migration file (see the file comment). `before` is the snapshot the migration starts from. */
export function rewriteMigration(sql: string, before: Snapshot): RewriteResult {
  const file = parseFile(sql);
  const statements = file.statements.map((s) => s.text);
  const rebuilds = findRebuilds(statements);
  const model = cloneSnapshot(before);
  const out: string[] = [];
  const rebuilt: string[] = [];
  let changed = false;
  let pending = '';
  let deferred = false;
  let active: { rebuild: Rebuild; kept: KeptTable[]; views: { name: string; definition: string }[] } | undefined;
  const emit = (text: string) => {
    out.push(pending + text);
    pending = '';
  };

  statements.forEach((statement, i) => {
    pending += file.statements[i]!.before;
    const rebuild = rebuilds.find((r) => r.create === i);
    if (rebuild) active = undefined;
    if (rebuild) {
      // The DROP deletes through the schema as it stands then: follow the file up to it.
      const atDrop = cloneSnapshot(model);
      for (let j = i; j < rebuild.drop; j += 1) applyStatement(atDrop, statements[j]!);
      // A rebuild that already copies tables aside is the safe form (or a hand-made one the lint judges).
      const kept = rebuild.keeps.size === 0 ? keptTables(atDrop, rebuild) : [];
      const views = viewsReading(atDrop, rebuild.table);
      if (kept.length > 0 || views.length > 0) {
        active = { rebuild, kept, views };
        rebuilt.push(rebuild.table);
        changed = true;
        pending += `-- d1-safe-rebuild: ${rebuild.table} (keeps ${kept.map((k) => k.table).join(', ') || 'no other table'})\n`;
        if (!deferred) emit('PRAGMA defer_foreign_keys = ON');
        deferred = true;
      }
    }
    const repaired = rebuilds.some((r) => r.insert === i) ? repairInsert(statement, model) : undefined;
    if (isForeignKeysPragma(statement)) {
      changed = true;
      const lead = leadingComments(statement);
      // D1 ignores foreign_keys=OFF inside its transaction; deferring the checks is what works there.
      if (/=\s*(OFF|0|FALSE|NO)\b/i.test(stripComments(statement)) && !deferred) {
        emit(`${lead}PRAGMA defer_foreign_keys = ON`);
        deferred = true;
      } else pending += lead;
    } else if (repaired) {
      changed = true;
      emit(repaired);
    } else if (active && i === active.rebuild.drop) {
      for (const k of active.kept) emit(`CREATE TABLE ${quote(KEEP_PREFIX + k.table)} AS SELECT * FROM ${quote(k.source)}`);
      // A view reading the table breaks with the DROP, and SQLite then refuses the RENAME.
      for (const v of active.views) emit(`DROP VIEW ${quote(v.name)}`);
      emit(statement);
    } else if (active && i === active.rebuild.rename) {
      emit(statement);
      const { kept } = active;
      // 1. empty every kept table, children first (each DELETE cascades only into kept tables),
      // 2. refill them parent-first (defer_foreign_keys holds the checks until commit),
      // 3. drop the copies.
      for (const k of [...kept].reverse()) emit(`DELETE FROM ${quote(k.table)}`);
      for (const k of kept) emit(`INSERT INTO ${quote(k.table)} SELECT * FROM ${quote(KEEP_PREFIX + k.table)}`);
      for (const k of kept) emit(`DROP TABLE ${quote(KEEP_PREFIX + k.table)}`);
      for (const v of active.views) emit(`CREATE VIEW ${quote(v.name)} AS ${v.definition}`);
      active = undefined;
    } else emit(statement);
    applyStatement(model, statement);
  });

  if (!changed) return { sql, rebuilt: [], changed: false };
  const tail = pending + file.tail;
  return { sql: out.map((s) => `${s};`).join(`\n${BREAKPOINT}\n`) + (tail.trim() ? `\n${tail.trim()}\n` : '\n'), rebuilt, changed: true };
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
 * migration before it in the journal, and writes the changed files back unless `dryRun`.
 */
export function rewriteFolder(folder: MigrationFolder, migrations = folder.migrations, { dryRun = false } = {}): FileRewrite[] {
  return migrations.map((migration) => {
    const position = folder.migrations.findIndex((m) => m.tag === migration.tag);
    const previous = folder.migrations[position - 1];
    const before = previous ? readSnapshot(previous.snapshotPath) : EMPTY_SNAPSHOT;
    const result = rewriteMigration(migration.sql, before);
    if (result.changed && !dryRun) writeFileSync(migration.path, result.sql);
    return { migration, result };
  });
}
