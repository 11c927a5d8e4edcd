/**
 * Configuration as a user meets it: credentials from .dev.vars or the environment, one
 * clear line when one is missing, remote push refused, the local config on wrangler's file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../packages/d1-evolve/src/config/env';
import { query } from '../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../packages/d1-evolve/src/transports/miniflare';
import { copyProject, type ProjectCopy } from '../support/project';
import { runCli, runCommand } from '../../packages/d1-evolve/test/support/run';

describe('the environment and .dev.vars', () => {
  let project: ProjectCopy;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => project.remove());

  it('reads .dev.vars, lets the environment win, and treats blank lines as unset', () => {
    writeFileSync(join(project.root, '.dev.vars'), 'CLOUDFLARE_ACCOUNT_ID=from-file\nCLOUDFLARE_D1_TOKEN=file-token\nCLOUDFLARE_DATABASE_ID=\n');
    const env = loadEnv(project.root, { CLOUDFLARE_D1_TOKEN: 'env-token' });
    expect(env.CLOUDFLARE_ACCOUNT_ID).toBe('from-file');
    expect(env.CLOUDFLARE_D1_TOKEN).toBe('env-token');
    expect(env.CLOUDFLARE_DATABASE_ID).toBeUndefined();
  });
});

describe('drizzle-kit and the db: scripts on a fresh copy', () => {
  let project: ProjectCopy;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => project.remove());
  const drizzleKit = (args: string[], env: Record<string, string> = {}) =>
    runCommand(join(project.root, 'node_modules', '.bin', 'drizzle-kit'), args, { cwd: project.root, env });

  it('stops drizzle-kit pull on remote D1 with one line naming the missing variables, no stack trace', async () => {
    const run = await drizzleKit(['pull', '--config', 'drizzle.config.ts']);
    expect(run.code).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^error: Missing CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_DATABASE_ID, CLOUDFLARE_D1_TOKEN: put them in \.dev\.vars/),
    ]);
    expect(run.stdout).not.toMatch(/Pulling|fetch|api\.cloudflare\.com/i);
  });

  it('says the same through pnpm db:pull, before drizzle-kit starts', async () => {
    const run = await runCli(['pull'], { cwd: project.root });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^error: Missing CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_DATABASE_ID, CLOUDFLARE_D1_TOKEN/);
  });

  it('refuses drizzle-kit push to remote D1 and explains that rebuilds delete child rows', async () => {
    const credentials = { CLOUDFLARE_ACCOUNT_ID: 'acc', CLOUDFLARE_DATABASE_ID: 'db', CLOUDFLARE_D1_TOKEN: 'tok' };
    const direct = await drizzleKit(['push', '--config', 'drizzle.config.ts'], credentials);
    const viaScript = await runCli(['push', '--remote'], { cwd: project.root, env: credentials });
    for (const run of [direct, viaScript]) {
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/Refusing to push to remote D1.*rebuild deletes every row below the table through ON DELETE CASCADE/);
    }
  });

  it('db:push creates the schema in the very database wrangler uses locally', async () => {
    const run = await runCli(['push', '--force'], { cwd: project.root });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const db = new MiniflareTransport({ databaseId: '00000000-0000-4000-8000-000000000000', persistDir: join(project.root, '.wrangler', 'state') });
    try {
      const tables = await query<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'eval_candidates'");
      expect(tables).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('answers --help for every command and lists them all', async () => {
    const list = await runCli(['--help'], { cwd: project.root });
    expect(list.code).toBe(0);
    const names = [...list.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(5);
    for (const name of names) {
      const help = await runCli([name, '--help'], { cwd: project.root });
      expect(help.code, name).toBe(0);
      expect(help.stdout, name).toMatch(/^Usage: /);
    }
  });
});
