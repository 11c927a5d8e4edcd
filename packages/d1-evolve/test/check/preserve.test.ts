import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../../src/check/index';
import { BREAKPOINT, readMigrationFolder } from '../../src/folder/migration-folder';
import { query, statements } from '../../src/transports/transport';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v2UsersRebuilt, v3, v4 } from '../fixtures/chains/schemas';

const ADD_COLUMNS = `ALTER TABLE \`posts\` ADD \`views\` integer DEFAULT 7 NOT NULL;${BREAKPOINT}\nALTER TABLE \`posts\` ADD \`label\` text DEFAULT 'new';`;

/** users, posts, then `last`. */
function chainEndingWith(last: { name: string; schema: Record<string, unknown>; sql?: (generated: string) => string }): Promise<BuiltChain> {
  return buildChain([{ name: 'users', schema: v1 }, { name: 'posts', schema: v2 }, last]);
}

const check = (chain: BuiltChain) => runCheck({ dir: chain.dir, schema: false, lint: false });
const lastMigration = (report: CheckReport) => report.migrations.at(-1)!;

describe('data preservation (both engines)', () => {
  const chains: Record<string, BuiltChain> = {};
  beforeAll(async () => {
    chains.deletes = await chainEndingWith({ name: 'purge', schema: v2, sql: () => 'DELETE FROM `posts`;' });
    chains.declared = await chainEndingWith({ name: 'purge', schema: v2, sql: () => '-- allow-data-loss: posts\nDELETE FROM `posts`;' });
    chains.updates = await chainEndingWith({ name: 'retitle', schema: v2, sql: () => "UPDATE `posts` SET `title` = 'same for all';" });
    chains.adds = await chainEndingWith({ name: 'post_views', schema: v3 });
    chains.addsWrong = await chainEndingWith({ name: 'post_views', schema: v3, sql: () => `${ADD_COLUMNS}${BREAKPOINT}\nUPDATE \`posts\` SET \`views\` = 1;` });
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('reports a migration that deletes rows, with the table and the number of rows', async () => {
    const report = await check(chains.deletes!);
    expect(report.ok).toBe(false);
    const [finding, ...rest] = lastMigration(report).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'data-loss', severity: 'error', migration: '0002_purge.sql', table: 'posts', engines: ['sqlite', 'd1'] });
    expect(finding!.message).toBe('0002_purge.sql deleted 3 of 3 rows of posts (on better-sqlite3 and workerd D1)');
    expect(finding!.hint).toContain('`-- allow-data-loss: posts`');
  });

  it('accepts the loss when the migration declares it with the marker, and still says so', async () => {
    const report = await check(chains.declared!);
    expect(report.ok).toBe(true);
    expect(lastMigration(report).findings).toEqual([]);
    expect(lastMigration(report).declared).toEqual(['0002_purge.sql deleted 3 of 3 rows of posts (declared with -- allow-data-loss: posts)']);
  });

  it('reports a value the migration changes, and names the marker that declares that column', async () => {
    const [finding] = lastMigration(await check(chains.updates!)).findings;
    expect(finding).toMatchObject({ rule: 'data-changed', table: 'posts' });
    expect(finding!.message).toMatch(/^0002_retitle\.sql changed posts\.title in 3 of 3 rows: was 'posts\.title#\d+', now 'same for all'/);
    expect(finding!.hint).toContain('`-- allow-data-change: posts.title`');
  });

  it('accepts added columns that hold their declared default', async () => {
    const report = await check(chains.adds!);
    expect(report.findings).toEqual([]);
    expect(lastMigration(report).engines).toMatchObject({ sqlite: { status: 'ran', rowsChecked: 6 }, d1: { status: 'ran', rowsChecked: 6 } });
  });

  it('reports an added column whose rows do not hold its default', async () => {
    const [finding, ...rest] = lastMigration(await check(chains.addsWrong!)).findings;
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      '0002_post_views.sql added posts.views, but 3 of 3 existing rows hold 1 instead of its default 7 (on better-sqlite3 and workerd D1)',
    );
  });
});

