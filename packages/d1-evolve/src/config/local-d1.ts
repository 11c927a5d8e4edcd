import { createHash, createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { D1DatabaseConfig } from './wrangler-config';

/** Where wrangler keeps local state unless `--persist-to` says otherwise. */
export const DEFAULT_PERSIST_DIR = join('.wrangler', 'state');

/**
 * wrangler's local state folder: `--persist-to` (D1_PERSIST_TO here) relative to the folder
 * the command runs in, else `.wrangler/state` beside the wrangler config.
 */
export function localStateDir(wranglerDir: string, root: string, persistTo?: string): string {
  return persistTo ? resolve(root, persistTo) : join(wranglerDir, DEFAULT_PERSIST_DIR);
}

/** The id wrangler's local D1 uses for a database: preview_database_id, else database_id, else the binding. */
export function localDatabaseId(database: Pick<D1DatabaseConfig, 'binding' | 'databaseId' | 'previewDatabaseId'>): string {
  return database.previewDatabaseId ?? database.databaseId ?? database.binding;
}

/**
 * The SQLite file that `wrangler dev` and `wrangler d1 ... --local` use for a database id:
 * `<state>/v3/d1/miniflare-D1DatabaseObject/<durable object id>.sqlite`. The file name is
 * the id miniflare derives for the Durable Object named after the database id
 * (`idFromName`), reproduced here so that drizzle-kit and wrangler open the same file.
 */
export function localD1File(stateDir: string, databaseId: string): string {
  return join(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject', `${durableObjectIdFromName('miniflare-D1DatabaseObject', databaseId)}.sqlite`);
}

/**
 * The local D1 file of a database, created empty where wrangler has not made it yet, for
 * drizzle-kit, which opens it with better-sqlite3 and would otherwise create a stray file.
 */
export function ensureLocalD1File(stateDir: string, databaseId: string): string {
  const file = localD1File(stateDir, databaseId);
  mkdirSync(dirname(file), { recursive: true });
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { close(): void };
  new Database(file).close();
  return file;
}

function durableObjectIdFromName(uniqueKey: string, name: string): string {
  const key = createHash('sha256').update(uniqueKey).digest();
  const nameHmac = createHmac('sha256', key).update(name).digest().subarray(0, 16);
  const hmac = createHmac('sha256', key).update(nameHmac).digest().subarray(0, 16);
  return Buffer.concat([nameHmac, hmac]).toString('hex');
}
