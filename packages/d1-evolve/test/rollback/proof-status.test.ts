/**
 * `d1-evolve status` says of each applied migration whether its down exists, who wrote it and
 * whether `d1-evolve check` proved it: a proof counts only for the very two files it proved
 * (the checksums of the up and of the down), and only when both engines ran.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downProofsFile, readDownProofs } from '../../src/check/down-proofs';
import { runCheck } from '../../src/check/index';
import { generatedHeader } from '../../src/folder/downs';
import { ACCOUNTS_NOTES, type TestProject, addColumn, makeProject } from '../fixtures/project';
import { runCli } from '../support/run';

const toml = (id: string) => ['name = "notes"', '', '[[d1_databases]]', 'binding = "DB"', `database_id = "${id}"`, 'migrations_dir = "drizzle"', ''].join('\n');
const NICKNAME_DOWN = 'ALTER TABLE `accounts` DROP COLUMN `nickname`;\n';
const BIO_DOWN = `${generatedHeader('0002_bio.sql')}\n-- allow-data-loss: accounts\nALTER TABLE \`accounts\` DROP COLUMN \`bio\`;\n`;

interface StatusJson {
  migrations: { name: string; state: string; down?: { path: string; generated: boolean; proven: boolean } | null }[];
}

describe('db:status and the proof of the downs', () => {
  let project: TestProject;
  const status = async () => {
    const run = await runCli(['status', '--local', '--json'], { cwd: project.dir });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as StatusJson).migrations.map((m) => [m.name, m.down === null ? 'no' : m.down?.proven ? 'proven' : 'yes']);
  };
  const check = (engines?: ('sqlite' | 'd1')[]) =>
    runCheck({ dir: project.path('drizzle'), schema: false, lint: false, proofFile: downProofsFile(project.dir), ...(engines ? { engines } : {}) });

  beforeAll(async () => {
    project = await makeProject({ wrangler: { file: 'wrangler.toml', content: toml(randomUUID()) }, drizzle: [{ source: ACCOUNTS_NOTES }] });
    const withNickname = addColumn(ACCOUNTS_NOTES, 'accounts', "nickname: text('nickname'),");
    project.write('src/db/schema.ts', withNickname);
    await project.generate('drizzle.config.ts', 'nickname');
    project.write('src/db/schema.ts', addColumn(withNickname, 'accounts', "bio: text('bio'),"));
    await project.generate('drizzle.config.ts', 'bio');
    project.write('drizzle/down/0001_nickname.sql', NICKNAME_DOWN);
    project.write('drizzle/down/0002_bio.sql', BIO_DOWN);
    const apply = await runCli(['apply', '--local'], { cwd: project.dir });
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    // The check apply runs first records the downs it proved, as `d1-evolve check` does; start the tests without them.
    expect(Object.keys(readDownProofs(downProofsFile(project.dir)))).toHaveLength(2);
    rmSync(downProofsFile(project.dir));
  }, 120_000);
  afterAll(() => project?.remove());

  it('shows no, yes and proven per applied migration, and proven no more once the down is edited', async () => {
    expect(await status()).toEqual([
      ['0000_init.sql', 'no'],
      ['0001_nickname.sql', 'yes'],
      ['0002_bio.sql', 'yes'],
    ]);
    // --fast runs better-sqlite3 only: D1's engine did not agree, so nothing is proven.
    expect((await check(['sqlite'])).ok).toBe(true);
    expect(existsSync(downProofsFile(project.dir))).toBe(false);

    const report = await check();
    expect(report.downs.map((d) => d.proven)).toEqual([true, true]);
    expect(Object.values(readDownProofs(downProofsFile(project.dir))).map((p) => [p.migration, p.engines])).toEqual([
      ['0001_nickname.sql', ['sqlite', 'd1']],
      ['0002_bio.sql', ['sqlite', 'd1']],
    ]);
    expect(await status()).toEqual([
      ['0000_init.sql', 'no'],
      ['0001_nickname.sql', 'proven'],
      ['0002_bio.sql', 'proven'],
    ]);

    project.write('drizzle/down/0001_nickname.sql', `-- keeps the notes\n${NICKNAME_DOWN}`);
    expect(await status()).toEqual([
      ['0000_init.sql', 'no'],
      ['0001_nickname.sql', 'yes'],
      ['0002_bio.sql', 'proven'],
    ]);
  }, 120_000);

  it('prints the down column for people: who wrote it, and whether it is proven', async () => {
    const run = await runCli(['status', '--local'], { cwd: project.dir });
    const line = (name: string) => run.stdout.split('\n').find((l) => l.startsWith(name)) ?? '';
    expect(run.stdout).toMatch(/migration\s+state\s+applied at\s+down/);
    expect(line('0000_init.sql')).toMatch(/applied .* no$/);
    expect(line('0001_nickname.sql')).toMatch(/yes \(hand-written\)$/);
    expect(line('0002_bio.sql')).toMatch(/proven \(generated\)$/);
  }, 60_000);

  it('does not prove a down the check finds wrong, and keeps the proof of the file it replaced', async () => {
    project.write('drizzle/down/0002_bio.sql', `${generatedHeader('0002_bio.sql')}\nSELECT 1;\n`);
    const report = await check();
    expect(report.downs.find((d) => d.name === '0002_bio.sql')).toMatchObject({ proven: false });
    expect(report.ok).toBe(false);
    expect((await status()).at(-1)).toEqual(['0002_bio.sql', 'yes']);
    // Put back, the proven file is proven again without anything else to do.
    project.write('drizzle/down/0002_bio.sql', BIO_DOWN);
    expect((await status()).at(-1)).toEqual(['0002_bio.sql', 'proven']);
  }, 120_000);

  it('is recorded by `d1-evolve check` itself, on both engines', async () => {
    rmSync(downProofsFile(project.dir), { force: true });
    const run = await runCli(['check'], { cwd: project.dir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ down drizzle\/down\/0001_nickname\.sql .*proven on better-sqlite3 and workerd D1/);
    expect(await status()).toEqual([
      ['0000_init.sql', 'no'],
      ['0001_nickname.sql', 'proven'],
      ['0002_bio.sql', 'proven'],
    ]);
  }, 120_000);
});
