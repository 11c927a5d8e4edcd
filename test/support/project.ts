/**
 * A throwaway copy of this project in a temp folder, for tests that run the real commands
 * (drizzle-kit, wrangler, the CLI) and may write migrations or local state. node_modules is
 * linked, not copied.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

const COPIED = ['src', 'drizzle', 'wrangler.toml', 'drizzle.config.ts', 'drizzle.config.local.ts', 'package.json', 'pnpm-lock.yaml', 'tsconfig.json'];

export interface ProjectCopy {
  root: string;
  remove(): void;
}

export function copyProject(prefix = 'd1-project-'): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of COPIED) cpSync(join(PROJECT_ROOT, entry), join(root, entry), { recursive: true });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
