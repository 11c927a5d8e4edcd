/**
 * Baseline compares schemas, and a migration that writes rows changes no schema: recording
 * it as applied would mean its rows are never written. Baseline refuses such migrations,
 * naming them, unless --include-data says the rows are there already.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { applyMigrations } from '../../src/runner/apply';
import { baseline, dataStatements } from '../../src/runner/baseline';
import { readLedger } from '../../src/runner/ledger';
import { SqliteTransport } from '../../src/transports/sqlite';
import { type BuiltChain, buildChain } from '../fixtures/chains/build';
import { v1, v2 } from '../fixtures/chains/schemas';

let chain: BuiltChain;
let transport: SqliteTransport;
beforeEach(async () => {
  chain = await buildChain([
    { name: 'users', schema: v1 },
    { name: 'seed_admin', schema: v1, sql: () => "INSERT INTO `users` (`id`, `name`) VALUES ('admin', 'Admin');" },
    { name: 'posts', schema: v2 },
  ]);
  transport = new SqliteTransport();
  // A database built without migrations: the final schema, but no seeded admin.
  for (const migration of readMigrationFolder(chain.dir).migrations.filter((m) => !m.name.includes('seed'))) {
    await transport.batch(migration.statements.map((sql) => ({ sql })));
  }
});
afterEach(() => {
  chain.remove();
});

const migrations = () => readMigrationFolder(chain.dir).migrations;
const admins = () => transport.db.prepare("SELECT count(*) AS n FROM users WHERE id = 'admin'").get() as { n: number };

describe('baseline and data migrations', () => {
  it('refuses to record a migration that inserts rows, naming it, and writes nothing', async () => {
    const refused = (await baseline({ transport, migrations: migrations() }).catch((e: unknown) => e)) as Error;
    expect(refused.message).toMatch(/^Refusing to record migrations that write rows .*0001_seed_admin\.sql \(statement 1: INSERT users\).*--include-data/);
    expect(await readLedger(transport)).toEqual([]);
  });

  it('shows the hazard: with --include-data the seed is recorded, and apply never writes its row', async () => {
    const result = await baseline({ transport, migrations: migrations(), includeData: true });
    expect(result.recorded).toEqual(migrations().map((m) => m.name));
    expect((await applyMigrations({ transport, migrations: migrations() })).results).toEqual([]);
    expect(admins().n).toBe(0);
  });

  it('baselines up to the migration before the seed, and apply then writes its row', async () => {
    // The database lacks posts at 0000: build it as of 0000 only.
    const fresh = new SqliteTransport();
    await fresh.batch(migrations()[0]!.statements.map((sql) => ({ sql })));
    expect((await baseline({ transport: fresh, migrations: migrations(), to: '0000' })).ok).toBe(true);
    const applied = await applyMigrations({ transport: fresh, migrations: migrations() });
    expect(applied.results.map((r) => r.name)).toEqual(['0001_seed_admin.sql', '0002_posts.sql']);
    expect((fresh.db.prepare("SELECT count(*) AS n FROM users WHERE id = 'admin'").get() as { n: number }).n).toBe(1);
  });

  it('does not count the copies a table rebuild makes and restores as data', () => {
    const rebuild = {
      ...migrations()[0]!,
      statements: [
        'CREATE TABLE `__new_users` (`id` text PRIMARY KEY NOT NULL)',
        'INSERT INTO `__new_users`("id") SELECT "id" FROM `users`',
        'CREATE TABLE `__keep_posts` AS SELECT * FROM `posts`',
        'DELETE FROM `posts`',
        'INSERT INTO `posts` SELECT * FROM `__keep_posts`',
        "UPDATE `users` SET `name` = 'x'",
      ],
    };
    expect(dataStatements(rebuild)).toEqual([{ index: 5, verb: 'UPDATE', table: 'users' }]);
  });
});
