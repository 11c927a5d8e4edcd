/**
 * `d1-evolve fleet apply --via-worker <url>`: the real CLI drives the migrate route of a Worker
 * with several D1 bindings (workerd, on a loopback port), with the secret from the environment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../../src/runner/ledger';
import { runCli } from '../support/run';
import { TOKEN, type WorkerFixture, workerFixture } from './harness';

const BINDINGS = ['TENANT_1', 'TENANT_2', 'TENANT_3'];

describe('fleet apply --via-worker', () => {
  let worker: WorkerFixture;
  let dir: string;
  beforeAll(async () => {
    worker = await workerFixture();
    await worker.start(BINDINGS);
    dir = mkdtempSync(join(tmpdir(), 'via-worker-cli-'));
    writeFileSync(join(dir, 'wrangler.toml'), 'name = "tenants"\n');
  }, 120_000);
  afterAll(async () => {
    await worker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates every bound database through the route, one JSON event each, and the token never shows', async () => {
    const run = await runCli(['fleet', 'apply', '--via-worker', await worker.url(), '--json'], { cwd: dir, env: { MIGRATE_TOKEN: TOKEN } });
    expect(run.code, run.stderr).toBe(0);
    const events = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; database?: string; outcome?: string });
    expect(events.filter((e) => e.type === 'database').map((e) => [e.database, e.outcome])).toEqual(BINDINGS.map((b) => [b, 'applied']));
    const names = worker.migrations.map((m) => m.name);
    for (const binding of BINDINGS) expect((await readLedger(await worker.open(binding))).map((r) => r.name)).toEqual(names);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
  });

  it('says where to put the secret when MIGRATE_TOKEN is not set', async () => {
    const run = await runCli(['fleet', 'apply', '--via-worker', await worker.url()], { cwd: dir, env: { MIGRATE_TOKEN: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('put MIGRATE_TOKEN in .dev.vars or export it');
  });

  it('refuses the options of a REST run, which the route cannot honour, before sending anything', async () => {
    const before = (await worker.stats()).batches;
    const run = await runCli(['fleet', 'apply', '--via-worker', await worker.url(), '--dry-run', '--canary', '1'], { cwd: dir, env: { MIGRATE_TOKEN: TOKEN } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--via-worker migrates through the Worker's route, which has no --dry-run, --canary");
    expect((await worker.stats()).batches).toBe(before);
  });
});
