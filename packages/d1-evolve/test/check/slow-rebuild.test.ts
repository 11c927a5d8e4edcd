import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainSteps, replayChain } from '../../src/check/replay';
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
      /moves 4,000 rows \(users\); at the rate measured here, [\d,]+ rows\/s, that takes about [\d.]+ s, past D1's limit of 0\.001 s for one batch/,
    );
    expect(results[2]!.durationMs).toBeGreaterThan(1);
  });

  it('is no finding within D1 limit of 30 s', async () => {
    const results = await replay();
    expect(results.flatMap((r) => r.findings).filter((f) => f.rule === 'migration-too-slow')).toEqual([]);
  });
});
