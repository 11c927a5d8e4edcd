/**
 * Declared intent, not muted tables: a backfill declared per column, a column renamed
 * through a rebuild, a rebuild's copy expression. Each chain is a real drizzle-kit folder
 * (buildChain) replayed by `runCheck` on better-sqlite3 and workerd's D1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../../src/check/index';
import { copyIntent } from '../../src/check/intent-copy';
import { dataChangeMarkers, lintMigration } from '../../src/check/lint';
import { chainSteps } from '../../src/check/replay';
import { BREAKPOINT, readMigrationFolder, snapshotPath } from '../../src/folder/migration-folder';
import type { Snapshot } from '../../src/schema/snapshot';
import { SqliteTransport } from '../../src/transports/sqlite';
import { query, statements } from '../../src/transports/transport';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v3 } from '../fixtures/chains/schemas';

type DrizzleKitApi = typeof import('drizzle-kit/api');
const api = createRequire(import.meta.url)('drizzle-kit/api') as DrizzleKitApi;

const lines = (...sql: string[]) => sql.join(`${BREAKPOINT}\n`);
const check = (chain: BuiltChain) => runCheck({ dir: chain.dir, schema: false });
const last = (report: CheckReport) => report.migrations.at(-1)!;
const errors = (report: CheckReport) => report.findings.filter((f) => f.severity === 'error');

/** users.name renamed to full_name (drizzle-kit would ask whether it is a rename, so this snapshot is written by hand). */
const usersRenamed = { users: sqliteTable('users', { id: text('id').primaryKey(), fullName: text('full_name').notNull() }) };
/** users with a new NOT NULL column without a default. */
const usersWithNick = { users: sqliteTable('users', { id: text('id').primaryKey(), name: text('name').notNull(), nick: text('nick').notNull() }) };

/** notes → users, first without an index on the foreign key, then with one. */
const noteColumns = { id: text('id').primaryKey(), userId: text('user_id').references(() => v1.users.id) };
const notes = { ...v1, notes: sqliteTable('notes', noteColumns) };
const notesIndexed = { ...v1, notes: sqliteTable('notes', noteColumns, (t) => [index('notes_user_id_idx').on(t.userId)]) };

/**
 * users, then one migration of `sql` whose snapshot is `schema`: written over the one
 * buildChain wrote, since drizzle-kit's generate prompts for a rename.
 */
async function usersThen(name: string, schema: Record<string, unknown>, sql: string): Promise<BuiltChain> {
  const chain = await buildChain([
    { name: 'users', schema: v1 },
    { name, schema: v1, sql: () => sql },
  ]);
  const previous = JSON.parse(readFileSync(snapshotPath(chain.dir, 0), 'utf8')) as Snapshot;
  writeFileSync(snapshotPath(chain.dir, 1), JSON.stringify(await api.generateSQLiteDrizzleJson(schema, previous.id), null, 2));
  return chain;
}

/** A drizzle-kit-shaped rebuild of users into `create`, copied by `copy`. */
const rebuildUsers = (create: string, copy: string) =>
  lines(
    `CREATE TABLE \`__new_users\` (${create});`,
    `INSERT INTO \`__new_users\`${copy} FROM \`users\`;`,
    'DROP TABLE `users`;',
    'ALTER TABLE `__new_users` RENAME TO `users`;',
  );

const RENAMED_TABLE = '`id` text PRIMARY KEY NOT NULL, `full_name` text NOT NULL';
const NICK_TABLE = '`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL, `nick` text NOT NULL';
const ADD_VIEWS = lines('ALTER TABLE `posts` ADD `views` integer DEFAULT 7 NOT NULL;', "ALTER TABLE `posts` ADD `label` text DEFAULT 'new';");

describe('-- allow-data-change markers', () => {
  it('reads several table.column entries, quoted or not, before a breakpoint, and ignores an entry without a column', () => {
    const markers = dataChangeMarkers(
      '-- allow-data-change: users.name, `posts`."title"\n--allow-data-change:users\n-- allow-data-change: tags.label--> statement-breakpoint\nSELECT 1;',
    );
    expect(markers).toEqual(
      new Map([
        ['users', new Set(['name'])],
        ['posts', new Set(['title'])],
        ['tags', new Set(['label'])],
      ]),
    );
  });

  it('reads names that are not ASCII, as the hint writes them, and quoted names with dots or blanks', () => {
    expect(dataChangeMarkers('-- allow-data-change: größe.wert, "a b"."c.d"')).toEqual(
      new Map([
        ['größe', new Set(['wert'])],
        ['a b', new Set(['c.d'])],
      ]),
    );
  });
});

