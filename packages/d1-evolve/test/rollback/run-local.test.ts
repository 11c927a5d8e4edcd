/**
 * `d1-evolve rollback --local` end to end: a project built from scratch (drizzle-kit writes
 * the ups, the downs are written by hand beside them in drizzle/down/), applied to the local
 * D1 of `wrangler dev` (workerd through miniflare), rolled back through the real CLI, and
 * then read and re-applied by wrangler itself.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { ACCOUNTS_NOTES, type TestProject, addColumn, makeProject } from '../fixtures/project';
import { contentHash, transportRows } from '../support/content-hash';
import { type CommandRun, PACKAGE_ROOT, runCli, runCommand } from '../support/run';
import { runWrangler } from '../support/wrangler';

const databaseId = randomUUID();
const said = (run: CommandRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
const TAGS = `
export const tags = sqliteTable('tags', {
  id: integer('id').primaryKey(),
  label: text('label').notNull(),
});
`;
const DOWNS = {
  '0000_init.sql': '-- allow-data-loss: notes, accounts\nDROP TABLE `notes`;\nDROP TABLE `accounts`;',
  '0001_nickname.sql': '-- allow-data-loss: accounts\nALTER TABLE `accounts` DROP COLUMN `nickname`;',
  '0002_tags.sql': '-- allow-data-loss: tags\nDROP TABLE `tags`;',
};

let p: TestProject;
const cli = (args: string[]) => runCli(args, { cwd: p.dir });
const query = (sql: string) => p.localQuery(databaseId, sql);
const ledger = async () => (await query('SELECT name FROM d1_migrations ORDER BY id')).map((r) => String(r.name));
const columns = async (table: string) => (await query(`SELECT name FROM pragma_table_info('${table}')`)).map((r) => String(r.name));
async function localHash(): Promise<string> {
  const transport = new MiniflareTransport({ databaseId, persistDir: p.path('.wrangler', 'state') });
  try {
    return await contentHash(transportRows(transport));
  } finally {
    await transport.close();
  }
}
function writeDowns(downs: Record<string, string | undefined>) {
  rmSync(p.path('drizzle', 'down'), { recursive: true, force: true });
  for (const [name, sql] of Object.entries(downs)) if (sql !== undefined) p.write(join('drizzle', 'down', name), sql);
}
/** Applies everything (d1-evolve) and writes one row per table, as the app would. */
async function applyAndFill() {
  const applied = await cli(['apply', '--local']);
  expect(applied.code, said(applied)).toBe(0);
  await query(
    "INSERT INTO accounts (id, email, nickname) VALUES (1, 'a@example.com', 'al'); INSERT INTO notes (id, account_id, body) VALUES (1, 1, 'kept'); INSERT INTO tags VALUES (1, 'x')",
  );
}

beforeAll(async () => {
  p = await makeProject({
    wrangler: {
      file: 'wrangler.toml',
      content: `name = "rollback-e2e"\ncompatibility_date = "2026-04-01"\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "notes"\ndatabase_id = "${databaseId}"\nmigrations_dir = "drizzle"\n`,
    },
    drizzle: [{ source: ACCOUNTS_NOTES }],
  });
  const withNickname = addColumn(ACCOUNTS_NOTES, 'accounts', "nickname: text('nickname'),");
  p.write('src/db/schema.ts', withNickname);
  await p.generate('drizzle.config.ts', 'nickname');
  p.write('src/db/schema.ts', withNickname + TAGS);
  await p.generate('drizzle.config.ts', 'tags');
  writeDowns(DOWNS);
}, 180_000);
afterAll(() => p?.remove());

