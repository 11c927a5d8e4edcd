/**
 * The formatter and the linter (Biome, biome.json) over the whole repository, as part of the
 * test run CI makes: a file that is not formatted, or breaks a lint rule, fails here.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../packages/d1-evolve/test/support/run';
import { PROJECT_ROOT } from './support/project';

describe('the code', () => {
  it('is formatted and passes the lint rules (pnpm lint; pnpm format fixes the formatting)', async () => {
    const run = await runCommand(join(PROJECT_ROOT, 'node_modules', '.bin', 'biome'), ['ci', '.', '--colors=off'], { cwd: PROJECT_ROOT, timeoutMs: 60_000 });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/Checked \d+ files/);
  });
});
