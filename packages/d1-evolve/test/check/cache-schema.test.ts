/**
 * The schema comparison's cache: the schema is not loaded again while its files, every
 * project file it loaded (a helper it imports) and the last snapshot are unchanged.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/index';
import { loadSchema } from '../../src/config/drizzle-config';
import { buildChain } from '../fixtures/chains/build';
import { v1 } from '../fixtures/chains/schemas';
import { PACKAGE_ROOT } from '../support/run';

describe('the cached schema comparison', () => {
  // Inside the package, so that the schema resolves drizzle-orm from its node_modules.
  mkdirSync(join(PACKAGE_ROOT, 'test-output'), { recursive: true });
  const dir = mkdtempSync(join(PACKAGE_ROOT, 'test-output', 'schema-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the schema only when a file it loaded or the last snapshot changed', async () => {
    const chain = await buildChain([{ name: 'users', schema: v1 }]);
    try {
      const helper = join(dir, 'columns.ts');
      const schemaFile = join(dir, 'schema.ts');
      writeFileSync(helper, "import { text } from 'drizzle-orm/sqlite-core';\nexport const id = () => text('id').primaryKey();\n");
      writeFileSync(
        schemaFile,
        "import { sqliteTable, text } from 'drizzle-orm/sqlite-core';\nimport { id } from './columns';\n" +
          "export const users = sqliteTable('users', { id: id(), name: text('name').notNull() });\n",
      );
      let loads = 0;
      const schema = {
        label: 'the test schema',
        load: () => {
          loads += 1;
          return loadSchema([schemaFile]);
        },
      };
      const check = () => runCheck({ dir: chain.dir, schema, schemaFiles: [schemaFile], cacheDir: join(dir, 'cache'), engines: ['sqlite'] });
      const first = await check();
      expect(first.findings).toEqual([]);
      expect([loads, first.cache!.schema]).toEqual([1, false]);
      const second = await check();
      expect([loads, second.cache!.schema]).toEqual([1, true]);
      expect(second.findings).toEqual([]);
      // The helper is no schema file of the config, but the schema imports it: an edit to it is a miss.
      writeFileSync(helper, "import { text } from 'drizzle-orm/sqlite-core';\nexport const id = () => text('user_id').primaryKey();\n");
      const third = await check();
      expect([loads, third.cache!.schema]).toEqual([2, false]);
      // The last snapshot edited: a miss too.
      const snapshot = join(chain.dir, 'meta', '0000_snapshot.json');
      writeFileSync(snapshot, `${JSON.stringify(JSON.parse(readFileSync(snapshot, 'utf8')))}\n`);
      const fourth = await check();
      expect([loads, fourth.cache!.schema]).toEqual([3, false]);
      expect((await check()).cache!.schema).toBe(true);
      expect(loads).toBe(3);
    } finally {
      chain.remove();
    }
  });
});
