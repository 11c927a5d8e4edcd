/**
 * Runs drizzle-kit against one D1 database of the project: with the user's drizzle config
 * when `--drizzle-config` names one, else with a config d1-evolve writes for the occasion
 * under `.wrangler/d1-evolve/` (the schema and `out` of the project's drizzle config, the
 * local SQLite file or the d1-http driver). Credentials never go into that file: it reads
 * them from the environment d1-evolve hands to drizzle-kit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLOUDFLARE_API_BASE_URL, remoteCredentials } from '../config/credentials';
import { ConfigError } from '../errors';
import { tablesFilter } from '../config/drizzle-kit';
import { ensureLocalD1File, localDatabaseId, localStateDir } from '../config/local-d1';
import type { Project } from '../config/project';
import type { D1DatabaseConfig } from '../config/wrangler-config';
import type { CommandContext } from './command';
import { projectBin, runInherit } from './exec';

export interface DrizzleKitRun {
  project: Project;
  database: D1DatabaseConfig;
  /** The local D1 of `wrangler dev`, or remote D1 over d1-http. */
  local: boolean;
  /** drizzle-kit's command and options after `--config`. */
  args: string[];
  /** drizzle-kit's `out` for this run (pull writes there); default the project's. */
  out?: string;
  /** The user's own drizzle config (`--drizzle-config`), used as it is. */
  drizzleConfig?: string;
}

export async function runDrizzleKit(run: DrizzleKitRun, { root, env }: CommandContext): Promise<number> {
  const { project, database, local } = run;
  const base = env.CLOUDFLARE_API_BASE_URL?.replace(/\/+$/, '');
  if (!local && base && base !== CLOUDFLARE_API_BASE_URL) {
    // drizzle-kit's d1-http driver has Cloudflare's host built in: it would send the token there.
    throw new ConfigError([
      `CLOUDFLARE_API_BASE_URL is ${base}, but drizzle-kit's d1-http driver always talks to ${CLOUDFLARE_API_BASE_URL} and would send your token there. ` +
        `Unset CLOUDFLARE_API_BASE_URL to ${run.args[0]} the real remote database, or run it on the local one (--local for pull, no --remote for studio).`,
    ]);
  }
  const childEnv = { ...process.env, ...env };
  let config = run.drizzleConfig;
  if (!config) {
    const { drizzle } = await project.schemaSource(database);
    const credentials = local
      ? JSON.stringify({ url: ensureLocalD1File(localStateDir(project.wrangler.dir, project.root, env.D1_PERSIST_TO), localDatabaseId(database)) })
      : passRemoteCredentials(project, database, env, childEnv);
    const file = join(project.wrangler.dir, '.wrangler', 'd1-evolve', `drizzle.${database.binding}.${local ? 'local' : 'remote'}.config.ts`);
    mkdirSync(join(file, '..'), { recursive: true });
    const body = {
      dialect: 'sqlite',
      ...(local ? {} : { driver: 'd1-http' }),
      ...(drizzle ? { schema: drizzle.schemaFiles } : {}),
      out: run.out ?? drizzle?.out ?? database.migrationsPath,
      tablesFilter: tablesFilter(database.migrationsTable),
      strict: true,
      verbose: true,
    };
    writeFileSync(
      file,
      `// Written by d1-evolve for drizzle-kit (binding ${database.binding}, ${local ? 'local D1 of wrangler dev' : 'remote D1'}); rewritten at every run, safe to delete.\n` +
        `export default { ...${JSON.stringify(body)}, dbCredentials: ${credentials} };\n`,
    );
    config = relative(root, file);
  }
  return runInherit(projectBin(root, 'drizzle-kit'), [run.args[0]!, '--config', config, ...run.args.slice(1)], { cwd: root, env: childEnv });
}

/** Puts the credentials into drizzle-kit's environment; returns the config expression that reads them there. */
function passRemoteCredentials(project: Project, database: D1DatabaseConfig, env: Record<string, string | undefined>, childEnv: NodeJS.ProcessEnv): string {
  const { accountId, databaseId, token } = remoteCredentials(env, database.databaseId, `${project.wrangler.label} (binding ${database.binding})`);
  Object.assign(childEnv, { D1_EVOLVE_ACCOUNT_ID: accountId, D1_EVOLVE_DATABASE_ID: databaseId, D1_EVOLVE_TOKEN: token });
  return '{ accountId: process.env.D1_EVOLVE_ACCOUNT_ID, databaseId: process.env.D1_EVOLVE_DATABASE_ID, token: process.env.D1_EVOLVE_TOKEN }';
}
