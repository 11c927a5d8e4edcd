/**
 * drizzle-kit against the remote D1 database over the HTTP API (driver d1-http).
 * Credentials come from the environment and from .dev.vars; the environment wins.
 */
import { defineConfig } from 'drizzle-kit';
import { remoteCredentials } from './src/migrate/config/credentials';
import {
  MIGRATIONS_DIR,
  OFFLINE_COMMANDS,
  PULL_DIR,
  RemotePushRefused,
  SCHEMA,
  TABLES_FILTER,
  drizzleKitCommand,
  orExit,
} from './src/migrate/config/drizzle-kit';
import { loadEnv } from './src/migrate/config/env';
import { readD1Database } from './src/migrate/config/wrangler';

const command = drizzleKitCommand();

const dbCredentials = orExit(() => {
  if (command === 'push') throw new RemotePushRefused();
  // generate & co. read no database: they must work on a fresh clone without credentials.
  if (command && OFFLINE_COMMANDS.has(command)) return { accountId: '', databaseId: '', token: '' };
  const root = process.cwd();
  const { accountId, databaseId, token } = remoteCredentials(loadEnv(root), readD1Database(root).databaseId);
  return { accountId, databaseId, token };
});

export default defineConfig({
  dialect: 'sqlite',
  driver: 'd1-http',
  schema: SCHEMA,
  out: command === 'pull' ? PULL_DIR : MIGRATIONS_DIR,
  dbCredentials,
  tablesFilter: TABLES_FILTER,
  strict: true,
  verbose: true,
});
