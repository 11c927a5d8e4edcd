/**
 * `d1-evolve/drizzle`: for a project's own drizzle.config.ts. It reads the same wrangler
 * config and .dev.vars as the d1-evolve commands, so drizzle-kit and d1-evolve always talk to
 * the same database.
 *
 *   import { d1HttpCredentials } from 'd1-evolve/drizzle';
 *   export default defineConfig({ dialect: 'sqlite', driver: 'd1-http', schema: './src/db/schema.ts',
 *     out: './drizzle', dbCredentials: d1HttpCredentials() });
 */
import { remoteCredentials } from '../config/credentials';
import { OFFLINE_COMMANDS, READING_CONFIG, RemotePushRefused, drizzleKitCommand, orExit, tablesFilter } from '../config/drizzle-kit';
import { loadEnv } from '../config/env';
import { ensureLocalD1File, localDatabaseId, localStateDir } from '../config/local-d1';
import { readWranglerConfig, selectDatabases } from '../config/wrangler-config';

export { OFFLINE_COMMANDS, RemotePushRefused, drizzleKitCommand, orExit, tablesFilter } from '../config/drizzle-kit';
export { remoteCredentials, PLACEHOLDER_DATABASE_ID } from '../config/credentials';
export { loadEnv } from '../config/env';
export { localD1File } from '../config/local-d1';

export interface DatabaseChoice {
  /** The folder drizzle-kit runs in; default the current one. */
  root?: string;
  /** The binding or database_name (needed when the wrangler config has several). */
  database?: string;
  /** The wrangler environment. */
  env?: string;
}

/**
 * `dbCredentials` for drizzle-kit's d1-http driver: the account and token from the environment
 * or .dev.vars, the database id from the wrangler config. Commands that read no database
 * (generate, check) get empty credentials, so they run without any; `push` is refused, since
 * on D1 its rebuilds delete rows below the rebuilt table. A missing credential is one line on
 * stderr and the end of the command, before any request.
 */
export function d1HttpCredentials(choice: DatabaseChoice = {}): { accountId: string; databaseId: string; token: string } {
  return orExit(() => {
    if (process.env[READING_CONFIG]) return { accountId: '', databaseId: '', token: '' };
    const command = drizzleKitCommand();
    if (command === 'push') throw new RemotePushRefused();
    if (command && OFFLINE_COMMANDS.has(command)) return { accountId: '', databaseId: '', token: '' };
    const root = choice.root ?? process.cwd();
    const config = readWranglerConfig({ cwd: root, env: choice.env });
    const [database] = selectDatabases(config, { database: choice.database });
    const { accountId, databaseId, token } = remoteCredentials(loadEnv(root), database!.databaseId, `${config.label} (binding ${database!.binding})`);
    return { accountId, databaseId, token };
  });
}

/**
 * `dbCredentials.url` for drizzle-kit against the local D1 database of `wrangler dev`: the
 * SQLite file wrangler uses for the database (created, empty, when wrangler has not yet).
 */
export function localD1Url(choice: DatabaseChoice = {}): string {
  return orExit(() => {
    if (process.env[READING_CONFIG]) return ':memory:';
    const root = choice.root ?? process.cwd();
    const config = readWranglerConfig({ cwd: root, env: choice.env });
    const [database] = selectDatabases(config, { database: choice.database });
    return ensureLocalD1File(localStateDir(config.dir, root, loadEnv(root).D1_PERSIST_TO), localDatabaseId(database!));
  });
}

/** drizzle-kit's `tablesFilter` for the database: leaves out its ledger and lock, D1's and SQLite's own tables. */
export function d1TablesFilter(choice: DatabaseChoice = {}): string[] {
  const config = readWranglerConfig({ cwd: choice.root ?? process.cwd(), env: choice.env });
  const [database] = selectDatabases(config, { database: choice.database });
  return tablesFilter(database!.migrationsTable);
}
