/**
 * Ctrl-C during `d1-evolve apply`: a real child process, against the loopback D1 API with
 * latency, interrupted (SIGINT to its process group, as a terminal sends it) after its first
 * migration. It finishes the migration in flight, starts no other, frees the lock, says what
 * was applied, and exits 130; a plain second apply then completes the chain.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { THREE } from '../runner/helpers';
import { PACKAGE_ROOT, runCli } from '../support/run';
import { useRemoteProject } from '../support/remote-project';
import { remoteEnv } from '../support/wrangler';

const remote = useRemoteProject('interrupt-');

const ALL = Object.keys(THREE).map((tag) => `${tag}.sql`);
const ledgerNames = () => (remote.server.database().prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
const lockHolder = () => (remote.server.database().prepare('SELECT holder FROM d1_migrations_lock').get() as { holder: string | null }).holder;

/** The CLI from source in one process (tsx's loader, no wrapper process that would relay signals). */
function startApply(args: string[]): { child: ChildProcess; lines: string[]; stderr: () => string; exit: Promise<number> } {
  const loader = pathToFileURL(join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'), 'apply', ...args], {
    cwd: remote.dir,
    env: { PATH: process.env.PATH ?? '', HOME: remote.dir, ...remoteEnv(remote.server) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, lines, stderr: () => stderr, exit };
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Ctrl-C during apply', () => {
  it('finishes the migration in flight, frees the lock, reports, exits 130, and the next apply completes the chain', async () => {
    remote.server.fault({ match: { pathIncludes: '/query' }, latencyMs: 300, times: 1000 });
    const run = startApply(['--json', '--skip-check']);
    const done = () => run.lines.filter((line) => line.includes('"migration-done"')).length;
    await until(() => done() >= 1);
    process.kill(-run.child.pid!, 'SIGINT');
    const code = await run.exit;

    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toContain('SIGINT: stopping after the migration in flight');
    const error = run.lines.map((line) => JSON.parse(line) as { type: string; name?: string; message?: string }).find((e) => e.type === 'error');
    expect(error).toMatchObject({ name: 'InterruptedError', message: expect.stringMatching(/^Interrupted: \d of 3 migration\(s\) applied; not started: /) });
    // It stopped part-way (the hazard's setting) and left no lock behind.
    expect(ledgerNames().length).toBeLessThan(3);
    expect(lockHolder()).toBeNull();

    remote.server.clearFaults();
    const again = await runCli(['apply', '--skip-check', '--yes'], { cwd: remote.dir, env: remoteEnv(remote.server) });
    expect(again.code, again.stderr).toBe(0);
    expect(ledgerNames()).toEqual(ALL);
  });
});
