/**
 * Drift on the engines a user's database lives on: workerd's D1 (miniflare, the engine of
 * `--local`) and remote D1 (the loopback D1 API). The migrations are applied by the runner,
 * then the database is changed by hand the way the seed projects did it; computeDrift must
 * name each change, and its repair SQL, run as one batch on that very database, must make
 * the drift go away without losing a row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../../src/check/engines';
import { applyMigrations } from '../../src/runner/apply';
import { computeDrift } from '../../src/runner/drift';
import { Ledger, readLedger } from '../../src/runner/ledger';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { type D1Transport, query } from '../../src/transports/transport';
import { DRIFT_MIGRATIONS, DRIFT_ROWS, widenCheck } from '../fixtures/drift';
import { type TempFolder, loopbackTransport, migrationFolder } from './helpers';

const MIGRATIONS = DRIFT_MIGRATIONS;
const ROWS = DRIFT_ROWS;
const WIDEN_CHECK = widenCheck({ withBio: true });

interface Engine {
  name: string;
  open(): Promise<D1Transport>;
}

let server: D1ApiServer | undefined;
const ENGINES: Engine[] = [
  { name: "workerd's D1 (miniflare, as --local)", open: async () => new MiniflareTransport({ databaseId: 'drift-test' }) },
  {
    name: 'remote D1 (the loopback D1 API)',
    open: async () => {
      server = await startD1ApiServer();
      return loopbackTransport(server);
    },
  },
];

describe.each(ENGINES)('drift on $name', (engine) => {
  let folder: TempFolder;
  let db: D1Transport;
  const ledger = new Ledger();
  const rows = async (sql: string) => query(db, sql);
  const drift = async () => computeDrift({ transport: db, migrations: folder.migrations, ledger, rows: await readLedger(db, ledger) });
  /** The messages of the drift found now. */
  const messages = async () => (await drift()).differences.map((d) => d.message);
  /** Runs the repair of the drift found now as one batch, as `wrangler d1 execute --file` does. */
  const repair = async () => {
    const found = await drift();
    if (found.repair.length > 0) await db.batch(found.repair.map((sql) => ({ sql })));
    return found;
  };

  beforeEach(async () => {
    folder = migrationFolder(MIGRATIONS);
    db = await engine.open();
    const applied = await applyMigrations({ transport: db, migrations: folder.migrations });
    expect(applied.ok).toBe(true);
    await db.batch(ROWS.map((sql) => ({ sql })));
  });
  afterEach(async () => {
    await db.close?.();
    await server?.close();
    server = undefined;
    folder.remove();
  });

  it('finds no drift on a database its migrations built', async () => {
    const found = await drift();
    expect(found).toMatchObject({ checked: true, differences: [], repair: [], replayed: ['0000_init.sql', '0001_note_counts.sql'] });
    expect(found.expected).toBe('the schema 2 applied migration(s) create (replayed on better-sqlite3)');
  });

  it('names a column added by hand and drops it again', async () => {
    await db.batch([{ sql: 'ALTER TABLE notes ADD COLUMN nickname text' }]);
    const found = await repair();
    expect(found.differences).toEqual([
      expect.objectContaining({
        kind: 'column-extra',
        table: 'notes',
        message: 'table notes: column nickname in the database but not in the applied migrations',
        repair: ['ALTER TABLE `notes` DROP COLUMN `nickname`'],
      }),
    ]);
    expect(found.repair).toEqual(['ALTER TABLE `notes` DROP COLUMN `nickname`']);
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it('drops an index made by hand on an added column before the column (SQLite drops no indexed column)', async () => {
    await db.batch([{ sql: 'ALTER TABLE accounts ADD COLUMN handle text' }, { sql: 'CREATE UNIQUE INDEX accounts_handle ON accounts (handle)' }]);
    expect(await messages()).toEqual([
      'table accounts: column handle in the database but not in the applied migrations',
      'table accounts: index accounts_handle UNIQUE (handle) in the database but not in the applied migrations',
    ]);
    const found = await repair();
    expect(found.repair).toEqual(['DROP INDEX `accounts_handle`', 'ALTER TABLE `accounts` DROP COLUMN `handle`']);
    expect(await messages()).toEqual([]);
  });

  it('rebuilds a table whose added column SQLite cannot drop (a foreign key), keeping its rows', async () => {
    await db.batch([
      { sql: 'ALTER TABLE notes ADD COLUMN editor_id integer REFERENCES accounts(id) ON DELETE SET NULL' },
      { sql: 'UPDATE notes SET editor_id = 2' },
    ]);
    const found = await drift();
    expect(found.differences.map((d) => d.message)).toEqual([
      'table notes: column editor_id in the database but not in the applied migrations',
      'table notes: foreign key (editor_id) -> accounts(id) ON DELETE set null ON UPDATE no action in the database but not in the applied migrations',
    ]);
    expect(found.repair).toEqual([
      'PRAGMA defer_foreign_keys = ON',
      'CREATE TABLE `__new_notes` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`account_id` integer NOT NULL,\n\t`body` text NOT NULL,\n\tFOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade\n)',
      'INSERT INTO `__new_notes` (`id`, `account_id`, `body`) SELECT `id`, `account_id`, `body` FROM `notes`',
      'DROP VIEW `note_counts`',
      'DROP TABLE `notes`',
      'ALTER TABLE `__new_notes` RENAME TO `notes`',
      'CREATE VIEW `note_counts` AS SELECT `account_id`, count(*) AS `n` FROM `notes` GROUP BY `account_id`',
      'CREATE INDEX `notes_account_id_idx` ON `notes` (`account_id`)',
    ]);
    await repair();
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it('names an index dropped by hand and creates it again as the migration wrote it', async () => {
    await db.batch([{ sql: 'DROP INDEX notes_account_id_idx' }]);
    const found = await repair();
    expect(found.differences.map((d) => [d.message, d.repair])).toEqual([
      ['table notes: index notes_account_id_idx (account_id) missing from the database', ['CREATE INDEX `notes_account_id_idx` ON `notes` (`account_id`)']],
    ]);
    expect(await messages()).toEqual([]);
  });

  it('names a column dropped by hand and adds it again as the migration defined it', async () => {
    await db.batch([{ sql: "UPDATE accounts SET bio = 'gone'" }, { sql: 'ALTER TABLE accounts DROP COLUMN bio' }]);
    const found = await repair();
    expect(found.differences.map((d) => [d.message, d.repair])).toEqual([
      ['table accounts: column bio missing from the database', ['ALTER TABLE `accounts` ADD COLUMN `bio` text']],
    ]);
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it('names a table dropped by hand and creates it again empty with its index and the view over it, saying its rows are not back', async () => {
    await db.batch([{ sql: 'DROP VIEW note_counts' }, { sql: 'DROP TABLE notes' }]);
    const found = await repair();
    expect(found.differences.map((d) => d.message)).toEqual([
      'table notes: missing from the database (it is in the applied migrations)',
      'view note_counts: missing from the database (it is in the applied migrations)',
    ]);
    expect(found.repair).toEqual([
      MIGRATIONS['0000_init'].split('\n--> statement-breakpoint\n')[2]!.replace(/;$/, ''),
      'CREATE INDEX `notes_account_id_idx` ON `notes` (`account_id`)',
      MIGRATIONS['0001_note_counts'].replace(/;$/, ''),
    ]);
    expect(found.warnings).toEqual(['notes is created again empty: its rows are not brought back (on remote D1 Time Travel can: `d1-evolve restore`)']);
    expect(await messages()).toEqual([]);
  });

  it('creates a table dropped by hand before altering others: SQLite refuses an ALTER while a view reads a table that is gone', async () => {
    await db.batch([{ sql: 'DROP TABLE notes' }, { sql: 'ALTER TABLE accounts ADD COLUMN nickname text' }]);
    await expect(db.batch([{ sql: 'ALTER TABLE accounts DROP COLUMN nickname' }])).rejects.toThrow(/no such table: main\.notes/);
    const found = await repair();
    expect(found.differences.map((d) => d.message)).toEqual([
      'table accounts: column nickname in the database but not in the applied migrations',
      'table notes: missing from the database (it is in the applied migrations)',
    ]);
    expect(found.repair.at(-1)).toBe('ALTER TABLE `accounts` DROP COLUMN `nickname`');
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM note_counts')).toEqual([{ n: 0 }]);
  });

  it('names a table created by hand and drops it, deleting only its own rows', async () => {
    await db.batch([
      { sql: 'CREATE TABLE scratch (id integer PRIMARY KEY, note_id integer REFERENCES notes(id) ON DELETE CASCADE)' },
      { sql: 'INSERT INTO scratch VALUES (1, 1), (2, 3)' },
    ]);
    const found = await repair();
    expect(found.differences.map((d) => [d.kind, d.message, d.repair])).toEqual([
      ['table-extra', 'table scratch: in the database but not in the applied migrations', ['DROP TABLE `scratch`']],
    ]);
    expect(found.warnings).toEqual([
      'DROP TABLE scratch deletes the table and every row in it; if it is wanted, add it to the schema and generate a migration instead',
    ]);
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it('names a CHECK changed by hand and rebuilds the table with the migrations’ CHECK, keeping every row below it', async () => {
    await db.batch(WIDEN_CHECK.map((sql) => ({ sql })));
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
    const found = await repair();
    expect(found.differences.map((d) => d.message)).toEqual([
      "table accounts: CHECK accounts_plan_check (accounts.plan in('free','pro')) missing from the database",
      "table accounts: CHECK accounts_plan_check (plan in('free','pro','team')) in the database but not in the applied migrations",
    ]);
    // One rebuild removes both, and the children are copied aside around its DROP.
    expect(found.differences[0]!.repair).toEqual(found.differences[1]!.repair);
    expect(found.repair).toContain('CREATE TABLE `__keep_notes` AS SELECT `id`, `account_id`, `body` FROM `notes`');
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT id, account_id, body FROM notes ORDER BY id')).toEqual([
      { id: 1, account_id: 1, body: 'first' },
      { id: 2, account_id: 1, body: 'second' },
      { id: 3, account_id: 2, body: 'third' },
    ]);
    expect(await rows('SELECT id, plan FROM accounts ORDER BY id')).toEqual([
      { id: 1, plan: 'pro' },
      { id: 2, plan: 'free' },
    ]);
    await expect(db.batch([{ sql: "UPDATE accounts SET plan = 'team' WHERE id = 2" }])).rejects.toThrow(/CHECK constraint failed/);
  });

  it('names a default and a foreign-key action changed by hand and rebuilds the table with the migrations’ ones', async () => {
    await db.batch(
      [
        'PRAGMA defer_foreign_keys = ON',
        'DROP VIEW note_counts',
        "CREATE TABLE notes_new (id integer PRIMARY KEY NOT NULL, account_id integer NOT NULL REFERENCES accounts(id) ON DELETE SET NULL, body text DEFAULT '' NOT NULL)",
        'INSERT INTO notes_new SELECT * FROM notes',
        'DROP TABLE notes',
        'ALTER TABLE notes_new RENAME TO notes',
        'CREATE INDEX notes_account_id_idx ON notes (account_id)',
        MIGRATIONS['0001_note_counts'],
      ].map((sql) => ({ sql })),
    );
    const found = await repair();
    expect(found.differences.map((d) => d.message)).toEqual([
      "table notes: column body default: '' in the database, (none) in the applied migrations",
      'table notes: foreign key (account_id) -> accounts(id): ON DELETE set null ON UPDATE no action in the database, ON DELETE cascade ON UPDATE no action in the applied migrations',
    ]);
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it('renames the CHECK’s own-table qualifier in the rebuilt table (without it the new table fails: no such column accounts.plan)', async () => {
    await db.batch(WIDEN_CHECK.map((sql) => ({ sql })));
    const create = (await drift()).repair.find((sql) => sql.startsWith('CREATE TABLE `__new_accounts`'))!;
    expect(create).toContain("CHECK(`__new_accounts`.\"plan\" IN ('free', 'pro'))");
    const unqualified = create.replace('`__new_accounts`."plan"', '"accounts"."plan"');
    await expect(db.batch([{ sql: unqualified }])).rejects.toThrow(/no such column: accounts\.plan/);
  });

  it('the rebuild without copying the children aside would delete them (the hazard the repair avoids)', async () => {
    await db.batch(WIDEN_CHECK.map((sql) => ({ sql })));
    const naive = (await drift()).repair.filter((sql) => !/__keep_|^DELETE FROM/.test(sql));
    await db.batch(naive.map((sql) => ({ sql })));
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 0 }]);
  });

  it('names a view dropped or changed by hand and creates the migrations’ view again', async () => {
    await db.batch([
      { sql: 'DROP VIEW note_counts' },
      { sql: 'CREATE VIEW note_counts AS SELECT account_id, count(*) AS total FROM notes GROUP BY account_id' },
    ]);
    const found = await repair();
    expect(found.differences.map((d) => d.message.split('\n')[0])).toEqual(['view note_counts: definition differs']);
    expect(found.repair).toEqual([
      'DROP VIEW `note_counts`',
      'CREATE VIEW `note_counts` AS SELECT `account_id`, count(*) AS `n` FROM `notes` GROUP BY `account_id`',
    ]);
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT account_id, n FROM note_counts ORDER BY account_id')).toEqual([
      { account_id: 1, n: 2 },
      { account_id: 2, n: 1 },
    ]);
  });

  it('repairs several changes at once in one batch', async () => {
    await db.batch([
      { sql: 'ALTER TABLE notes ADD COLUMN nickname text' },
      { sql: 'DROP INDEX notes_account_id_idx' },
      { sql: 'CREATE TABLE scratch (id integer PRIMARY KEY)' },
      { sql: 'DROP VIEW note_counts' },
    ]);
    expect(await messages()).toEqual([
      'table notes: column nickname in the database but not in the applied migrations',
      'table notes: index notes_account_id_idx (account_id) missing from the database',
      'table scratch: in the database but not in the applied migrations',
      'view note_counts: missing from the database (it is in the applied migrations)',
    ]);
    await repair();
    expect(await messages()).toEqual([]);
  });

  it('does not compare a database whose ledger lists no migration but that has tables: no repair that would drop them, baseline named', async () => {
    await db.batch([{ sql: 'DELETE FROM d1_migrations' }]);
    const found = await drift();
    expect(found).toMatchObject({ checked: false, unadopted: true, differences: [], repair: [] });
    expect(found.reason).toBe(
      'not compared: the ledger lists no migration, but the database has tables: built without these migrations: adopt it with `d1-evolve baseline`',
    );
  });

  it('keeps every child row when the REFERENCES clause spells its table in another case (SQLite reads it as the same table)', async () => {
    await db.batch(
      [
        'PRAGMA defer_foreign_keys = ON',
        'DROP VIEW note_counts',
        'CREATE TABLE notes_new (id integer PRIMARY KEY NOT NULL, account_id integer NOT NULL REFERENCES Accounts(id) ON DELETE CASCADE, body text NOT NULL)',
        'INSERT INTO notes_new SELECT * FROM notes',
        'DROP TABLE notes',
        'ALTER TABLE notes_new RENAME TO notes',
        'CREATE INDEX notes_account_id_idx ON notes (account_id)',
        MIGRATIONS['0001_note_counts'],
        ...WIDEN_CHECK,
      ].map((sql) => ({ sql })),
    );
    expect(await rows("SELECT sql LIKE '%REFERENCES Accounts(id)%' AS spelt FROM sqlite_master WHERE name = 'notes'")).toEqual([{ spelt: 1 }]);
    const found = await repair();
    expect(found.differences.map((d) => d.kind)).toEqual(['check-missing', 'check-extra']);
    expect(found.repair).toContain('CREATE TABLE `__keep_notes` AS SELECT `id`, `account_id`, `body` FROM `notes`');
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 3 }]);
  });

  it('does not drop a table made by hand that a table of the migrations references: its DROP would cascade into their rows', async () => {
    folder.edit('0002_tagged', 'CREATE TABLE `tagged` (`id` integer PRIMARY KEY NOT NULL, `tag_id` integer REFERENCES `tags`(`id`) ON DELETE cascade);');
    expect((await applyMigrations({ transport: db, migrations: folder.migrations })).ok).toBe(true);
    await db.batch(['CREATE TABLE tags (id integer PRIMARY KEY)', 'INSERT INTO tags VALUES (1)', 'INSERT INTO tagged VALUES (1, 1)'].map((sql) => ({ sql })));
    const found = await repair();
    expect(found.differences.map((d) => [d.message, d.repair])).toEqual([['table tags: in the database but not in the applied migrations', []]]);
    expect(found.repair).toEqual([]);
    expect(found.warnings).toEqual([
      'tags is not dropped (no automatic repair): tagged of the migrations references it, so DROP TABLE tags would delete or change their rows by its ON DELETE action, or fail; add tags to the schema and generate a migration, or drop it by hand once nothing references it',
    ]);
    expect(await rows('SELECT count(*) AS n FROM tagged')).toEqual([{ n: 1 }]);
    // What the repair avoids: the DROP deletes the migrations' rows.
    await db.batch([{ sql: 'PRAGMA defer_foreign_keys = ON' }, { sql: 'DROP TABLE tags' }]);
    expect(await rows('SELECT count(*) AS n FROM tagged')).toEqual([{ n: 0 }]);
  });

  it('renames back a column renamed by hand, keeping its values, and warns that a dropped column loses its values', async () => {
    await db.batch([{ sql: 'ALTER TABLE notes RENAME COLUMN body TO text' }, { sql: 'ALTER TABLE accounts ADD COLUMN nickname text' }]);
    const found = await repair();
    expect(found.differences.map((d) => [d.message, d.repair])).toEqual([
      ['table accounts: column nickname in the database but not in the applied migrations', ['ALTER TABLE `accounts` DROP COLUMN `nickname`']],
      ['table notes: column body missing from the database', ['ALTER TABLE `notes` RENAME COLUMN `text` TO `body`']],
      ['table notes: column text in the database but not in the applied migrations', ['ALTER TABLE `notes` RENAME COLUMN `text` TO `body`']],
    ]);
    expect(found.warnings).toEqual([
      'dropping accounts.nickname deletes its values; to keep the column instead, put it in the schema, `d1-evolve generate`, then `d1-evolve baseline --to <that migration> --force`',
      'notes.text is taken for body renamed by hand (same type, nullability and default): the repair renames it back, keeping its values',
    ]);
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT body FROM notes ORDER BY id')).toEqual([{ body: 'first' }, { body: 'second' }, { body: 'third' }]);
  });

  it('renames a column back before rebuilding its table, so the rebuild copies its values', async () => {
    await db.batch([
      { sql: 'ALTER TABLE notes RENAME COLUMN body TO text' },
      { sql: 'ALTER TABLE notes ADD COLUMN editor_id integer REFERENCES accounts(id) ON DELETE SET NULL' },
    ]);
    const found = await repair();
    expect(found.repair.slice(0, 2)).toEqual(['PRAGMA defer_foreign_keys = ON', 'ALTER TABLE `notes` RENAME COLUMN `text` TO `body`']);
    expect(found.repair).toContain('INSERT INTO `__new_notes` (`id`, `account_id`, `body`) SELECT `id`, `account_id`, `body` FROM `notes`');
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT body FROM notes ORDER BY id')).toEqual([{ body: 'first' }, { body: 'second' }, { body: 'third' }]);
  });

  it('names an index whose order or collation was changed by hand, and keeps DESC and COLLATE on the indexes a rebuild moves', async () => {
    folder.edit('0002_body_idx', 'CREATE INDEX `notes_body_idx` ON `notes` (`body` COLLATE NOCASE DESC);');
    expect((await applyMigrations({ transport: db, migrations: folder.migrations })).ok).toBe(true);
    await db.batch([{ sql: 'DROP INDEX notes_account_id_idx' }, { sql: 'CREATE INDEX notes_account_id_idx ON notes (account_id DESC)' }]);
    const changed = await repair();
    expect(changed.differences.map((d) => [d.message, d.repair])).toEqual([
      [
        'table notes: index notes_account_id_idx: (account_id desc) in the database, (account_id) in the applied migrations',
        ['DROP INDEX `notes_account_id_idx`', 'CREATE INDEX `notes_account_id_idx` ON `notes` (`account_id`)'],
      ],
    ]);
    await db.batch(WIDEN_CHECK.map((sql) => ({ sql })));
    const rebuilt = await repair();
    expect(rebuilt.repair).toContain('CREATE INDEX `notes_body_idx` ON `notes` (`body` COLLATE NOCASE DESC)');
    expect(await messages()).toEqual([]);
    expect(await rows("SELECT sql FROM sqlite_master WHERE name = 'notes_body_idx'")).toEqual([
      { sql: 'CREATE INDEX `notes_body_idx` ON `notes` (`body` COLLATE NOCASE DESC)' },
    ]);
  });

  it('names a view whose column list was changed by hand, and keeps the list of a view a rebuild moves', async () => {
    folder.edit('0002_plans', 'CREATE VIEW `plans`(`acc`, `p`) AS SELECT `id`, `plan` FROM `accounts`;');
    expect((await applyMigrations({ transport: db, migrations: folder.migrations })).ok).toBe(true);
    await db.batch([{ sql: 'DROP VIEW plans' }, { sql: 'CREATE VIEW plans(account, p) AS SELECT id, plan FROM accounts' }]);
    const changed = await repair();
    expect(changed.differences.map((d) => d.message)).toEqual([
      'view plans: definition differs\n    the database: (account,p) select id,plan from accounts\n    the applied migrations: (acc,p) select id,plan from accounts',
    ]);
    expect(await messages()).toEqual([]);
    const plans = 'CREATE VIEW `plans`(`acc`, `p`) AS SELECT `id`, `plan` FROM `accounts`';
    await db.batch(['DROP VIEW plans', ...WIDEN_CHECK, plans].map((sql) => ({ sql })));
    const rebuilt = await repair();
    expect(rebuilt.repair).toContain('CREATE VIEW `plans`(`acc`, `p`) AS SELECT `id`, `plan` FROM `accounts`');
    expect(await messages()).toEqual([]);
    expect(await rows('SELECT acc, p FROM plans ORDER BY acc')).toEqual([
      { acc: 1, p: 'pro' },
      { acc: 2, p: 'free' },
    ]);
  });

  it('warns that a rebuild to NOT NULL fails whole over a NULL, and such a repair changes nothing', async () => {
    await db.batch(
      [
        'PRAGMA defer_foreign_keys = ON',
        'DROP VIEW note_counts',
        'CREATE TABLE notes_new (id integer PRIMARY KEY NOT NULL, account_id integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, body text)',
        'INSERT INTO notes_new SELECT * FROM notes',
        'DROP TABLE notes',
        'ALTER TABLE notes_new RENAME TO notes',
        'CREATE INDEX notes_account_id_idx ON notes (account_id)',
        MIGRATIONS['0001_note_counts'],
        'INSERT INTO notes (id, account_id, body) VALUES (4, 1, NULL)',
      ].map((sql) => ({ sql })),
    );
    const found = await drift();
    expect(found.warnings).toContain(
      'notes.body is NOT NULL in the migrations and nullable here: if a row of notes holds NULL in it, the repair fails whole and changes nothing; find them with `SELECT count(*) FROM `notes` WHERE `body` IS NULL` and fill them first',
    );
    await expect(db.batch(found.repair.map((sql) => ({ sql })))).rejects.toThrow(/NOT NULL constraint failed/);
    expect(await rows('SELECT count(*) AS n FROM notes')).toEqual([{ n: 4 }]);
    expect(await messages()).toEqual(['table notes: column body: nullable in the database, NOT NULL in the applied migrations']);
  });

  it('replays a data migration that needs the database’s own rows without its rows, and finds no drift', async () => {
    const welcome = "INSERT INTO `notes` (`account_id`, `body`) VALUES (1, 'welcome');";
    folder.edit('0002_welcome_note', welcome);
    expect((await applyMigrations({ transport: db, migrations: folder.migrations })).ok).toBe(true);
    // On an empty database the row has no account to reference: replayed as it is, the migration fails.
    const empty = await openEngine('sqlite');
    await empty.batch(folder.migrations[0]!.statements.map((sql) => ({ sql })));
    await expect(empty.batch([{ sql: welcome }])).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await empty.close?.();

    const found = await drift();
    expect(found).toMatchObject({ checked: true, differences: [] });
    expect(found.notes).toEqual([
      '0002_welcome_note.sql fails on an empty database (its rows need rows this one had): its schema statements were replayed without its INSERT, UPDATE and DELETE',
    ]);
  });

  it('does not compare, saying why, when no engine to replay the migrations on starts', async () => {
    const found = await computeDrift({
      transport: db,
      migrations: folder.migrations,
      ledger,
      rows: await readLedger(db, ledger),
      openEngine: async (name) => {
        throw new Error(`${name} is missing`);
      },
    });
    expect(found).toMatchObject({ checked: false, differences: [], repair: [] });
    expect(found.reason).toBe('not compared: workerd D1, to replay the applied migrations on, did not start (d1 is missing)');
  });

  it('does not compare when the ledger lists a migration this checkout lacks', async () => {
    await db.batch([{ sql: "INSERT INTO d1_migrations (name) VALUES ('0002_from_a_branch.sql')" }]);
    expect(await drift()).toMatchObject({ checked: false, reason: expect.stringContaining('0002_from_a_branch.sql, which this checkout lacks') });
  });
});
