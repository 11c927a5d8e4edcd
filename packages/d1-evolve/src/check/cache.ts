/**
 * The check's cache: each verified migration's result on each engine, each down's proof, the
 * schema comparison, and the engine's database after the verified prefix (engine-state.ts),
 * so that an unchanged chain is answered without starting an engine and a chain with one new
 * migration replays only that one. It lives in `<root>/.wrangler/d1-evolve/check-cache/`
 * (wrangler's `.wrangler/` is ignored by the projects that use it), is safe to delete, and
 * any file in it that cannot be read is a miss, never an error.
 *
 * A result is keyed (checkKeys, the one definition) by everything it depends on:
 *  - the tool itself: its version and a hash of its code (dist/*.js, or src/ when run from
 *    source), which holds the seeder, the replay and the rules;
 *  - the options that change results: rows per table, the duration limit, the engine and its
 *    version (better-sqlite3 and its SQLite; miniflare and workerd), read from package files
 *    without loading either engine;
 *  - the migration folder's path and the chain up to and including the migration: every
 *    .sql file's text in order, its journal entry and its snapshot file's bytes; a down's
 *    proof also the downs up to it.
 * Each key is a hash over the previous migration's key, so any change to an earlier file, a
 * snapshot, the engines or the tool changes the keys from that migration on. The lint is not
 * cached: it is static and cheap, and runs every time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readSync, closeSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DownMigration } from '../folder/downs';
import type { JournalEntry } from '../folder/migration-folder';
import type { DownStepResult } from './downs';
import type { DatabaseImage } from './engine-state';
import type { EngineName } from './engines';
import type { Finding } from './finding';
import type { ChainStep, ReplayState, StepResult } from './replay';

/** Bumped when what an entry holds changes: older entries then miss. */
const FORMAT = 1;
/** Entries kept, the least recently used dropped first: far more than any chain has migrations × engines. */
const MAX_ENTRIES = 5000;
/**
 * Saved databases kept beside those of the chain just checked (each a few kB to a few hundred
 * kB: the schema and a few rows per table), least recently used dropped first.
 */
const MAX_OLD_STATES = 40;
const INDEX_FILE = 'entries.json';

/** Where the cache of the project at `root` lives. */
export function checkCacheDir(root: string): string {
  return join(root, '.wrangler', 'd1-evolve', 'check-cache');
}

