import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFailingStatement } from '../../src/check/after-failure';
import { chainSteps, replayChain } from '../../src/check/replay';
import { BREAKPOINT, readMigrationFolder } from '../../src/folder/migration-folder';
import { type D1Transport, query } from '../../src/transports/transport';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v2UsersRebuilt } from '../fixtures/chains/schemas';

const ENGINES = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'keep-going-test' })],
] as const;

async function replay(chain: BuiltChain, open: () => D1Transport) {
  const transport = open();
  try {
    return await replayChain(transport, chainSteps(readMigrationFolder(chain.dir).migrations));
  } finally {
    await transport.close?.();
  }
}

describe.each(ENGINES)('after a failing migration, on %s', (_engine, open) => {
  const chains: Record<string, BuiltChain> = {};
  beforeAll(async () => {
    // 0001 fails on any engine; 0004, three migrations later, rebuilds users and so cascades into posts.
    chains.hazardLater = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'broken', schema: v1, sql: () => 'INSERT INTO `no_such_table` VALUES (1);' },
      { name: 'posts', schema: v2 },
      { name: 'title_index', schema: v2, sql: () => 'CREATE INDEX `posts_title_idx` ON `posts` (`title`);' },
      { name: 'users_rebuilt', schema: v2UsersRebuilt },
    ]);
    // 0001 fails only because of the rows (it copies users onto itself: a primary-key clash), and runs on empty tables.
    chains.rowsOnly = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'copy_users', schema: v1, sql: () => 'INSERT INTO `users` SELECT * FROM `users`;' },
      { name: 'posts', schema: v2 },
    ]);
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('still finds a hazard three migrations after the failure, and marks what came after it', async () => {
    const results = await replay(chains.hazardLater!, open);
    expect(results.map((r) => [r.status, r.afterFailure])).toEqual([
      ['ran', false],
      ['failed', false],
      ['ran', true],
      ['ran', true],
      ['ran', true],
    ]);
    expect(results[1]!.findings.map((f) => f.rule)).toEqual(['replay-failed']);
    const lost = results[4]!.findings.find((f) => f.rule === 'data-loss' && f.table === 'posts');
    expect(lost?.message).toContain('deleted 3 of 3 rows of posts');
  });

  it('goes on from the schema after the failed migration, so the next one matches its snapshot', async () => {
    const [, failed, posts] = await replay(chains.rowsOnly!, open);
    expect(failed!.status).toBe('failed');
    expect(failed!.findings[0]!.message).toMatch(/UNIQUE constraint failed: users\.id/);
    expect(posts).toMatchObject({ status: 'ran', afterFailure: true, findings: [] });
    expect(posts!.seeded).toBe(3);
  });

  it('finds the failing statement without changing the database', async () => {
    const transport = open();
    try {
      await transport.batch([{ sql: 'CREATE TABLE `t` (`id` integer PRIMARY KEY, `n` text)' }, { sql: "INSERT INTO `t` VALUES (1, 'kept')" }]);
      const statements = [
        "UPDATE `t` SET `n` = 'changed'",
        'INSERT INTO `t` VALUES (2, NULL)',
        'INSERT INTO `t` VALUES (1, NULL)',
        "UPDATE `t` SET `n` = 'again'",
      ].map((sql) => ({ sql }));
      const failing = await findFailingStatement(transport, statements);
      expect([failing?.index, String(failing?.error)]).toEqual([2, expect.stringMatching(/UNIQUE constraint failed/)]);
      expect(await query(transport, 'SELECT * FROM `t`')).toEqual([{ id: 1, n: 'kept' }]);
      expect(await findFailingStatement(transport, statements.slice(0, 2))).toBeUndefined();
    } finally {
      await transport.close?.();
    }
  });
});

describe('a failure the old replay stopped at', () => {
  it('hid the later hazard: the failing migration alone says nothing of 0004', async () => {
    const chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'broken', schema: v1, sql: () => `UPDATE \`users\` SET \`name\` = 'n';${BREAKPOINT}\nINSERT INTO \`no_such_table\` VALUES (1);` },
      { name: 'posts', schema: v2 },
      { name: 'users_rebuilt', schema: v2UsersRebuilt },
    ]);
    const [prefix, whole] = [new SqliteTransport(), new SqliteTransport()];
    try {
      const steps = chainSteps(readMigrationFolder(chain.dir).migrations);
      // Up to the failure, nothing shows the cascade: it is only found by replaying past it.
      const upToFailure = await replayChain(prefix, steps.slice(0, 2));
      expect(upToFailure.flatMap((r) => r.findings).some((f) => f.rule === 'data-loss')).toBe(false);
      const results = await replayChain(whole, steps);
      expect(results[3]!.findings.some((f) => f.rule === 'data-loss' && f.table === 'posts')).toBe(true);
    } finally {
      await Promise.all([prefix.close(), whole.close()]);
      chain.remove();
    }
  });
});
