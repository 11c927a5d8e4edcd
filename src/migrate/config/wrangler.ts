import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors';

/** One `[[d1_databases]]` entry of wrangler.toml. */
export interface D1DatabaseConfig {
  binding: string;
  databaseName?: string;
  databaseId?: string;
  previewDatabaseId?: string;
  migrationsDir: string;
  migrationsTable: string;
}

/** The binding the eval platform's Worker uses for its database. */
export const DEFAULT_BINDING = 'DB';

/**
 * Reads the D1 database bound as `binding` from wrangler.toml. Only the `[[d1_databases]]`
 * tables are read, and only their `key = "string"` lines: that is all wrangler needs from
 * them, and it keeps a TOML parser out of the dependencies.
 */
export function readD1Database(root: string, binding = DEFAULT_BINDING): D1DatabaseConfig {
  const file = join(root, 'wrangler.toml');
  if (!existsSync(file)) throw new ConfigError([`No wrangler.toml in ${root}: the D1 binding "${binding}" is configured there.`]);
  const entries = parseD1Databases(readFileSync(file, 'utf8'));
  const entry = entries.find((e) => e.binding === binding);
  if (!entry) {
    const known = entries.map((e) => e.binding).join(', ') || 'none';
    throw new ConfigError([`wrangler.toml has no [[d1_databases]] entry with binding = "${binding}" (found: ${known}).`]);
  }
  return {
    binding,
    databaseName: entry.database_name,
    databaseId: entry.database_id,
    previewDatabaseId: entry.preview_database_id,
    migrationsDir: entry.migrations_dir ?? 'migrations',
    migrationsTable: entry.migrations_table ?? 'd1_migrations',
  };
}

function parseD1Databases(toml: string): Record<string, string>[] {
  const entries: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const raw of toml.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '').trim();
    if (line.startsWith('[')) {
      current = line === '[[d1_databases]]' ? {} : undefined;
      if (current) entries.push(current);
      continue;
    }
    const match = /^([A-Za-z_][\w-]*)\s*=\s*"([^"]*)"$/.exec(line);
    if (current && match) current[match[1]!] = match[2]!;
  }
  return entries;
}
