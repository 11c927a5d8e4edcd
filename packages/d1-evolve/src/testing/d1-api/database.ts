/**
 * SQLite with D1's semantics behind the emulated HTTP API: one in-memory better-sqlite3
 * database per D1 database, foreign keys on, every request ONE transaction (all statements
 * commit or none does), what D1 refuses refused (d1-rules.ts), errors worded as D1 words
 * them (`<sqlite message>: SQLITE_ERROR`, code 7500), and a Time Travel snapshot after
 * every committed change.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { type DumpOptions, dumpSqlite } from '../../check/data/dump';
import { d1Refusal, isTransactionControl } from '../../sql/d1-rules';
import { splitStatements, stripComments } from '../../sql/split';
import { TimeTravel } from './time-travel';

/** An error the API answers in Cloudflare's envelope: HTTP status and Cloudflare error code. */
export class D1ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** One entry of a `/query` body: SQL text (maybe many statements) and its bound values. */
export interface SqlRequest {
  sql: string;
  params?: unknown[];
}

export interface StatementMeta {
  changed_db: boolean;
  changes: number;
  duration: number;
  last_row_id: number;
  rows_read: number;
  rows_written: number;
  size_after: number;
  served_by_primary: true;
  served_by_region: string;
  timings: { sql_duration_ms: number };
}

/** What `/query` answers per statement (`/raw` turns `rows` into columns + arrays). */
export interface StatementOutcome {
  columns: string[];
  rows: Record<string, unknown>[];
  meta: StatementMeta;
}

/** workerd's words when a transaction statement reaches D1. */
const TRANSACTION_REFUSAL =
  "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.";

const REGION = 'WNAM';

function open(bytes?: Buffer): Database.Database {
  const db = bytes ? new Database(bytes) : new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

/** `SQLITE_CONSTRAINT_FOREIGNKEY` → `SQLITE_CONSTRAINT`, as D1 reports the primary code. */
function primaryCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? (/^SQLITE_[A-Z]+/.exec(code)?.[0] ?? 'SQLITE_ERROR') : 'SQLITE_ERROR';
}

/** D1 binds strings, numbers and null; booleans arrive as JSON booleans and mean 1/0. */
function bindable(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value) && value.every((byte) => typeof byte === 'number')) return Buffer.from(value);
  throw new D1ApiError(400, 7500, `Type '${typeof value}' not supported for value '${JSON.stringify(value)}': SQLITE_MISMATCH`);
}

/** D1 answers BLOBs as arrays of byte values. */
function jsonValue(value: unknown): unknown {
  return Buffer.isBuffer(value) ? [...value] : typeof value === 'bigint' ? Number(value) : value;
}

/** An empty database, serialized and measured once: every new database starts as this snapshot. */
let empty: { bytes: Buffer; fileSize: number } | undefined;
function emptyDatabase(): { bytes: Buffer; fileSize: number } {
  if (!empty) {
    const db = open();
    // Measured before serializing, which gives the database its first page: as a freshly opened one reads.
    const fileSize = sizeOf(db);
    empty = { bytes: db.serialize(), fileSize };
    db.close();
  }
  return empty;
}

/** Bytes a database occupies (page_count × page_size). */
function sizeOf(db: Database.Database): number {
  return Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
}

export class EmulatedDatabase {
  readonly createdAt = new Date();
  readonly timeTravel: TimeTravel;
  /** Opened on first use: a fleet of 1,000 databases costs no SQLite handle until one is queried. */
  private opened: Database.Database | undefined;

  constructor(
    readonly uuid: string,
    readonly name: string,
    tag: number,
  ) {
    this.timeTravel = new TimeTravel(tag, emptyDatabase().bytes);
  }

  /** The live better-sqlite3 handle (opened now if never used). A restore replaces it: ask again after one. */
  get handle(): Database.Database {
    return this.db;
  }

  private get db(): Database.Database {
    this.opened ??= open();
    return this.opened;
  }

  /**
   * Runs every statement of `requests` as ONE transaction and returns one outcome per
   * statement; on any error nothing is kept and a D1ApiError is thrown. The statement split
   * is ours (sql-split.ts), so `params` bind only when their SQL is a single statement.
   */
  execute(requests: readonly SqlRequest[]): StatementOutcome[] {
    const statements = requests.flatMap(({ sql, params = [] }) => {
      const parts = splitStatements(sql.replace(/\r\n?/g, '\n'));
      if (params.length > 0 && parts.length > 1) {
        throw new D1ApiError(
          400,
          7500,
          `A query with bound parameters must be a single statement; this one has ${parts.length}. Send them as a batch: {"batch": [{"sql", "params"}, ...]}.`,
        );
      }
      return parts.map((part) => ({ sql: part, params: params.map(bindable) }));
    });
    if (statements.length === 0) throw new D1ApiError(400, 7500, 'No SQL statements detected.');
    for (const { sql } of statements) {
      const refusal = d1Refusal(sql);
      if (refusal) {
        throw new D1ApiError(400, 7500, `${isTransactionControl(sql) ? TRANSACTION_REFUSAL : refusal}: SQLITE_AUTH`);
      }
    }
    const run = this.db.transaction(() => statements.map(({ sql, params }) => this.run(sql, params)));
    let outcomes: StatementOutcome[];
    try {
      outcomes = run();
    } catch (error) {
      if (error instanceof D1ApiError) throw error;
      throw new D1ApiError(400, 7500, `${(error as Error).message}: ${primaryCode(error)}`);
    }
    const sizeAfter = this.fileSize();
    for (const outcome of outcomes) outcome.meta.size_after = sizeAfter;
    if (outcomes.some((outcome) => outcome.meta.changed_db)) this.timeTravel.record(this.db.serialize());
    return outcomes;
  }