describe('a column added during a drizzle-kit rebuild (the double-quote hazard)', () => {
  let report: CheckReport;
  let chain: BuiltChain;
  beforeAll(async () => {
    chain = await chainEndingWith({ name: 'post_label', schema: v4 });
    report = await check(chain);
  });
  afterAll(() => chain.remove());

  it('is copied as "label" from a table that has no such column', () => {
    expect(readFileSync(join(chain.dir, '0002_post_label.sql'), 'utf8')).toContain('SELECT "id", "user_id", "title", "status", "label" FROM `posts`');
  });

  it("writes the column's name into every row on workerd D1, and is reported as data-changed", () => {
    const changed = lastMigration(report).findings.find((f) => f.rule === 'data-changed');
    expect(changed).toMatchObject({ table: 'posts', engines: ['d1'] });
    expect(changed!.message).toBe("0002_post_label.sql added posts.label, but 3 of 3 existing rows hold 'label' instead of its default 'new' (on workerd D1)");
    expect(changed!.hint).toContain('double-quoted column name as a string literal');
  });

  it('fails on better-sqlite3, which refuses the unknown quoted name', () => {
    const failed = lastMigration(report).findings.find((f) => f.rule === 'replay-failed');
    expect(failed).toMatchObject({ engines: ['sqlite'] });
    expect(failed!.message).toContain('no such column: "label"');
    expect(lastMigration(report).engines).toMatchObject({ sqlite: { status: 'failed' }, d1: { status: 'ran', rowsChecked: 6 } });
  });
});

describe('the database after a migration against its snapshot', () => {
  it('reports a helper table the migration leaves behind', async () => {
    const chain = await chainEndingWith({ name: 'keep', schema: v2, sql: () => 'CREATE TABLE `__keep_posts` AS SELECT * FROM `posts`;' });
    try {
      const [finding] = lastMigration(await check(chain)).findings;
      expect(finding).toMatchObject({ rule: 'snapshot-mismatch', engines: ['sqlite', 'd1'] });
      expect(finding!.message).toContain('table __keep_posts is in the database but not in the snapshot');
    } finally {
      chain.remove();
    }
  });

  it('reports a table of the snapshot the SQL did not create, and replays on', async () => {
    const chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2, sql: () => 'SELECT 1;' },
      { name: 'post_views', schema: v3 },
    ]);
    try {
      const report = await check(chain);
      const [mismatch] = report.migrations[1]!.findings;
      expect(mismatch).toMatchObject({ rule: 'snapshot-mismatch', engines: ['sqlite', 'd1'] });
      expect(mismatch!.message).toContain('table posts is in the snapshot but not in the database');
      const next = report.migrations[2]!.findings;
      expect(next.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual(['replay-failed', 'replay-failed']);
      // The replay goes on from the database as it really is, where posts is missing.
      expect(next.find((f) => f.rule === 'replay-failed')?.message).toContain('no such table: posts');
    } finally {
      chain.remove();
    }
  });
});

describe('a parent rebuilt the drizzle-kit way, with a cascading child', () => {
  let chain: BuiltChain;
  beforeAll(async () => {
    chain = await chainEndingWith({ name: 'users_name_nullable', schema: v2UsersRebuilt });
  });
  afterAll(() => chain.remove());

  it('is a rebuild: drizzle-kit wrote CREATE __new_users, INSERT SELECT, DROP TABLE users, RENAME', () => {
    const sql = readFileSync(join(chain.dir, '0002_users_name_nullable.sql'), 'utf8');
    expect(sql).toMatch(/CREATE TABLE `__new_users`[\s\S]*INSERT INTO `__new_users`[\s\S]*DROP TABLE `users`[\s\S]*RENAME TO `users`/);
  });

  it("loses the child's rows on workerd D1 (the hazard is real)", async () => {
    const [users, posts, rebuild] = readMigrationFolder(chain.dir).migrations;
    const d1 = new MiniflareTransport({ databaseId: 'hazard-test' });
    try {
      await d1.batch(statements([...users!.statements, ...posts!.statements]));
      await d1.batch(
        statements(["INSERT INTO `users` VALUES ('u1', 'Ann')", "INSERT INTO `posts` VALUES ('p1', 'u1', 'Hello', 'live'), ('p2', 'u1', 'Bye', 'draft')"]),
      );
      await d1.batch(statements(rebuild!.statements));
      expect(await query(d1, 'SELECT count(*) AS n FROM `users`')).toEqual([{ n: 1 }]);
      expect(await query(d1, 'SELECT count(*) AS n FROM `posts`')).toEqual([{ n: 0 }]);
    } finally {
      await d1.close();
    }
  });

  it('is reported as data-loss of the child table', async () => {
    const report = await check(chain);
    const loss = lastMigration(report).findings.find((f) => f.rule === 'data-loss');
    expect(loss).toMatchObject({ table: 'posts', engines: expect.arrayContaining(['d1']) });
    expect(loss!.message).toContain('0002_users_name_nullable.sql deleted 3 of 3 rows of posts');
    expect(report.ok).toBe(false);
  });
});
