/**
 * The indexes of the tables a safe rebuild keeps: the ones no lookup needs during the move
 * are dropped and built again after the refill (faster than updating them row by row,
 * bench/rebuild.ts); unique, partial and expression indexes, and those of a table in a
 * foreign-key cycle, stay. Either way every index is there afterwards, as it was.
 */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { BREAKPOINT, readMigrationFolder, splitMigration } from '../../src/folder/migration-folder';
import { rewriteFolder } from '../../src/rewrite/keep-children';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { type D1Transport, query, statements } from '../../src/transports/transport';
import { type BuiltChain, buildChain } from '../fixtures/chains/build';

function schema(nameNullable: boolean) {
  const users = sqliteTable('users', { id: text('id').primaryKey(), name: nameNullable ? text('name') : text('name').notNull() });
  const posts = sqliteTable(
    'posts',
    {
      id: text('id').primaryKey(),
      userId: text('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      slug: text('slug').notNull(),
      status: text('status').notNull(),
    },
    (t) => [
      index('idx_posts_user_id').on(t.userId),
      index('idx_posts_user_status').on(t.userId, t.status),
      uniqueIndex('posts_slug_unique').on(t.slug),
      index('idx_posts_live').on(t.slug).where(sql`status = 'live'`),
      index('idx_posts_lower_slug').on(sql`lower(${t.slug})`),
    ],
  );
  const comments = sqliteTable(
    'comments',
    {
      id: text('id').primaryKey(),
      postId: text('post_id')
        .notNull()
        .references(() => posts.id, { onDelete: 'cascade' }),
      parentId: text('parent_id').references((): AnySQLiteColumn => comments.id, { onDelete: 'cascade' }),
    },
    (t) => [index('idx_comments_post_id').on(t.postId), index('idx_comments_parent_id').on(t.parentId)],
  );
  return { users, posts, comments };
}

const SEED = [
  "INSERT INTO users (id, name) VALUES ('u1', 'Ada'), ('u2', 'Grace')",
  "INSERT INTO posts (id, user_id, slug, status) VALUES ('p1', 'u1', 'one', 'live'), ('p2', 'u1', 'Two', 'draft'), ('p3', 'u2', 'three', 'live')",
  "INSERT INTO comments (id, post_id, parent_id) VALUES ('c1', 'p1', NULL), ('c2', 'p1', 'c1'), ('c3', 'p3', 'c2')",
];

/** Every index with its table, columns (or expression), order, collation, uniqueness and WHERE, as SQLite holds it. */
async function indexes(engine: D1Transport): Promise<string[]> {
  const list = await query<{ name: string; tbl_name: string; sql: string | null }>(
    engine,
    "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const infos = await engine.batch(list.map((i) => ({ sql: `PRAGMA index_xinfo("${i.name}")` })));
  return list.map((i, n) => {
    const keys = infos[n]!.rows.filter((c) => Number(c.key) === 1).map((c) => `${c.name ?? 'expr'} ${Number(c.desc) ? 'desc' : 'asc'} ${c.coll}`);
    const where = /\bWHERE\b(.*)$/is.exec(i.sql ?? '')?.[1]?.trim() ?? '';
    return `${i.tbl_name}.${i.name}(${keys.join(', ')})${/^CREATE UNIQUE/i.test(i.sql ?? '') ? ' unique' : ''}${where ? ` where ${where}` : ''}`;
  });
}

describe('the indexes of the tables a rebuild keeps', () => {
  let chain: BuiltChain;
  let rewritten: string;
  let engine: D1Transport;

  beforeAll(async () => {
    chain = await buildChain([
      { name: 'tree', schema: schema(false) },
      { name: 'users_name_nullable', schema: schema(true) },
    ]);
    const folder = readMigrationFolder(chain.dir);
    rewritten = rewriteFolder(folder, [folder.migrations[1]!], { dryRun: true })[0]!.result.sql;
    engine = new MiniflareTransport({ databaseId: 'rewrite-indexes' });
  });
  afterAll(async () => {
    await engine?.close?.();
    chain?.remove();
  });

  it('drops for the move and builds again only the plain non-unique indexes outside a foreign-key cycle', () => {
    const dropped = [...rewritten.matchAll(/DROP INDEX IF EXISTS `([^`]+)`/g)].map((m) => m[1]);
    expect(dropped.sort()).toEqual(['idx_posts_user_id', 'idx_posts_user_status']);
    const rebuiltAfterRefill = rewritten.slice(rewritten.indexOf('FROM `__keep_comments`'));
    expect(rebuiltAfterRefill).toContain('CREATE INDEX `idx_posts_user_id` ON `posts` (`user_id`)');
    expect(rebuiltAfterRefill).toContain('CREATE INDEX `idx_posts_user_status` ON `posts` (`user_id`, `status`)');
  });

  it('leaves every index and every row as it was on workerd D1', async () => {
    const [first, second] = readMigrationFolder(chain.dir).migrations;
    await engine.batch(statements(first!.statements));
    await engine.batch(statements(SEED));
    const before = await indexes(engine);
    const rows = async () => ({
      posts: await query(engine, 'SELECT * FROM posts ORDER BY id'),
      comments: await query(engine, 'SELECT * FROM comments ORDER BY id'),
    });
    const rowsBefore = await rows();
    expect(second!.statements.join('\n')).toContain('DROP TABLE `users`');

    await engine.batch(statements(splitMigration(rewritten)));

    expect(await indexes(engine)).toEqual(before);
    expect(before).toEqual(expect.arrayContaining([expect.stringMatching(/^posts\.idx_posts_live\(slug asc BINARY\) where/)]));
    expect(await rows()).toEqual(rowsBefore);
    expect(await query(engine, 'PRAGMA foreign_key_check')).toEqual([]);
  });
});

describe('an index a custom statement redefined under a name the snapshot knows', () => {
  let chain: BuiltChain;
  let engine: D1Transport;
  const CUSTOM = ['DROP INDEX `idx_posts_user_status`', "CREATE UNIQUE INDEX `idx_posts_user_status` ON `posts` (`user_id`, `status`) WHERE status = 'live'"];

  beforeAll(async () => {
    chain = await buildChain([
      { name: 'tree', schema: schema(false) },
      { name: 'users_name_nullable', schema: schema(true) },
    ]);
    // What `generate --custom` (or a hand edit) leaves: SQL the snapshot does not describe.
    const first = readMigrationFolder(chain.dir).migrations[0]!;
    appendFileSync(first.path, CUSTOM.map((s) => `${BREAKPOINT}\n${s};`).join(''));
    engine = new MiniflareTransport({ databaseId: 'rewrite-indexes-custom' });
  });
  afterAll(async () => {
    await engine?.close?.();
    chain?.remove();
  });

  it('is left in place, not re-created from the snapshot as a plain index: unique and partial afterwards', async () => {
    const folder = readMigrationFolder(chain.dir);
    const rewritten = rewriteFolder(folder, [folder.migrations[1]!], { dryRun: true })[0]!.result.sql;
    expect(rewritten).not.toContain('DROP INDEX IF EXISTS `idx_posts_user_status`');
    expect(rewritten).toContain('DROP INDEX IF EXISTS `idx_posts_user_id`');

    await engine.batch(statements(folder.migrations[0]!.statements));
    await engine.batch(statements(SEED));
    const before = await indexes(engine);
    expect(before).toContain("posts.idx_posts_user_status(user_id asc BINARY, status asc BINARY) unique where status = 'live'");
    await engine.batch(statements(splitMigration(rewritten)));
    expect(await indexes(engine)).toEqual(before);
  });
});
