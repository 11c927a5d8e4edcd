/**
 * `d1-evolve`: the core, for scripts and tests. The CLI (`d1-evolve <command>`) is built on
 * exactly these functions.
 */
export { ToolError, UsageError, ConfigError, MigrationError, maskSecrets } from './errors';
export { type D1Transport, type Statement, type StatementResult, type Param, query, statements } from './transports/transport';
export { HttpTransport, type HttpTransportOptions } from './transports/http';
export { CloudflareApi, type CloudflareApiOptions } from './transports/cloudflare-api';
export { readMigrationFolder, type Migration, type MigrationFolder } from './folder/migration-folder';
export { readSnapshot, type Snapshot } from './schema/snapshot';
export { runCheck, type CheckOptions, type CheckReport } from './check/index';
export { rewriteMigration, rewriteFolder } from './rewrite/keep-children';
export { applyMigrations, type ApplyOptions, type ApplyResult } from './runner/apply';
export { computeStatus, type StatusReport } from './runner/status';
export { readLedger } from './runner/ledger';
export { baseline, type BaselineOptions, type BaselineResult } from './runner/baseline';
export { remoteCredentials, type D1Credentials } from './config/credentials';
export { loadEnv } from './config/env';
export { localD1File, localDatabaseId, localStateDir } from './config/local-d1';
export { readWranglerConfig, selectDatabases, findWranglerConfig, type WranglerConfig, type D1DatabaseConfig } from './config/wrangler-config';
export { findDrizzleConfigs, loadDrizzleConfig, loadSchema, type DrizzleConfig } from './config/drizzle-config';
export { Project, type ProjectOptions } from './config/project';
export { Ledger, DEFAULT_LEDGER_TABLE, type LedgerRow } from './runner/ledger';
export { openTarget, type Target } from './runner/target';
export { main } from './cli/main';
