import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpSqlite } from '../../src/check/data/dump';
import { type CheckData, loadDump } from '../../src/check/data/source';
import { readStatements } from '../../src/check/read';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { type CheckReport, runCheck } from '../../src/check/index';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v2UsersRebuilt } from '../fixtures/chains/schemas';

const USERS = 50;
const POSTS = 40;

/** A database that has applied the first `applied` migrations of `chain` and holds real rows, as D1's export writes it. */
function dataAfter(chain: BuiltChain, applied: number, { users = USERS, nameLength = 0 } = {}): CheckData {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)');
    for (const migration of readMigrationFolder(chain.dir).migrations.slice(0, applied)) {
      for (const statement of migration.statements) db.exec(statement);
      db.prepare('INSERT INTO d1_migrations (name) VALUES (?)').run(migration.name);
    }
    const user = db.prepare('INSERT INTO users (id, name) VALUES (?, ?)');
    for (let i = 0; i < users; i += 1) user.run(`u${i}`, `User ${i} ${'n'.repeat(nameLength)}`);
    const post = db.prepare("INSERT INTO posts (id, user_id, title, status) VALUES (?, ?, ?, 'live')");
    for (let i = 0; i < POSTS; i += 1) post.run(`p${i}`, `u${i % users}`, `Post ${i}`);
    return { label: 'a test database', dump: dumpSqlite(db), migrationsTable: 'd1_migrations' };
  } finally {
    db.close();
  }
}

describe('check on real data', () => {
  let chain: BuiltChain;
  let report: CheckReport;
  beforeAll(async () => {
    chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'users_rebuilt', schema: v2UsersRebuilt },
    ]);
    report = await runCheck({ dir: chain.dir, data: dataAfter(chain, 2) });
  }, 120_000);
  afterAll(() => chain.remove());

  it('replays only the migrations the data has not applied, and says so', () => {
    expect(report.data).toEqual({ label: 'a test database', rows: { users: USERS, posts: POSTS }, applied: ['0000_users.sql', '0001_posts.sql'] });
    expect(report.migrations.map((m) => m.name)).toEqual(['0002_users_rebuilt.sql']);
  });

  it('checks the real rows on both engines, seeding none', () => {
    const { engines } = report.migrations[0]!;
    for (const run of Object.values(engines)) expect(run).toMatchObject({ status: 'ran', seeded: 0, rowsChecked: USERS + POSTS });
  });

  it('reports the loss with the real row count', () => {
    const lost = report.findings.find((f) => f.rule === 'data-loss' && f.table === 'posts');
    expect(lost?.message).toContain(`deleted ${POSTS} of ${POSTS} rows of posts`);
  });

  it("reads a table too large for one JSON value (D1's 2 MB) row by row on workerd D1", async () => {
    const data = dataAfter(chain, 2, { users: 3000, nameLength: 1000 });
    // The hazard: workerd refuses to read users as one JSON value.
    const engine = new MiniflareTransport({ databaseId: 'data-replay-big' });
    try {
      await loadDump(engine, data.dump);
      await expect(engine.batch(readStatements([{ name: 'users', columns: ['id', 'name'] }]))).rejects.toThrow(/too big/);
    } finally {
      await engine.close();
    }
    const big = await runCheck({ dir: chain.dir, data, engines: ['d1'], lint: false });
    expect(big.migrations[0]!.engines.d1).toMatchObject({ status: 'ran', seeded: 0, rowsChecked: 3000 + POSTS });
    expect(big.findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.table])).toEqual([['data-loss', 'posts']]);
  }, 120_000);

  it('seeds the migrations after a failing one, since the recovery empties the real rows', async () => {
    const broken = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'broken', schema: v2, sql: () => 'INSERT INTO `no_such_table` VALUES (1);' },
      { name: 'users_rebuilt', schema: v2UsersRebuilt },
    ]);
    try {
      const result = await runCheck({ dir: broken.dir, data: dataAfter(broken, 2), engines: ['sqlite'], lint: false });
      expect(result.migrations.map((m) => [m.name, m.engines.sqlite!.status, m.afterFailure])).toEqual([
        ['0002_broken.sql', 'failed', false],
        ['0003_users_rebuilt.sql', 'ran', true],
      ]);
      expect(result.migrations[1]!.engines.sqlite!.seeded).toBeGreaterThan(0);
      expect(result.findings.some((f) => f.rule === 'data-loss' && f.migration === '0003_users_rebuilt.sql')).toBe(true);
    } finally {
      broken.remove();
    }
  });

  it('refuses data with tables but no ledger: which migrations are pending cannot be told', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE users (id text PRIMARY KEY, name text NOT NULL)');
    const data = { label: 'a database built by hand', dump: dumpSqlite(db), migrationsTable: 'd1_migrations' };
    db.close();
    await expect(runCheck({ dir: chain.dir, data, engines: ['sqlite'] })).rejects.toThrow(
      /a database built by hand has tables \(users\) but no ledger d1_migrations: .*d1-evolve baseline/,
    );
  });

  it('has nothing to replay when the data has applied everything', async () => {
    const done = await runCheck({ dir: chain.dir, data: dataAfter(chain, 3), engines: ['sqlite'] });
    expect(done.migrations).toEqual([]);
    expect(done.ok).toBe(true);
  });
});
