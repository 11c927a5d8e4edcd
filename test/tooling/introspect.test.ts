import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrationFolder, splitMigration } from '../../packages/d1-evolve/src/folder/migration-folder';
import { diffShapes } from '../../packages/d1-evolve/src/schema/compare';
import { introspect } from '../../packages/d1-evolve/src/schema/live';
import { normaliseDefault } from '../../packages/d1-evolve/src/schema/sql-text';
import { shapeFromSnapshot } from '../../packages/d1-evolve/src/schema/from-snapshot';
import { type Snapshot, readSnapshot } from '../../packages/d1-evolve/src/schema/snapshot';
import type { D1Transport } from '../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../packages/d1-evolve/src/transports/miniflare';
import { SqliteTransport } from '../../packages/d1-evolve/src/transports/sqlite';
import { PROJECT_ROOT } from '../support/project';

const folder = readMigrationFolder(join(PROJECT_ROOT, 'drizzle'));
const latest = readSnapshot(folder.migrations.at(-1)!.snapshotPath);

const engines: [string, () => D1Transport][] = [
  ['better-sqlite3', () => new SqliteTransport()],
  ["workerd's D1", () => new MiniflareTransport({ databaseId: 'introspect-test' })],
];

let open: D1Transport[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.close?.()));
  open = [];
});

function engine(make: () => D1Transport): D1Transport {
  const transport = make();
  open.push(transport);
  return transport;
}

/** Applies every migration of drizzle/ (each file one batch), optionally edited first. */
async function applyChain(transport: D1Transport, edit: (sql: string) => string = (sql) => sql): Promise<void> {
  for (const migration of folder.migrations) {
    await transport.batch(splitMigration(edit(migration.sql)).map((sql) => ({ sql })));
  }
}

/** The latest snapshot cut down to the named tables. */
function snapshotOf(...tables: string[]): Snapshot {
  return { ...latest, tables: Object.fromEntries(tables.map((name) => [name, latest.tables[name]!])), views: {} };
}

describe.each(engines)('introspect on %s', (_, make) => {
  it('finds the database built by applying drizzle/ equal to the latest snapshot', async () => {
    const db = engine(make);
    await applyChain(db);
    const live = await introspect(db);
    expect(Object.keys(live.tables)).toHaveLength(Object.keys(latest.tables).length);
    expect(Object.keys(live.views)).toEqual(['eval_comparison']);
    expect(diffShapes(live, shapeFromSnapshot(latest))).toEqual([]);
  });

  it('reads an empty database as no tables and no views (D1 refuses an empty batch)', async () => {
    expect(await introspect(engine(make))).toEqual({ tables: {}, views: {} });
  });

  it('ignores the ledger, lock and sqlite_sequence tables', async () => {
    const db = engine(make);
    await applyChain(db);
    await db.batch([
      { sql: 'CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)' },
      { sql: "INSERT INTO d1_migrations (name) VALUES ('0000_baseline.sql')" },
      { sql: 'CREATE TABLE d1_migrations_lock (id INTEGER PRIMARY KEY, holder TEXT)' },
    ]);
    expect(diffShapes(await introspect(db), shapeFromSnapshot(latest))).toEqual([]);
  });

  it('names a dropped index and a changed default', async () => {
    const db = engine(make);
    await applyChain(db, (sql) => sql.replace("`status` text DEFAULT 'candidate' NOT NULL", "`status` text DEFAULT 'active' NOT NULL"));
    await db.batch([{ sql: 'DROP INDEX idx_agents_status' }]);
    expect(diffShapes(await introspect(db), shapeFromSnapshot(latest))).toEqual([
      "table agent_versions: column status default: 'active' in the database, 'candidate' in the snapshot",
      'table agents: index idx_agents_status (status) missing from the database',
    ]);
  });
});

describe('diffShapes over hand-written schemas', () => {
  it('reads a table written by hand with other quoting, case and default spelling as the snapshot', async () => {
    const db = engine(() => new SqliteTransport());
    await db.batch([
      { sql: 'CREATE TABLE users (id TEXT NOT NULL PRIMARY KEY, email TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (CURRENT_TIMESTAMP))' },
      { sql: 'CREATE UNIQUE INDEX "users_email_unique" ON "users" ("email")' },
    ]);
    expect(diffShapes(await introspect(db), shapeFromSnapshot(snapshotOf('users')))).toEqual([]);
  });

  it('counts an inline UNIQUE constraint, which SQLite keeps as sqlite_autoindex, against a named unique index', async () => {
    const db = engine(() => new SqliteTransport());
    await db.batch([
      { sql: 'CREATE TABLE users (id text PRIMARY KEY NOT NULL, email text NOT NULL UNIQUE, created_at text DEFAULT CURRENT_TIMESTAMP NOT NULL)' },
    ]);
    expect(diffShapes(await introspect(db), shapeFromSnapshot(snapshotOf('users')))).toEqual([
      'table users: index users_email_unique UNIQUE (email) missing from the database',
      'table users: UNIQUE (email) constraint in the database but not in the snapshot',
    ]);
  });

  it('names missing and extra tables, columns, nullability, foreign-key actions, checks and views', async () => {
    const db = engine(() => new SqliteTransport());
    await db.batch([
      { sql: 'CREATE TABLE users (id text PRIMARY KEY NOT NULL, email text, created_at text DEFAULT CURRENT_TIMESTAMP NOT NULL, nickname text)' },
      { sql: 'CREATE UNIQUE INDEX users_email_unique ON users (email)' },
      {
        sql: `CREATE TABLE workspaces (id text PRIMARY KEY NOT NULL, user_id text NOT NULL, name text NOT NULL,
          created_at text DEFAULT CURRENT_TIMESTAMP NOT NULL,
          FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE set null, CHECK (length(name) > 0))`,
      },
      { sql: 'CREATE INDEX idx_workspaces_user_id ON workspaces (user_id)' },
      { sql: 'CREATE TABLE scratch (x integer)' },
      { sql: 'CREATE VIEW eval_comparison AS SELECT 1 AS one' },
    ]);
    const expected = snapshotOf('users', 'workspaces', 'tools');
    expect(diffShapes(await introspect(db), shapeFromSnapshot(expected))).toEqual([
      'table scratch: in the database but not in the snapshot',
      'table tools: missing from the database (it is in the snapshot)',
      'table users: column email: nullable in the database, NOT NULL in the snapshot',
      'table users: column nickname in the database but not in the snapshot',
      'table workspaces: foreign key (user_id) -> users(id): ON DELETE set null ON UPDATE no action in the database, ON DELETE cascade ON UPDATE no action in the snapshot',
      'table workspaces: CHECK (length(name)>0) in the database but not in the snapshot',
      'view eval_comparison: in the database but not in the snapshot',
    ]);
  });
});

describe('normaliseDefault', () => {
  it.each([
    ['CURRENT_TIMESTAMP', '(CURRENT_TIMESTAMP)'],
    [false, '0'],
    [true, 'true'],
    ["'active'", '"active"'],
    ['0.7', 0.7],
    ["(lower('X'))", "lower( 'X' )"],
  ] as const)('reads %j and %j as one default', (a, b) => {
    expect(normaliseDefault(a)).toBe(normaliseDefault(b));
  });

  it("keeps case inside string defaults: 'Active' is not 'active'", () => {
    expect(normaliseDefault("'Active'")).not.toBe(normaliseDefault("'active'"));
  });
});
