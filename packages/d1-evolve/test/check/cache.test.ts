/**
 * The check's cache (src/check/cache.ts) on real engines: a cached answer equals the full
 * proof, an unchanged chain starts no engine, a new migration is replayed alone from the saved
 * databases, and every edit that changes a result (an applied file, a snapshot, a CHECK the
 * seeder reads) is replayed again from that migration.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CheckOptions, type CheckReport, runCheck } from '../../src/check/index';
import { type EngineName, openEngine } from '../../src/check/engines';
import { captureDatabase, restoreDatabase } from '../../src/check/engine-state';
import { LocalD1UnansweredError } from '../../src/transports/miniflare';
import type { D1Transport } from '../../src/transports/transport';
import { BREAKPOINT, journalPath, readJournal, readMigrationFolder, snapshotPath } from '../../src/folder/migration-folder';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v2UsersRebuilt, v3 } from '../fixtures/chains/schemas';
import { rewriteFolder } from '../../src/rewrite/keep-children';

const HAZARDS = join(import.meta.dirname, '..', 'fixtures', 'hazards');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A temp folder removed after the test. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function chain(steps: Parameters<typeof buildChain>[0]): Promise<BuiltChain> {
  const built = await buildChain(steps);
  cleanups.push(built.remove);
  return built;
}

/** A check that counts the engines it opens. */
function checker(dir: string, cacheDir: string | undefined) {
  const opened: EngineName[] = [];
  const check = (more: Partial<CheckOptions> = {}) =>
    runCheck({
      dir,
      schema: false,
      ...(cacheDir ? { cacheDir } : {}),
      openEngine: async (engine) => {
        opened.push(engine);
        return openEngine(engine);
      },
      ...more,
    });
  return { check, opened };
}

/** What a check proves, without timings and without what says where it came from. */
function proof(report: CheckReport) {
  const runs = (engines: Record<string, { status: string; rowsChecked: number; seeded?: number }>) =>
    Object.fromEntries(Object.entries(engines).map(([engine, { status, rowsChecked, seeded }]) => [engine, { status, rowsChecked, seeded }]));
  return {
    ok: report.ok,
    findings: report.findings,
    migrations: report.migrations.map((m) => ({
      name: m.name,
      findings: m.findings,
      declared: m.declared,
      afterFailure: m.afterFailure,
      engines: runs(m.engines),
    })),
    downs: report.downs.map((d) => ({ name: d.name, proven: d.proven, findings: d.findings, engines: runs(d.engines) })),
  };
}

/** Takes the chain's last migration out (file, snapshot, journal entry); the returned function puts it back. */
function hideLast(dir: string): () => void {
  const journal = readJournal(dir);
  const entry = journal.entries.pop()!;
  writeFileSync(journalPath(dir), JSON.stringify(journal, null, 2));
  const aside = tempDir('hidden-');
  renameSync(join(dir, `${entry.tag}.sql`), join(aside, 'up.sql'));
  renameSync(snapshotPath(dir, entry.idx), join(aside, 'snapshot.json'));
  return () => {
    renameSync(join(aside, 'up.sql'), join(dir, `${entry.tag}.sql`));
    renameSync(join(aside, 'snapshot.json'), snapshotPath(dir, entry.idx));
    journal.entries.push(entry);
    writeFileSync(journalPath(dir), JSON.stringify(journal, null, 2));
  };
}

const replayedOn = (report: CheckReport) => Object.fromEntries(Object.entries(report.cache!.engines).map(([engine, e]) => [engine, e!.replayed]));

