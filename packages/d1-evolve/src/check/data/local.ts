/**
 * `--data local`: the rows of the local D1 database that `wrangler dev` and `--local` commands
 * use, read from a copy. The original is never opened: opening a SQLite file, even to read,
 * may write its -wal and -shm files (a checkpoint, a recovery), and `wrangler dev` may hold it.
 * So the file and its -wal/-shm are copied into a temp folder, the copy is dumped with
 * better-sqlite3 and the folder is deleted, whatever happens.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { localD1File } from '../../config/local-d1';
import { ToolError } from '../../errors';
import { dumpSqlite } from './dump';
import { type CheckData, MAX_DATA_BYTES, tooLarge } from './source';

export interface LocalDataOptions {
  /** wrangler's local state folder (config/local-d1.ts localStateDir). */
  stateDir: string;
  /** The id the local D1 uses for the database (localDatabaseId). */
  databaseId: string;
  binding: string;
  migrationsTable: string;
  /** The folder the command runs in, for shorter paths in messages. */
  root: string;
  /** Where the temp copy goes; default the system's temp folder. */
  tmpDir?: string;
  /** The largest database taken (default MAX_DATA_BYTES). */
  maxBytes?: number;
}

/** The SQLite files that make up one database: the file, and its WAL and shared memory when present. */
const PARTS = ['', '-wal', '-shm'];

/** The local D1 database of one binding as CheckData, from a copy. */
export async function localData({
  stateDir,
  databaseId,
  binding,
  migrationsTable,
  root,
  tmpDir = tmpdir(),
  maxBytes = MAX_DATA_BYTES,
}: LocalDataOptions): Promise<CheckData> {
  const file = localD1File(stateDir, databaseId);
  const shown = relative(root, file) || file;
  if (!existsSync(file)) {
    throw new ToolError(
      `There is no local D1 database for ${binding} (no ${shown}): create it with \`d1-evolve apply --local\` ` +
        `(or \`wrangler d1 migrations apply ${binding} --local\`), or point D1_PERSIST_TO at the state folder wrangler uses.`,
    );
  }
  const bytes = PARTS.reduce((sum, part) => sum + (existsSync(file + part) ? statSync(file + part).size : 0), 0);
  if (bytes > maxBytes) throw tooLarge(`the local D1 database of ${binding} (${shown})`, bytes, maxBytes);
  const copyDir = mkdtempSync(join(tmpDir, 'd1-evolve-data-'));
  try {
    const copy = join(copyDir, basename(file));
    for (const part of PARTS) if (existsSync(file + part)) copyFileSync(file + part, copy + part);
    return { label: `the local D1 database of ${binding} (${shown})`, dump: await dumpFile(copy, shown), migrationsTable };
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
}

/** The dump of a SQLite file (a copy: opening it may write its WAL back into it). */
async function dumpFile(file: string, shown: string): Promise<string> {
  const { default: Database } = await import('better-sqlite3');
  let db: InstanceType<typeof Database> | undefined;
  try {
    db = new Database(file, { fileMustExist: true });
    return dumpSqlite(db);
  } catch (cause) {
    throw new ToolError(`Could not read the local D1 database ${shown}: ${(cause as Error).message}.`, { cause });
  } finally {
    db?.close();
  }
}
