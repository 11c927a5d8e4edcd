/**
 * Runs the project's own wrangler (node_modules/.bin/wrangler) the way the tests need it:
 * in a throw-away project, with a throw-away HOME, no metrics, no banner and no update
 * check, so that the only network it reaches is the loopback D1 API server it is given.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (test/support/ is two levels down). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const WRANGLER_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'wrangler');

export interface WranglerRun {
  /** Exit code; 124 when the timeout killed it. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface WranglerRunOptions {
  /** The project directory wrangler runs in (holds wrangler.toml). */
  cwd: string;
  /** Added to the isolated environment (CLOUDFLARE_* for --remote, for example). */
  env?: Record<string, string | undefined>;
  /** Killed after this long; default 90 s. */
  timeoutMs?: number;
}

/**
 * Runs `wrangler <args>` and resolves with its exit code and output; never rejects on a
 * non-zero exit. The environment is built from scratch (PATH only from the parent), so a
 * developer's own CLOUDFLARE_* variables or login cannot leak into a test.
 */
export function runWrangler(args: string[], { cwd, env = {}, timeoutMs = 90_000 }: WranglerRunOptions): Promise<WranglerRun> {
  const home = mkdtempSync(join(tmpdir(), 'wrangler-home-'));
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    TMPDIR: tmpdir(),
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
    WRANGLER_LOG_PATH: join(home, 'logs'),
    // The update check asks the npm registry; point it at a closed loopback port instead.
    npm_config_registry: 'http://127.0.0.1:9/',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;

  return new Promise((resolvePromise, reject) => {
    const child = spawn(WRANGLER_BIN, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // wrangler starts workerd for --local: kill the whole process group, not just the shell.
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      const exit = timedOut ? 124 : (code ?? (signal ? 128 : 1));
      resolvePromise({ code: exit, stdout, stderr: timedOut ? `${stderr}\n[runWrangler] killed after ${timeoutMs} ms` : stderr });
    });
  });
}

export interface WranglerProjectOptions {
  /** wrangler.toml's database_id; default the placeholder of the repo's wrangler.toml. */
  databaseId?: string;
  databaseName?: string;
  /** Migration folder copied to <project>/drizzle; default the repo's drizzle/. */
  migrationsFrom?: string;
}

export interface WranglerProject {
  dir: string;
  /** Removes the project directory. */
  remove(): void;
}

/**
 * A temporary wrangler project: wrangler.toml with the D1 binding `DB` and a copy of a
 * migration folder as drizzle/. Remove it with `remove()` after the test.
 */
export function makeWranglerProject({
  databaseId = '00000000-0000-4000-8000-000000000000',
  databaseName = 'eval-platform',
  migrationsFrom = join(REPO_ROOT, 'drizzle'),
}: WranglerProjectOptions = {}): WranglerProject {
  const dir = mkdtempSync(join(tmpdir(), 'wrangler-project-'));
  writeFileSync(
    join(dir, 'wrangler.toml'),
    [
      'name = "eval-platform"',
      'compatibility_date = "2026-04-01"',
      '',
      '[[d1_databases]]',
      'binding = "DB"',
      `database_name = "${databaseName}"`,
      `database_id = "${databaseId}"`,
      'migrations_dir = "drizzle"',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'drizzle'));
  cpSync(migrationsFrom, join(dir, 'drizzle'), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment that points wrangler --remote at a D1 API server (see d1-api/). */
export function remoteEnv(server: { url: string; accountId: string; token: string }): Record<string, string> {
  return { CLOUDFLARE_API_BASE_URL: server.url, CLOUDFLARE_API_TOKEN: server.token, CLOUDFLARE_ACCOUNT_ID: server.accountId };
}