describe('the check cache', () => {
  it('answers an unchanged chain from the cache, equal to the first check, without starting an engine', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'extras', schema: v3 },
    ]);
    const { check, opened } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    const first = await check();
    expect(opened.sort()).toEqual(['d1', 'sqlite']);
    expect(first.cache).toMatchObject({ hits: 0, replayed: 3 });
    const second = await check();
    expect(opened).toHaveLength(2);
    expect(second.cache).toMatchObject({ hits: 3, replayed: 0, engines: { sqlite: { replayed: [] }, d1: { replayed: [] } } });
    expect(second.migrations.every((m) => m.cached)).toBe(true);
    expect(second.cache!.since).toBeDefined();
    // The same answer, timings included: they are the first check's.
    expect(second.findings).toEqual(first.findings);
    expect(second.ok).toBe(first.ok);
    expect(second.migrations.map(({ cached, ...m }) => m)).toEqual(first.migrations);
    expect(proof(second)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));
  });

  it.each(
    readdirSync(HAZARDS, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name),
  )("gives drizzle-kit's own SQL of the hazard %s the same verdict with a warm cache", async (hazard) => {
    const dir = tempDir('hazard-cached-');
    cpSync(join(HAZARDS, hazard, 'drizzle'), dir, { recursive: true });
    const { check, opened } = checker(dir, join(dir, '.cache'));
    const cold = await check();
    if (hazard === 'cascade-three-levels') {
      expect(cold.ok).toBe(false);
      expect(cold.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['rebuild-cascade', 'data-loss']));
    }
    const warm = await check();
    expect(opened).toHaveLength(2);
    expect(warm.cache).toMatchObject({ hits: cold.migrations.length, replayed: 0 });
    expect(warm.ok).toBe(cold.ok);
    expect(warm.findings).toEqual(cold.findings);
  });

  it('replays only a new migration, on both engines, from the databases saved after the one before, as a full check would', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'extras', schema: v3 },
    ]);
    const restore = hideLast(built.dir);
    const { check } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    expect((await check()).cache).toMatchObject({ hits: 0, replayed: 2 });
    restore();
    const next = await check();
    expect(next.cache).toMatchObject({
      hits: 2,
      replayed: 1,
      engines: {
        sqlite: { replayed: ['0002_extras.sql'], resumedAfter: '0001_posts.sql' },
        d1: { replayed: ['0002_extras.sql'], resumedAfter: '0001_posts.sql' },
      },
    });
    // The users seeded before 0001 came back with the saved database: only posts (empty since 0001 created it) is seeded.
    for (const engine of ['sqlite', 'd1'] as const) expect(next.migrations[2]!.engines[engine]).toMatchObject({ status: 'ran', seeded: 3, rowsChecked: 6 });
    const full = await runCheck({ dir: built.dir, schema: false });
    expect(proof(next)).toEqual(proof(full));
    expect(full.ok).toBe(true);
  });

  it('goes on from a saved database where a rebuilt parent table comes after its children, with triggers and an autoincrement counter', async () => {
    // After drizzle-kit's rebuild (kept safe by the rewrite) users is created after posts, which references it.
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      {
        name: 'audit',
        schema: v2,
        sql: () =>
          [
            'CREATE TABLE `audit` (`id` integer PRIMARY KEY AUTOINCREMENT, `what` text);',
            "CREATE TRIGGER `posts_audit` AFTER INSERT ON `posts` BEGIN INSERT INTO `audit` (`what`) VALUES ('post ' || NEW.id); END;",
            "INSERT INTO `audit` (`what`) VALUES ('start');",
          ].join(`${BREAKPOINT}\n`),
      },
      { name: 'users_rebuilt', schema: v2UsersRebuilt },
      { name: 'more', schema: v2UsersRebuilt, sql: () => "INSERT INTO `users` (`id`, `name`) VALUES ('late', NULL);" },
    ]);
    rewriteFolder(readMigrationFolder(built.dir));
    const restore = hideLast(built.dir);
    const cacheDir = join(tempDir('cache-'), 'check-cache');
    const { check } = checker(built.dir, cacheDir);
    await check();
    // The saved databases hold that order, the trigger and the counter: created in that order with their rows, users' rows could not go in.
    const images = readdirSync(cacheDir)
      .filter((f) => f.startsWith('state-'))
      .map((f) => JSON.parse(readFileSync(join(cacheDir, f), 'utf8')).image as { objects: { type: string; name: string }[]; sequence: string[] });
    const last = images.filter((image) => image.objects.some((o) => o.name === 'posts_audit'));
    expect(last.length).toBeGreaterThan(0);
    for (const image of last) expect(image.sequence).toEqual(["('audit',1)"]);
    const tableOrder = (image: (typeof images)[number]) => image.objects.filter((o) => o.type === 'table').map((o) => o.name);
    expect(last.some((image) => tableOrder(image).indexOf('posts') < tableOrder(image).indexOf('users'))).toBe(true);
    restore();
    const next = await check();
    expect(next.cache!.engines).toEqual({
      sqlite: { replayed: ['0004_more.sql'], resumedAfter: '0003_users_rebuilt.sql' },
      d1: { replayed: ['0004_more.sql'], resumedAfter: '0003_users_rebuilt.sql' },
    });
    expect(proof(next)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));
  });

  it('replays again from an applied file that was edited, and from a snapshot that was edited', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'extras', schema: v3 },
    ]);
    const { check } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    expect((await check()).ok).toBe(true);

    // An applied file: a statement added to 0001 (a table the snapshot does not have).
    const file = join(built.dir, '0001_posts.sql');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${original}${BREAKPOINT}\nCREATE TABLE \`stray\` (\`id\` text);`);
    const edited = await check();
    expect(edited.cache).toMatchObject({ hits: 1, replayed: 2 });
    expect(replayedOn(edited)).toEqual({ sqlite: ['0001_posts.sql', '0002_extras.sql'], d1: ['0001_posts.sql', '0002_extras.sql'] });
    expect(edited.ok).toBe(false);
    expect(edited.migrations[1]!.findings.map((f) => f.rule)).toContain('snapshot-mismatch');
    expect(proof(edited)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));

    // Back as it was: the first check's results answer again.
    writeFileSync(file, original);
    expect((await check()).cache).toMatchObject({ hits: 3, replayed: 0 });

    // A snapshot: 0002's snapshot gains a column its SQL does not add.
    const snapshot = snapshotPath(built.dir, 2);
    const parsed = JSON.parse(readFileSync(snapshot, 'utf8'));
    parsed.tables.posts.columns.extra = { name: 'extra', type: 'text', primaryKey: false, notNull: false, autoincrement: false };
    writeFileSync(snapshot, JSON.stringify(parsed, null, 2));
    const stale = await check();
    expect(stale.cache).toMatchObject({ hits: 2, replayed: 1 });
    expect(replayedOn(stale)).toEqual({ sqlite: ['0002_extras.sql'], d1: ['0002_extras.sql'] });
    expect(stale.migrations[2]!.findings.map((f) => f.rule)).toContain('snapshot-mismatch');
    expect(proof(stale)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));
  });

  it('replays again from a migration whose CHECK the seeder reads was edited, and the rows it seeds then change the verdict', async () => {
    // 0002 deletes the posts whose status is 'gone': none while the CHECK allows only draft and live.
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'purge', schema: v2, sql: () => "DELETE FROM `posts` WHERE `status` = 'gone';" },
    ]);
    const { check } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    const before = await check();
    expect(before.ok).toBe(true);
    // The rule widened in 0001's SQL and snapshot alike: the seeder now writes 'gone' into edge rows.
    for (const path of [join(built.dir, '0001_posts.sql'), snapshotPath(built.dir, 1), snapshotPath(built.dir, 2)]) {
      const text = readFileSync(path, 'utf8');
      expect(text).toContain("'draft', 'live')");
      writeFileSync(path, text.replace("'draft', 'live')", "'draft', 'live', 'gone')"));
    }
    const after = await check();
    expect(replayedOn(after)).toEqual({ sqlite: ['0001_posts.sql', '0002_purge.sql'], d1: ['0001_posts.sql', '0002_purge.sql'] });
    expect(after.ok).toBe(false);
    expect(after.migrations[2]!.findings.map((f) => f.rule)).toContain('data-loss');
    expect(proof(after)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));
  });

  it("takes a down's proof from the cache while the chain up to it and the down are unchanged, and proves an edited down again", async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'extras', schema: v3 },
    ]);
    const down = join(built.dir, 'down', '0001_posts.sql');
    mkdirSync(dirname(down), { recursive: true });
    writeFileSync(down, 'DROP TABLE `posts`;\n-- allow-data-loss: posts\n');
    const restore = hideLast(built.dir);
    const { check, opened } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    const first = await check();
    expect(first.downs.map((d) => [d.name, d.proven, d.cached])).toEqual([['0001_posts.sql', true, undefined]]);
    // A new migration without a down: only it is replayed, and the proof comes from the cache.
    restore();
    const next = await check();
    expect(next.cache).toMatchObject({ hits: 2, replayed: 1, downs: 1 });
    expect(next.downs[0]).toMatchObject({ name: '0001_posts.sql', proven: true, cached: true });
    expect(next.migrations[1]!.down).toMatchObject({ proven: true });
    const again = await check();
    expect(opened).toHaveLength(4);
    expect(again.cache).toMatchObject({ hits: 3, replayed: 0, downs: 1 });
    // The down edited so that it no longer undoes the up: proven again, and not proven.
    writeFileSync(down, 'SELECT 1;\n');
    const edited = await check();
    expect(edited.cache).toMatchObject({ hits: 3, replayed: 0, downs: 0 });
    expect(edited.downs[0]).toMatchObject({ proven: false });
    expect(edited.downs[0]!.cached).toBeUndefined();
    expect(proof(edited)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));
  });

  it('replays real rows (--data) every time: they differ from one check to the next', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
    ]);
    const dump = [
      'CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);',
      "INSERT INTO d1_migrations (name) VALUES ('0000_users.sql');",
      'CREATE TABLE `users` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL);',
      "INSERT INTO users VALUES ('u1', 'Ada');",
    ].join('\n');
    const cacheDir = join(tempDir('cache-'), 'check-cache');
    const { check, opened } = checker(built.dir, cacheDir);
    const data = { label: 'a dump', dump, migrationsTable: 'd1_migrations' };
    for (const _ of [1, 2]) {
      const report = await check({ data });
      expect(report.ok).toBe(true);
      expect(report.cache).toMatchObject({ hits: 0, replayed: 1, engines: { sqlite: { replayed: ['0001_posts.sql'] }, d1: { replayed: ['0001_posts.sql'] } } });
    }
    expect(opened).toHaveLength(4);
  });

  it('runs the lint option given, not a cached lint, on a warm cache', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
    ]);
    const { check, opened } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    await check();
    const flagged = await check({
      lint: (migration) => [{ rule: 'lint-failed', severity: 'error', migration: migration.name, message: `flagged ${migration.name}`, hint: 'none' }],
    });
    expect(flagged.cache).toMatchObject({ hits: 2, replayed: 0 });
    expect(flagged.ok).toBe(false);
    expect(flagged.findings.map((f) => f.message)).toEqual(['flagged 0000_users.sql', 'flagged 0001_posts.sql']);
    const none = await check({ lint: false });
    expect(none.ok).toBe(true);
    expect(none.findings).toEqual([]);
    expect(opened).toHaveLength(2);
  });

  it('takes a corrupt cache for a miss, and --no-cache (refreshCache) replays everything', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'extras', schema: v3 },
    ]);
    const restore = hideLast(built.dir);
    const cacheDir = join(tempDir('cache-'), 'check-cache');
    const { check } = checker(built.dir, cacheDir);
    await check();
    // Every saved database cut in half: the new migration cannot go on from one, so all is replayed.
    const states = readdirSync(cacheDir).filter((f) => f.startsWith('state-'));
    expect(states).toHaveLength(4); // after each of the two migrations, on each engine
    for (const state of states) writeFileSync(join(cacheDir, state), readFileSync(join(cacheDir, state), 'utf8').slice(0, 100));
    restore();
    const cut = await check();
    expect(cut.cache).toMatchObject({ hits: 0, replayed: 3 });
    expect(cut.cache!.engines.d1!.resumedAfter).toBeUndefined();
    expect(proof(cut)).toEqual(proof(await runCheck({ dir: built.dir, schema: false })));
    // The index itself unreadable: nothing cached.
    writeFileSync(join(cacheDir, 'entries.json'), '{"format": 1, "entries": ');
    expect((await check()).cache).toMatchObject({ hits: 0, replayed: 3 });
    expect((await check()).cache).toMatchObject({ hits: 3, replayed: 0 });
    const refreshed = await check({ refreshCache: true });
    expect(refreshed.cache).toMatchObject({ hits: 0, replayed: 3, refreshed: true });
    expect(proof(refreshed)).toEqual(proof(cut));
  });

  it('keeps no result whose finding rests on a measured time: such a migration is replayed by the next check', async () => {
    const built = await chain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
    ]);
    const { check } = checker(built.dir, join(tempDir('cache-'), 'check-cache'));
    // A limit of a microsecond: every migration that runs at all is migration-too-slow.
    const first = await check({ durationLimitMs: 0.001 });
    expect(first.findings.some((f) => f.rule === 'migration-too-slow')).toBe(true);
    const second = await check({ durationLimitMs: 0.001 });
    expect(second.cache?.hits).toBe(0);
    expect(second.findings.some((f) => f.rule === 'migration-too-slow')).toBe(true);
  });
});

