/**
 * A fleet apply killed with SIGKILL at random points (the CLI process itself, mid-request, with
 * locks held), then `--resume <state file>`: every ledger ends with each migration exactly once,
 * no lock is left held, and the resumed run takes the killed run's locks back as their holder.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Fleet, THREE_NAMES, events, startFleet, until } from './helpers';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

/** A deterministic "random" sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('fleet apply --resume after SIGKILL', () => {
  it('finishes 200 databases after three kills at random points: each migration once in every ledger, no lock left', async () => {
    // Latency keeps requests in flight (and locks held) at the moments of the kills.
    fleet = await startFleet(200, { rateLimit: { requests: 200, windowMs: 1000 }, latencyMs: 15 });
    const next = random(9);
    const stateDir = join(fleet.dir, '.wrangler', 'd1-evolve', 'fleet');
    let killedWithLocks = 0;
    let holder: string | undefined;
    let stateFile: string | undefined;
    for (let kill = 0; kill < 3; kill += 1) {
      const args = stateFile
        ? ['apply', '--resume', stateFile, '--rate', '200/1', '--json']
        : ['apply', '--match', 'tenant-', '--rate', '200/1', '--skip-check', '--json'];
      const run = fleet.start(args);
      // Kill somewhere after the run has started applying: after 5 to 50 more databases are done.
      const target = 5 + Math.floor(next() * 45);
      await until(() => run.lines.filter((line) => line.includes('"type":"database"')).length >= target);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 40)));
      run.kill();
      expect(await run.exit).toBe(137);
      stateFile ??= join(stateDir, readdirSync(stateDir).find((name) => name.endsWith('.jsonl'))!);
      holder ??= (JSON.parse(readFileSync(stateFile, 'utf8').split('\n')[0]!) as { holder: string }).holder;
      const held = fleet.tenants.filter((t) => fleet!.holder(t.uuid) !== null);
      // Any lock left is the killed run's own (one holder for the run and its resumes).
      expect(held.every((t) => fleet!.holder(t.uuid) === holder)).toBe(true);
      if (held.length > 0) killedWithLocks += 1;
    }
    // The hazard was real: kills left locks held and work half done.
    expect(killedWithLocks).toBeGreaterThan(0);
    expect(fleet.tenants.some((t) => fleet!.ledger(t.uuid).length < THREE_NAMES.length)).toBe(true);

    const final = fleet.start(['apply', '--resume', stateFile!, '--rate', '200/1', '--json']);
    expect(await final.exit, final.stderr()).toBe(0);
    const end = events(final.lines).find((e) => e.type === 'done') as { ok: boolean; counts: Record<string, number> };
    expect(end.ok).toBe(true);
    expect(end.counts.locked ?? 0).toBe(0);
    for (const { uuid } of fleet.tenants) {
      expect(fleet.ledger(uuid)).toEqual(THREE_NAMES);
      expect(fleet.holder(uuid)).toBeNull();
      // 0002 inserts a row into a table without a unique key: applied twice, it would be two.
      expect((fleet.server.database(uuid).prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n).toBe(1);
    }
    expect(fleet.server.busiestWindow()).toBeLessThanOrEqual(200);
  }, 180_000);

  it('refuses to resume with other migrations than the run started with', async () => {
    fleet = await startFleet(5);
    const run = fleet.start(['apply', '--match', 'tenant-', '--skip-check', '--json', '--concurrency', '1']);
    expect(await run.exit, run.stderr()).toBe(0);
    const stateDir = join(fleet.dir, '.wrangler', 'd1-evolve', 'fleet');
    const stateFile = join(stateDir, readdirSync(stateDir).find((name) => name.endsWith('.jsonl'))!);
    fleet.addMigrations({ '0003_more': 'CREATE TABLE `more` (`id` text);' });
    const resumed = await fleet.cli(['apply', '--resume', stateFile]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain('the run started with other migrations');
  }, 60_000);
});
