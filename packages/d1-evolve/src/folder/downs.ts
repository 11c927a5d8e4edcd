/**
 * Down migrations: the SQL that takes the schema from a migration's snapshot back to the
 * previous one. They live in `<migrations_dir>/down/`, one file per up and named like it,
 * because wrangler reads only the top-level `.sql` files of the folder (getMigrationNames):
 * a subfolder is never taken for a migration, by wrangler or by migration-folder.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksum, normaliseSql, splitMigration } from './migration-folder';

/** The subfolder of the migration folder that holds the downs: `drizzle/down/0004_add_notes.sql`. */
export const DOWN_FOLDER = 'down';

/** First line of a generated down: `-- d1-evolve: generated down of 0004_add_notes.sql`. */
export const GENERATED_MARK = '-- d1-evolve: generated down of';

export interface DownMigration {
  /** The up's file name. */
  name: string;
  path: string;
  /** The file's text with line endings normalised to LF, as Migration.sql. */
  sql: string;
  /** The statements in order, split like an up (splitMigration). */
  statements: string[];
  /** sha-256 of `sql`, hex. */
  checksum: string;
  /** The file starts with GENERATED_MARK; a hand-written down is never overwritten. */
  generated: boolean;
}

/** Where the down of the migration file `name` lives (it may not exist). */
export function downPath(dir: string, name: string): string {
  return join(dir, DOWN_FOLDER, name);
}

/** The first line of a generated down of `name`. */
export function generatedHeader(name: string): string {
  return `${GENERATED_MARK} ${name}`;
}

/** Whether `sql` was written by d1-evolve (its first line is the mark), not by hand. */
export function isGeneratedDown(sql: string): boolean {
  return normaliseSql(sql).startsWith(GENERATED_MARK);
}

/** The down of the migration file `name` in the folder `dir`, or undefined when none was written. */
export function readDown(dir: string, name: string): DownMigration | undefined {
  const path = downPath(dir, name);
  if (!existsSync(path)) return undefined;
  const sql = normaliseSql(readFileSync(path, 'utf8'));
  return {
    name,
    path,
    sql,
    statements: splitMigration(sql),
    checksum: checksum(sql),
    generated: isGeneratedDown(sql),
  };
}
