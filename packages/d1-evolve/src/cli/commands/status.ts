import { readLedger } from '../../runner/ledger';
import { readLock } from '../../runner/lock';
import { downProofsFile, downStates } from '../../check/down-proofs';
import { STATE_LABELS, type StatusReport, computeStatus, downLabel, statusExitCode } from '../../runner/status';
import { openTarget } from '../../runner/target';
import { ToolError } from '../../errors';
import { TransportError } from '../../transports/transport';
import type { Command, Output } from '../command';
import { LOCAL_OPTION, PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { printTable } from '../table';

export const status: Command = {
  name: 'status',
  summary: 'Show which migrations are applied, pending, changed, missing or out of order (remote, or --local)',
  usage: ['[--local] [--database <binding> | --all] [--json]'],
  description: `Compares a database's migrations folder with its ledger (the migrations_table wrangler
keeps, d1_migrations by default) and reports each migration as:
  applied                 in the ledger, same checksum as the file
  applied (no checksum)   in the ledger, applied by wrangler (nothing to compare; fine)
  pending                 not applied yet
  CHANGED after apply     the file was edited after it was applied
  MISSING here            in the ledger, but not in this checkout
  pending, OUT OF ORDER   not applied, although a later migration is
For each applied migration, the down column says whether it can be rolled back with a down
(\`<migrations_dir>/down/<name>\`, see \`d1-evolve rollback\`):
  no                      no down: write one with \`d1-evolve generate --down-for <name>\`
  yes (generated)         a down, written by \`d1-evolve generate\` (or "hand-written")
  proven (generated)      \`d1-evolve check\` proved this down of this very file on both engines
                          (up then down gives back the schema and the rows; up runs again);
                          editing either file needs a new check
With --all, one block per database. Reads only; never writes to the database.`,
  options: {
    ...PROJECT_OPTIONS,
    ...LOCAL_OPTION,
    json: { type: 'boolean', description: 'the report as one JSON object on stdout (with --all, one per database\nunder "databases")' },
  },
  epilogue: `Exit codes (for CI; with --all, the worst of the databases):
  0  up to date
  1  something is wrong: a migration changed, missing or out of order
  2  usage or configuration error
  3  migrations are pending (and nothing is wrong)`,
  async run(args, context) {
    const { values } = args;
    const { env, out } = context;
    const project = openProject(args, context);
    const databases = selectedDatabases(project, args, context, values.local !== true);
    const reports: Record<string, unknown>[] = [];
    let worst = 0;
    for (const database of databases) {
      const folder = await project.migrationFolder(database);
      const target = openTarget({ project, database, env, local: values.local === true });
      try {
        const [rows, lock] = await readOnly(() => Promise.all([readLedger(target.transport, target.ledger), readLock(target.transport, target.ledger.lock)]));
        const report = computeStatus(folder.migrations, rows, downStates(folder.dir, downProofsFile(project.root)));
        const code = statusExitCode(report);
        worst = code === 1 || worst === 1 ? 1 : Math.max(worst, code);
        if (values.json) {
          reports.push({
            database: database.binding,
            target: target.transport.target,
            ledger: target.ledger.table,
            exitCode: code,
            counts: report.counts,
            lock,
            migrations: report.entries.map(toJson),
          });
          continue;
        }
        if (databases.length > 1) out.line(`\n== ${database.binding} ==`);
        out.note(`${target.transport.target}, migrations in ${project.folderLabel(database)}/, ledger ${target.ledger.table}`);
        printStatus(out, report);
        if (lock.holder) out.line(`\nLocked by ${lock.holder} until ${new Date((lock.expiresAt ?? 0) * 1000).toISOString()}.`);
        out.line(`\n${verdict(report, values.local === true)}`);
      } finally {
        await target.transport.close?.();
      }
    }
    if (values.json) out.line(JSON.stringify(reports.length === 1 ? reports[0] : { exitCode: worst, databases: reports }, null, 2));
    return worst;
  },
};

/** A read whose answer was lost changed nothing: say so, rather than "may or may not". */
async function readOnly<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof TransportError && error.failure === 'unanswered') {
      throw new ToolError(
        `${error.message.replace(/; the request may or may not have been carried out\.$/, '')}. status only reads: nothing was written; run it again.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function toJson(entry: StatusReport['entries'][number]) {
  return {
    name: entry.name,
    state: entry.state,
    appliedAt: entry.row?.appliedAt,
    appliedBy: entry.row?.appliedBy,
    durationMs: entry.row?.durationMs,
    checksum: entry.migration?.checksum,
    ledgerChecksum: entry.row?.checksum,
    ...(entry.down !== undefined ? { down: entry.down } : {}),
  };
}

function printStatus(out: Output, report: StatusReport): void {
  if (report.entries.length === 0) {
    out.line('No migrations in the folder and none in the ledger.');
    return;
  }
  printTable(
    out,
    ['migration', 'state', 'applied at', 'down'],
    report.entries.map((e) => [e.name, STATE_LABELS[e.state], e.row?.appliedAt ?? '', downLabel(e.down)]),
  );
}

function verdict(report: StatusReport, local: boolean): string {
  const parts: string[] = [];
  if (report.counts.changed)
    parts.push(`${report.counts.changed} changed after apply (generate a new migration, or accept with \`d1-evolve apply --accept-checksum <name>\`)`);
  if (report.counts.missing) parts.push(`${report.counts.missing} applied but missing here (pull the branch that added them)`);
  if (report.counts['out-of-order']) parts.push(`${report.counts['out-of-order']} out of order (renumber after the applied ones, or \`--allow-out-of-order\`)`);
  const pending = report.counts.pending + report.counts['out-of-order'];
  if (pending && !report.counts['out-of-order']) parts.push(`${pending} pending: run \`d1-evolve apply${local ? ' --local' : ''}\``);
  return parts.length ? parts.join('\n') : 'Up to date.';
}
