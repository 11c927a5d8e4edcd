import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainSteps, replayChain, slowMigration } from '../../src/check/replay';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { SqliteTransport } from '../../src/transports/sqlite';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v2UsersRebuilt } from '../fixtures/chains/schemas';

const ROWS = 4000;

describe('a rebuild measured against the batch time limit', () => {
  let chain: BuiltChain;
  beforeAll(async () => {
    chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'users_rebuilt', schema: v2UsersRebuilt },
    ]);
  });
  afterAll(() => chain.remove());

  async function replay(durationLimitMs?: number) {
    const transport = new SqliteTransport();
    try {
      return await replayChain(transport, chainSteps(readMigrationFolder(chain.dir).migrations), { rowsPerTable: ROWS, durationLimitMs });
    } finally {
      await transport.close();
    }
  }

  it('is a finding with the rows moved, the rate measured and the time, when it passes the limit', async () => {
    const results = await replay(1);
    const slow = results[2]!.findings.find((f) => f.rule === 'migration-too-slow');
    expect(slow).toMatchObject({ severity: 'error', migration: '0002_users_rebuilt.sql', table: 'users' });
    expect(slow!.message).toMatch(
      /moves 8,000 rows \(users, posts\); at the rate measured here, [\d,]+ rows\/s, that takes about [\d.]+ s, past D1's limit of 0\.001 s for one batch/,
    );
    expect(results[2]!.durationMs).toBeGreaterThan(1);
  });

  it('counts the rows a plain rebuild deletes through the cascade, and warns from a third of the limit', async () => {
    const [, , rebuild] = chainSteps(readMigrationFolder(chain.dir).migrations);
    const rowsBefore = { users: Array.from({ length: 10 }, () => ({})), posts: Array.from({ length: 30 }, () => ({})) };
    const at = (ms: number) => slowMigration(rebuild!.migration, rebuild!.before, rowsBefore, ms, 30_000);
    expect(at(9_000)).toBeUndefined();
    expect(at(15_000)).toMatchObject({ rule: 'migration-near-limit', severity: 'warning', table: 'users' });
    // 40 rows in 15 s: 2.67 rows/s, so 80 rows fill the 30 s.
    expect(at(15_000)!.message).toContain('moves 40 rows (users, posts); at the rate measured here, 3 rows/s, that takes about 15.0 s: over a third');
    expect(at(15_000)!.message).toContain('80 rows fill the 30 s');
    expect(at(31_000)).toMatchObject({ rule: 'migration-too-slow', severity: 'error' });
    expect(at(31_000)!.hint).toContain('expand and contract');
  });

  it('is no finding within D1 limit of 30 s', async () => {
    const results = await replay();
    expect(results.flatMap((r) => r.findings).filter((f) => f.rule === 'migration-too-slow' || f.rule === 'migration-near-limit')).toEqual([]);
  });
});
