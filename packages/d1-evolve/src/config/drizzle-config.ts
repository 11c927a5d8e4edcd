/**
 * Reads a project's drizzle-kit configuration the way drizzle-kit does, and loads the schema
 * modules it names so they can be diffed with `drizzle-kit/api`.
 *
 * drizzle-kit (0.31) loads configs and schema files with tsx's CommonJS hooks (`tsx/cjs/api`
 * `register()`) and a plain `require()`, takes `module.default ?? module`, resolves every path
 * against the folder it runs in, expands `schema` with glob (a folder means the files directly
 * in it) and defaults `out` to `drizzle`. This module does the same, with `root` as that folder.
 */
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, stripVTControlCharacters } from 'node:util';
import type * as Tinyglobby from 'tinyglobby';
import { ConfigError } from '../errors';
import { READING_CONFIG } from './drizzle-kit';

export interface DrizzleConfig {
  /** Absolute path of the config file. */
  path: string;
  /** The file name relative to the project root, for messages: 'drizzle.config.ts'. */
  label: string;
  /** `schema` as written (string or array normalised to an array of strings). */
  schema: string[];
  /** The schema files it names, absolute, sorted, resolved as drizzle-kit resolves them (globs; a directory means the files in it). */
  schemaFiles: string[];
  /** `out`, absolute; drizzle-kit's default is './drizzle'. */
  out: string;
  dialect?: string;
  driver?: string;
}

/** drizzle-kit's default config file names, in the order drizzle-kit tries them. */
export const DRIZZLE_CONFIG_FILES: readonly string[] = ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.json'];

const CONFIG_EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs', 'json'] as const;
const EXT = `(?:${CONFIG_EXTENSIONS.join('|')})`;
/** drizzle.config.<ext>, drizzle.<x>.config.<ext>, <x>.drizzle.config.<ext>, drizzle.config.<x>.<ext>. */
const CONFIG_NAME = new RegExp(`^(?:drizzle\\.config|drizzle\\..+\\.config|.+\\.drizzle\\.config|drizzle\\.config\\..+)\\.${EXT}$`);
const DECLARATION = /\.d\.[cm]?ts$/;
const DEFAULT_OUT = 'drizzle';

/**
 * The drizzle configs of a project: `explicit` (a --drizzle-config path, relative to root) if given, else every file in `root`
 * named like drizzle.config.<ext> or drizzle.<anything>.config.<ext> or <anything>.drizzle.config.<ext> (ext ts, mts, cts, js, mjs, cjs, json) — default name first.
 * drizzle.config.<anything>.<ext> (drizzle.config.local.ts) counts too. Paths are absolute.
 */
export function findDrizzleConfigs(root: string, explicit?: string): string[] {
  if (explicit !== undefined) return [resolve(root, explicit)];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names
    .filter((name) => CONFIG_NAME.test(name) && !DECLARATION.test(name) && isFile(join(root, name)))
    .sort((a, b) => configRank(a) - configRank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(resolve(root), name));
}

/** Loads one config (executing it, as drizzle-kit does) relative to the project root `root`. Throws ConfigError. */
export async function loadDrizzleConfig(root: string, path: string): Promise<DrizzleConfig> {
  const rootPath = resolve(root);
  const file = resolve(rootPath, path);
  const label = toLabel(rootPath, file);
  if (!isFile(file)) {
    throw new ConfigError([`${label}: no such file. Create it, or pass the path of an existing drizzle config (relative to the project root).`]);
  }

  let loaded: unknown;
  try {
    loaded = await withTsx(rootPath, (load) => load(file));
  } catch (error) {
    throw new ConfigError([`${label}: cannot be loaded: ${describeError(error, rootPath)}. Fix the file (drizzle-kit loads it the same way).`]);
  }
  const content = isObject(loaded) ? (loaded.default ?? loaded) : loaded;
  if (!isObject(content)) {
    throw new ConfigError([
      `${label}: exports no config object. Write \`export default defineConfig({ dialect: 'sqlite', schema: './src/db/schema.ts', out: './drizzle' })\`.`,
    ]);
  }

  const problems: string[] = [];
  const schema = readSchema(content, label, problems);
  let schemaFiles: string[] = [];
  if (schema) {
    schemaFiles = prepareFilenames(rootPath, schema);
    if (schemaFiles.length === 0) {
      problems.push(
        `${label}: \`schema\` (${schema.map((it) => `'${it}'`).join(', ')}) names no files. Write the path of the schema file ` +
          `relative to the project root with its extension (\`schema: './src/db/schema.ts'\`), a folder or a glob.`,
      );
    }
  }
  const out = content.out;
  if (out !== undefined && (typeof out !== 'string' || out === '')) {
    problems.push(`${label}: \`out\` must be a folder path. Write the migration folder, e.g. \`out: './drizzle'\`.`);
  }
  for (const key of ['dialect', 'driver'] as const) {
    if (content[key] !== undefined && typeof content[key] !== 'string') {
      problems.push(`${label}: \`${key}\` must be a string. Write e.g. \`${key}: '${key === 'dialect' ? 'sqlite' : 'd1-http'}'\`.`);
    }
  }
  if (problems.length > 0 || !schema) throw new ConfigError(problems);

  const config: DrizzleConfig = {
    path: file,
    label,
    schema,
    schemaFiles,
    out: resolve(rootPath, typeof out === 'string' && out !== '' ? out : DEFAULT_OUT),
  };
  if (typeof content.dialect === 'string') config.dialect = content.dialect;
  if (typeof content.driver === 'string') config.driver = content.driver;
  return config;
}