describe('a backfill declared per column (both engines)', () => {
  const chains: Record<string, BuiltChain> = {};
  const posts = (sql: string) =>
    buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'backfill', schema: v3, sql: () => sql },
    ]);
  beforeAll(async () => {
    const backfill = lines(ADD_VIEWS, 'UPDATE `posts` SET `views` = length(`title`);');
    chains.undeclared = await posts(backfill);
    chains.declared = await posts(`-- allow-data-change: posts.views\n${backfill}`);
    chains.backfillsUsers = await posts(lines('-- allow-data-change: users.name', ADD_VIEWS, 'UPDATE `users` SET `name` = upper(`name`);'));
    chains.tableOnly = await posts(lines('-- allow-data-change: users', ADD_VIEWS, 'UPDATE `users` SET `name` = upper(`name`);'));
    chains.deletesOther = await posts(
      `-- allow-data-change: posts.views\n${lines(backfill, 'DELETE FROM `users` WHERE `id` = (SELECT min(`id`) FROM `users`);')}`,
    );
    chains.deletesSame = await posts(
      `-- allow-data-change: users.name\n${lines(ADD_VIEWS, 'UPDATE `users` SET `name` = upper(`name`);', 'DELETE FROM `users` WHERE `id` = (SELECT min(`id`) FROM `users`);')}`,
    );
    chains.changesOther = await posts(`-- allow-data-change: posts.views\n${lines(backfill, "UPDATE `posts` SET `title` = 'same';")}`);
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('fails without the marker: the backfilled column does not hold its default', async () => {
    const [finding, ...rest] = errors(await check(chains.undeclared!));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'data-changed', table: 'posts', engines: ['sqlite', 'd1'] });
    expect(finding!.message).toMatch(/^0002_backfill\.sql added posts\.views, but 3 of 3 existing rows hold \d+ instead of its default 7/);
    expect(finding!.hint).toContain('`-- allow-data-change: posts.views`');
  });

  it('passes with `-- allow-data-change: posts.views`, and the summary says what changed', async () => {
    const report = await check(chains.declared!);
    expect(errors(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(last(report).declared).toEqual([
      expect.stringMatching(
        /added posts\.views, but 3 of 3 existing rows hold \d+ instead of its default 7 \(declared with -- allow-data-change: posts\.views\)$/,
      ),
    ]);
  });

  it('passes a backfill of an existing column of another table declared by its name', async () => {
    const report = await check(chains.backfillsUsers!);
    expect(report.ok).toBe(true);
    expect(last(report).declared).toEqual([
      expect.stringMatching(
        /changed users\.name in 3 of 3 rows: was 'users\.name#\d+', now 'USERS\.NAME#\d+' \(declared with -- allow-data-change: users\.name\)$/,
      ),
    ]);
  });

  it('does not take a table name without a column as a declaration', async () => {
    const [finding] = errors(await check(chains.tableOnly!));
    expect(finding).toMatchObject({ rule: 'data-changed', table: 'users' });
    expect(finding!.hint).toContain('`-- allow-data-change: users.name`');
  });

  it('still fails when the same migration deletes rows of another table', async () => {
    const report = await check(chains.deletesOther!);
    expect(report.ok).toBe(false);
    const loss = errors(report).find((f) => f.table === 'users');
    expect(loss).toMatchObject({ rule: 'data-loss', engines: ['sqlite', 'd1'] });
    expect(loss!.message).toMatch(/^0002_backfill\.sql deleted 1 of 3 rows of users/);
    expect(last(report).declared.some((d) => d.includes('allow-data-change: posts.views'))).toBe(true);
  });

  it('still fails when the same migration deletes rows of the declared column’s own table', async () => {
    const report = await check(chains.deletesSame!);
    expect(errors(report).map((f) => [f.rule, f.table])).toContainEqual(['data-loss', 'users']);
  });

  it('still fails when the same migration changes another column of the declared table', async () => {
    const [finding, ...rest] = errors(await check(chains.changesOther!));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'data-changed', table: 'posts' });
    expect(finding!.message).toMatch(/changed posts\.title in 3 of 3 rows/);
  });
});

