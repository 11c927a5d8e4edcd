/**
 * The confirmations of remote writes, on a real terminal (a pseudo-terminal driven by
 * test/support/on-terminal.py): Ctrl-C, Ctrl-D and "n" at the prompt cancel cleanly, before anything
 * is written; "y" applies.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, runCommand } from '../support/run';
import { useRemoteProject } from '../support/remote-project';
import { remoteEnv } from '../support/wrangler';

const remote = useRemoteProject('prompt-');

const tables = () =>
  (remote.server.database().prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

/** `d1-evolve <args>` on a terminal, answering the prompt that contains `prompt` with `keys`. */
async function onTerminal(args: string[], prompt: string, keys: string): Promise<{ code: number; output: string }> {
  const loader = pathToFileURL(join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
  const run = await runCommand(
    'python3',
    [join(PACKAGE_ROOT, 'test', 'support', 'on-terminal.py'), process.execPath, '--import', loader, join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'), ...args],
    {
      cwd: remote.dir,
      env: { ...remoteEnv(remote.server), PROMPT: prompt, KEYS: keys, TERM: 'dumb' },
      timeoutMs: 90_000,
    },
  );
  const match = /\nEXIT (\d+)\n$/.exec(run.stdout);
  expect(match, run.stdout + run.stderr).not.toBeNull();
  return { code: Number(match![1]), output: run.stdout };
}

describe('the confirmation of a remote apply', () => {
  it.each([
    ['Ctrl-C', '\\x03'],
    ['Ctrl-D', '\\x04'],
    ['"n"', 'n\\r'],
  ])('%s at the prompt cancels before anything is written, exit 1', async (_, keys) => {
    const { code, output } = await onTerminal(['apply', '--skip-check'], '[y/N]', keys);
    expect(output).toContain('Cancelled: nothing was applied.');
    expect(output).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(code).toBe(1);
    expect(tables()).toEqual([]);
  });

  it('"y" at the prompt applies, with the bookmark taken first', async () => {
    const { code, output } = await onTerminal(['apply', '--skip-check'], '[y/N]', 'y\\r');
    expect(code, output).toBe(0);
    expect(output).toContain('Time Travel bookmark before this apply');
    expect(tables()).toEqual(expect.arrayContaining(['d1_migrations', 'd1_migrations_lock', 'events', 'users']));
  });
});

describe('the confirmation of a restore', () => {
  it.each([
    ['Ctrl-C', '\\x03'],
    ['Ctrl-D', '\\x04'],
  ])('%s at the prompt restores nothing, exit 1', async (_, keys) => {
    const { code, output } = await onTerminal(['restore', '--timestamp', new Date().toISOString().replace(/\.\d+Z$/, 'Z')], 'Type "yes"', keys);
    expect(output).toContain('Not restored.');
    expect(output).not.toMatch(/internal error/);
    expect(code).toBe(1);
    expect(remote.server.requests.some((r) => r.path.includes('time_travel/restore'))).toBe(false);
  });
});
