/**
 * Ctrl-C during `d1-evolve apply`: a real child process, against the loopback D1 API with
 * latency, interrupted (SIGINT to its process group, as a terminal sends it) after its first
 * migration. It finishes the migration in flight, starts no other, frees the lock, says what
 * was applied, and exits 130; a plain second apply then completes the chain.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type D1ApiServer, startD1ApiServer } from '../../src/testing/d1-api';
import { THREE, type TempFolder, migrationFolder } from '../runner/helpers';
import { PACKAGE_ROOT, runCli } from '../support/run';
import { remoteEnv } from '../support/wrangler';

let server: D1ApiServer;
let folder: TempFolder;
let project: string;
beforeEach(async () => {
  server = await startD1ApiServer();
  folder = migrationFolder(THREE);
  project = mkdtempSync(join(tmpdir(), 'interrupt-'));
  cpSync(folder.dir, join(project, 'migrations'), { recursive: true });
  writeFileSync(join(project, 'wrangler.toml'), `name = "notes"\n\n[[d1_databases]]\nbinding = "NOTES"\ndatabase_id = "${server.databaseId}"\n`);
});
afterEach(async () => {
  await server.close();
  folder.remove();
  rmSync(project, { recursive: true, force: true });
});

const ALL = Object.keys(THREE).map((tag) => `${tag}.sql`);
const ledgerNames = () => (server.database().prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
const lockHolder = () => (server.database().prepare('SELECT holder FROM d1_migrations_lock').get() as { holder: string | null }).holder;

/** The CLI from source in one process (tsx's loader, no wrapper process that would relay signals). */
function startApply(args: string[]): { child: ChildProcess; lines: string[]; stderr: () => string; exit: Promise<number> } {
  const loader = pathToFileURL(join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'), 'apply', ...args], {
    cwd: project,
    env: { PATH: process.env.PATH ?? '', HOME: project, ...remoteEnv(server) },
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
    server.fault({ match: { pathIncludes: '/query' }, latencyMs: 300, times: 1000 });
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

    server.clearFaults();
    const again = await runCli(['apply', '--skip-check', '--yes'], { cwd: project, env: remoteEnv(server) });
    expect(again.code, again.stderr).toBe(0);
    expect(ledgerNames()).toEqual(ALL);
  });
});