describe('a column renamed through a rebuild (both engines)', () => {
  const renameSql = rebuildUsers(RENAMED_TABLE, '("id", "full_name") SELECT "id", "name"');
  // The same rename by position: `*` says nothing about which column goes where, so it is not followed.
  const starSql = rebuildUsers(RENAMED_TABLE, ' SELECT *');
  const chains: Record<string, BuiltChain> = {};
  beforeAll(async () => {
    chains.rename = await usersThen('rename_name', usersRenamed, renameSql);
    chains.star = await usersThen('rename_name', usersRenamed, starSql);
    // drizzle-kit's own form when a renamed column also changes: RENAME COLUMN, then a rebuild copying the new name.
    chains.drizzleKit = await usersThen(
      'rename_name',
      usersRenamed,
      lines('ALTER TABLE `users` RENAME COLUMN `name` TO `full_name`;', rebuildUsers(RENAMED_TABLE, '("id", "full_name") SELECT "id", "full_name"')),
    );
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('moves the values to the new column on the engine', async () => {
    const [users, rename] = readMigrationFolder(chains.rename!.dir).migrations;
    const engine = new SqliteTransport();
    try {
      await engine.batch(statements(users!.statements));
      await engine.batch(statements(["INSERT INTO `users` VALUES ('u1', 'Ann')"]));
      await engine.batch(statements(rename!.statements));
      expect(await query(engine, 'SELECT * FROM `users`')).toEqual([{ id: 'u1', full_name: 'Ann' }]);
    } finally {
      await engine.close?.();
    }
  });

  it('is recognised from the copy: name is gone after, full_name is new', () => {
    const [, step] = chainSteps(readMigrationFolder(chains.rename!.dir).migrations);
    expect(copyIntent(step!.migration.statements, step!.before, step!.after)).toEqual({
      renames: new Map([['users', new Map([['name', 'full_name']])]]),
      transforms: new Map(),
    });
  });

  it('passes lint and replay without any marker, its rows compared under the new name', async () => {
    const report = await check(chains.rename!);
    expect(report.findings).toEqual([]);
    expect(last(report).engines).toMatchObject({ sqlite: { status: 'ran', rowsChecked: 3 }, d1: { status: 'ran', rowsChecked: 3 } });
    expect(last(report).declared).toEqual(["0001_rename_name.sql renames users.name to full_name in its rebuild's copy; 3 rows compared under the new name"]);
  });

  it("passes drizzle-kit's RENAME COLUMN followed by a rebuild", async () => {
    const report = await check(chains.drizzleKit!);
    expect(report.findings).toEqual([]);
    expect(last(report).engines).toMatchObject({ sqlite: { status: 'ran', rowsChecked: 3 }, d1: { status: 'ran', rowsChecked: 3 } });
  });

  it('fails when the rename is not readable from the copy, as every rebuild rename did before', async () => {
    const report = await check(chains.star!);
    expect(errors(report).map((f) => f.rule)).toEqual(['not-null-without-default', 'data-loss', 'data-changed']);
    const loss = errors(report).find((f) => f.rule === 'data-loss')!;
    expect(loss.message).toMatch(/dropped users\.name, which held values in 3 of 3 rows/);
    expect(loss.hint).toContain("copy name under its new name in the rebuild's INSERT ... SELECT");
  });
});

describe("a rebuild's copy expression that supplies a value (both engines)", () => {
  const chains: Record<string, BuiltChain> = {};
  beforeAll(async () => {
    chains.supplied = await usersThen(
      'nick',
      usersWithNick,
      rebuildUsers(NICK_TABLE, '("id", "name", "nick") SELECT "id", upper("name"), lower("name") AS "nick"'),
    );
    chains.literal = await usersThen('nick', usersWithNick, rebuildUsers(NICK_TABLE, `("id", "name", "nick") SELECT "id", "name", 'anon'`));
    chains.wrongColumn = await usersThen('nick', usersWithNick, rebuildUsers(NICK_TABLE, '("id", "name", "nick") SELECT "id", "id", lower("name")'));
    chains.missing = await usersThen('nick', usersWithNick, rebuildUsers(NICK_TABLE, '("id", "name") SELECT "id", "name"'));
    chains.updated = await usersThen(
      'nick',
      usersWithNick,
      lines(rebuildUsers(NICK_TABLE, '("id", "name", "nick") SELECT "id", "name", lower("name")'), 'UPDATE `users` SET `name` = upper(`name`);'),
    );
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('is no not-null-without-default, and each column it computes is an expected change', async () => {
    const report = await check(chains.supplied!);
    expect(report.findings).toEqual([]);
    expect(last(report).declared).toEqual([
      expect.stringMatching(
        /changed users\.name in 3 of 3 rows: was 'users\.name#\d+', now 'USERS\.NAME#\d+' \(set on purpose by the rebuild's copy: name = upper\("name"\)\)$/,
      ),
      expect.stringMatching(
        /added users\.nick, but 3 of 3 existing rows hold 'users\.name#\d+' instead of its default NULL \(set on purpose by the rebuild's copy: nick = lower\("name"\)\)$/,
      ),
    ]);
  });

  it('accepts a literal as the value of the new column', async () => {
    const report = await check(chains.literal!);
    expect(report.findings).toEqual([]);
    expect(last(report).declared).toEqual([
      expect.stringContaining("hold 'anon' instead of its default NULL (set on purpose by the rebuild's copy: nick = 'anon')"),
    ]);
  });

  it('still checks a bare column copied into another column that stays (the wrong column selected)', async () => {
    const [finding, ...rest] = errors(await check(chains.wrongColumn!));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'data-changed', table: 'users', engines: ['sqlite', 'd1'] });
    expect(finding!.message).toMatch(/changed users\.name in 3 of 3 rows: was 'users\.name#\d+', now 'users\.id#\d+'/);
  });

  it('is not-null-without-default, and fails on both engines, when the copy leaves the column out', async () => {
    const report = await check(chains.missing!);
    expect(errors(report).map((f) => [f.rule, f.engines])).toEqual([
      ['not-null-without-default', undefined],
      ['replay-failed', ['sqlite']],
      ['replay-failed', ['d1']],
    ]);
    expect(errors(report)[2]!.message).toContain('NOT NULL constraint failed: __new_users.nick');
  });

  it('declares only the columns the copy computes: a later UPDATE of another column still fails', async () => {
    const [finding, ...rest] = errors(await check(chains.updated!));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'data-changed', table: 'users' });
    expect(finding!.message).toMatch(/changed users\.name in 3 of 3 rows/);
  });
});

describe('copyIntent', () => {
  const stepOf = async (sql: string) => {
    const chain = await usersThen('nick', usersWithNick, sql);
    const [, step] = chainSteps(readMigrationFolder(chain.dir).migrations);
    chain.remove();
    return step!;
  };

  it('takes a copy of another column that survives as neither a rename nor a transform', async () => {
    const step = await stepOf(rebuildUsers(NICK_TABLE, '("id", "name", "nick") SELECT "id", "name", "name"'));
    expect(copyIntent(step.migration.statements, step.before, step.after)).toEqual({ renames: new Map(), transforms: new Map() });
  });

  it("infers nothing from drizzle-kit's copy of an unknown double-quoted name (the quoted-identifier hazard)", async () => {
    const step = await stepOf(rebuildUsers(NICK_TABLE, '("id", "name", "nick") SELECT "id", "name", "nick"'));
    expect(copyIntent(step.migration.statements, step.before, step.after)).toEqual({ renames: new Map(), transforms: new Map() });
  });

  it('maps a copy without a column list to the new columns in order', async () => {
    const step = await stepOf(rebuildUsers(NICK_TABLE, " SELECT id, name, 'x' || (SELECT count(*) FROM users)"));
    expect(copyIntent(step.migration.statements, step.before, step.after).transforms).toEqual(
      new Map([['users', new Map([['nick', "'x' || (SELECT count(*) FROM users)"]])]]),
    );
  });

  it('leaves a renamed NOT NULL column out of not-null-without-default', async () => {
    const chain = await usersThen('rename_name', usersRenamed, rebuildUsers(RENAMED_TABLE, '("id", "full_name") SELECT "id", "name"'));
    try {
      const [, step] = chainSteps(readMigrationFolder(chain.dir).migrations);
      expect(lintMigration(step!.migration, step!.before, step!.after)).toEqual([]);
    } finally {
      chain.remove();
    }
  });
});

describe('a fk-without-index warning a later migration of the chain resolves', () => {
  const chains: Record<string, BuiltChain> = {};
  beforeAll(async () => {
    const start = [
      { name: 'users', schema: v1 },
      { name: 'notes', schema: notes },
    ];
    chains.unresolved = await buildChain(start);
    chains.resolved = await buildChain([...start, { name: 'notes_index', schema: notesIndexed }]);
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('is reported while the end of the chain has no index on the key', async () => {
    const findings = (await check(chains.unresolved!)).findings;
    expect(findings.map((f) => [f.rule, f.migration])).toEqual([['fk-without-index', '0001_notes.sql']]);
  });

  it('is dropped when a later migration adds the index', async () => {
    expect(readFileSync(join(chains.resolved!.dir, '0002_notes_index.sql'), 'utf8')).toContain('CREATE INDEX `notes_user_id_idx` ON `notes` (`user_id`)');
    expect((await check(chains.resolved!)).findings).toEqual([]);
  });
});