  private run(sql: string, params: unknown[]): StatementOutcome {
    const started = performance.now();
    const statement = this.db.prepare(sql);
    // D1 binds `?1`, `?2` by position; better-sqlite3 takes numbered parameters only as an object.
    const args: unknown[] = params.length > 0 && /\?\d/.test(stripComments(sql)) ? [Object.fromEntries(params.map((value, i) => [i + 1, value]))] : params;
    let rows: Record<string, unknown>[] = [];
    let changes = 0;
    let lastRowId = 0;
    if (statement.reader) {
      rows = (statement.all(...args) as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([key, value]) => [key, jsonValue(value)])),
      );
    } else {
      const result = statement.run(...args);
      changes = result.changes;
      lastRowId = Number(result.lastInsertRowid);
    }
    const columns = statement.reader ? statement.columns().map((column) => column.name) : [];
    const duration = performance.now() - started;
    const writes = !statement.reader || /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
    return {
      columns,
      rows,
      meta: {
        changed_db: writes,
        changes,
        duration,
        last_row_id: lastRowId,
        rows_read: statement.reader ? rows.length : changes,
        rows_written: writes ? Math.max(changes, statement.reader ? rows.length : 0) : 0,
        size_after: 0,
        served_by_primary: true,
        served_by_region: REGION,
        timings: { sql_duration_ms: duration },
      },
    };
  }

  /** Bytes the database occupies (page_count × page_size). */
  fileSize(): number {
    return sizeOf(this.db);
  }

  /** The database record `GET /d1/database/{id}` answers. */
  info(): Record<string, unknown> {
    // A database never used is the empty one: listing a fleet opens none of them.
    const tables = this.opened
      ? (this.opened.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").get() as {
          n: number;
        })
      : { n: 0 };
    return {
      uuid: this.uuid,
      name: this.name,
      version: 'production',
      num_tables: tables.n,
      file_size: this.opened ? this.fileSize() : emptyDatabase().fileSize,
      created_at: this.createdAt.toISOString(),
      running_in_region: REGION,
      read_replication: { mode: 'disabled' },
    };
  }

  /** The current bookmark; a change made straight through `handle` gets one here too. */
  currentBookmark(): string {
    // Unopened, the database is still its first snapshot: no need to open it to say so.
    return this.opened ? this.timeTravel.record(this.opened.serialize()) : this.timeTravel.current();
  }

  /**
   * Restores the state of `bookmark` (1. bookmark the state being replaced, 2. swap the
   * database for the snapshot's copy, 3. bookmark the restored state as a new position).
   */
  restore(bookmark: string): { bookmark: string; previous_bookmark: string; message: string } {
    const snapshot = this.timeTravel.find(bookmark);
    if (!snapshot) throw new D1ApiError(400, 7500, `Invalid bookmark '${bookmark}': no such point in this database's history.`);
    const previous = this.currentBookmark();
    const restored = open(snapshot.bytes);
    this.db.close();
    this.opened = restored;
    this.timeTravel.record(this.db.serialize());
    return { bookmark, previous_bookmark: previous, message: `Database ${this.name} restored to bookmark ${bookmark}.` };
  }

  /**
   * The database as it was at `bookmark`, as SQL in the form D1's export writes (the state of
   * that point in time, whatever was written since), or undefined for an unknown bookmark.
   */
  exportSql(bookmark: string, options: DumpOptions = {}): string | undefined {
    const snapshot = this.timeTravel.find(bookmark);
    if (!snapshot) return undefined;
    const copy = open(snapshot.bytes);
    try {
      return dumpSqlite(copy, options);
    } finally {
      copy.close();
    }
  }

  close(): void {
    if (this.opened?.open) this.opened.close();
  }
}

/** The databases of the emulated account. */
export class DatabaseRegistry {
  private readonly byId = new Map<string, EmulatedDatabase>();
  private readonly names = new Set<string>();
  /** Tells the bookmarks of databases apart; never reused, so a deleted database's tag stays its own. */
  private nextTag = 1;

  /** Creates a database; `uuid` defaults to a random one. Names are unique, as in D1. */
  create(name: string, uuid: string = randomUUID()): EmulatedDatabase {
    if (this.names.has(name)) throw new D1ApiError(400, 7502, 'A database with that name already exists');
    if (this.byId.has(uuid)) throw new D1ApiError(400, 7502, `A database with id ${uuid} already exists`);
    const db = new EmulatedDatabase(uuid, name, this.nextTag++);
    this.byId.set(uuid, db);
    this.names.add(name);
    return db;
  }

  has(name: string): boolean {
    return this.names.has(name);
  }

  get(uuid: string): EmulatedDatabase | undefined {
    return this.byId.get(uuid);
  }

  /** Databases in creation order, optionally those whose name contains `name`. */
  list(name?: string): EmulatedDatabase[] {
    return [...this.byId.values()].filter((db) => name === undefined || db.name.includes(name));
  }

  delete(uuid: string): boolean {
    const db = this.byId.get(uuid);
    if (!db) return false;
    db.close();
    this.names.delete(db.name);
    return this.byId.delete(uuid);
  }

  close(): void {
    for (const db of this.byId.values()) db.close();
  }
}
