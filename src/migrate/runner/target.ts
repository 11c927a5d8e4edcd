/**
 * The database a command works on: the local D1 of `wrangler dev` (`--local`) or the remote
 * one over the HTTP API, with the migration folder wrangler.toml names. One place, so that
 * status, apply, restore and baseline agree on what "local" and "remote" mean.
 */
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { remoteCredentials } from '../config/credentials';
import { DEFAULT_PERSIST_DIR } from '../config/local-d1';
import { readD1Database } from '../config/wrangler';
import type { D1Transport } from '../transport';
import type { CloudflareApi, CloudflareApiOptions } from '../transports/cloudflare-api';
import { HttpTransport } from '../transports/http';
import { MiniflareTransport } from '../transports/miniflare';
import { newHolder } from './lock';

export interface Target {
  transport: D1Transport;
  local: boolean;
  databaseId: string;
  /** wrangler.toml's binding (`DB`), for the wrangler commands we print. */
  binding: string;
  /** The migration folder, absolute. */
  migrationsDir: string;
  /** The remote API client (Time Travel, database info); absent for local. */
  api?: CloudflareApi;
}

export interface OpenTargetOptions {
  root: string;
  env: Record<string, string | undefined>;
  local: boolean;
  /** Passed to the HTTP transport (fetch, timeouts) for tests and benchmarks. */
  http?: Partial<CloudflareApiOptions>;
}

/** Opens the local or remote database; close `target.transport` when done. */
export function openTarget({ root, env, local, http }: OpenTargetOptions): Target {
  const d1 = readD1Database(root);
  const migrationsDir = join(root, d1.migrationsDir);
  if (local) {
    const databaseId = d1.databaseId ?? d1.databaseName ?? d1.binding;
    const persist = env.D1_PERSIST_TO ?? DEFAULT_PERSIST_DIR;
    const persistDir = isAbsolute(persist) ? persist : resolve(root, persist);
    return { transport: new MiniflareTransport({ databaseId, persistDir }), local, databaseId, binding: d1.binding, migrationsDir };
  }
  const credentials = remoteCredentials(env, d1.databaseId);
  const transport = new HttpTransport({ ...credentials, ...http });
  return { transport, local, databaseId: credentials.databaseId, binding: d1.binding, migrationsDir, api: transport.api };
}

/** The lock holder name of a CLI run: `run-<id>@<host>:<pid>`. */
export const cliHolder = (): string => newHolder(`${hostname()}:${process.pid}`);
