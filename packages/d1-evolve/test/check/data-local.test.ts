/**
 * `--data local`: the local D1 database of a wrangler project (written by workerd's D1, as
 * `wrangler dev` and `apply --local` write it) read from a copy: every row comes through, the
 * original files stay byte for byte as they were, and the copy is gone afterwards. And the
 * CLI's `--data` errors, each saying what to do.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localData } from '../../src/check/data/local';
import { appliedMigrations, loadDump } from '../../src/check/data/source';
import { localD1File, localStateDir } from '../../src/config/local-d1';
import { Ledger, ensureLedger } from '../../src/runner/ledger';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import { THREE, type TempFolder, migrationFolder } from '../runner/helpers';
import { runCli } from '../support/run';
import { type WranglerProject, makeWranglerProject } from '../support/wrangler';
import { fingerprint, transportRows, writeFixtureThrough } from '../fixtures/data';

const DATABASE_ID = '00000000-0000-4000-8000-000000000000';

let folder: TempFolder;
let project: WranglerProject;
let copies: string;
beforeEach(() => {
  folder = migrationFolder(THREE);
  project = makeWranglerProject({ migrationsFrom: folder.dir, databaseId: DATABASE_ID });
  copies = mkdtempSync(join(tmpdir(), 'd1-evolve-copies-'));
});
afterEach(() => {
  project.remove();
  folder.remove();
  rmSync(copies, { recursive: true, force: true });
});

const stateDir = () => localStateDir(project.dir, project.dir);

/** Writes the fixture and a ledger into the project's local D1 through workerd; returns what it holds. */
async function writeLocalDatabase(): Promise<Awaited<ReturnType<typeof fingerprint>>> {
  const local = new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: stateDir() });
  try {
    await writeFixtureThrough(local);
    const ledger = new Ledger();
    await ensureLedger(local, ledger);
    await local.batch(['0000_users.sql', '0001_events.sql'].map((name) => ledger.insert({ name, checksum: 'x', appliedBy: 'test' })));
    return await fingerprint(transportRows(local));
  } finally {
    await local.close();
  }
}

/** sha-256 of the local D1 file and each of its -wal / -shm, by name. */
function localFiles(): Record<string, string> {
  const file = localD1File(stateDir(), DATABASE_ID);
  return Object.fromEntries(
    ['', '-wal', '-shm']
      .filter((part) => existsSync(file + part))
      .map((part) => [
        part || 'db',
        createHash('sha256')
          .update(readFileSync(file + part))
          .digest('hex'),
      ]),
  );
}

describe('localData', () => {
  it('dumps a copy holding every row of the local D1, leaves the original byte for byte unchanged and deletes the copy', async () => {
    const expected = await writeLocalDatabase();
    const before = localFiles();
    expect(Object.keys(before)).toContain('db');
    const data = await localData({
      stateDir: stateDir(),
      databaseId: DATABASE_ID,
      binding: 'DB',
      migrationsTable: 'd1_migrations',
      root: project.dir,
      tmpDir: copies,
    });
    expect(localFiles()).toEqual(before);
    expect(readdirSync(copies)).toEqual([]);
    expect(data.label).toMatch(/^the local D1 database of DB \(\.wrangler\/state\/v3\/d1\/miniflare-D1DatabaseObject\/[0-9a-f]{64}\.sqlite\)$/);
    const target = new SqliteTransport();
    try {
      await loadDump(target, data.dump);
      expect(await fingerprint(transportRows(target))).toEqual(expected);
      expect(await appliedMigrations(target, data.migrationsTable)).toEqual(['0000_users.sql', '0001_events.sql']);
    } finally {
      await target.close();
    }
  });

  it('says how to create the local database when there is none', async () => {
    const missing = localData({
      stateDir: stateDir(),
      databaseId: DATABASE_ID,
      binding: 'DB',
      migrationsTable: 'd1_migrations',
      root: project.dir,
      tmpDir: copies,
    });
    await expect(missing).rejects.toThrow(/There is no local D1 database for DB .*`d1-evolve apply --local`.*`wrangler d1 migrations apply DB --local`/);
    expect(readdirSync(copies)).toEqual([]);
  });

  it('refuses a database larger than it can hold in memory before copying anything, and says how to check part of it', async () => {
    await writeLocalDatabase();
    const large = localData({
      stateDir: stateDir(),
      databaseId: DATABASE_ID,
      binding: 'DB',
      migrationsTable: 'd1_migrations',
      root: project.dir,
      tmpDir: copies,
      maxBytes: 1000,
    });
    await expect(large).rejects.toThrow(/the local D1 database of DB .* is [\d.]+ MB, more than --data takes \(0 MB;.*--table <t>.*--data part\.sql/);
    expect(readdirSync(copies)).toEqual([]);
  });
});

describe('check --data on the command line', () => {
  const cli = (args: string[]) => runCli(['check', ...args], { cwd: project.dir });

  it('reads the local database from a copy: the original is unchanged after the check', async () => {
    await writeLocalDatabase();
    const before = localFiles();
    const run = await cli(['--data', 'local', '--fast']);
    expect(run.stderr).not.toMatch(/no local D1|--data|Could not read/);
    expect([0, 1]).toContain(run.code);
    expect(localFiles()).toEqual(before);
  });

  it('refuses an unknown --data value, naming the three it takes', async () => {
    const run = await cli(['--data', 'production']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--data production: unknown value\. Use --data local .*--data remote .*--data <file\.sql>/);
  });

  it('says how to create the local database when --data local finds none', async () => {
    const run = await cli(['--data', 'local']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('There is no local D1 database for DB');
    expect(run.stderr).toContain('apply --local');
  });

  it('names a dump file that is not there', async () => {
    const run = await cli(['--data', 'backups/missing.sql']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--data backups/missing.sql: there is no such file');
  });

  it('refuses --rows with --data: real rows are not seeded', async () => {
    const run = await cli(['--data', 'local', '--rows', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--data checks real rows instead');
  });

  it('refuses --data local with --dir, which has no config to find the database in', async () => {
    const run = await cli(['--dir', 'drizzle', '--data', 'local']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--data local needs the project's wrangler config");
  });
});
