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
  const tokenVariable = env.CLOUDFLARE_D1_TOKEN ? 'CLOUDFLARE_D1_TOKEN' : 'CLOUDFLARE_API_TOKEN';
  const apiBaseUrl = (env.CLOUDFLARE_API_BASE_URL ?? CLOUDFLARE_API_BASE_URL).replace(/\/+$/, '');
  const problems = [
    ...(ACCOUNT_ID.test(accountId)
      ? []
      : [
          `CLOUDFLARE_ACCOUNT_ID is not an account id (32 hexadecimal characters; \`npx wrangler whoami\` shows yours)${TOKEN_LIKE.test(accountId) ? ': it looks like an API token — are the account id and the token swapped?' : '.'}`,
        ]),
    ...(DATABASE_ID.test(databaseId)
      ? []
      : [
          `The database id "${databaseId}" (${env.CLOUDFLARE_DATABASE_ID ? 'CLOUDFLARE_DATABASE_ID' : `database_id in ${where}`}) is not a D1 database id (a UUID; \`npx wrangler d1 list\` shows them).`,
        ]),
    ...(TOKEN_CHARACTERS.test(token)
      ? []
      : [`${tokenVariable} holds characters no API token has (quotes, spaces or typographic quotes from a copy and paste): set it to the token alone.`]),
    ...(isHttpUrl(apiBaseUrl) ? [] : [`CLOUDFLARE_API_BASE_URL is not an http(s) URL: write it with its scheme, e.g. ${CLOUDFLARE_API_BASE_URL}.`]),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return { accountId, databaseId, token, apiBaseUrl };
}

const ACCOUNT_ID = /^[0-9a-f]{32}$/i;
const DATABASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Cloudflare's API tokens are made of: printable ASCII without spaces or quotes. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9_.~+/=-]+$/;
const TOKEN_LIKE = /^[A-Za-z0-9_-]{30,}$/;

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * The values to mask in every line of output: the token variables' values, and any other
 * credential value that does not have its expected shape (a token pasted into the account
 * id must not be printed as "the account").
 */
export function secretValues(env: Record<string, string | undefined>): string[] {
  const misplaced = [env.CLOUDFLARE_ACCOUNT_ID, env.CLOUDFLARE_DATABASE_ID].filter(
    (value): value is string => value !== undefined && !ACCOUNT_ID.test(value) && !DATABASE_ID.test(value),
  );
  return [env.CLOUDFLARE_D1_TOKEN, env.CLOUDFLARE_API_TOKEN, ...misplaced].filter((value): value is string => Boolean(value));
}
