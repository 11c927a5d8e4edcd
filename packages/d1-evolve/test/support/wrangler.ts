/**
 * Runs the project's own wrangler (node_modules/.bin/wrangler) the way the tests need it:
 * in a throw-away project, with a throw-away HOME, no metrics, no banner and no update
 * check, so that the only network it reaches is the loopback D1 API server it is given.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandRun, PACKAGE_ROOT, runCommand } from './run';

export const WRANGLER_BIN = join(PACKAGE_ROOT, 'node_modules', '.bin', 'wrangler');

export type WranglerRun = CommandRun;

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
export async function runWrangler(args: string[], { cwd, env = {}, timeoutMs = 90_000 }: WranglerRunOptions): Promise<WranglerRun> {
  const home = mkdtempSync(join(tmpdir(), 'wrangler-home-'));
  try {
    return await runCommand(WRANGLER_BIN, args, {
      cwd,
      timeoutMs,
      env: {
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        TMPDIR: tmpdir(),
        WRANGLER_HIDE_BANNER: 'true',
        WRANGLER_LOG_PATH: join(home, 'logs'),
        // The update check asks the npm registry; point it at a closed loopback port instead.
        npm_config_registry: 'http://127.0.0.1:9/',
        FORCE_COLOR: '0',
        ...env,
      },
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export interface WranglerProjectOptions {
  /** wrangler.toml's database_id; default a placeholder. */
  databaseId?: string;
  databaseName?: string;
  /** Migration folder copied to <project>/drizzle. */
  migrationsFrom: string;
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
  databaseName = 'd1-evolve-test',
  migrationsFrom,
}: WranglerProjectOptions): WranglerProject {
  const dir = mkdtempSync(join(tmpdir(), 'wrangler-project-'));
  writeFileSync(
    join(dir, 'wrangler.toml'),
    [
      'name = "d1-evolve-test"',
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
