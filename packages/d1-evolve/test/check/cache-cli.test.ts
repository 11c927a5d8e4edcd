/**
 * `d1-evolve check` and its cache in a real project (wrangler config, drizzle config, schema,
 * drizzle-kit's own migration): the second check answers from
 * `.wrangler/d1-evolve/check-cache/`, the schema comparison included, an edit to the schema is
 * compared again, and `--no-cache` replays everything. Run from source, the tool's fingerprint
 * is a hash of src/: an edit there between two runs is a miss, as it must be.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/index';
import { ACCOUNTS_NOTES, addColumn, makeProject, type TestProject } from '../fixtures/project';
import { type CommandRun, runCli } from '../support/run';

const TOML = [
  "name = 'accounts'",
  "compatibility_date = '2026-04-01'",
  '',
  '[[d1_databases]]',
  "binding = 'DB'",
  "database_name = 'accounts'",
  `database_id = '${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}'`,
  "migrations_dir = 'drizzle'",
  '',
].join('\n');

const said = (run: CommandRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

describe('d1-evolve check with its cache', () => {
  let p: TestProject;
  const check = async (...args: string[]) => {
    const run = await runCli(['check', ...args], { cwd: p.dir });
    return { run, report: args.includes('--json') ? (JSON.parse(run.stdout) as CheckReport) : undefined };
  };
  beforeAll(async () => {
    p = await makeProject({ wrangler: { file: 'wrangler.toml', content: TOML }, drizzle: [{ source: ACCOUNTS_NOTES }] });
  });
  afterAll(() => p.remove());

  it('answers the second check from the cache, the schema comparison too, and says so', async () => {
    const cold = await check('--json');
    expect(cold.run.code, said(cold.run)).toBe(0);
    expect(cold.report!.cache).toMatchObject({ hits: 0, replayed: 1, schema: false });
    expect(existsSync(p.path('.wrangler', 'd1-evolve', 'check-cache', 'entries.json'))).toBe(true);

    const warm = await check('--json');
    expect(warm.run.code, said(warm.run)).toBe(0);
    expect(warm.report!.cache).toMatchObject({ hits: 1, replayed: 0, schema: true, engines: { sqlite: { replayed: [] }, d1: { replayed: [] } } });
    expect(warm.report!.findings).toEqual(cold.report!.findings);

    const text = await check();
    expect(text.run.code, said(text.run)).toBe(0);
    expect(text.run.stdout).toMatch(
      /ℹ 1 of 1 migration\(s\) answered from the cache \(unchanged since \d{4}-\d\d-\d\d \d\d:\d\d UTC\), schema comparison too; no engine started/,
    );
    expect(text.run.stdout).toContain('✓ 0000_init.sql');
  });

  it('compares the schema again once a schema file changed, and --no-cache replays the whole chain', async () => {
    p.write('src/db/schema.ts', addColumn(ACCOUNTS_NOTES, 'accounts', "nickname: text('nickname'),"));
    const edited = await check('--json');
    expect(edited.run.code, said(edited.run)).toBe(1);
    expect(edited.report!.cache).toMatchObject({ hits: 1, replayed: 0, schema: false });
    expect(edited.report!.findings.map((f) => f.rule)).toEqual(['schema-not-generated']);

    const fresh = await check('--json', '--no-cache');
    expect(fresh.report!.cache).toMatchObject({ hits: 0, replayed: 1, schema: false, refreshed: true });
    expect(fresh.report!.findings.map((f) => f.rule)).toEqual(['schema-not-generated']);
    expect(fresh.report!.migrations.map(({ cached, ...m }) => m.findings)).toEqual(edited.report!.migrations.map((m) => m.findings));
  });
});
