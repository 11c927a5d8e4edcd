/**
 * drizzle-kit against the local D1 database: the SQLite file that `wrangler dev` uses for
 * the binding DB, so that `pnpm db:studio` and `pnpm db:push` act on the data the local
 * Worker sees. The file is created, empty, when wrangler has not made it yet.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { defineConfig } from 'drizzle-kit';
import { MIGRATIONS_DIR, PULL_DIR, SCHEMA, TABLES_FILTER, drizzleKitCommand, orExit } from './src/migrate/config/drizzle-kit';
import { loadEnv } from './src/migrate/config/env';
import { localD1File } from './src/migrate/config/local-d1';
import { readD1Database } from './src/migrate/config/wrangler';

const url = orExit(() => {
  const root = process.cwd();
  const { databaseId, binding } = readD1Database(root);
  const file = localD1File(root, databaseId ?? binding, loadEnv(root).D1_PERSIST_TO);
  mkdirSync(dirname(file), { recursive: true });
  new Database(file).close();
  return file;
});

export default defineConfig({
  dialect: 'sqlite',
  schema: SCHEMA,
  out: drizzleKitCommand() === 'pull' ? PULL_DIR : MIGRATIONS_DIR,
  dbCredentials: { url },
  tablesFilter: TABLES_FILTER,
  strict: true,
  verbose: true,
});
