/**
 * Runs one of the project's commands as a user would, in a project folder, with a clean
 * environment (no developer credentials leak in) and a timeout.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tsx src/cli/bin.ts <args>` in `cwd` (what the `pnpm db:*` scripts run). */
export function runCli(args: string[], options: RunOptions): Promise<CommandRun> {
  return runCommand(join(options.cwd, 'node_modules', '.bin', 'tsx'), ['src/cli/bin.ts', ...args], options);
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export function runCommand(command: string, args: string[], { cwd, env = {}, timeoutMs = 120_000 }: RunOptions): Promise<CommandRun> {
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