/** Loads the schema files and merges their exports into one object (what `import * as schema` of an index would give). Throws ConfigError naming the file that failed. */
export async function loadSchema(files: readonly string[]): Promise<Record<string, unknown>> {
  const paths = files.map((file) => resolve(file));
  const merged: Record<string, unknown> = Object.create(null);
  if (paths.length === 0) return merged;
  const base = process.cwd();
  const modules = await withTsx(dirname(paths[0]!), (load) =>
    paths.map((file) => {
      try {
        return load(file);
      } catch (error) {
        const label = toLabel(base, file);
        throw new ConfigError([`${label}: the schema cannot be loaded: ${describeError(error, base)}. Fix the file (drizzle-kit loads it the same way).`]);
      }
    }),
  );
  for (const exports of modules) {
    if (!isObject(exports) && typeof exports !== 'function') continue;
    for (const key of Object.keys(exports)) {
      const value = (exports as Record<string, unknown>)[key];
      if (!Object.hasOwn(merged, key)) {
        merged[key] = value;
      } else if (merged[key] !== value) {
        // drizzle-kit reads each file's exports on its own: a name two files export keeps both values.
        let n = 2;
        while (Object.hasOwn(merged, `${key}$${n}`)) n++;
        merged[`${key}$${n}`] = value;
      }
    }
  }
  return merged;
}

function readSchema(content: Record<string, unknown>, label: string, problems: string[]): string[] | undefined {
  const schema = content.schema;
  const example = "`schema: './src/db/schema.ts'` (a file, a folder or a glob, relative to the project root)";
  if (schema === undefined || schema === null) {
    problems.push(`${label}: \`schema\` is missing. Write ${example}.`);
    return undefined;
  }
  const list = typeof schema === 'string' ? [schema] : schema;
  if (!Array.isArray(list) || list.some((it) => typeof it !== 'string')) {
    problems.push(`${label}: \`schema\` must be a string or an array of strings. Write ${example}.`);
    return undefined;
  }
  return list as string[];
}

/** drizzle-kit's prepareFilenames: each entry is a glob; a matched folder contributes the files directly in it. */
function prepareFilenames(root: string, schema: readonly string[]): string[] {
  // Loaded here: only the commands that read a drizzle config need it.
  const { globSync } = createRequire(import.meta.url)('tinyglobby') as typeof Tinyglobby;
  const files = new Set<string>();
  for (const pattern of schema) {
    if (pattern === '') continue;
    const matches = globSync(pattern, { cwd: root, absolute: true, onlyFiles: false, expandDirectories: false });
    for (const match of matches) {
      const path = resolve(match);
      // lstat, like drizzle-kit: a symlink counts as a file, not as a folder to list.
      const candidates = lstatSync(path).isDirectory() ? readdirSync(path).map((name) => join(path, name)) : [path];
      for (const candidate of candidates) if (!lstatSync(candidate).isDirectory()) files.add(candidate);
    }
  }
  return [...files].sort();
}

type TsxCjsApi = typeof import('tsx/cjs/api');
let tsxCjsApi: TsxCjsApi | undefined;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

