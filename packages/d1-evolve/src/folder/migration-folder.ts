/**
 * Reads a drizzle-kit migration folder: `meta/_journal.json`, the SQL files it lists and
 * their snapshots. What the journal says and what the folder holds may disagree; finding
 * and explaining that is the chain check's job (check/chain.ts), not this reader's.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MigrationError, ToolError } from '../errors';
import { splitStatements } from '../sql/split';

export const BREAKPOINT = '--> statement-breakpoint';

export interface JournalEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

export interface Journal {
  version: string;
  dialect: string;
  entries: JournalEntry[];
}

export interface Migration {
  /** Position in the journal, from 0. */
  index: number;
  /** drizzle-kit's tag: `0004_add_agent_notes`. */
  tag: string;
  /** The file name, which is also the name wrangler records in its ledger: `0004_add_agent_notes.sql`. */
  name: string;
  path: string;
  /** The file's text with line endings normalised to LF (D1's splitter mishandles CRLF). */
  sql: string;
  /** The statements in order: drizzle-kit's breakpoints, then SQLite's own `;`. */
  statements: string[];
  /** sha-256 of `sql`, hex. */
  checksum: string;
  snapshotPath: string;
}

export interface MigrationFolder {
  dir: string;
  journal: Journal;
  migrations: Migration[];
}

export function journalPath(dir: string): string {
  return join(dir, 'meta', '_journal.json');
}

export function snapshotPath(dir: string, index: number): string {
  return join(dir, 'meta', `${String(index).padStart(4, '0')}_snapshot.json`);
}

export function readJournal(dir: string): Journal {
  const path = journalPath(dir);
  if (!existsSync(path)) {
    throw new ToolError(`${path} does not exist: ${dir} is not a drizzle-kit migration folder. Run \`d1-evolve generate\` to create it.`);
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Journal;
  } catch (cause) {
    throw new ToolError(`${path} is not valid JSON (${(cause as Error).message}); restore it from git.`, { cause });
  }
}

/** The migrations the journal lists, in journal order, each read from its SQL file. */
export function readMigrationFolder(dir: string): MigrationFolder {
  const root = resolve(dir);
  const journal = readJournal(root);
  const migrations = journal.entries.map((entry) => readMigration(root, entry));
  return { dir: root, journal, migrations };
}

export function readMigration(dir: string, entry: JournalEntry): Migration {
  const name = `${entry.tag}.sql`;
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new MigrationError(`${path} is listed in meta/_journal.json but does not exist.`, name, path);
  }
  const sql = normaliseSql(readFileSync(path, 'utf8'));
  return {
    index: entry.idx,
    tag: entry.tag,
    name,
    path,
    sql,
    statements: splitMigration(sql),
    checksum: checksum(sql),
    snapshotPath: snapshotPath(dir, entry.idx),
  };
}

export function normaliseSql(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function checksum(sql: string): string {
  return createHash('sha256').update(normaliseSql(sql)).digest('hex');
}

/** The statements of a migration file: split at drizzle-kit's breakpoints, then at SQLite's own `;`. */
export function splitMigration(sql: string): string[] {
  return sql.split(BREAKPOINT).flatMap((chunk) => splitStatements(chunk));
}
