/**
 * The rewritten rebuild on workerd's D1, one batch per migration file as D1 runs it, with
 * rows in every table: users is rebuilt while NO ACTION, RESTRICT, CASCADE and SET NULL
 * children, a self-referencing grandchild, a table with audit and timestamp triggers and one
 * with generated columns hang below it. drizzle-kit's own SQL is shown to fail first.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lintMigration } from '../../src/check/lint';
import { type Migration, readMigrationFolder, splitMigration } from '../../src/folder/migration-folder';
import { rewriteFolder } from '../../src/rewrite/keep-children';
import { readSnapshot } from '../../src/schema/snapshot';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { type D1Transport, query, statements } from '../../src/transports/transport';
import { type BuiltChain, buildChain } from '../fixtures/chains/build';
import { TRIGGERS, legacyGoneUsersRebuilt, withChildren, withChildrenRebuilt, withLegacy } from './schemas';

const SEED = {
  users: ["INSERT INTO users (id, name) VALUES ('u1', 'Ada'), ('u2', 'Grace')"],
  notes: ["INSERT INTO notes (id, user_id, body) VALUES ('n1', 'u1', 'first'), ('n2', 'u2', 'second')"],
  pins: ["INSERT INTO pins (id, user_id) VALUES ('p1', 'u1')"],
  replies: ["INSERT INTO replies (id, note_id, parent_id) VALUES ('r1', 'n1', NULL), ('r2', 'n1', 'r1'), ('r3', 'n2', 'r2')"],
  audited: ["INSERT INTO audited (id, user_id) VALUES ('a1', 'u1'), ('a2', 'u2')"],
  scored: ["INSERT INTO scored (id, user_id, points) VALUES ('s1', 'u1', 5), ('s2', 'u2', 7)"],
};
const ALL_ROWS = Object.values(SEED).flat();
const TABLES = ['users', 'notes', 'pins', 'replies', 'audited', 'scored', 'audit_log'];

let open: D1Transport[] = [];
afterEach(async () => {
  await Promise.all(open.map((engine) => engine.close?.()));
  open = [];
});
function d1(): D1Transport {
  const engine = new MiniflareTransport({ databaseId: 'rewrite-hold-on-d1' });
  open.push(engine);
  return engine;
}

/** Each file as one batch, the way D1 applies a migration. */
async function apply(engine: D1Transport, sql: string): Promise<void> {
  await engine.batch(statements(splitMigration(sql)));
}

async function readAll(engine: D1Transport, tables = TABLES): Promise<Record<string, Record<string, unknown>[]>> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const table of tables) rows[table] = await query(engine, `SELECT * FROM \`${table}\` ORDER BY 1`);
  return rows;
}

