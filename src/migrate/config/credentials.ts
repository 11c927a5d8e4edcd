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

/** wrangler.toml's database id until the user puts their own there. */
export const PLACEHOLDER_DATABASE_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The remote credentials from `env` (see loadEnv). The token may be given as
 * CLOUDFLARE_D1_TOKEN or, as wrangler names it, CLOUDFLARE_API_TOKEN; the database id may
 * come from wrangler.toml. Throws one ConfigError naming every missing variable.
 */
export function remoteCredentials(env: Record<string, string | undefined>, wranglerDatabaseId?: string): D1Credentials {
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
    throw new ConfigError([
      `Missing ${missing.join(', ')}: put ${missing.length > 1 ? 'them' : 'it'} in ${DEV_VARS} (copy .dev.vars.example) or export ${missing.length > 1 ? 'them' : 'it'}.`,
    ]);
  }
  const apiBaseUrl = (env.CLOUDFLARE_API_BASE_URL ?? CLOUDFLARE_API_BASE_URL).replace(/\/+$/, '');
  return { accountId, databaseId, token, apiBaseUrl };
}
