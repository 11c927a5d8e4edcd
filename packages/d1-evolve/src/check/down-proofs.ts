/**
 * The proofs `d1-evolve check` found, kept in `.wrangler/d1-evolve/down-proofs.json` so that
 * `d1-evolve status` can say "proven" without running the check. A proof is keyed by the
 * checksums of the up and of the down: editing either file (or checking another pair) finds
 * no proof, so only a proof of these very two files counts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readDown } from '../folder/downs';
import type { Migration } from '../folder/migration-folder';
import type { DownLookup } from '../runner/status';
import { ENGINES, type EngineName } from './engines';

export interface DownProof {
  /** The up's file name and the down's path, for people reading the file. */
  migration: string;
  down: string;
  engines: EngineName[];
  /** ISO time of the check that proved it. */
  provenAt: string;
}

/** What `record` needs of a checked down. */
export interface CheckedDown {
  name: string;
  path: string;
  upChecksum: string;
  downChecksum: string;
  proven: boolean;
}

export function downProofsFile(root: string): string {
  return join(root, '.wrangler', 'd1-evolve', 'down-proofs.json');
}

const key = (upChecksum: string, downChecksum: string) => `${upChecksum}:${downChecksum}`;

/** The proofs in `file` (none when it is missing or unreadable: the next check writes it again). */
export function readDownProofs(file: string): Record<string, DownProof> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, DownProof>;
  } catch {
    return {};
  }
}

/**
 * Records the downs a check proved on every engine and forgets those it did not prove. A
 * check on fewer engines (`--fast`) proves nothing here: "proven" means D1's engine agreed.
 */
export function recordDownProofs(file: string, downs: readonly CheckedDown[], engines: readonly EngineName[], now = new Date()): void {
  const complete = ENGINES.every((e) => engines.includes(e));
  const proofs = readDownProofs(file);
  let changed = false;
  for (const down of downs) {
    const k = key(down.upChecksum, down.downChecksum);
    if (down.proven && complete) proofs[k] = { migration: down.name, down: down.path, engines: [...engines], provenAt: now.toISOString() };
    else if (!down.proven && proofs[k]) delete proofs[k];
    else continue;
    changed = true;
  }
  if (!changed) return;
  mkdirSync(dirname(file), { recursive: true });
  // Write then rename: a crash never leaves half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(proofs, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** For `status`: the down of a migration in `dir`, and whether `proofs` hold a proof of it (undefined: it has none). */
export function downStates(dir: string, proofsFile: string): DownLookup {
  const proofs = readDownProofs(proofsFile);
  return (migration: Migration) => {
    const down = readDown(dir, migration.name);
    if (!down) return undefined;
    return { path: down.path, generated: down.generated, proven: proofs[key(migration.checksum, down.checksum)] !== undefined };
  };
}
