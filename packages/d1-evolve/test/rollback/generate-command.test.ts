/**
 * `d1-evolve generate` and `generate --down-for` in a real project (the real drizzle-kit
 * writes the ups), and wrangler itself reading the folder: the downs in drizzle/down/ are
 * never taken for migrations by `wrangler d1 migrations list` or `apply`.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_MARK, readDown } from '../../src/folder/downs';
import { ACCOUNTS_NOTES, type TestProject, addColumn, makeProject } from '../fixtures/project';
import { PACKAGE_ROOT, runCli } from '../support/run';
import { runWrangler } from '../support/wrangler';

const DATABASE_ID = randomUUID();
const toml = ['name = "notes"', '', '[[d1_databases]]', 'binding = "DB"', `database_id = "${DATABASE_ID}"`, 'migrations_dir = "drizzle"', ''].join('\n');
const HAND_WRITTEN = '-- my own down\nALTER TABLE `accounts` DROP COLUMN `nickname`;\n';

let project: TestProject;
const cli = (...args: string[]) => runCli(args, { cwd: project.dir, timeoutMs: 180_000 });

/**
 * The project's node_modules as real folder: pnpm's .bin shims reach the store by a path
 * relative to the workspace, which the symlinked folder of makeProject breaks, so generate
 * gets a drizzle-kit shim of its own and every package a link.
 */
function ownNodeModules(dir: string): void {
  const from = join(PACKAGE_ROOT, 'node_modules');
  rmSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  for (const entry of readdirSync(from).filter((e) => e !== '.bin')) symlinkSync(join(from, entry), join(dir, 'node_modules', entry));
  const shim = join(dir, 'node_modules', '.bin', 'drizzle-kit');
  writeFileSync(shim, `#!/bin/sh\nexec node ${JSON.stringify(join(from, 'drizzle-kit', 'bin.cjs'))} "$@"\n`);
  chmodSync(shim, 0o755);
}

beforeAll(async () => {
  project = await makeProject({ wrangler: { file: 'wrangler.toml', content: toml }, drizzle: [{ source: ACCOUNTS_NOTES }] });
  ownNodeModules(project.dir);
  project.write('src/db/schema.ts', addColumn(ACCOUNTS_NOTES, 'accounts', "nickname: text('nickname'),"));
}, 120_000);
afterAll(() => project?.remove());

describe('d1-evolve generate', () => {
  it('writes the down of the migration it writes, marked and declaring the column it drops', async () => {
    const run = await cli('generate', '--name', 'add_nickname');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote the down of 0001_add_nickname.sql: drizzle/down/0001_add_nickname.sql (declares -- allow-data-loss: accounts).');
    const down = readDown(project.path('drizzle'), '0001_add_nickname.sql')!;
    expect(down.sql.split('\n')[0]).toBe(`${GENERATED_MARK} 0001_add_nickname.sql`);
    expect(down.sql).toContain('-- allow-data-loss: accounts');
    expect(down.statements.at(-1)).toMatch(/ALTER TABLE `accounts` DROP COLUMN `nickname`$/);
    // The older migration, written before d1-evolve generate ran, has none yet.
    expect(readDown(project.path('drizzle'), '0000_init.sql')).toBeUndefined();
  }, 180_000);

  it('--down-for writes the missing down of an older migration, and says when it is already up to date', async () => {
    const run = await cli('generate', '--down-for', '0000_init');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote the down of 0000_init.sql: drizzle/down/0000_init.sql (declares -- allow-data-loss: accounts, notes).');
    expect(readDown(project.path('drizzle'), '0000_init.sql')!.generated).toBe(true);
    // As the workspace's db:generate script runs it: with --bundle, which --down-for leaves alone.
    const again = await cli('generate', '--bundle', 'src/worker/migrations.generated.ts', '--down-for', '0000_init.sql');
    expect(again.stdout).toContain('The down of 0000_init.sql is up to date: drizzle/down/0000_init.sql.');
  });

  it('--down-for regenerates a generated down that was edited, keeping its mark', async () => {
    const path = 'drizzle/down/0001_add_nickname.sql';
    const generated = project.read(path);
    project.write(path, `${generated}\n-- an edit\n`);
    const run = await cli('generate', '--down-for', '0001_add_nickname');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Regenerated the down of 0001_add_nickname.sql');
    expect(project.read(path)).toBe(generated);
  });

  it('--down-for refuses to overwrite a down written by hand, and says how to regenerate it', async () => {
    const path = 'drizzle/down/0001_add_nickname.sql';
    project.write(path, HAND_WRITTEN);
    const run = await cli('generate', '--down-for', '0001_add_nickname');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('drizzle/down/0001_add_nickname.sql is a down written by hand');
    expect(run.stderr).toContain('delete the file and run `d1-evolve generate --down-for 0001_add_nickname` again');
    expect(project.read(path)).toBe(HAND_WRITTEN);
  });

  it('--down-for names the migrations there are when the name matches none', async () => {
    const run = await cli('generate', '--down-for', '0009_nothing');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--down-for 0009_nothing: no such migration in drizzle (it has 0000_init, 0001_add_nickname)');
  });

  it('writes no down when the previous snapshot is missing, and says which and what to do', async () => {
    const snapshot = project.path('drizzle', 'meta', '0000_snapshot.json');
    const saved = readFileSync(snapshot, 'utf8');
    rmSync(project.path('drizzle', 'down', '0001_add_nickname.sql'));
    rmSync(snapshot);
    try {
      const run = await cli('generate', '--down-for', '0001_add_nickname');
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        'No down for 0001_add_nickname.sql: 0000_init.sql, the migration before 0001_add_nickname.sql, has no snapshot (drizzle/meta/0000_snapshot.json)',
      );
      expect(run.stdout).toContain('Write drizzle/down/0001_add_nickname.sql by hand, or restore the snapshot from git.');
      expect(existsSync(project.path('drizzle', 'down', '0001_add_nickname.sql'))).toBe(false);
    } finally {
      project.write('drizzle/meta/0000_snapshot.json', saved);
    }
  });
});

