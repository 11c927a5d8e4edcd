/**
 * Support for the fleet's tests: a loopback D1 API with many databases (and its rate limit),
 * a project folder whose wrangler.toml binds the server's default database to THREE's
 * migrations, the real CLI (also as a child process that can be killed), and what a test
 * reads back from every database: its ledger, its lock, the requests it was sent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type D1ApiServer, type D1ApiServerOptions, startD1ApiServer } from '../../src/testing/d1-api';
import { THREE, type TempFolder, migrationFolder } from '../runner/helpers';
import { PACKAGE_ROOT, runCli } from '../support/run';
import { remoteEnv } from '../support/wrangler';

export const THREE_NAMES = Object.keys(THREE).map((tag) => `${tag}.sql`);

export interface Fleet {
  server: D1ApiServer;
  dir: string;
  folder: TempFolder;
  tenants: { uuid: string; name: string }[];
  /** `d1-evolve fleet <args>` in the project. */
  cli(args: string[], timeoutMs?: number): ReturnType<typeof runCli>;
  /** The CLI as a child process in its own process group, to be killed. */
  start(args: string[]): Started;
  /** Ledger names of a database, in id order ([] without a ledger). */
  ledger(uuid: string): string[];
  /** The lock's holder (null when free or never taken). */
  holder(uuid: string): string | null;
  /** Requests the server got for one database (its /query requests). */
  requestsTo(uuid: string): number;
  /** Adds migrations to the project's folder (tag → SQL). */
  addMigrations(files: Record<string, string>): void;
  close(): Promise<void>;
}

export interface Started {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  exit: Promise<number>;
  kill(): void;
}

export async function startFleet(tenants: number, options: D1ApiServerOptions = {}): Promise<Fleet> {
  const server = await startD1ApiServer(options);
  const created = server.createDatabases(tenants);
  let files: Record<string, string> = { ...THREE };
  const folder = migrationFolder(files);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
  const copy = () => cpSync(folder.dir, join(dir, 'migrations'), { recursive: true });
  copy();
  writeFileSync(join(dir, 'wrangler.toml'), `name = "tenants"\n\n[[d1_databases]]\nbinding = "DB"\ndatabase_id = "${server.databaseId}"\n`);
  const env = remoteEnv(server);
  const has = (uuid: string, table: string) =>
    server.database(uuid).prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { n: number };
  return {
    server,
    dir,
    folder,
    tenants: created,
    cli: (args, timeoutMs = 120_000) => runCli(['fleet', ...args], { cwd: dir, env, timeoutMs }),
    start: (args) => startCli(['fleet', ...args], dir, env),
    ledger(uuid) {
      if (has(uuid, 'd1_migrations').n === 0) return [];
      return (server.database(uuid).prepare('SELECT name FROM d1_migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    },
    holder(uuid) {
      if (has(uuid, 'd1_migrations_lock').n === 0) return null;
      return (server.database(uuid).prepare('SELECT holder FROM d1_migrations_lock').get() as { holder: string | null } | undefined)?.holder ?? null;
    },
    requestsTo: (uuid) => server.requests.filter((r) => r.path.includes(`/d1/database/${uuid}/`)).length,
    addMigrations(more) {
      files = { ...files, ...more };
      for (const [tag, sql] of Object.entries(more)) folder.edit(tag, sql);
      copy();
    },
    async close() {
      await server.close();
      folder.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CLI from source in one process (tsx's loader), so that a SIGKILL hits the CLI itself. */
function startCli(args: string[], cwd: string, env: Record<string, string>): Started {
  const loader = pathToFileURL(join(PACKAGE_ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;
  const child = spawn(process.execPath, ['--import', loader, join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', ...env },
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
  const exit = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 137 : 1))));
  return {
    child,
    lines,
    stderr: () => stderr,
    exit,
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    },
  };
}

/** The JSON events of a `--json` run's stdout. */
export function events(stdout: string | string[]): Record<string, unknown>[] {
  const lines = Array.isArray(stdout) ? stdout : stdout.split('\n');
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