describe('rollback --local through the CLI', () => {
  it('undoes the migrations after --to with their downs, keeps the rows, and wrangler then lists them as pending and re-applies them', async () => {
    expect(p.migrations('drizzle')).toEqual(['0000_init.sql', '0001_nickname.sql', '0002_tags.sql']);
    await applyAndFill();

    const rolled = await cli(['rollback', '--to', '0000', '--local']);
    expect(rolled.code, said(rolled)).toBe(0);
    expect(rolled.stderr).toContain('2 migration(s) to roll back, newest first: 0002_tags.sql, 0001_nickname.sql');
    // The check that apply ran first proved both downs: no warning that they are unproven.
    expect(rolled.stderr).not.toContain('has not proven');
    expect(rolled.stderr).toMatch(/rolling back 0002_tags\.sql … done/);
    expect(rolled.stderr).toMatch(/rolling back 0001_nickname\.sql … done/);
    expect(await ledger()).toEqual(['0000_init.sql']);
    expect(await p.localTables(databaseId)).toEqual(['accounts', 'd1_migrations', 'd1_migrations_lock', 'notes']);
    expect(await columns('accounts')).toEqual(['id', 'email']);
    // Writes made since the migrations are kept (only what the downs declare is gone).
    expect(await query('SELECT a.email, n.body FROM notes n JOIN accounts a ON a.id = n.account_id')).toEqual([{ email: 'a@example.com', body: 'kept' }]);

    const listed = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local'], { cwd: p.dir });
    expect(listed.code, said(listed)).toBe(0);
    expect(listed.stdout).toContain('0001_nickname.sql');
    expect(listed.stdout).toContain('0002_tags.sql');
    expect(listed.stdout).not.toContain('0000_init.sql');
    expect(listed.stdout).not.toContain('down');

    const reapplied = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { cwd: p.dir });
    expect(reapplied.code, said(reapplied)).toBe(0);
    expect(await ledger()).toEqual(['0000_init.sql', '0001_nickname.sql', '0002_tags.sql']);
    expect(await columns('accounts')).toEqual(['id', 'email', 'nickname']);
    expect(await p.localTables(databaseId)).toContain('tags');
    const after = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local'], { cwd: p.dir });
    expect(after.stdout).toContain('No migrations to apply');
  }, 180_000);

  it('asks first on a terminal, locally too (there is no Time Travel to undo it), and "n" rolls back nothing', async () => {
    const before = await localHash();
    const loader = pathToFileURL(join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
    const run = await runCommand(
      'python3',
      [
        join(PACKAGE_ROOT, 'test', 'support', 'on-terminal.py'),
        process.execPath,
        '--import',
        loader,
        join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'),
        'rollback',
        '--to',
        '0000',
        '--local',
      ],
      { cwd: p.dir, env: { PROMPT: '[y/N]', KEYS: 'n\\r', TERM: 'dumb' }, timeoutMs: 90_000 },
    );
    expect(run.stdout).toContain('on the local D1 database with their downs? What they drop is gone');
    expect(run.stdout).toContain('Cancelled: nothing was rolled back.');
    expect(run.stdout).toMatch(/\nEXIT 1\n$/);
    expect(await localHash()).toBe(before);
  }, 120_000);

  it('refuses, naming it, when a down is missing, and when a down drops a table it does not declare: nothing is written', async () => {
    const before = await localHash();
    writeDowns({ ...DOWNS, '0002_tags.sql': undefined });
    const missing = await cli(['rollback', '--to', '0000', '--local']);
    expect(missing.code, said(missing)).toBe(1);
    expect(missing.stderr).toContain('Nothing was rolled back');
    expect(missing.stderr).toContain(`no down for ${p.path('drizzle', '0002_tags.sql')}`);
    expect(missing.stderr).toContain(p.path('drizzle', 'down', '0002_tags.sql'));

    writeDowns({ ...DOWNS, '0002_tags.sql': 'DROP TABLE `tags`;' });
    const lossy = await cli(['rollback', '--to', '0001', '--local', '--json']);
    expect(lossy.code, said(lossy)).toBe(1);
    const [error] = lossy.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(error).toMatchObject({ database: 'DB', type: 'error', name: 'RollbackRefusedError' });
    expect(error?.message).toContain('down/0002_tags.sql (statement 1): DROP TABLE tags deletes every row of tags');
    expect(error?.message).toContain('-- allow-data-loss: <table>');
    expect(await localHash()).toBe(before);
    writeDowns(DOWNS);
  }, 120_000);

  it('--dry-run prints each down with its row guard and ledger removal, and writes nothing', async () => {
    const before = await localHash();
    const planned = await cli(['rollback', '--to', '0001_nickname', '--local', '--dry-run']);
    expect(planned.code, said(planned)).toBe(0);
    expect(planned.stdout).toContain('-- dry run: 1 migration(s) would be rolled back');
    expect(planned.stdout).toContain('DROP TABLE `tags`;');
    expect(planned.stdout).toContain("DELETE FROM d1_migrations WHERE name = '0002_tags.sql';");
    expect(planned.stdout).toContain('keeps every write made since');
    expect(await localHash()).toBe(before);
  }, 60_000);

  it('--to a migration that is not applied is a usage error listing the applied ones; --time-travel is refused locally', async () => {
    const unknown = await cli(['rollback', '--to', '0007', '--local']);
    expect(unknown.code, said(unknown)).toBe(2);
    expect(unknown.stderr).toContain('0000_init.sql, 0001_nickname.sql, 0002_tags.sql');
    const noTo = await cli(['rollback', '--local']);
    expect(noTo.code, said(noTo)).toBe(2);
    expect(noTo.stderr).toContain('rollback needs --to <name>');
    const travel = await cli(['rollback', '--to', '0000', '--local', '--time-travel']);
    expect(travel.code, said(travel)).toBe(2);
    expect(travel.stderr).toContain('the local database has no Time Travel');
  }, 60_000);

  it('--json reports each down and the outcome; --to 0 rolls back every migration', async () => {
    const run = await cli(['rollback', '--to', '0', '--local', '--json']);
    expect(run.code, said(run)).toBe(0);
    const events = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'migration-start',
      'migration-done',
      'migration-start',
      'migration-done',
      'migration-start',
      'migration-done',
      'done',
    ]);
    expect(events.at(-1)).toMatchObject({ database: 'DB', ok: true, rolledBack: 3, failed: 0 });
    expect(await ledger()).toEqual([]);
  }, 60_000);
});
