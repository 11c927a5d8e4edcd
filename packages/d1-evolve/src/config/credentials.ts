import { ConfigError } from '../errors';
import { DEV_VARS } from './env';

/** What the tooling needs to reach a remote D1 database over the HTTP API. */
export interface D1Credentials {
  accountId: string;
  databaseId: string;
  token: string;
  /** `https://api.cloudflare.com/client/v4`, or `CLOUDFLARE_API_BASE_URL` as wrangler honours it. */
  apiBaseUrl: string;
}

export const CLOUDFLARE_API_BASE_URL = 'https://api.cloudflare.com/client/v4';

/** A database id that stands in a config until the user puts their own there. */
export const PLACEHOLDER_DATABASE_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The remote credentials from `env` (see loadEnv). The token may be given as
 * CLOUDFLARE_D1_TOKEN or, as wrangler names it, CLOUDFLARE_API_TOKEN; the database id
 * comes from CLOUDFLARE_DATABASE_ID or the wrangler config's `database_id` (`where` names
 * that entry for the message). Throws one ConfigError naming every missing variable.
 */
export function remoteCredentials(env: Record<string, string | undefined>, wranglerDatabaseId?: string, where = 'the wrangler config'): D1Credentials {
  const fromToml = wranglerDatabaseId && wranglerDatabaseId !== PLACEHOLDER_DATABASE_ID ? wranglerDatabaseId : undefined;
  const accountId = env.CLOUDFLARE_ACCOUNT_ID;
  const databaseId = env.CLOUDFLARE_DATABASE_ID ?? fromToml;
  const token = env.CLOUDFLARE_D1_TOKEN ?? env.CLOUDFLARE_API_TOKEN;
  const missing = [
    accountId ? undefined : 'CLOUDFLARE_ACCOUNT_ID',
    databaseId ? undefined : 'CLOUDFLARE_DATABASE_ID',
    token ? undefined : 'CLOUDFLARE_D1_TOKEN',
  ].filter((name): name is string => name !== undefined);
  if (missing.length > 0 || !accountId || !databaseId || !token) {
    const them = missing.length > 1 ? 'them' : 'it';
    const idHint = databaseId ? '' : ` (or set database_id in ${where}; \`npx wrangler d1 list\` shows the ids)`;
    throw new ConfigError([`Missing ${missing.join(', ')}: put ${them} in ${DEV_VARS} or export ${them}${idHint}.`]);
  }
  const apiBaseUrl = (env.CLOUDFLARE_API_BASE_URL ?? CLOUDFLARE_API_BASE_URL).replace(/\/+$/, '');
  return { accountId, databaseId, token, apiBaseUrl };
}