describe('a rebuilt parent with NO ACTION, RESTRICT, triggered and generated-column children', () => {
  let chain: BuiltChain;
  let raw: Migration[];
  let rewritten: Migration[];
  let second: ReturnType<typeof rewriteFolder>;

  beforeAll(async () => {
    chain = await buildChain([
      { name: 'children', schema: withChildren, sql: (generated) => [generated, ...TRIGGERS].join('\n--> statement-breakpoint\n') },
      { name: 'users_name_nullable', schema: withChildrenRebuilt },
    ]);
    raw = readMigrationFolder(chain.dir).migrations;
    rewriteFolder(readMigrationFolder(chain.dir));
    rewritten = readMigrationFolder(chain.dir).migrations;
    second = rewriteFolder(readMigrationFolder(chain.dir), undefined, { dryRun: true });
  });
  afterAll(() => chain.remove());

  it.each([
    ['notes', 'NO ACTION', 'at COMMIT'],
    ['pins', 'RESTRICT', 'at the DROP'],
  ])("drizzle-kit's own rebuild fails on D1 once %s (%s) has a row", async (child) => {
    const engine = d1();
    await apply(engine, raw[0]!.sql);
    await engine.batch(statements([...SEED.users, ...SEED[child as 'notes' | 'pins']]));
    await expect(apply(engine, raw[1]!.sql)).rejects.toThrow(/FOREIGN KEY constraint failed/);
    expect(await query(engine, 'SELECT name FROM users ORDER BY id')).toEqual([{ name: 'Ada' }, { name: 'Grace' }]);
  });

  it('the lint reports the NO ACTION and RESTRICT children of the raw rebuild, and nothing after the rewrite', () => {
    const [before, after] = [readSnapshot(raw[0]!.snapshotPath), readSnapshot(raw[1]!.snapshotPath)];
    const findings = lintMigration(raw[1]!, before, after).filter((f) => f.rule === 'rebuild-cascade');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/it fails the migration as soon as .*\(ON DELETE NO ACTION\).*has a row/);
    expect(findings[0]!.message).toContain('(ON DELETE RESTRICT)');
    expect(lintMigration(rewritten[1]!, before, after).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('keeps every row and value of every table on D1, fires no trigger, and leaves the triggers in place', async () => {
    const engine = d1();
    await apply(engine, rewritten[0]!.sql);
    await engine.batch(statements(ALL_ROWS));
    const seeded = await readAll(engine);
    expect(seeded.audit_log).toHaveLength(2);
    expect(seeded.audited!.every((r) => r.stamped === 'stamped again')).toBe(true);
    await apply(engine, rewritten[1]!.sql);
    expect(await readAll(engine)).toEqual(seeded);
    expect(await query(engine, 'PRAGMA foreign_key_check')).toEqual([]);
    const triggers = await query(engine, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    expect(triggers).toEqual([{ name: 'audited_delete' }, { name: 'audited_insert' }]);
    expect(await query(engine, "SELECT name FROM sqlite_master WHERE name LIKE '\\_\\_%' ESCAPE '\\'")).toEqual([]);
    // The triggers still work afterwards.
    await engine.batch(statements(["INSERT INTO audited (id, user_id) VALUES ('a3', 'u1')"]));
    expect(await query(engine, 'SELECT count(*) AS n FROM audit_log')).toEqual([{ n: 3 }]);
  });

  it('a naive restore would fire the triggers and cannot insert generated columns (the hazards are real)', async () => {
    const engine = d1();
    await apply(engine, rewritten[0]!.sql);
    await engine.batch(statements(ALL_ROWS));
    await engine.batch(statements(['UPDATE audited SET stamped = NULL']));
    await engine.batch(
      statements(['CREATE TABLE __keep_audited AS SELECT * FROM audited', 'DELETE FROM audited', 'INSERT INTO audited SELECT * FROM __keep_audited']),
    );
    expect(await query(engine, 'SELECT count(*) AS n FROM audit_log')).toEqual([{ n: 6 }]);
    expect(await query(engine, 'SELECT DISTINCT stamped FROM audited')).toEqual([{ stamped: 'stamped again' }]);
    await expect(
      engine.batch(statements(['CREATE TABLE __keep_scored AS SELECT * FROM scored', 'DELETE FROM scored', 'INSERT INTO scored SELECT * FROM __keep_scored'])),
    ).rejects.toThrow(/has 3 columns but 5 values were supplied/);
  });

  it('copies only the stored columns of the generated-column table, and drops and re-creates the triggers around the restore', () => {
    const sql = rewritten[1]!.sql;
    expect(sql).toContain('CREATE TABLE `__keep_scored` AS SELECT `id`, `user_id`, `points` FROM `scored`');
    expect(sql).toContain('INSERT INTO `scored` (`id`, `user_id`, `points`) SELECT `id`, `user_id`, `points` FROM `__keep_scored`');
    const order = ['DROP TRIGGER `audited_delete`', 'DELETE FROM `audited`', 'DROP TABLE `users`', 'INSERT INTO `audited`', 'CREATE TRIGGER `audited_delete`'];
    const at = order.map((s) => sql.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(splitMigration(sql)[0]).toBe('PRAGMA defer_foreign_keys = ON');
  });

  it('changes nothing when run a second time', () => {
    expect(second.map((r) => r.result.changed)).toEqual([false, false]);
    expect(readFileSync(rewritten[1]!.path, 'utf8')).toBe(rewritten[1]!.sql);
  });
});

describe('a DROP before the rebuild in the same file', () => {
  let chain: BuiltChain;
  beforeAll(async () => {
    chain = await buildChain([
      { name: 'legacy', schema: withLegacy },
      { name: 'legacy_gone', schema: legacyGoneUsersRebuilt },
    ]);
  });
  afterAll(() => chain.remove());

  it('passes on D1 with defer_foreign_keys as the first statement, and fails without it', async () => {
    const [, raw] = readMigrationFolder(chain.dir).migrations as [Migration, Migration];
    expect(splitMigration(raw.sql)[0]).toBe('DROP TABLE `legacy`');
    const [{ result }] = rewriteFolder(readMigrationFolder(chain.dir), [raw]) as [ReturnType<typeof rewriteFolder>[number]];
    const [first, ...rest] = splitMigration(result.sql);
    expect(first).toBe('PRAGMA defer_foreign_keys = ON');
    expect(result.changes).toContain("PRAGMA defer_foreign_keys = ON added as the file's first statement");
    const seed = [
      "INSERT INTO users (id, name) VALUES ('u1', 'Ada')",
      "INSERT INTO posts (id, user_id) VALUES ('p1', 'u1')",
      "INSERT INTO legacy (id) VALUES ('l1')",
      "INSERT INTO legacy_refs (id, legacy_id) VALUES ('lr1', 'l1')",
    ];
    const [baseline] = readMigrationFolder(chain.dir).migrations as [Migration];

    const without = d1();
    await apply(without, baseline.sql);
    await without.batch(statements(seed));
    await expect(without.batch(statements(rest))).rejects.toThrow(/FOREIGN KEY constraint failed/);

    const engine = d1();
    await apply(engine, baseline.sql);
    await engine.batch(statements(seed));
    await apply(engine, result.sql);
    expect(await readAll(engine, ['users', 'posts'])).toEqual({ users: [{ id: 'u1', name: 'Ada' }], posts: [{ id: 'p1', user_id: 'u1' }] });
  });
});
