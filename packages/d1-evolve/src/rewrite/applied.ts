/**
 * Which migrations a rewrite must leave alone because they already ran: a migration that
 * production applied is history, and rewriting it changes nothing there but its checksum.
 * Either a database's ledger says (read only), or, with no database, the branch does: a file
 * already present where the branch left its base is taken as applied.
 */
import { execFileSync } from 'node:child_process';
import { UsageError } from '../errors';
import type { MigrationFolder } from '../folder/migration-folder';
import { type Ledger, readLedger } from '../runner/ledger';
import type { D1Transport } from '../transports/transport';

export interface AppliedMigrations {
  /** File names (`0003_x.sql`) taken as applied. */
  names: Set<string>;
  /** How they were decided, for the output. */
  source: string;
}

/** The names in the ledger (never writes; no ledger table: none applied). */
export async function appliedByLedger(transport: D1Transport, ledger: Ledger): Promise<AppliedMigrations> {
  const rows = await readLedger(transport, ledger);
  return { names: new Set(rows.map((r) => r.name)), source: `the ledger ${ledger.table} of ${transport.target}` };
}

/** Runs git in `cwd`; returns its trimmed stdout, undefined when it fails (no git, no such ref). */
export type Git = (args: string[], cwd: string) => string | undefined;

export const runGit: Git = (args, cwd) => {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};

/** The refs tried, in order, when no `--base` is given. */
export const DEFAULT_BASES = ['origin/HEAD', 'main', 'master'];

/**
 * The migration files of `folder` present at the merge-base of HEAD and `base` (default: the
 * first of origin/HEAD, main, master that exists). Without git or such a ref, none: every
 * file counts as new, and `source` says so.
 */
export function appliedOnBase(folder: MigrationFolder, base: string | undefined, git: Git = runGit): AppliedMigrations {
  const cwd = folder.dir;
  if (git(['rev-parse', '--is-inside-work-tree'], cwd) !== 'true') {
    return { names: new Set(), source: `no git repository at ${folder.dir}: every migration counts as not yet applied` };
  }
  const candidates = base ? [base] : DEFAULT_BASES;
  const ref = candidates.find((r) => git(['rev-parse', '--verify', '--quiet', `${r}^{commit}`], cwd) !== undefined);
  const mergeBase = ref && git(['merge-base', 'HEAD', ref], cwd);
  // A ref named on purpose that does not resolve is a typo, not "everything is new" (CI would pass on it).
  if (base && !mergeBase)
    throw new UsageError(
      `--base ${base}: no such commit or branch here (git rev-parse found none with a merge-base with HEAD). Name an existing ref, e.g. origin/main.`,
    );
  if (!ref || !mergeBase) {
    const tried = candidates.join(', ');
    return { names: new Set(), source: `no base to compare with (tried ${tried}; name one with --base <ref>): every migration counts as not yet applied` };
  }
  const files = git(['ls-tree', '--name-only', mergeBase, '--', '.'], cwd) ?? '';
  const names = new Set(files.split('\n').filter((name) => name.endsWith('.sql')));
  return { names, source: `the files already in ${ref} (merge-base ${mergeBase.slice(0, 12)})` };
}
