/**
 * Reads a drizzle-kit migration folder as wrangler applies it: every `.sql` file, in name
 * order, each with its journal entry and snapshot where the journal lists it. What the
 * journal says and what the folder holds may disagree; finding and explaining that is the
 * chain check's job (check/chain.ts), not this reader's.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ToolError } from '../errors';
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
  /** Position in the order wrangler applies the folder (file names sorted), from 0. */
  index: number;
  /** The journal entry's idx, when meta/_journal.json lists the file. */
  journalIndex?: number;
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
  /** Where drizzle-kit keeps the snapshot after this migration (it may be missing); '' when the journal does not list the file. */
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

/** Whether `dir` holds migrations: a drizzle-kit journal, or `.sql` files as wrangler's own folders do. */
export function hasMigrations(dir: string): boolean {
  return existsSync(journalPath(dir)) || (existsSync(dir) && migrationFileNames(dir).length > 0);
}

/**
 * The migrations of `dir` in the order wrangler applies them: every `.sql` file of the
 * folder, sorted by name (wrangler's getMigrationNames), whether the journal lists it or not.
 * A journal entry whose file is missing is no migration: wrangler has nothing to apply for it.
 */
export function readMigrationFolder(dir: string): MigrationFolder {
  const root = resolve(dir);
  // A folder of wrangler's own (`wrangler d1 migrations create`) has no journal: every file is outside it.
  const journal = existsSync(journalPath(root)) ? readJournal(root) : { version: '', dialect: 'sqlite', entries: [] };
  const entries = new Map(journal.entries.map((entry) => [`${entry.tag}.sql`, entry]));
  const migrations = migrationFileNames(root).map((name, index) => readMigration(root, name, index, entries.get(name)));
  return { dir: root, journal, migrations };
}

/** The `.sql` file names of `dir`, sorted as wrangler sorts them (JavaScript's default order). */
export function migrationFileNames(dir: string): string[] {
  if (!existsSync(dir))
    throw new ToolError(`${dir}: no such folder. Give the folder that holds the .sql migrations (the migrations_dir of the wrangler config).`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.name.endsWith('.sql') && !entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function readMigration(dir: string, name: string, index: number, entry: JournalEntry | undefined): Migration {
  const path = join(dir, name);
  const sql = normaliseSql(readFileSync(path, 'utf8'));
  return {
    index,
    ...(entry ? { journalIndex: entry.idx } : {}),
    tag: name.slice(0, -'.sql'.length),
    name,
    path,
    sql,
    statements: splitMigration(sql),
    checksum: checksum(sql),
    snapshotPath: entry ? snapshotPath(dir, entry.idx) : '',
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
