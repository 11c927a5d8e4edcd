import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type * as JsoncParser from 'jsonc-parser';
import type * as SmolToml from 'smol-toml';
import { ConfigError, UsageError } from '../errors';

// The parsers are loaded on first use, synchronously (drizzle.config.ts reads the config in a
// synchronous call): a project has one config format, and `--help` reads none.
const requireParser = createRequire(import.meta.url);
const toml = () => requireParser('smol-toml') as typeof SmolToml;
const jsonc = () => requireParser('jsonc-parser') as typeof JsoncParser;

/** One D1 database of the wrangler config, as wrangler resolves it. */
export interface D1DatabaseConfig {
  binding: string;
  databaseName?: string;
  databaseId?: string;
  previewDatabaseId?: string;
  /** migrations_dir as written (default 'migrations', wrangler's default). */
  migrationsDir: string;
  /** migrations_dir resolved against the directory of the config file: absolute. */
  migrationsPath: string;
  /** migrations_table (default 'd1_migrations'). */
  migrationsTable: string;
  /** Where the entry stands in the config, for messages: `d1_databases[1]`, `env.production.d1_databases[0]`. */
  key: string;
}

/** The wrangler config file read, narrowed to what D1 migrations need. */
export interface WranglerConfig {
  /** Absolute path of the config file read. */
  path: string;
  /** Its directory (absolute). */
  dir: string;
  /** The file name relative to the cwd, for messages: 'wrangler.jsonc', '../wrangler.toml'. */
  label: string;
  /** The environment selected (--env), if any. */
  env?: string;
  /** The Worker name (top-level `name`, or as wrangler names an environment's Worker: `<name>-<env>` unless the env sets its own name). */
  name?: string;
  /** The d1_databases of the selected environment (or top level), in file order. */
  databases: D1DatabaseConfig[];
}

/** Wrangler's config file names, in its order of preference. */
export const WRANGLER_CONFIG_FILES: readonly string[] = ['wrangler.json', 'wrangler.jsonc', 'wrangler.toml'];

type Table = Record<string, unknown>;
type Format = 'toml' | 'json';
interface Context {
  label: string;
  format: Format;
  problems: string[];
}

const OPTIONAL_STRINGS = {
  database_name: '<name>',
  database_id: '<id>',
  preview_database_id: '<id>',
  migrations_dir: 'migrations',
  migrations_table: 'd1_migrations',
};
const LOOKED_FOR = 'wrangler.json, wrangler.jsonc or wrangler.toml';

/** Like wrangler: the first of WRANGLER_CONFIG_FILES in `cwd`, then in each parent directory up to the filesystem root. */
export function findWranglerConfig(cwd: string): string | undefined {
  // Wrangler finds up each name in turn (wrangler.json anywhere above wins over wrangler.toml here).
  for (const name of WRANGLER_CONFIG_FILES) {
    for (let dir = resolve(cwd); ; dir = dirname(dir)) {
      if (isFile(join(dir, name))) return join(dir, name);
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/** Reads and validates the config. `config` is a path given by --config (relative to cwd); `env` is --env. Throws ConfigError. */
export function readWranglerConfig(options: { cwd: string; config?: string; env?: string }): WranglerConfig {
  const cwd = resolve(options.cwd);
  const path = locate(cwd, options.config);
  const c: Context = { label: relative(cwd, path), format: path.endsWith('.toml') ? 'toml' : 'json', problems: [] };
  const raw = parseFile(path, c);
  const { env } = options;
  const scope = env === undefined ? topLevel(raw, c) : environment(raw, env, c);
  const dir = dirname(path);
  const databases = scope ? readDatabases(scope.list, scope.key, dir, c) : [];
  if (c.problems.length > 0) throw new ConfigError(c.problems);
  return { path, dir, label: c.label, env, name: workerName(raw, scope?.section, env), databases };
}

/**
 * The databases a command works on: `database` matches a binding or a database_name (as wrangler's `d1 migrations apply <database>` does);
 * `all` gives every database; with neither, the only database, or a ConfigError when there are several.
 */
export function selectDatabases(config: WranglerConfig, options: { database?: string; all?: boolean }): D1DatabaseConfig[] {
  const { databases, label } = config;
  const where = config.env ? `env.${config.env}.d1_databases` : 'd1_databases';
  const list = databases.map((d) => (d.databaseName ? `${d.binding} (${d.databaseName})` : d.binding)).join(', ');
  if (options.database !== undefined && options.all) throw new UsageError('--database and --all exclude each other: pass one of them.');
  if (options.all) return databases;
  if (options.database !== undefined) {
    // wrangler's getDatabaseInfoFromConfig: the first entry whose database_name or binding matches.
    const found = databases.find((d) => d.databaseName === options.database || d.binding === options.database);
    if (found) return [found];
    throw new ConfigError([
      `${label}: no D1 database with binding or database_name "${options.database}" in ${where}; there are: ${list}. Pass --database <binding> with one of them.`,
    ]);
  }
  if (databases.length === 1) return databases;
  throw new ConfigError([`${label}: ${where} has ${databases.length} databases (${list}): pass --database <binding> to choose one, or --all for every one.`]);
}

function locate(cwd: string, config: string | undefined): string {
  if (config === undefined) {
    const found = findWranglerConfig(cwd);
    if (found) return found;
    throw new ConfigError([`No ${LOOKED_FOR} in ${cwd} or its parents: create one (npx wrangler init) or pass --config <file>.`]);
  }
  const path = resolve(cwd, config);
  if (!isFile(path))
    throw new ConfigError([
      `--config ${config}: no such file (looked for ${path}): check the path, or drop --config to look for ${LOOKED_FOR} from ${cwd} up.`,
    ]);
  if (!/\.(toml|jsonc?)$/.test(path))
    throw new ConfigError([`--config ${config}: unknown config format: pass a .json, .jsonc or .toml file, as wrangler reads (${LOOKED_FOR}).`]);
  return path;
}

function parseFile(path: string, c: Context): Table {
  const text = readText(path, c.label);
  const value = c.format === 'toml' ? parseTomlText(text, c.label) : parseJsonText(text, c.label);
  if (isTable(value)) return value;
  throw new ConfigError([`${c.label}: the config must be an object ({ "name": …, "d1_databases": [ … ] }), found ${kind(value, c)}.`]);
}

function readText(path: string, label: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, ''); // wrangler drops a BOM too
  } catch (error) {
    throw new ConfigError([`${label}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}): check its permissions.`]);
  }
}

function parseTomlText(text: string, label: string): unknown {
  const { parse, TomlError } = toml();
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new ConfigError([`${label}:${error.line}:${error.column}: ${error.message.split('\n')[0]}: fix the TOML there.`]);
  }
}