describe('wrangler and the down folder', () => {
  const names = (output: string) => [...new Set(output.match(/\d{4}_[a-z_]+\.sql/g) ?? [])].sort();

  it('`wrangler d1 migrations list --local` and `apply --local` take only the top-level files, never drizzle/down/', async () => {
    expect(existsSync(project.path('drizzle', 'down', '0000_init.sql'))).toBe(true);
    const listed = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local'], { cwd: project.dir });
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    expect(names(listed.stdout)).toEqual(['0000_init.sql', '0001_add_nickname.sql']);

    const applied = await runWrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { cwd: project.dir });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const ledger = await project.localQuery(DATABASE_ID, 'SELECT name FROM d1_migrations ORDER BY id');
    expect(ledger.map((row) => row.name)).toEqual(['0000_init.sql', '0001_add_nickname.sql']);
    // Had a down run, accounts would be gone or lack nickname.
    const columns = await project.localQuery(DATABASE_ID, "SELECT name FROM pragma_table_info('accounts')");
    expect(columns.map((row) => row.name)).toContain('nickname');
  }, 180_000);

  it('would take the same file as a migration at the top level (so the listing above is not blind)', async () => {
    copyFileSync(project.path('drizzle', 'down', '0000_init.sql'), project.path('drizzle', '0002_a_down_misplaced.sql'));
    try {
      const listed = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local'], { cwd: project.dir });
      expect(names(listed.stdout)).toEqual(['0002_a_down_misplaced.sql']);
    } finally {
      rmSync(project.path('drizzle', '0002_a_down_misplaced.sql'));
    }
  }, 120_000);
});

describe('d1-evolve generate and a down already written by hand', () => {
  it('keeps it, says so, and still writes the migration', async () => {
    const handWritten = '-- my own down of add_bio\nALTER TABLE `accounts` DROP COLUMN `bio`;\n';
    project.write('drizzle/down/0002_add_bio.sql', handWritten);
    const source = addColumn(addColumn(ACCOUNTS_NOTES, 'accounts', "nickname: text('nickname'),"), 'accounts', "bio: text('bio'),");
    project.write('src/db/schema.ts', source);
    const run = await cli('generate', '--name', 'add_bio');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(project.migrations('drizzle')).toContain('0002_add_bio.sql');
    expect(run.stdout).toContain('Kept drizzle/down/0002_add_bio.sql: a down written by hand is never overwritten.');
    expect(project.read('drizzle/down/0002_add_bio.sql')).toBe(handWritten);
  }, 180_000);
});
