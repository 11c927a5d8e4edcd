/**
 * `d1-evolve rewrite` as a user runs it: `--dir` on a bare folder, `--check` failing only on
 * migrations not yet applied, decided by the branch (git, `--base`) or by the ledger of the
 * local D1 (`--local`, the configured migrations_table), every change listed on its own line.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { Ledger } from '../../src/runner/ledger';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { type BuiltChain, buildChain } from '../fixtures/chains/build';
import { runCli } from '../support/run';
import { withChildren, withChildrenRebuilt } from './schemas';

const FIRST = '0001_users_name_nullable.sql';
const SECOND = '0002_users_name_required.sql';

let chain: BuiltChain;
let work: string;
beforeAll(async () => {
  // Two rebuilds of users, each with NO ACTION and RESTRICT children below it.
  chain = await buildChain([
    { name: 'children', schema: withChildren },
    { name: 'users_name_nullable', schema: withChildrenRebuilt },
    { name: 'users_name_required', schema: withChildren },
  ]);
  work = mkdtempSync(join(tmpdir(), 'rewrite-command-'));
});
afterAll(() => {
  chain.remove();
  rmSync(work, { recursive: true, force: true });
});

/** A fresh copy of the chain's folder at `work/<name>/drizzle`. */
function copy(name: string): string {
  const dir = join(work, name, 'drizzle');
  cpSync(chain.dir, dir, { recursive: true });
  return dir;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });

describe('rewrite --dir outside git', () => {
  it('lists every change with --check, exits 1, writes nothing, and says every file counts as new', async () => {
    const dir = copy('plain');
    const before = readFileSync(join(dir, FIRST), 'utf8');
    const run = await runCli(['rewrite', '--dir', dir, '--check'], { cwd: work });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('no git repository');
    expect(run.stderr).toContain('every migration counts as not yet applied');
    const lines = run.stdout.split('\n');
    for (const file of [FIRST, SECOND]) {
      expect(lines).toContain(`would rewrite ${file}: PRAGMA defer_foreign_keys = ON added as the file's first statement`);
      expect(lines).toContain(`would rewrite ${file}: PRAGMA foreign_keys=OFF (statement 1) removed: it does nothing on D1`);
      expect(
        lines.some(
          (l) => l.startsWith(`would rewrite ${file}: the rebuild of users (statement 2) keeps every row of `) && l.includes('pins (ON DELETE RESTRICT)'),
        ),
      ).toBe(true);
    }
    expect(readFileSync(join(dir, FIRST), 'utf8')).toBe(before);
  });

  it('rewrites the files, after which --check passes and a second rewrite changes nothing', async () => {
    const dir = copy('written');
    const run = await runCli(['rewrite', '--dir', dir], { cwd: work });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`rewrote ${FIRST}: the rebuild of users (statement 2) keeps every row of`);
    const once = readMigrationFolder(dir).migrations.map((m) => m.sql);
    expect(once[1]).toContain('DELETE FROM `notes`');
    const check = await runCli(['rewrite', '--dir', dir, '--check'], { cwd: work });
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('every table rebuild already keeps its rows on D1');
    expect(readMigrationFolder(dir).migrations.map((m) => m.sql)).toEqual(once);
  });

  it('keeps its help true to its options', async () => {
    const run = await runCli(['rewrite', '--help'], { cwd: work });
    expect(run.code).toBe(0);
    for (const flag of ['--dir <folder>', '--check', '--local', '--remote', '--base <ref>', '--database <binding>']) expect(run.stdout).toContain(flag);
  });
});

describe('rewrite --check on a git branch', () => {
  let repo: string;
  let dir: string;
  beforeAll(() => {
    repo = join(work, 'repo');
    dir = copy('repo');
    // main holds 0000 and 0001 (merged, maybe applied); the branch adds 0002.
    rmSync(join(dir, SECOND));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'main');
    git(repo, 'checkout', '-q', '-b', 'feature');
    cpSync(join(chain.dir, SECOND), join(dir, SECOND));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'feature');
  });

  it("fails only on the branch's new file, and reports the merged one as a note", async () => {
    const run = await runCli(['rewrite', '--dir', dir, '--check'], { cwd: repo });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/the files already in main \(merge-base [0-9a-f]{12}\)/);
    expect(run.stdout).toContain(`would rewrite ${SECOND}: the rebuild of users`);
    expect(run.stdout).not.toContain(`would rewrite ${FIRST}`);
    expect(run.stdout).toMatch(new RegExp(`note: ${FIRST} is applied, left as it is \\(a rewrite would make \\d+ change\\(s\\), e.g. the rebuild of users`));
  });

  it('passes when the branch adds no migration, and refuses a --base that does not exist (a typo must not pass CI)', async () => {
    const onMain = await runCli(['rewrite', '--dir', dir, '--check', '--base', 'feature'], { cwd: repo });
    expect(onMain.code, onMain.stdout).toBe(0);
    expect(onMain.stdout).toContain(`note: ${SECOND} is applied`);
    const missing = await runCli(['rewrite', '--dir', dir, '--check', '--base', 'no-such-ref'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--base no-such-ref: no such commit or branch here');
    expect(missing.stdout).toBe('');
  });
});

describe('rewrite --check --local', () => {
  it('takes the ledger of the local D1 (its configured migrations_table) as the applied list, read only', async () => {
    const root = join(work, 'project');
    copy('project');
    writeFileSync(
      join(root, 'wrangler.jsonc'),
      JSON.stringify({
        name: 'app',
        d1_databases: [
          { binding: 'DB', database_name: 'app', database_id: 'rewrite-local-ledger', migrations_dir: 'drizzle', migrations_table: 'applied_here' },
        ],
      }),
    );
    const ledger = new Ledger('applied_here');
    const local = new MiniflareTransport({ databaseId: 'rewrite-local-ledger', persistDir: join(root, '.wrangler', 'state') });
    try {
      await local.batch([{ sql: ledger.createSql }, { sql: `INSERT INTO applied_here (name) VALUES ('0000_children.sql'), ('${FIRST}')` }]);
    } finally {
      await local.close();
    }
    const run = await runCli(['rewrite', '--local', '--check'], { cwd: root });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain('the ledger applied_here of local D1 rewrite-local-ledger');
    expect(run.stdout).toContain(`note: ${FIRST} is applied`);
    expect(run.stdout).toContain(`would rewrite ${SECOND}:`);
    expect(run.stdout).not.toContain(`would rewrite ${FIRST}`);

    // Writing leaves the applied file as it is.
    const before = readFileSync(join(root, 'drizzle', FIRST), 'utf8');
    const write = await runCli(['rewrite', '--local'], { cwd: root });
    expect(write.code, write.stderr).toBe(0);
    expect(readFileSync(join(root, 'drizzle', FIRST), 'utf8')).toBe(before);
    expect(readFileSync(join(root, 'drizzle', SECOND), 'utf8')).toContain('-- d1-safe-rebuild: users');
  });
});
