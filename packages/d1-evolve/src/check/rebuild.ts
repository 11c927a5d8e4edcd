/**
 * Finds SQLite's table rebuild in a migration's statements, in the shape drizzle-kit 0.31
 * writes it (and the shape rewrite.ts makes of it):
 *
 *   PRAGMA foreign_keys=OFF;                      (drizzle-kit; no effect on D1)
 *   CREATE TABLE `__new_t` (...);
 *   INSERT INTO `__new_t`("a", "b") SELECT "a", "b" FROM `t`;
 *   DROP TRIGGER `c_audit`;                      (safe form: triggers of kept tables)
 *   CREATE TABLE `__keep_c` AS SELECT `a`, `b` FROM `c`;  (safe form: one per dependent table)
 *   DELETE FROM `c`;                              (safe form: children first)
 *   DROP TABLE `t`;
 *   ALTER TABLE `__new_t` RENAME TO `t`;
 *   INSERT INTO `c` (`a`, `b`) SELECT `a`, `b` FROM `__keep_c`; DROP TABLE `__keep_c`;  (safe form)
 *   CREATE TRIGGER `c_audit` ...;                 (safe form)
 *   PRAGMA foreign_keys=ON;                       (drizzle-kit)
 *   CREATE INDEX ... ON `t` ...;
 *
 * (The first rewrite of this tool copied only CASCADE / SET NULL descendants with `SELECT *`
 * and emptied them after the rename; that form is still read.)
 */
import type { Snapshot } from '../schema/snapshot';
import { stripComments } from '../sql/split';
import { IDENT, unquote } from './ddl';
import { type Dependent, dependents } from './graph';

export const NEW_PREFIX = '__new_';
export const KEEP_PREFIX = '__keep_';

export interface Rebuild {
  /** The table rebuilt. */
  table: string;
  /** `__new_<table>`. */
  newTable: string;
  /** Statement indexes. */
  create: number;
  insert?: number;
  drop: number;
  rename: number;
  /** Tables copied aside before the DROP (`CREATE TABLE __keep_x AS SELECT ... FROM x`), by kept table name. */
  keeps: Map<string, number>;
  /** Tables emptied before the DROP (`DELETE FROM x`, no WHERE). */
  empties: Set<string>;
  /** Tables restored after the RENAME (`INSERT INTO x [(...)] SELECT ... FROM __keep_x`). */
  restores: Set<string>;
}

/** A list of column names. */
const LIST = String.raw`${IDENT}(?:\s*,\s*${IDENT})*`;
const text = (sql: string) => stripComments(sql).trim();
const match = (pattern: string, sql: string) => new RegExp(pattern, 'is').exec(text(sql));

export const createTableName = (sql: string) => name(match(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})`, sql));
export const dropTableName = (sql: string) => name(match(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${IDENT})\s*$`, sql));
export const insertTableName = (sql: string) => name(match(String.raw`^INSERT\s+INTO\s+(${IDENT})`, sql));

/** `ALTER TABLE from RENAME TO to` → [from, to]. */
export function renameTable(sql: string): [string, string] | undefined {
  const m = match(String.raw`^ALTER\s+TABLE\s+(${IDENT})\s+RENAME\s+TO\s+(${IDENT})\s*$`, sql);
  return m ? [unquote(m[1]!), unquote(m[2]!)] : undefined;
}

/** `CREATE TABLE __keep_x AS SELECT * | columns FROM source` → { kept: x, source }. */
export function keepCopy(sql: string): { kept: string; source: string } | undefined {
  const m = match(String.raw`^CREATE\s+TABLE\s+(${IDENT})\s+AS\s+SELECT\s+(?:\*|${LIST})\s+FROM\s+(${IDENT})\s*$`, sql);
  const keep = m ? unquote(m[1]!) : '';
  return keep.startsWith(KEEP_PREFIX) ? { kept: keep.slice(KEEP_PREFIX.length), source: unquote(m![2]!) } : undefined;
}

/** `INSERT INTO x [(columns)] SELECT * | columns FROM __keep_x` → x. */
export function keepRestore(sql: string): string | undefined {
  const m = match(String.raw`^INSERT\s+INTO\s+(${IDENT})\s*(?:\(${LIST}\)\s*)?SELECT\s+(?:\*|${LIST})\s+FROM\s+(${IDENT})\s*$`, sql);
  return m && unquote(m[2]!) === `${KEEP_PREFIX}${unquote(m[1]!)}` ? unquote(m[1]!) : undefined;
}

