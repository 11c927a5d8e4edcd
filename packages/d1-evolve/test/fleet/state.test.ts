import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunLine, StateWriter, readState } from '../../src/fleet/state';

describe('the fleet state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-state-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads again after a kill cut its last line and a resume wrote on', () => {
    const file = join(dir, 'run.jsonl');
    const at = new Date(0).toISOString();
    const run: RunLine = { type: 'run', holder: 'run-1@test', startedAt: at, at, migrations: [], ledger: 'd1_migrations' };
    new StateWriter(file).write(run);
    appendFileSync(file, '{"type":"database","databa'); // the kill, mid-line
    expect(readState(file).run.holder).toBe('run-1@test');
    new StateWriter(file).write({ ...run, at: new Date(1000).toISOString(), resumed: true });
    expect(readState(file).run.holder).toBe('run-1@test');
  });
});