describe('an engine that gives no answer', () => {
  it('ends the check instead of becoming a verdict, and nothing of it is kept: the next check replays that migration', async () => {
    const built = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
    ]);
    cleanups.push(built.remove);
    const cacheDir = join(tempDir('cache-'), 'check-cache');
    // workerd crashing mid-batch, as the transport reports it: the real engine, with that one batch unanswered.
    const crashing = async (engine: EngineName): Promise<D1Transport> => {
      const real = await openEngine(engine);
      return {
        target: real.target,
        close: async () => {
          await real.close?.();
        },
        batch: async (batch) => {
          if (batch.some((s) => s.sql.includes('CREATE TABLE `posts`'))) throw new LocalD1UnansweredError(`${real.target} gave no answer to the batch`);
          return real.batch(batch);
        },
      };
    };
    await expect(runCheck({ dir: built.dir, schema: false, cacheDir, openEngine: crashing })).rejects.toThrow(/gave no answer to the batch/);
    const next = await runCheck({ dir: built.dir, schema: false, cacheDir });
    expect(next.ok).toBe(true);
    expect(next.cache?.replayed).toBeGreaterThan(0);
    expect(next.migrations.find((m) => m.name.includes('posts'))!.cached).toBeUndefined();
  });
});

describe('a saved database', () => {
  it.each(['sqlite', 'd1'] as const)('comes back exactly on %s, a text with a zero byte in it too', async (engine) => {
    const from = await openEngine(engine);
    const to = await openEngine(engine);
    try {
      await from.batch([
        { sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)' },
        { sql: "INSERT INTO t (v) VALUES ('a' || char(0) || 'zz'), ('plain'), (NULL)" },
      ]);
      const image = await captureDatabase(from);
      expect(image).toBeDefined();
      expect(await restoreDatabase(to, image!)).toBe(true);
      const read = async (db: typeof from) => (await db.batch([{ sql: 'SELECT id, typeof(v) AS type, hex(v) AS bytes FROM t ORDER BY id' }]))[0]!.rows;
      expect(await read(to)).toEqual(await read(from));
      expect((await read(to))[0]).toEqual({ id: 1, type: 'text', bytes: '61007A7A' });
    } finally {
      await from.close?.();
      await to.close?.();
    }
  });
});