/** `DELETE FROM x` without a WHERE → x. */
export function emptiedTable(sql: string): string | undefined {
  return name(match(String.raw`^DELETE\s+FROM\s+(${IDENT})\s*$`, sql));
}

/** `PRAGMA foreign_keys = ...` (not defer_foreign_keys). */
export const isForeignKeysPragma = (sql: string) => /^PRAGMA\s+(?:\w+\.)?foreign_keys\b/i.test(text(sql));

function name(m: RegExpExecArray | null): string | undefined {
  return m ? unquote(m[1]!) : undefined;
}

/** Every rebuild in `statements`, in order. */
export function findRebuilds(statements: readonly string[]): Rebuild[] {
  const rebuilds: Rebuild[] = [];
  statements.forEach((sql, create) => {
    const newTable = createTableName(sql);
    if (!newTable?.startsWith(NEW_PREFIX) || keepCopy(sql)) return;
    const table = newTable.slice(NEW_PREFIX.length);
    const rename = statements.findIndex((s, i) => i > create && renameTable(s)?.[0] === newTable && renameTable(s)?.[1] === table);
    const drop = statements.findIndex((s, i) => i > create && i < rename && dropTableName(s) === table);
    if (rename === -1 || drop === -1) return;
    const insert = statements.findIndex((s, i) => i > create && i < drop && insertTableName(s) === newTable);
    const keeps = new Map<string, number>();
    const empties = new Set<string>();
    for (let i = create + 1; i < drop; i += 1) {
      const keep = keepCopy(statements[i]!);
      if (keep) keeps.set(keep.kept, i);
      const emptied = emptiedTable(statements[i]!);
      if (emptied) empties.add(emptied);
    }
    const restores = new Set<string>();
    for (let i = rename + 1; i < statements.length && !createTableName(statements[i]!)?.startsWith(NEW_PREFIX); i += 1) {
      const restored = keepRestore(statements[i]!);
      if (restored) restores.add(restored);
    }
    rebuilds.push({ table, newTable, create, insert: insert === -1 ? undefined : insert, drop, rename, keeps, empties, restores });
  });
  return rebuilds;
}

/** A table to copy aside before a rebuild's DROP and restore after its RENAME. */
export interface KeptTable {
  /** The table restored after the rename. */
  table: string;
  /** Where the copy is taken from: the table, or `__new_<t>` when the rebuilt table references itself. */
  source: string;
  /** How its rows are tied to the rebuilt side (see graph.ts `dependents`). */
  action: Dependent['action'];
  /** A NO ACTION / RESTRICT key: it must be emptied before the DROP, not only restored after it. */
  blocks: boolean;
  /** The columns to copy and restore: the source's columns that are not generated (SQLite computes those). */
  columns: string[];
}

/**
 * The tables whose rows reference the rebuilt table, directly or further down, whatever
 * their ON DELETE action, parent-first, given the schema just before the DROP: with rows
 * there, the DROP deletes them (CASCADE), changes them (SET NULL / DEFAULT) or fails the
 * migration (NO ACTION at COMMIT, RESTRICT at once). When the table references itself
 * (directly or through a cycle), the already-filled `__new_<t>` references the old table by
 * name and is hit too: it is kept and restored as `<t>`.
 */
export function keptTables(model: Snapshot, rebuild: Pick<Rebuild, 'table' | 'newTable'>): KeptTable[] {
  return dependents(model, rebuild.table)
    .filter((d) => d.table !== rebuild.table)
    .map((d) => ({
      table: d.table === rebuild.newTable ? rebuild.table : d.table,
      source: d.table,
      action: d.action,
      blocks: d.blocks,
      columns: Object.values(model.tables[d.table]?.columns ?? {})
        .filter((c) => !c.generated)
        .map((c) => c.name),
    }));
}

/**
 * True when every table the rebuild's DROP would hit is copied aside and restored, and
 * every one held by NO ACTION / RESTRICT is also emptied before the DROP.
 */
export function keepsAll(rebuild: Rebuild, kept: readonly KeptTable[]): boolean {
  return kept.every((k) => rebuild.keeps.has(k.table) && rebuild.restores.has(k.table) && (!k.blocks || rebuild.empties.has(k.source)));
}
