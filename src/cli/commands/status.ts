import { readMigrationFolder } from '../../migrate/folder';
import { readLedger } from '../../migrate/runner/ledger';
import { readLock } from '../../migrate/runner/lock';
import { STATE_LABELS, type StatusReport, computeStatus, statusExitCode } from '../../migrate/runner/status';
import { openTarget } from '../../migrate/runner/target';
import type { Command, Output } from '../command';

export const status: Command = {
  name: 'status',
  summary: 'Show which migrations are applied, pending, changed, missing or out of order (remote, or --local)',
  help: `Usage: pnpm db:status [--json]          remote D1
       pnpm db:status:local [--json]    the local D1 database of \`wrangler dev\`

Compares drizzle/ with the database's d1_migrations ledger (the one wrangler keeps) and
reports each migration as:
  applied                 in the ledger, same checksum as the file
  applied (no checksum)   in the ledger, applied by wrangler (nothing to compare; fine)
  pending                 not applied yet
  CHANGED after apply     the file was edited after it was applied
  MISSING here            in the ledger, but not in this checkout
  pending, OUT OF ORDER   not applied, although a later migration is
Reads only; never writes to the database.

Options:
  --local     the local database (.wrangler/state, or D1_PERSIST_TO)
  --json      the report as one JSON object on stdout
  -h, --help  show this help

Exit codes (for CI):
  0  up to date
  1  something is wrong: a migration changed, missing or out of order
  2  usage or configuration error
  3  migrations are pending (and nothing is wrong)`,
  options: { local: { type: 'boolean' }, json: { type: 'boolean' } },
  async run({ values }, { root, env, out }) {
    const target = openTarget({ root, env, local: values.local === true });
    try {
      const folder = readMigrationFolder(target.migrationsDir);
      const report = computeStatus(folder.migrations, await readLedger(target.transport));
      const lock = await readLock(target.transport);
      const code = statusExitCode(report);
      if (values.json) {
        out.line(JSON.stringify({ target: target.transport.target, exitCode: code, counts: report.counts, lock, migrations: report.entries.map(toJson) }, null, 2));
      } else {
        out.note(`${target.transport.target}, migrations in ${folder.dir}`);
        printTable(out, report);
        if (lock.holder) out.line(`\nLocked by ${lock.holder} until ${new Date((lock.expiresAt ?? 0) * 1000).toISOString()}.`);
        out.line(`\n${verdict(report)}`);
      }
      return code;
    } finally {
      await target.transport.close?.();
    }
  },
};

function toJson(entry: StatusReport['entries'][number]) {
  return {
    name: entry.name,
    state: entry.state,
    appliedAt: entry.row?.appliedAt,
    appliedBy: entry.row?.appliedBy,
    durationMs: entry.row?.durationMs,
    checksum: entry.migration?.checksum,
    ledgerChecksum: entry.row?.checksum,
  };
}

function printTable(out: Output, report: StatusReport): void {
  if (report.entries.length === 0) {
    out.line('No migrations in the folder and none in the ledger.');
    return;
  }
  const width = Math.max(...report.entries.map((e) => e.name.length), 'migration'.length);
  const stateWidth = Math.max(...report.entries.map((e) => STATE_LABELS[e.state].length), 'state'.length);
  out.line(`${'migration'.padEnd(width)}  ${'state'.padEnd(stateWidth)}  applied at`);
  for (const e of report.entries) out.line(`${e.name.padEnd(width)}  ${STATE_LABELS[e.state].padEnd(stateWidth)}  ${e.row?.appliedAt ?? ''}`);
}

function verdict(report: StatusReport): string {
  const parts: string[] = [];
  if (report.counts.changed) parts.push(`${report.counts.changed} changed after apply (generate a new migration, or accept with \`pnpm db:apply --accept-checksum <name>\`)`);
  if (report.counts.missing) parts.push(`${report.counts.missing} applied but missing here (pull the branch that added them)`);
  if (report.counts['out-of-order']) parts.push(`${report.counts['out-of-order']} out of order (renumber after the applied ones, or \`--allow-out-of-order\`)`);
  const pending = report.counts.pending + report.counts['out-of-order'];
  if (pending && !report.counts['out-of-order']) parts.push(`${pending} pending: run \`pnpm db:apply\` (or db:apply:local)`);
  return parts.length ? parts.join('\n') : 'Up to date.';
}