function parseJsonText(text: string, label: string): unknown {
  const { parse, printParseErrorCode } = jsonc();
  const errors: JsoncParser.ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (!first) return value;
  const lines = text.slice(0, first.offset).split('\n');
  const at = `${lines.length}:${lines[lines.length - 1]!.length + 1}`;
  throw new ConfigError([`${label}:${at}: ${printParseErrorCode(first.error)}: fix the JSON there.`]);
}

interface Scope {
  key: string;
  list: unknown;
  section: Table;
}

function topLevel(raw: Table, c: Context): Scope | undefined {
  if (!isEmpty(raw.d1_databases)) return { key: 'd1_databases', list: raw.d1_databases, section: raw };
  const withD1 = Object.entries(environments(raw, c))
    .filter(([, e]) => isTable(e) && !isEmpty(e.d1_databases))
    .map(([n]) => n);
  c.problems.push(
    withD1.length > 0
      ? `${c.label}: d1_databases: none at the top level, but env ${withD1.join(', ')} define${withD1.length === 1 ? 's' : ''} them: pass --env <name> (${withD1.map((n) => `--env ${n}`).join(' or ')}).`
      : `${c.label}: d1_databases: no D1 database configured: add ${d1Snippet(c.format)}.`,
  );
  return undefined;
}

function environment(raw: Table, env: string, c: Context): Scope | undefined {
  const envs = environments(raw, c);
  const section = envs[env];
  const key = `env.${env}.d1_databases`;
  if (section === undefined) {
    const names = Object.keys(envs);
    const add = c.format === 'toml' ? `[env.${env}]` : `"env": { "${env}": { … } }`;
    c.problems.push(
      `${c.label}: env.${env}: no such environment (--env ${env}); ${names.length > 0 ? `defined: ${names.join(', ')}` : 'none is defined'}: pass one that is, or add ${add}.`,
    );
  } else if (!isTable(section)) {
    c.problems.push(`${c.label}: env.${env} must be ${c.format === 'toml' ? 'a table' : 'an object'}, found ${kind(section, c)}.`);
  } else if (isEmpty(section.d1_databases)) {
    const inherited = isEmpty(raw.d1_databases) ? '' : ' (the top-level d1_databases are not inherited by environments, as in wrangler)';
    c.problems.push(`${c.label}: ${key}: env.${env} has no D1 database${inherited}: add ${d1Snippet(c.format, env)}.`);
  } else {
    return { key, list: section.d1_databases, section };
  }
  return undefined;
}

function environments(raw: Table, c: Context): Table {
  if (raw.env === undefined || isTable(raw.env)) return raw.env ?? {};
  c.problems.push(
    `${c.label}: env must be ${c.format === 'toml' ? 'tables [env.<name>]' : 'an object: "env": { "<name>": { … } }'}, found ${kind(raw.env, c)}.`,
  );
  return {};
}

