/**
 * What an apply will do, decided from the status before anything is written: the
 * migrations to run, the checksums to accept, or the reasons to refuse — each naming the
 * flag that overrides it.
 */
import { ToolError, UsageError } from '../errors';
import type { Migration } from '../folder/migration-folder';
import type { StatusEntry, StatusReport } from './status';

export interface PlanOptions {
  /** Stop after this migration (file name, with or without `.sql`, or its tag's number prefix). */
  to?: string;
  /** Accept the edited files' new checksums (`--accept-checksum <name>`). */
  acceptChecksum?: readonly string[];
  /** Apply although applied files changed, without storing their new checksums. */
  allowChanged?: boolean;
  /** Apply although the ledger names migrations this checkout lacks. */
  allowMissing?: boolean;
  /** Apply pending migrations older than an applied one. */
  allowOutOfOrder?: boolean;
}

export interface Plan {
  /** In order; `--to` already applied. */
  run: Migration[];
  /** Edited files whose new checksum will be stored. */
  accept: Migration[];
}

export type RefusalKind = 'check-failed' | 'changed' | 'missing' | 'out-of-order';

export interface Refusal {
  kind: RefusalKind;
  /** The flag that overrides it. */
  override: string;
  message: string;
  migrations: string[];
}

/** The apply is refused; every reason is listed, each with its override flag. */
export class ApplyRefusedError extends ToolError {
  override name = 'ApplyRefusedError';
  constructor(readonly refusals: Refusal[]) {
    super(`Nothing was applied:\n${refusals.map((r) => `- ${r.message}`).join('\n')}`);
  }
}

/** Builds the plan or throws ApplyRefusedError. */
export function planApply(status: StatusReport, options: PlanOptions = {}): Plan {
  const accepted = new Set((options.acceptChecksum ?? []).map((name) => resolveName(status, name)));
  const refusals: Refusal[] = [];

  const changed = status.entries.filter((e) => e.state === 'changed');
  const unaccepted = changed.filter((e) => !accepted.has(e.name));
  if (unaccepted.length > 0 && !options.allowChanged) {
    refusals.push({
      kind: 'changed',
      override: '--accept-checksum',
      migrations: unaccepted.map((e) => e.name),
      message: unaccepted
        .map(
          (e) =>
            `${e.migration?.path ?? e.name} changed after it was applied (checksum ${short(e.row?.checksum)} in the ledger ≠ ${short(e.migration?.checksum)} now). ` +
            `Generate a new migration instead of editing an applied one; to accept the edit, run with \`--accept-checksum ${e.name}\` (or \`--allow-changed\` to go on without storing it).`,
        )
        .join('\n- '),
    });
  }
  const missing = status.entries.filter((e) => e.state === 'missing');
  if (missing.length > 0 && !options.allowMissing) {
    refusals.push({
      kind: 'missing',
      override: '--allow-missing',
      migrations: missing.map((e) => e.name),
      message:
        `The database's ledger lists ${missing.length} migration(s) this checkout does not have: ${names(missing)}. ` +
        'Pull or merge the branch that added them (this checkout may be behind); to apply anyway, run with `--allow-missing`.',
    });
  }
  const outOfOrder = status.entries.filter((e) => e.state === 'out-of-order');
  if (outOfOrder.length > 0 && !options.allowOutOfOrder) {
    refusals.push({
      kind: 'out-of-order',
      override: '--allow-out-of-order',
      migrations: outOfOrder.map((e) => e.name),
      message:
        `${names(outOfOrder)} ${outOfOrder.length > 1 ? 'are' : 'is'} pending but a later migration is already applied. ` +
        'Regenerate it after the applied ones (rename it to the next number) or, if it is independent of them, run with `--allow-out-of-order`.',
    });
  }
  if (refusals.length > 0) throw new ApplyRefusedError(refusals);

  let run = status.pending.map((e) => e.migration!);
  if (options.to !== undefined) {
    const to = resolveName(status, options.to);
    const index = run.findIndex((m) => m.name === to);
    const entry = status.entries.find((e) => e.name === to);
    if (index === -1 && entry?.state !== 'applied' && entry?.state !== 'applied-no-checksum') {
      throw new UsageError(`--to ${options.to}: ${to} is not a pending migration.`);
    }
    run = index === -1 ? [] : run.slice(0, index + 1);
  }
  return { run, accept: changed.filter((e) => accepted.has(e.name)).map((e) => e.migration!) };
}

/** `0003`, `0003_x` and `0003_x.sql` all name `0003_x.sql`. */
export function resolveName(status: StatusReport, name: string): string {
  const exact = status.entries.find((e) => e.name === name || e.name === `${name}.sql`);
  if (exact) return exact.name;
  const byPrefix = status.entries.filter((e) => e.name.startsWith(`${name}_`));
  if (byPrefix.length === 1) return byPrefix[0]!.name;
  throw new UsageError(`No migration named "${name}" (known: ${status.entries.map((e) => e.name).join(', ') || 'none'}).`);
}

function names(entries: readonly StatusEntry[]): string {
  return entries.map((e) => e.name).join(', ');
}

function short(checksum: string | undefined): string {
  return checksum ? `${checksum.slice(0, 8)}…` : 'none';
}
