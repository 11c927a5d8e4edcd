/**
 * Runs one of the project's commands as a user would, in a project folder, with a clean
 * environment (no developer credentials leak in) and a timeout that kills the command's
 * whole process group (wrangler --local starts workerd).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The package folder (packages/d1-evolve). */
export const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..');

export interface CommandRun {
  /** Exit code; 124 when the timeout killed it. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `d1-evolve <args>` in `cwd`, run from the package's source (so a test sees the code as it
 * is now, not the last build); the compiled bin is what the tarball test runs.
 */
export function runCli(args: string[], options: RunOptions): Promise<CommandRun> {
  return runCommand(join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsx'), [join(PACKAGE_ROOT, 'src', 'cli', 'bin.ts'), ...args], options);
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** The tokens a command is handed, in any variable that holds one (also when misplaced into another). */
function secretsIn(env: Record<string, string | undefined>): string[] {
  const tokens = [env.CLOUDFLARE_API_TOKEN, env.CLOUDFLARE_D1_TOKEN, env.CLOUDFLARE_ACCOUNT_ID];
  return tokens.filter((value): value is string => value !== undefined && value.length >= 8 && !/^[0-9a-f]{32}$/.test(value));
}

export function runCommand(command: string, args: string[], { cwd, env = {}, timeoutMs = 120_000 }: RunOptions): Promise<CommandRun> {
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? cwd,
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    NO_COLOR: '1',
  };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
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
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // No command may print a token it was given, whatever the test asserts.
      const leaked = secretsIn(env).find((secret) => stdout.includes(secret) || stderr.includes(secret));
      if (leaked) reject(new Error(`${command} ${args.join(' ')} printed a token it was given (${leaked.slice(0, 4)}…):\n${stdout}\n${stderr}`));
      else if (timedOut) resolve({ code: 124, stdout, stderr: `${stderr}\n[${command}] killed after ${timeoutMs} ms` });
      else resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
