import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A tool installed in the project (drizzle-kit, wrangler), found in node_modules/.bin. */
export function projectBin(root: string, name: string): string {
  const local = join(root, 'node_modules', '.bin', name);
  return existsSync(local) ? local : name;
}

/**
 * Runs a tool with the terminal handed over to it (drizzle-kit's prompts, wrangler's
 * tables) and resolves to its exit code.
 */
export function runInherit(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
