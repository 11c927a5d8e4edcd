import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/index';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { rewriteFolder } from '../../src/rewrite/keep-children';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1 } from '../fixtures/chains/schemas';

const usersNullable = { users: sqliteTable('users', { id: text('id').primaryKey(), name: text('name') }) };

describe('a rebuild below a table created by a file outside the journal', () => {
  let chain: BuiltChain;
  beforeEach(async () => {
    chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'users_index', schema: v1, sql: () => 'CREATE INDEX `users_name_idx` ON `users` (`name`);' },
      { name: 'users_nullable', schema: usersNullable },
    ]);
    // Hand-written, never in the journal: drizzle-kit's snapshots know nothing of posts.
    writeFileSync(
      join(chain.dir, '0000_zz_posts.sql'),
      'CREATE TABLE `posts` (`id` text PRIMARY KEY, `user_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE CASCADE);',
    );
  });
  afterEach(() => chain.remove());

  it("loses posts' rows as drizzle-kit wrote it", async () => {
    const report = await runCheck({ dir: chain.dir, engines: ['sqlite'] });
    expect(report.findings.some((f) => f.rule === 'data-loss' && f.table === 'posts')).toBe(true);
  });

  it('is rewritten to keep them, as the check sees the schema (not as the snapshots do)', async () => {
    const [rewritten] = rewriteFolder(readMigrationFolder(chain.dir)).filter((r) => r.result.rebuilt.length > 0);
    expect(rewritten?.migration.name).toBe('0002_users_nullable.sql');
    expect(rewritten?.result.sql).toContain('`__keep_posts`');
    const report = await runCheck({ dir: chain.dir, engines: ['sqlite'] });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
