import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReads, readStatements } from '../../src/check/read';
import { chainSteps, replayChain, type StepResult } from '../../src/check/replay';
import { BREAKPOINT, readMigrationFolder } from '../../src/folder/migration-folder';
import type { D1Transport } from '../../src/transports/transport';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2 } from '../fixtures/chains/schemas';

const ENGINES = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'replay-test' })],
] as const;

const LONG_TITLE = 'x'.repeat(300);

/** users, then a migration made of `sql`, then posts (still checked after a failure). */
async function chainWith(sql: string): Promise<BuiltChain> {
  return buildChain([
    { name: 'users', schema: v1 },
    { name: 'by_hand', schema: v1, sql: () => sql },
    { name: 'posts', schema: v2 },
  ]);
}

async function replay(chain: BuiltChain, open: () => D1Transport): Promise<StepResult[]> {
  const transport = open();
  try {
    return await replayChain(transport, chainSteps(readMigrationFolder(chain.dir).migrations));
  } finally {
    await transport.close?.();
  }
}

describe.each(ENGINES)('replay on %s', (_engine, open) => {
  const chains: Record<string, BuiltChain> = {};
  beforeAll(async () => {
    chains.begin = await chainWith(`BEGIN TRANSACTION;${BREAKPOINT}\nINSERT INTO \`users\` VALUES ('u', 'n');${BREAKPOINT}\nCOMMIT;`);
    chains.pragma = await chainWith('PRAGMA user_version = 5;');
    chains.broken = await chainWith(`UPDATE \`users\` SET \`name\` = 'n';${BREAKPOINT}\nINSERT INTO \`no_such_table\` VALUES ('${LONG_TITLE}');`);
  });
  afterAll(() => {
    for (const chain of Object.values(chains)) chain.remove();
  });

  it('refuses BEGIN/COMMIT as D1 does, names the migration, and still checks the migration after it', async () => {
    const [first, failed, after] = await replay(chains.begin!, open);
    expect(first!.status).toBe('ran');
    expect(failed!.status).toBe('failed');
    expect(after).toMatchObject({ status: 'ran', afterFailure: true, findings: [] });
    expect(after!.seeded).toBeGreaterThan(0);
    const [finding] = failed!.findings;
    expect(finding).toMatchObject({ rule: 'replay-failed', severity: 'error', migration: '0001_by_hand.sql' });
    expect(finding!.path).toContain('0001_by_hand.sql');
    expect(finding!.message).toMatch(/transaction/i);
    expect(finding!.message).toContain('statement 1 of 3: BEGIN TRANSACTION');
  });

  it('refuses a PRAGMA D1 denies', async () => {
    const [, failed] = await replay(chains.pragma!, open);
    expect(failed!.status).toBe('failed');
    expect(failed!.findings[0]!.message).toMatch(/user_version|not authorized/);
  });

  it("names the failing statement (first 200 characters) and the engine's message", async () => {
    const [, failed] = await replay(chains.broken!, open);
    const { message } = failed!.findings[0]!;
    expect(message).toContain('no such table: no_such_table');
    expect(message).toContain(`statement 2 of 2: INSERT INTO \`no_such_table\` VALUES ('${'x'.repeat(160)}`);
    expect(message).not.toContain('x'.repeat(200));
  });

  it('reads whole tables back in one statement with BLOB, REAL, NULL and quoted text intact', async () => {
    const transport = open();
    try {
      await transport.batch([
        { sql: 'CREATE TABLE `odd` (`b` blob, `r` real, `t` text, `n` integer)' },
        { sql: "INSERT INTO `odd` VALUES (X'00ff10', 2.5, 'it''s {\"json\"}', NULL), ('blob:x', 3, NULL, 9007199254740991)" },
      ]);
      const tables = [{ name: 'odd', columns: ['b', 'r', 't', 'n'] }];
      const statements = readStatements(tables);
      expect(statements).toHaveLength(1);
      const { odd } = parseReads(tables, await transport.batch(statements));
      expect(odd).toEqual([
        { b: Buffer.from([0, 255, 16]), r: 2.5, t: 'it\'s {"json"}', n: null },
        { b: 'blob:x', r: 3, t: null, n: 9007199254740991 },
      ]);
    } finally {
      await transport.close?.();
    }
  });

  it('replays a chain that is fine without findings, seeding before each migration', async () => {
    const chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
    ]);
    try {
      const results = await replay(chain, open);
      expect(results.map((r) => r.status)).toEqual(['ran', 'ran']);
      expect(results.flatMap((r) => r.findings)).toEqual([]);
      expect(results[1]).toMatchObject({ seeded: 3, rowsChecked: 3 });
    } finally {
      chain.remove();
    }
  });
});
