/**
 * The Time Travel bookmark taken before the last remote apply, kept in
 * `.wrangler/d1-evolve/last-apply.json` per database, so `d1-evolve restore --before-last-apply`
 * can find it without anyone copying it from the terminal.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LastApply {
  databaseId: string;
  bookmark: string;
  /** ISO time the bookmark was taken. */
  at: string;
}

export function lastApplyFile(root: string): string {
  return join(root, '.wrangler', 'd1-evolve', 'last-apply.json');
}

/** Records the bookmark taken before an apply to `databaseId` (other databases' entries kept). */
export function recordLastApply(root: string, entry: LastApply): void {
  const file = lastApplyFile(root);
  const all = readAll(file);
  all[entry.databaseId] = entry;
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: a crash never leaves half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(all, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The last recorded apply to `databaseId`, if any. */
export function readLastApply(root: string, databaseId: string): LastApply | undefined {
  return readAll(lastApplyFile(root))[databaseId];
}

function readAll(file: string): Record<string, LastApply> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, LastApply>;
  } catch {
    return {};
  }
}