class ExitAttempt extends Error {
  constructor(code: unknown, printed: string | undefined) {
    const said = printed ? stripVTControlCharacters(printed).trim().split('\n')[0] : undefined;
    super(`it called process.exit(${code === undefined ? '' : String(code)})${said ? ` after printing "${said}"` : ''}`);
  }
}

/**
 * Runs `run` with tsx's CommonJS hooks registered, as drizzle-kit does, so `.ts`/ESM files load with a
 * plain require(). Global (not namespaced) hooks keep drizzle-orm's CommonJS build loaded once and shared
 * with `require('drizzle-kit/api')`: tsx's namespaced require tags every resolved path, node_modules
 * included, and so loads a second drizzle-orm. The hooks live only for this synchronous call.
 */
async function withTsx<T>(tsconfigFrom: string, run: (load: (file: string) => unknown) => T): Promise<T> {
  // tsx's CommonJS build, required as drizzle-kit requires it: its ES module build would load
  // esbuild through the ES module loader's CommonJS wrapper, which takes about twice as long.
  tsxCjsApi ??= createRequire(import.meta.url)('tsx/cjs/api') as TsxCjsApi;
  const { register } = tsxCjsApi;
  // tsx reads tsconfig.json (paths aliases) from process.cwd(); drizzle-kit's cwd is the project root.
  const tsconfig = process.env.TSX_TSCONFIG_PATH === undefined ? findTsconfig(tsconfigFrom) : undefined;
  if (tsconfig) process.env.TSX_TSCONFIG_PATH = tsconfig;
  let unregister: () => void;
  try {
    unregister = register();
  } finally {
    if (tsconfig) delete process.env.TSX_TSCONFIG_PATH;
  }
  const exit = process.exit;
  const consoleRecord = console as unknown as Record<string, unknown>;
  const saved = CONSOLE_METHODS.map((method) => consoleRecord[method]);
  // A config's own output (dotenv's banner, debug logs) must not reach this tool's stdout, nor end it;
  // what it printed before exiting is usually the reason, so the error keeps it.
  const printed: string[] = [];
  process.exit = ((code?: unknown) => {
    throw new ExitAttempt(code, printed.at(-1));
  }) as typeof process.exit;
  for (const method of CONSOLE_METHODS) {
    consoleRecord[method] = method === 'error' || method === 'warn' ? (...args: unknown[]) => void printed.push(format(...args)) : () => {};
  }
  process.env[READING_CONFIG] = '1';
  try {
    return run((file) => createRequire(file)(file));
  } finally {
    delete process.env[READING_CONFIG];
    process.exit = exit;
    CONSOLE_METHODS.forEach((method, i) => {
      consoleRecord[method] = saved[i];
    });
    unregister();
  }
}

function findTsconfig(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const THIS_FILE = safeFileURLToPath(import.meta.url);

/** The loader's first meaningful line, with the user's file:line when the message has none; never the stack. */
function describeError(error: unknown, base: string): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^Transform failed with \d+ errors?:?$/.test(line));
  let line = relativize(lines[0] ?? error.name, base);
  if (!/:\d+:\d+/.test(line) && !(error instanceof ExitAttempt)) {
    const at = userFrame(error.stack, base);
    if (at) line += ` (at ${at})`;
  }
  return line.replace(/\.$/, '');
}

function userFrame(stack: string | undefined, base: string): string | undefined {
  for (const frame of stack?.split('\n').slice(1) ?? []) {
    const match = /^\s*at (?:.*?\()?(.+?):(\d+):(\d+)\)?$/.exec(frame);
    if (!match) continue;
    const file = safeFileURLToPath(match[1]!).split('?')[0]!;
    if (!isAbsolute(file) || file === THIS_FILE || file.includes(`${sep}node_modules${sep}`)) continue;
    return `${toLabel(base, file)}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

function safeFileURLToPath(url: string): string {
  if (!url.startsWith('file:')) return url;
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

function relativize(text: string, base: string): string {
  return text.split(base + sep).join('');
}

function toLabel(root: string, file: string): string {
  const rel = relative(root, file);
  return (rel === '' || isAbsolute(rel) ? file : rel).split(sep).join('/');
}

function configRank(name: string): number {
  const defaultIndex = DRIZZLE_CONFIG_FILES.indexOf(name);
  if (defaultIndex !== -1) return defaultIndex;
  return /^drizzle\.config\.[a-z]+$/.test(name) ? DRIZZLE_CONFIG_FILES.length : DRIZZLE_CONFIG_FILES.length + 1;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