function readDatabases(list: unknown, key: string, dir: string, c: Context): D1DatabaseConfig[] {
  if (!Array.isArray(list)) {
    c.problems.push(
      `${c.label}: ${key} must be ${c.format === 'toml' ? `an array of tables ([[${key}]])` : 'an array of objects'}, found ${kind(list, c)}: write ${d1Snippet(c.format)}.`,
    );
    return [];
  }
  const seen = new Map<string, number>();
  return list.flatMap((entry: unknown, i) => {
    const db = readDatabase(entry, `${key}[${i}]`, dir, c);
    if (!db) return [];
    const first = seen.get(db.binding);
    if (first !== undefined)
      c.problems.push(`${c.label}: ${key}[${i}].binding: "${db.binding}" is already the binding of ${key}[${first}]: give each database its own binding.`);
    seen.set(db.binding, first ?? i);
    return [db];
  });
}

function readDatabase(entry: unknown, key: string, dir: string, c: Context): D1DatabaseConfig | undefined {
  if (!isTable(entry)) {
    c.problems.push(`${c.label}: ${key} must be ${c.format === 'toml' ? 'a table' : 'an object'}, found ${kind(entry, c)}: write ${d1Entry(c.format)}.`);
    return undefined;
  }
  const before = c.problems.length;
  const { binding } = entry;
  if (typeof binding !== 'string' || binding === '') {
    const found = binding === undefined ? 'missing' : binding === '' ? 'empty' : `found ${kind(binding, c)}`;
    c.problems.push(
      `${c.label}: ${key}.binding must be a non-empty string (${found}): write ${field(c.format, 'binding', 'DB')}, the name the Worker uses (env.DB).`,
    );
  }
  for (const [name, example] of Object.entries(OPTIONAL_STRINGS)) {
    const value = entry[name];
    if (value !== undefined && typeof value !== 'string')
      c.problems.push(`${c.label}: ${key}.${name} must be a string, found ${kind(value, c)}: write ${field(c.format, name, example)}.`);
  }
  const table = entry.migrations_table;
  if (typeof table === 'string' && table !== '' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    c.problems.push(
      `${c.label}: ${key}.migrations_table "${table}" cannot be a table name in SQL as wrangler writes it: use letters, digits and underscores, e.g. ${field(c.format, 'migrations_table', table.replace(/\W/g, '_'))}.`,
    );
  }
  if (c.problems.length > before) return undefined;
  const text = entry as Record<string, string | undefined>;
  // `||` as wrangler: an empty migrations_dir or migrations_table means the default.
  const migrationsDir = text.migrations_dir || 'migrations';
  return {
    binding: binding as string,
    databaseName: text.database_name,
    databaseId: text.database_id,
    previewDatabaseId: text.preview_database_id,
    migrationsDir,
    migrationsPath: resolve(dir, migrationsDir),
    migrationsTable: text.migrations_table || 'd1_migrations',
    key,
  };
}

function workerName(raw: Table, section: Table | undefined, env: string | undefined): string | undefined {
  const top = typeof raw.name === 'string' && raw.name ? raw.name : undefined;
  if (env === undefined) return top;
  if (section && typeof section.name === 'string') return section.name;
  return top && `${top}-${env}`;
}

function d1Snippet(format: Format, env?: string): string {
  if (format === 'toml') return `[[${env ? `env.${env}.` : ''}d1_databases]] with ${d1Entry(format)}`;
  const list = `"d1_databases": [ ${d1Entry(format)} ]`;
  return env ? `"env": { "${env}": { ${list} } }` : list;
}

function d1Entry(format: Format): string {
  const fields = [field(format, 'binding', 'DB'), field(format, 'database_name', '<name>'), field(format, 'database_id', '<id>')];
  return format === 'toml' ? fields.join(', ') : `{ ${fields.join(', ')} }`;
}

/** How a setting is written in the config at `path` (TOML or JSON), for a message that says what to write. */
export function settingText(path: string, name: string, value: string): string {
  return field(path.endsWith('.toml') ? 'toml' : 'json', name, value);
}

function field(format: Format, name: string, value: string): string {
  return format === 'toml' ? `${name} = "${value}"` : `"${name}": "${value}"`;
}

function kind(value: unknown, c: Context): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return c.format === 'toml' ? 'a table' : 'an object';
  if (value === undefined) return 'nothing';
  return `a ${typeof value} (${typeof value === 'string' ? JSON.stringify(value) : String(value)})`;
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isEmpty(list: unknown): boolean {
  return list === undefined || (Array.isArray(list) && list.length === 0);
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