const sha = (...parts: (string | number)[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');
const fileHash = (path: string) => (existsSync(path) && statSync(path).isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'missing');

const localRequire = createRequire(import.meta.url);
const HERE = fileURLToPath(import.meta.url);

let tool: string | undefined;
/**
 * The tool's version and a hash of its code: the compiled files beside this one when it runs
 * from dist/, else every source file of the package. Read once per process.
 */
export function toolFingerprint(): string {
  if (tool) return tool;
  const fromSource = HERE.endsWith('.ts');
  const root = fromSource ? join(dirname(HERE), '..', '..') : join(dirname(HERE), '..');
  const base = fromSource ? join(root, 'src') : dirname(HERE);
  const files = fromSource
    ? (readdirSync(base, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'))
    : readdirSync(base).filter((f) => f.endsWith('.js'));
  const hash = createHash('sha256');
  for (const file of files.sort()) hash.update(`${file.split(sep).join('/')}\u0000`).update(readFileSync(join(base, file)));
  tool = `${readVersion(join(root, 'package.json'))}:${hash.digest('hex')}`;
  return tool;
}

function readVersion(packageJson: string): string {
  try {
    return String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version ?? '?');
  } catch {
    return 'unknown';
  }
}

/** The folder of package `name` as resolved from `from` (a file), or undefined when it is not installed. */
function packageDir(name: string, from: string = HERE, entry: string = name): string | undefined {
  let file: string;
  try {
    file = createRequire(from).resolve(entry);
  } catch {
    return undefined;
  }
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (!existsSync(candidate)) continue;
    try {
      if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === name) return dir;
    } catch {
      // a package.json that is not JSON: keep looking
    }
  }
  return undefined;
}

/** `name@version` of an installed package, or `name@none`. */
export function packageVersion(name: string, from?: string, entry?: string): string {
  const dir = packageDir(name, from, entry);
  return `${name}@${dir ? readVersion(join(dir, 'package.json')) : 'none'}`;
}

const engineVersions = new Map<EngineName, string>();
/**
 * What an engine is, read from its package files without loading it: better-sqlite3's version,
 * the SQLite its header names and its compiled binding's size; miniflare's and workerd's versions.
 */
export function engineVersion(engine: EngineName): string {
  const known = engineVersions.get(engine);
  if (known) return known;
  let version: string;
  if (engine === 'sqlite') {
    const dir = packageDir('better-sqlite3');
    const header = dir ? readHead(join(dir, 'deps', 'sqlite3', 'sqlite3.h'), 16_384) : '';
    const sqlite = /#define SQLITE_VERSION\s+"([^"]+)"/.exec(header)?.[1] ?? '?';
    const binding = dir ? join(dir, 'build', 'Release', 'better_sqlite3.node') : '';
    const size = binding && existsSync(binding) ? statSync(binding).size : 0;
    version = `${packageVersion('better-sqlite3')} sqlite ${sqlite} binding ${size}`;
  } else {
    const miniflare = packageDir('miniflare');
    version = `${packageVersion('miniflare')} ${miniflare ? packageVersion('workerd', join(miniflare, 'package.json'), 'workerd/package.json') : 'workerd@none'}`;
  }
  engineVersions.set(engine, version);
  return version;
}

function readHead(path: string, bytes: number): string {
  if (!existsSync(path)) return '';
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

/** What the keys of one check are computed from. */
export interface KeyInput {
  /** The migration folder (absolute): results name its files. */
  dir: string;
  steps: readonly ChainStep[];
  /** The journal's entry of each migration, by file name. */
  entries: ReadonlyMap<string, JournalEntry>;
  downs: ReadonlyMap<string, DownMigration>;
  engines: readonly EngineName[];
  rowsPerTable: number;
  durationLimitMs: number;
}

export interface EngineKeys {
  /** The key of each migration's replay result on the engine, in chain order. */
  replay: string[];
  /** The key of the proof of each migration's down (when it has one), in chain order. */
  downs: string[];
}

/** The keys of every result of a check, by engine: the one definition of what a result depends on. */
export function checkKeys(input: KeyInput): Partial<Record<EngineName, EngineKeys>> {
  const base = sha('check', FORMAT, toolFingerprint(), input.dir, input.rowsPerTable, input.durationLimitMs);
  const links = input.steps.map(({ migration }) =>
    JSON.stringify([
      migration.name,
      migration.checksum,
      input.entries.get(migration.name) ?? null,
      migration.snapshotPath ? fileHash(migration.snapshotPath) : 'none',
    ]),
  );
  const downLinks = input.steps.map(({ migration }) => {
    const down = input.downs.get(migration.name);
    return JSON.stringify([migration.name, down ? [down.checksum, down.generated] : null]);
  });
  const keys: Partial<Record<EngineName, EngineKeys>> = {};
  for (const engine of input.engines) {
    let previous = sha(base, engine, engineVersion(engine));
    let downChain = '';
    const replay: string[] = [];
    const downs: string[] = [];
    for (const [i, link] of links.entries()) {
      previous = sha(previous, link);
      downChain = sha(downChain, downLinks[i]!);
      replay.push(previous);
      downs.push(sha(previous, downChain));
    }
    keys[engine] = { replay, downs };
  }
  return keys;
}

/** What the schema comparison depends on beside the files it loads (recorded with its result). */
export function syncKey(input: { label: string; schemaFiles: readonly string[]; snapshotPath: string }): string {
  const from = input.schemaFiles[0] ?? HERE;
  return sha(
    'sync',
    FORMAT,
    toolFingerprint(),
    input.label,
    packageVersion('drizzle-kit', HERE, 'drizzle-kit/api'),
    packageVersion('drizzle-orm', from),
    input.snapshotPath,
    fileHash(input.snapshotPath),
    ...input.schemaFiles,
  );
}

/**
 * The project's own files loaded so far (CommonJS, as the schema is loaded: config/drizzle-config.ts),
 * outside node_modules: what a schema comparison read, so that an edit to any of them misses.
 */
export function loadedProjectFiles(extra: readonly string[]): string[] {
  const loaded = Object.keys(localRequire.cache).filter((file) => !file.includes(`${sep}node_modules${sep}`) && !file.startsWith('node:'));
  // The tsconfig.json tsx resolved the schema's imports with (its `paths`), as config/drizzle-config.ts finds it.
  const tsconfig = extra[0] ? nearest(dirname(extra[0]), 'tsconfig.json') : undefined;
  return [...new Set([...extra, ...loaded, ...(tsconfig ? [tsconfig] : [])])].sort();
}

function nearest(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/** A cached result and when it was proven. */
export interface Cached<T> {
  result: T;
  provenAt: string;
}

/** The database of one engine after a verified migration, and the replay's state there. */
export interface SavedState {
  image: DatabaseImage;
  state: ReplayState;
}

interface Entry {
  kind: 'replay' | 'down' | 'sync';
  /** The migration (or schema) it is about, for people reading the file. */
  name: string;
  provenAt: string;
  usedAt: string;
  result: unknown;
  /** sync: the files the comparison loaded, with their hashes. */
  files?: Record<string, string>;
  /** A saved state goes with it (state-<key>.json). */
  state?: boolean;
}

/** The cache in one folder: entries read once, written back (merged, atomically) by `save`. */
export class CheckCache {
  private entries: Record<string, Entry>;
  private readonly states = new Map<string, SavedState>();
  private changed = false;
  private readonly now: string;

  private constructor(
    readonly dir: string,
    entries: Record<string, Entry>,
    now: Date,
  ) {
    this.entries = entries;
    this.now = now.toISOString();
  }

  /** The cache in `dir` (empty when the folder or its index is missing or unreadable). */
  static open(dir: string, now = new Date()): CheckCache {
    return new CheckCache(dir, readEntries(dir), now);
  }

  /** A migration's replay result on one engine. */
  replay(key: string): Cached<StepResult> | undefined {
    return this.get<StepResult>(key, 'replay');
  }

  /** A down's proof on one engine. */
  down(key: string): Cached<DownStepResult> | undefined {
    return this.get<DownStepResult>(key, 'down');
  }

  /** The schema comparison, if none of the files it loaded has changed since. */
  sync(key: string): Cached<Finding[]> | undefined {
    const entry = this.entries[key];
    if (entry?.kind !== 'sync' || !entry.files) return undefined;
    if (Object.entries(entry.files).some(([file, hash]) => fileHash(file) !== hash)) return undefined;
    return this.get<Finding[]>(key, 'sync');
  }

  /** The saved database after the migration of `key`, or undefined (none saved, or unreadable). */
  state(key: string): SavedState | undefined {
    if (!this.entries[key]?.state) return undefined;
    try {
      const saved = JSON.parse(readFileSync(join(this.dir, stateFile(key)), 'utf8'), revive) as { format: number; key: string } & SavedState;
      if (saved.format !== FORMAT || saved.key !== key || !Array.isArray(saved.image?.objects) || typeof saved.state?.serials !== 'object') return undefined;
      return { image: saved.image, state: saved.state };
    } catch {
      return undefined;
    }
  }

  putReplay(key: string, name: string, result: StepResult): void {
    this.put(key, { kind: 'replay', name, result });
  }

  putDown(key: string, name: string, result: DownStepResult): void {
    this.put(key, { kind: 'down', name, result });
  }

  putSync(key: string, label: string, result: Finding[], files: readonly string[]): void {
    this.put(key, { kind: 'sync', name: label, result, files: Object.fromEntries(files.map((f) => [f, fileHash(f)])) });
  }

  /** Keeps `state` as the database after the migration of `key` (its replay result must be put too). */
  putState(key: string, state: SavedState): void {
    this.states.set(key, state);
    this.changed = true;
  }

  /**
   * Writes what this check added or used, merged with what the folder holds now (another check
   * may have written meanwhile), keeping the most recently used entries and saved states.
   */
  save(): void {
    if (!this.changed) return;
    mkdirSync(this.dir, { recursive: true });
    for (const [key, state] of this.states) {
      if (!this.entries[key]) continue;
      writeAtomically(join(this.dir, stateFile(key)), encode({ format: FORMAT, key, ...state }));
      this.entries[key]!.state = true;
    }
    const merged = { ...readEntries(this.dir), ...this.entries };
    const kept = Object.entries(merged)
      .sort(([, a], [, b]) => (a.usedAt < b.usedAt ? 1 : a.usedAt > b.usedAt ? -1 : 0))
      .slice(0, MAX_ENTRIES);
    let old = 0;
    for (const [, entry] of kept) if (entry.state && entry.usedAt !== this.now && ++old > MAX_OLD_STATES) delete entry.state;
    const entries = Object.fromEntries(kept);
    writeAtomically(join(this.dir, INDEX_FILE), `${JSON.stringify({ format: FORMAT, entries })}\n`);
    const wanted = new Set(kept.filter(([, e]) => e.state).map(([key]) => stateFile(key)));
    for (const file of readdirSync(this.dir)) {
      if (/^state-[0-9a-f]+\.json$/.test(file) && !wanted.has(file)) rmSync(join(this.dir, file), { force: true });
    }
    this.entries = entries;
    this.changed = false;
  }

  private get<T>(key: string, kind: Entry['kind']): Cached<T> | undefined {
    const entry = this.entries[key];
    if (entry?.kind !== kind || entry.result === undefined) return undefined;
    if (entry.usedAt !== this.now) {
      entry.usedAt = this.now;
      this.changed = true;
    }
    return { result: structuredClone(entry.result) as T, provenAt: entry.provenAt };
  }

  private put(key: string, entry: Omit<Entry, 'provenAt' | 'usedAt'>): void {
    this.entries[key] = { ...entry, result: JSON.parse(encode(entry.result), revive), provenAt: this.now, usedAt: this.now };
    this.changed = true;
  }
}

const stateFile = (key: string) => `state-${key}.json`;

function readEntries(dir: string): Record<string, Entry> {
  try {
    const index = JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')) as { format?: number; entries?: Record<string, Entry> };
    if (index.format !== FORMAT || typeof index.entries !== 'object' || index.entries === null) return {};
    return Object.fromEntries(Object.entries(index.entries).filter(([, e]) => typeof e === 'object' && e !== null && typeof e.usedAt === 'string'));
  } catch {
    return {};
  }
}

/** Write then rename: a crash or a concurrent check never leaves half a file. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** JSON that keeps what rows hold beside JSON's own types: integers beyond 2^53 and BLOBs. */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, json) {
    const raw = this[key];
    if (typeof raw === 'bigint') return { $bigint: raw.toString() };
    if (raw instanceof Uint8Array) return { $bytes: Buffer.from(raw).toString('hex') };
    return json;
  });
}

function revive(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$bigint === 'string') return BigInt(record.$bigint);
  if (typeof record.$bytes === 'string') return Buffer.from(record.$bytes, 'hex');
  return value;
}
