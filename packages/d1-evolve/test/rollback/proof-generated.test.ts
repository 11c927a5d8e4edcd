/**
 * The check proves the downs `d1-evolve generate` writes, over the platform's kinds of change
 * (a column, a table, an index added, workspaces rebuilt, a CHECK list extended), each as the
 * down of the last migration of a chain whose ups are rewritten as generate leaves them. And
 * the hazard it exists for: drizzle-kit's own diff as the down of the rebuild (no rewrite)
 * deletes every row below workspaces, which the check reports.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/index';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { downPath } from '../../src/folder/downs';
import { rewriteFolder } from '../../src/rewrite/keep-children';
import { writeDown } from '../../src/rollback/generate-down';
import { readSnapshot } from '../../src/schema/snapshot';
import { type BuiltChain, buildChain } from '../fixtures/chains/build';
import * as platform from './generate-schemas';

type DrizzleKitApi = typeof import('drizzle-kit/api');
const api = createRequire(import.meta.url)('drizzle-kit/api') as DrizzleKitApi;

const CASES = {
  'a column added': platform.columnAdded,
  'a table added': platform.tableAdded,
  'an index added': platform.indexAdded,
  'workspaces rebuilt': platform.workspacesRebuilt,
  'a CHECK list extended': platform.checkExtended,
} as const;

const chains: BuiltChain[] = [];
afterAll(() => {
  for (const chain of chains) chain.remove();
});

/** base, then `after`, rewritten as generate leaves it, with the generated down of the second migration. */
async function chainWithDown(after: Record<string, unknown>): Promise<BuiltChain> {
  const chain = await buildChain([
    { name: 'base', schema: platform.base },
    { name: 'change', schema: after },
  ]);
  chains.push(chain);
  rewriteFolder(readMigrationFolder(chain.dir));
  const folder = readMigrationFolder(chain.dir);
  const outcome = await writeDown(folder, folder.migrations[1]!);
  expect(outcome.status).toBe('written');
  return chain;
}

describe('the proof of generated downs (better-sqlite3 and workerd D1)', () => {
  it.each(Object.entries(CASES))('proves the generated down of %s, on seeded rows of every table', async (_case, after) => {
    const chain = await chainWithDown(after);
    const report = await runCheck({ dir: chain.dir, schema: false, lint: false });
    const [down] = report.downs;
    expect(down!.findings).toEqual([]);
    expect(down).toMatchObject({ name: '0001_change.sql', generated: true, proven: true });
    expect(down!.engines.sqlite!.rowsChecked).toBeGreaterThan(0);
    expect(down!.engines.d1!.rowsChecked).toBe(down!.engines.sqlite!.rowsChecked);
  });

  it("reports drizzle-kit's own down of the workspaces rebuild, which deletes the rows below workspaces on D1", async () => {
    const chain = await chainWithDown(platform.workspacesRebuilt);
    const folder = readMigrationFolder(chain.dir);
    // drizzle-kit's diff from the rebuilt schema back to base, unrewritten, replaces the generated down.
    const [before, after] = [readSnapshot(folder.migrations[0]!.snapshotPath), readSnapshot(folder.migrations[1]!.snapshotPath)];
    const back = await api.generateSQLiteMigration(after as never, { ...before, prevId: after.id } as never);
    writeFileSync(downPath(chain.dir, '0001_change.sql'), back.map((s) => (s.trimEnd().endsWith(';') ? s : `${s};`)).join('\n--> statement-breakpoint\n'));
    const [down] = (await runCheck({ dir: chain.dir, schema: false, lint: false })).downs;
    expect(down!.proven).toBe(false);
    // Every table below workspaces, four levels down, on both engines (the transaction with foreign keys on).
    expect(down!.findings.map((f) => [f.rule, f.table, f.message])).toEqual(
      ['agents', 'agent_versions', 'traces', 'feedback'].map((table) => [
        'down-data-loss',
        table,
        `0001_change.sql then its down deleted 3 of 3 rows of ${table} (on better-sqlite3 and workerd D1)`,
      ]),
    );
  });
});
