/**
 * The database a command works on: the local D1 of `wrangler dev` (`--local`) or the remote
 * one over the HTTP API, for one D1 database of the wrangler config, with its migrations
 * folder and ledger table. One place, so that status, apply, restore and baseline agree on
 * what "local" and "remote" mean, exactly as wrangler does.
 */
import { hostname } from 'node:os';
import { remoteCredentials } from '../config/credentials';
import { localDatabaseId, localStateDir } from '../config/local-d1';
import type { Project } from '../config/project';
import type { D1DatabaseConfig } from '../config/wrangler-config';
import type { D1Transport } from '../transports/transport';
import type { CloudflareApi, CloudflareApiOptions } from '../transports/cloudflare-api';
import { HttpTransport } from '../transports/http';
import { MiniflareTransport } from '../transports/miniflare';
import { Ledger } from './ledger';
import { newHolder } from './lock';

export interface Target {
  transport: D1Transport;
  local: boolean;
  databaseId: string;
  /** The binding in the wrangler config (`DB`), for messages and the wrangler commands we print. */
  binding: string;
  /** The migration folder, absolute. */
  migrationsDir: string;
  /** The ledger table (`migrations_table`) and its lock. */
  ledger: Ledger;
  /** The remote API client (Time Travel, database info); absent for local. */
  api?: CloudflareApi;
}

export interface OpenTargetOptions {
  project: Project;
  database: D1DatabaseConfig;
  env: Record<string, string | undefined>;
  local: boolean;
  /** Passed to the HTTP transport (fetch, timeouts) for tests and benchmarks. */
  http?: Partial<CloudflareApiOptions>;
}

/** Opens the local or remote database; close `target.transport` when done. */
export function openTarget({ project, database, env, local, http }: OpenTargetOptions): Target {
  const common = { local, binding: database.binding, migrationsDir: database.migrationsPath, ledger: new Ledger(database.migrationsTable) };
  if (local) {
    const databaseId = localDatabaseId(database);
    const persistDir = localStateDir(project.wrangler.dir, project.root, env.D1_PERSIST_TO);
    return { ...common, transport: new MiniflareTransport({ databaseId, persistDir }), databaseId };
  }
  const credentials = remoteCredentials(env, database.databaseId, `${project.wrangler.label} (binding ${database.binding})`);
  const transport = new HttpTransport({ ...credentials, ...http });
  return { ...common, transport, databaseId: credentials.databaseId, api: transport.api };
}

/** The lock holder name of a CLI run: `run-<id>@<host>:<pid>`. */
export const cliHolder = (): string => newHolder(`${hostname()}:${process.pid}`);
