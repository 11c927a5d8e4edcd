/**
 * Baseline adopts a database built without the migrations only when its schema equals a
 * snapshot, and otherwise writes nothing. The folder is the project's own drizzle/ plus one
 * more migration (users.nickname) with its snapshot, so `--to` has a choice.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../packages/d1-evolve/src/cli/command';
import { baseline as baselineCommand } from '../../../packages/d1-evolve/src/cli/commands/baseline';
import { type Migration, readMigrationFolder } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { applyMigrations } from '../../../packages/d1-evolve/src/runner/apply';
import { baseline } from '../../../packages/d1-evolve/src/runner/baseline';
import { readLedger } from '../../../packages/d1-evolve/src/runner/ledger';
import { computeStatus } from '../../../packages/d1-evolve/src/runner/status';
import type { Snapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { type D1Transport, statements } from '../../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../../packages/d1-evolve/src/transports/miniflare';
import { SqliteTransport } from '../../../packages/d1-evolve/src/transports/sqlite';
import { type D1ApiServer, startD1ApiServer } from '../../../packages/d1-evolve/src/testing/d1-api';
import { PROJECT_ROOT } from '../../support/project';
import { contentHash, transportRows } from '../../../packages/d1-evolve/test/support/content-hash';

const NICKNAME = '0001_users_nickname';

let root: string;
let migrations: Migration[];
let open: D1Transport[] = [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'baseline-test-'));
  cpSync(join(PROJECT_ROOT, 'drizzle'), join(root, 'drizzle'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'wrangler.toml'), join(root, 'wrangler.toml'));
  addNicknameMigration(join(root, 'drizzle'));
  migrations = readMigrationFolder(join(root, 'drizzle')).migrations;
});

afterEach(async () => {
  await Promise.all(open.map((t) => t.close?.()));
  open = [];
  rmSync(root, { recursive: true, force: true });
});

/** Appends `ALTER TABLE users ADD nickname text` to the folder, journal and snapshot included. */
function addNicknameMigration(dir: string): void {
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  journal.entries.push({ idx: 1, version: '6', when: journal.entries[0].when + 1, tag: NICKNAME, breakpoints: true });
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  writeFileSync(join(dir, `${NICKNAME}.sql`), 'ALTER TABLE `users` ADD `nickname` text;');
  const snapshot = JSON.parse(readFileSync(join(dir, 'meta', '0000_snapshot.json'), 'utf8')) as Snapshot;
  snapshot.prevId = snapshot.id;
  snapshot.id = '11111111-1111-4111-8111-111111111111';
  snapshot.tables.users!.columns.nickname = { name: 'nickname', type: 'text', primaryKey: false, notNull: false, autoincrement: false };
  writeFileSync(join(dir, 'meta', '0001_snapshot.json'), JSON.stringify(snapshot, null, 2));
}

function sqlite(): SqliteTransport {
  const transport = new SqliteTransport();
  open.push(transport);
  return transport;
}

/** A database built the way push or raw SQL would: the migrations' SQL, no ledger. */
async function builtWithoutLedger(transport: D1Transport, upTo = migrations.length): Promise<D1Transport> {
  for (const migration of migrations.slice(0, upTo)) await transport.batch(statements(migration.statements));
  return transport;
}

const hash = (transport: D1Transport) => contentHash(transportRows(transport));

