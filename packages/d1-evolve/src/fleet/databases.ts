/**
 * Which databases a fleet run works on: a file of ids or names (`--from-file`), the account's
 * databases whose name contains a text (`--match`, read from the API's list, every page), or
 * the wrangler config's d1_databases (`--from-config`).
 */
import { readFileSync } from 'node:fs';
import { PLACEHOLDER_DATABASE_ID } from '../config/credentials';
import type { D1DatabaseConfig } from '../config/wrangler-config';
import { ConfigError } from '../errors';
import type { CloudflareApi, D1DatabaseInfo } from '../transports/cloudflare-api';
import type { FleetDatabase } from './outcome';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cloudflare's largest page of the database list is 10,000; 1,000 is its default. */
export const LIST_PAGE_SIZE = 1000;

/** The entries of a `--from-file` list: one id or name a line; blank lines and `# comments` skipped. */
export function readDatabaseFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError([
      `--from-file ${path}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}): give a file with one database id or name a line.`,
    ]);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Every database of the account (whose name matches `name`, as the API filters), reading every page. */
export async function listDatabases(api: CloudflareApi, name?: string): Promise<D1DatabaseInfo[]> {
  const all: D1DatabaseInfo[] = [];
  for (let page = 1; ; page += 1) {
    const { result, total } = await listPage(api, page, name);
    all.push(...result);
    if (result.length < LIST_PAGE_SIZE || (total !== undefined && all.length >= total)) return all;
  }
}

/** One page of the list, with the total the API reports (result_info lives beside the result). */
async function listPage(api: CloudflareApi, page: number, name?: string): Promise<{ result: D1DatabaseInfo[]; total?: number }> {
  const info: { total_count?: number } = {};
  const result = await api.request<D1DatabaseInfo[]>(api.accountPath('/d1/database'), {
    query: { page: String(page), per_page: String(LIST_PAGE_SIZE), name },
    onEnvelope: (envelope) => Object.assign(info, (envelope as { result_info?: object }).result_info),
  });
  return { result: result ?? [], total: info.total_count };
}

/** `--match <text>`: the databases whose name contains `text`, in name order. */
export async function matchDatabases(api: CloudflareApi, text: string): Promise<FleetDatabase[]> {
  const found = (await listDatabases(api, text)).filter((db) => db.name.includes(text));
  return found.map((db) => ({ id: db.uuid, name: db.name })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * `--from-file`: ids stay as they are; names are looked up in the account's list (read once,
 * every page, and only if a name is given). Unknown names are reported together.
 */
export async function resolveDatabaseEntries(api: CloudflareApi, entries: readonly string[], file: string): Promise<FleetDatabase[]> {
  const names = entries.filter((entry) => !UUID.test(entry));
  const byName = new Map<string, string>();
  if (names.length > 0) for (const db of await listDatabases(api)) byName.set(db.name, db.uuid);
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? ` and ${unknown.length - 10} more` : '');
    throw new ConfigError([
      `--from-file ${file}: no database of account ${api.accountId} is named ${shown}. Check the names (\`npx wrangler d1 list\`), or write the databases' ids instead.`,
    ]);
  }
  const seen = new Set<string>();
  const databases: FleetDatabase[] = [];
  for (const entry of entries) {
    const database = UUID.test(entry) ? { id: entry.toLowerCase() } : { id: byName.get(entry)!, name: entry };
    if (seen.has(database.id)) continue;
    seen.add(database.id);
    databases.push(database);
  }
  return databases;
}

/** `--from-config`: the config's d1_databases, each of which must have its database_id. */
export function configDatabases(databases: readonly D1DatabaseConfig[], label: string): FleetDatabase[] {
  const missing = databases.filter((d) => !d.databaseId || !UUID.test(d.databaseId) || d.databaseId === PLACEHOLDER_DATABASE_ID);
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(
        (d) => `${label}: ${d.key} (binding ${d.binding}) has no database_id: set it (\`npx wrangler d1 list\` shows the ids), or leave it out of the fleet.`,
      ),
    );
  }
  return databases.map((d) => ({ id: d.databaseId!.toLowerCase(), name: d.databaseName ?? d.binding }));
}
