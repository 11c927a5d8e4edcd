/**
 * `d1-evolve check` proves every down on both engines: up then down gives back the schema
 * before the up and the rows seeded before it (except what the files declare), and the up
 * runs again to the same schema. Each case has its control: the same chain with a correct down.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckReport, runCheck } from '../../src/check/index';
import { formatReport } from '../../src/check/summary';
import { DOWN_FOLDER, generatedHeader } from '../../src/folder/downs';
import { BREAKPOINT } from '../../src/folder/migration-folder';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v3 } from '../fixtures/chains/schemas';

/** users gains a nullable `nick`: drizzle-kit writes ALTER TABLE ADD, and posts (ON DELETE CASCADE) hangs below users. */
const usersWithNick = sqliteTable('users', { id: text('id').primaryKey(), name: text('name').notNull(), nick: text('nick') });
const v2Nick = { users: usersWithNick, posts: v2.posts };

/** A down of 0002 that drops `nick` the way drizzle-kit rebuilds a table: DROP TABLE users deletes every post on D1. */
const REBUILD_USERS = [
  'PRAGMA foreign_keys=OFF;',
  'CREATE TABLE `__new_users` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL);',
  'INSERT INTO `__new_users`("id", "name") SELECT "id", "name" FROM `users`;',
  'DROP TABLE `users`;',
  'ALTER TABLE `__new_users` RENAME TO `users`;',
  'PRAGMA foreign_keys=ON;',
].join(`${BREAKPOINT}\n`);

const DROP_POSTS = 'DROP TABLE `posts`;';
const DROP_COLUMNS = `ALTER TABLE \`posts\` DROP COLUMN \`views\`;${BREAKPOINT}\nALTER TABLE \`posts\` DROP COLUMN \`label\`;`;

function writeDown(chain: BuiltChain, index: number, sql: string): void {
  mkdirSync(join(chain.dir, DOWN_FOLDER), { recursive: true });
  writeFileSync(join(chain.dir, DOWN_FOLDER, chain.files[index]!), sql);
}

const check = (chain: BuiltChain) => runCheck({ dir: chain.dir, schema: false, lint: false });
const downOf = (report: CheckReport, name: string) => report.downs.find((d) => d.name === name)!;

