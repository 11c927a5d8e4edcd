import { join } from 'node:path';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSync } from '../../../packages/d1-evolve/src/check/sync';
import * as projectSchema from '../../../src/db/schema';
import { readMigrationFolder } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { readSnapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { PROJECT_ROOT } from '../../support/project';
import { buildChain, type BuiltChain } from '../../../packages/d1-evolve/test/fixtures/chains/build';
import { v2, v3 } from '../../../packages/d1-evolve/test/fixtures/chains/schemas';

describe('checkSync', () => {
  let chain: BuiltChain;
  let lastPath: string;
  beforeAll(async () => {
    chain = await buildChain([{ name: 'posts', schema: v2 }]);
    lastPath = join(chain.dir, 'meta', '0000_snapshot.json');
  });
  afterAll(() => chain.remove());

  it('finds nothing when the schema is what the last snapshot says', async () => {
    expect(await checkSync(v2, readSnapshot(lastPath), lastPath)).toEqual([]);
  });

  it('reports a schema change that was not generated, listing its statements', async () => {
    const [finding, ...rest] = await checkSync(v3, readSnapshot(lastPath), lastPath);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'schema-not-generated', severity: 'error', path: lastPath });
    expect(finding!.message).toContain('ALTER TABLE `posts` ADD `views` integer DEFAULT 7 NOT NULL');
    expect(finding!.hint).toContain('d1-evolve generate');
  });

  it('reports a possible rename without stopping at drizzle-kit’s interactive question', async () => {
    const renamed = { ...v2, users: sqliteTable('users', { id: text('id').primaryKey(), fullName: text('full_name').notNull() }) };
    const [finding] = await checkSync(renamed, readSnapshot(lastPath), lastPath);
    expect(finding?.message).toContain('users: columns added full_name; columns removed name');
  });

  it('finds the project schema in sync with drizzle/', async () => {
    const last = readMigrationFolder(join(PROJECT_ROOT, 'drizzle')).migrations.at(-1)!.snapshotPath;
    expect(await checkSync(projectSchema, readSnapshot(last), last)).toEqual([]);
  });
});
