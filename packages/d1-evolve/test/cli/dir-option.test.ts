import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run';

describe('--dir naming a folder that is not there', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'dir-option-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it.each(['check', 'rewrite'])('%s says which folder and what to give, exit 2, no stack trace', async (command) => {
    const run = await runCli([command, '--dir', 'nope'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--dir nope: no such folder (${join(cwd, 'nope')}). Give the folder that holds the .sql migrations.`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