describe('the proof of the downs (better-sqlite3 and workerd D1)', () => {
  const chains: BuiltChain[] = [];
  const chain = async (steps: Parameters<typeof buildChain>[0], downs: Record<number, string>) => {
    const built = await buildChain(steps);
    chains.push(built);
    for (const [index, sql] of Object.entries(downs)) writeDown(built, Number(index), sql);
    return built;
  };
  const posts = [
    { name: 'users', schema: v1 },
    { name: 'posts', schema: v2 },
    { name: 'post_views', schema: v3 },
  ];
  const nick = [
    { name: 'users', schema: v1 },
    { name: 'posts', schema: v2 },
    { name: 'user_nick', schema: v2Nick },
  ];
  afterAll(() => {
    for (const built of chains) built.remove();
  });

  it('proves correct downs on both engines, with the rows seeded before each up compared after its down', async () => {
    const built = await chain(posts, { 1: `${generatedHeader('0001_posts.sql')}\n${DROP_POSTS}`, 2: DROP_COLUMNS });
    const report = await check(built);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.downs.map((d) => [d.name, d.generated, d.proven])).toEqual([
      ['0001_posts.sql', true, true],
      ['0002_post_views.sql', false, true],
    ]);
    const views = downOf(report, '0002_post_views.sql');
    expect(views.engines.sqlite).toMatchObject({ status: 'proven' });
    expect(views.engines.d1).toMatchObject({ status: 'proven' });
    // users and posts, 3 rows each, were there before the up and are there, unchanged, after the down.
    expect(views.engines.d1!.rowsChecked).toBe(6);
    expect(report.migrations.find((m) => m.name === '0002_post_views.sql')!.down).toBe(views);
    expect(report.migrations[0]!.down).toBeUndefined();
    expect(formatReport(report, built.dir).filter((l) => l.includes(' down '))).toEqual([
      '✓ down down/0001_posts.sql (generated)  proven on better-sqlite3 and workerd D1: up, down (3 rows kept), up again',
      '✓ down down/0002_post_views.sql (hand-written)  proven on better-sqlite3 and workerd D1: up, down (6 rows kept), up again',
    ]);
  });

  it('fails a down that forgets to drop the table the up adds, naming the migration and the table', async () => {
    const built = await chain(posts, { 1: 'SELECT 1;' });
    const report = await check(built);
    expect(report.ok).toBe(false);
    const down = downOf(report, '0001_posts.sql');
    expect(down.proven).toBe(false);
    const mismatch = down.findings.find((f) => f.rule === 'down-schema-mismatch')!;
    expect(mismatch).toMatchObject({
      severity: 'error',
      migration: '0001_posts.sql',
      path: join(built.dir, 'down', '0001_posts.sql'),
      engines: ['sqlite', 'd1'],
    });
    expect(mismatch.message).toContain('table posts: in the database after the down but not in the schema before 0001_posts.sql');
    // The up then trips over the table the down left.
    expect(down.findings.find((f) => f.rule === 'down-redo-failed')!.message).toMatch(/table `?posts`? already exists/);
    const summary = formatReport(report, built.dir);
    expect(summary).toContain('✗ down down/0001_posts.sql (hand-written)  not proven');
    expect(summary.some((l) => l.startsWith('    error down-schema-mismatch: 0001_posts.sql then its down does not give back'))).toBe(true);
    // The migrations themselves are fine: only the down is wrong.
    expect(report.migrations.flatMap((m) => m.findings)).toEqual([]);
  });

  it('proves a down against the schema the engine held before the up: an index and a view written by hand are in no snapshot', async () => {
    const built = await chain(posts, { 2: DROP_COLUMNS });
    // What `drizzle-kit generate --custom` leaves to the author: SQL the snapshot does not describe.
    appendFileSync(
      join(built.dir, built.files[1]!),
      `${BREAKPOINT}\nCREATE INDEX \`posts_by_user\` ON \`posts\` (\`id\`);${BREAKPOINT}\nCREATE VIEW \`post_ids\` AS SELECT \`id\` FROM \`posts\`;`,
    );
    const report = await check(built);
    expect(downOf(report, '0002_post_views.sql')).toMatchObject({ proven: true, findings: [] });
    expect(report.ok).toBe(true);
  });

  it("fails a down that loses rows through a rebuild's cascade, and passes it once the down declares the loss", async () => {
    const lossy = await check(await chain(nick, { 2: REBUILD_USERS }));
    const lost = downOf(lossy, '0002_user_nick.sql');
    expect(lost.proven).toBe(false);
    expect(lost.findings).toEqual([
      expect.objectContaining({
        rule: 'down-data-loss',
        migration: '0002_user_nick.sql',
        message: '0002_user_nick.sql then its down deleted 3 of 3 rows of posts (on better-sqlite3 and workerd D1)',
      }),
    ]);
    expect(lost.findings[0]!.hint).toContain('`-- allow-data-loss: posts`');

    const declared = downOf(await check(await chain(nick, { 2: `-- allow-data-loss: posts\n${REBUILD_USERS}` })), '0002_user_nick.sql');
    expect(declared).toMatchObject({ proven: true, findings: [] });
    expect(declared.declared).toEqual(['0002_user_nick.sql then its down deleted 3 of 3 rows of posts (declared with -- allow-data-loss: posts)']);

    // Control: the down that drops the column in place keeps every post.
    const kept = downOf(await check(await chain(nick, { 2: 'ALTER TABLE `users` DROP COLUMN `nick`;' })), '0002_user_nick.sql');
    expect(kept).toMatchObject({ proven: true, findings: [], declared: [] });
  });
});

describe('up, down, up again (better-sqlite3 and workerd D1)', () => {
  const settings = sqliteTable('settings', { key: text('key').notNull() }, (t) => [uniqueIndex('settings_key').on(t.key)]);
  const withNotes = { settings, notes: sqliteTable('notes', { id: text('id').primaryKey() }) };
  /** The up adds notes and a settings row; a down that drops notes but leaves the row makes the next up fail. */
  const ADD_NOTES = (generated: string) => `${generated}${BREAKPOINT}\nINSERT INTO \`settings\` (\`key\`) VALUES ('notes-enabled');`;
  let leaves: BuiltChain;
  let clean: BuiltChain;
  beforeAll(async () => {
    const steps = [
      { name: 'settings', schema: { settings } },
      { name: 'notes', schema: withNotes, sql: ADD_NOTES },
    ];
    leaves = await buildChain(steps);
    writeDown(leaves, 1, 'DROP TABLE `notes`;');
    clean = await buildChain(steps);
    writeDown(clean, 1, `DROP TABLE \`notes\`;${BREAKPOINT}\nDELETE FROM \`settings\` WHERE \`key\` = 'notes-enabled';`);
  });
  afterAll(() => {
    leaves.remove();
    clean.remove();
  });

  it('fails a down after which the up cannot run again, although schema and rows came back', async () => {
    const down = downOf(await check(leaves), '0001_notes.sql');
    expect(down.proven).toBe(false);
    // One finding per engine: each says it in its own words.
    expect(down.findings.flatMap((f) => f.engines)).toEqual(['sqlite', 'd1']);
    for (const finding of down.findings) {
      expect(finding.rule).toBe('down-redo-failed');
      expect(finding.message).toMatch(/^0001_notes\.sql fails when run again after its down: .*UNIQUE constraint failed: settings\.key/);
    }
  });

  it('proves the down that undoes the row as well: the second up leaves the schema of the first', async () => {
    const down = downOf(await check(clean), '0001_notes.sql');
    expect(down).toMatchObject({ proven: true, findings: [] });
  });
});