describe('baseline', () => {
  it('records every migration with its checksum when the database matches the latest snapshot, and apply then has nothing to do', async () => {
    const db = await builtWithoutLedger(sqlite());
    const result = await baseline({ transport: db, migrations });
    expect(result).toMatchObject({ ok: true, recorded: migrations.map((m) => m.name), differences: [] });
    const ledger = await readLedger(db);
    expect(ledger.map((r) => [r.name, r.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(computeStatus(migrations, ledger).pending).toEqual([]);
    expect((await applyMigrations({ transport: db, migrations })).results).toEqual([]);
  });

  it('records only up to --to, and apply continues with the next migration', async () => {
    const db = await builtWithoutLedger(sqlite(), 1);
    expect(await baseline({ transport: db, migrations, to: '0000' })).toMatchObject({ ok: true, recorded: ['0000_baseline.sql'] });
    const applied = await applyMigrations({ transport: db, migrations });
    expect(applied.results.map((r) => [r.name, r.outcome])).toEqual([[`${NICKNAME}.sql`, 'applied']]);
  });

  it('prints the differences and writes nothing when the schema does not match', async () => {
    const db = await builtWithoutLedger(sqlite(), 1);
    await db.batch([{ sql: 'DROP INDEX idx_agents_status' }, { sql: 'CREATE TABLE scratch (x integer)' }]);
    const before = await hash(db);
    const result = await baseline({ transport: db, migrations });
    expect(result.ok).toBe(false);
    expect(result.recorded).toEqual([]);
    expect(result.differences).toEqual([
      `table agents: index idx_agents_status (status) missing from the database`,
      `table scratch: in the database but not in ${NICKNAME}.sql's snapshot`,
      `table users: column nickname missing from the database`,
    ]);
    // Not even the ledger or the lock table was created.
    expect(await hash(db)).toBe(before);
  });

  it('refuses when the ledger already has rows, naming --force; --force keeps them and adds the missing ones', async () => {
    const db = await builtWithoutLedger(sqlite());
    await db.batch([
      { sql: 'CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)' },
      { sql: "INSERT INTO d1_migrations (name) VALUES ('0000_baseline.sql')" },
    ]);
    const before = await hash(db);
    await expect(baseline({ transport: db, migrations })).rejects.toThrow(/already lists 1 migration\(s\) \(0000_baseline\.sql\).*--force/s);
    expect(await hash(db)).toBe(before);

    const forced = await baseline({ transport: db, migrations, force: true });
    expect(forced).toMatchObject({ ok: true, recorded: [`${NICKNAME}.sql`], alreadyRecorded: ['0000_baseline.sql'] });
    const ledger = await readLedger(db);
    expect(ledger.map((r) => [r.name, r.checksum])).toEqual([
      ['0000_baseline.sql', undefined],
      [`${NICKNAME}.sql`, migrations[1]!.checksum],
    ]);
  });

  it("matches a database built on workerd's D1", async () => {
    const db = new MiniflareTransport({ databaseId: 'baseline-test' });
    open.push(db);
    await builtWithoutLedger(db);
    expect(await baseline({ transport: db, migrations })).toMatchObject({ ok: true, recorded: migrations.map((m) => m.name) });
  });
});

describe('db:baseline over the D1 HTTP API', () => {
  let server: D1ApiServer;
  beforeEach(async () => {
    server = await startD1ApiServer();
  });
  afterEach(async () => {
    await server.close();
  });

  async function run(args: string[]): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    const env = {
      CLOUDFLARE_API_BASE_URL: server.url,
      CLOUDFLARE_ACCOUNT_ID: server.accountId,
      CLOUDFLARE_DATABASE_ID: server.databaseId,
      CLOUDFLARE_D1_TOKEN: server.token,
    };
    const context: CommandContext = { root, env, out: { line: (text = '') => lines.push(text), note: (text) => lines.push(text) } };
    const code = await baselineCommand.run(parseArgs({ args, options: baselineCommand.options, strict: true }), context);
    return { code, output: lines.join('\n') };
  }

  it('lists the differences table by table and exits 1, then adopts the database once it matches', async () => {
    const remote = server.database();
    remote.exec(migrations[0]!.sql.replaceAll('--> statement-breakpoint', ''));
    const mismatch = await run([]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.output).toContain(
      `does not match ${NICKNAME}.sql's snapshot; nothing was written. 1 difference(s):\n  - table users: column nickname missing from the database`,
    );
    expect(server.database().prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'd1_migrations%'").get()).toEqual({ n: 0 });

    const adopted = await run(['--to', '0000_baseline']);
    expect(adopted.code).toBe(0);
    expect(adopted.output).toContain('Recorded as applied in d1_migrations: 0000_baseline.sql.');
    expect(adopted.output).toContain(`\`d1-evolve apply\` continues with ${NICKNAME}.sql.`);
    expect(server.database().prepare('SELECT name, checksum FROM d1_migrations').all()).toEqual([
      { name: '0000_baseline.sql', checksum: migrations[0]!.checksum },
    ]);
  });

  it('reads the live schema in three requests', async () => {
    server.database().exec(migrations[0]!.sql.replaceAll('--> statement-breakpoint', ''));
    await run([]);
    // 1 ledger read + 3 introspection batches; nothing else, since it did not match.
    expect(server.requests.length).toBe(4);
  });
});
