/**
 * Which data `check --data <value>` means, and that data for one database of the project:
 * `local` (its local D1, local.ts), `remote` (a copy through D1's export API, remote.ts) or a
 * dump file (file.ts), found the way every other command finds that database.
 */
import { remoteCredentials } from '../../config/credentials';
import { localDatabaseId, localStateDir } from '../../config/local-d1';
import type { Project } from '../../config/project';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { UsageError } from '../../errors';
import { CloudflareApi, type CloudflareApiOptions } from '../../transports/cloudflare-api';
import { fileData } from './file';
import { localData } from './local';
import { remoteData } from './remote';
import type { CheckData } from './source';

export type DataChoice = { from: 'local' } | { from: 'remote' } | { from: 'file'; path: string };

/** `--data`'s value: `local`, `remote`, or the path of an SQL dump. */
export function parseDataOption(value: unknown): DataChoice {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError('--data needs a value: local (the local D1 database), remote (a copy of the remote one) or the path of an SQL dump (.sql).');
  }
  if (value === 'local' || value === 'remote') return { from: value };
  if (/\.sql$/i.test(value) || /[\\/]/.test(value)) return { from: 'file', path: value };
  throw new UsageError(
    `--data ${value}: unknown value. Use --data local (the local D1 database), --data remote (a copy of the remote one, through D1's export API) or --data <file.sql> (a dump).`,
  );
}

export interface ProjectDataOptions {
  project: Project;
  database: D1DatabaseConfig;
  /** .dev.vars and the environment (D1_PERSIST_TO, CLOUDFLARE_*). */
  env: Record<string, string | undefined>;
  /** Passed to the API client (fetch, timeouts) for tests. */
  http?: Partial<CloudflareApiOptions>;
}

/** The data `choice` names for `database`. */
export async function projectData(choice: DataChoice, { project, database, env, http }: ProjectDataOptions): Promise<CheckData> {
  const { binding, migrationsTable } = database;
  if (choice.from === 'file') return fileData(choice.path, project.root, migrationsTable);
  if (choice.from === 'local') {
    const stateDir = localStateDir(project.wrangler.dir, project.root, env.D1_PERSIST_TO);
    return localData({ stateDir, databaseId: localDatabaseId(database), binding, migrationsTable, root: project.root });
  }
  const credentials = remoteCredentials(env, database.databaseId, `${project.wrangler.label} (binding ${binding})`);
  return remoteData({ api: new CloudflareApi({ ...credentials, ...http }), databaseId: credentials.databaseId, binding, migrationsTable });
}
