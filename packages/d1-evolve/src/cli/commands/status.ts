import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readLedger } from '../../runner/ledger';
import { readLock } from '../../runner/lock';
import { downProofsFile, downStates } from '../../check/down-proofs';
import { STATE_LABELS, type StatusReport, computeStatus, downLabel, statusExitCode } from '../../runner/status';
import { openTarget } from '../../runner/target';
import { type DriftReport, KEEP_ADVICE, computeDrift } from '../../runner/drift';
import { ToolError, UsageError } from '../../errors';
import { TransportError } from '../../transports/transport';
import type { Command, Output } from '../command';
import { LOCAL_OPTION, PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { printTable } from '../table';

export const status: Command = {
  name: 'status',
  summary: 'Show which migrations are applied, pending, changed, missing or out of order (remote, or --local)',
  usage: ['[--local] [--database <binding> | --all] [--json] [--repair-sql <file>]'],
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
It also compares the database's schema with the schema its applied migrations create
(replayed in the order the ledger lists them on a fresh in-memory better-sqlite3): tables,
columns, types, nullability, defaults, primary and foreign keys with their actions,
indexes, UNIQUE and CHECK constraints, views. A change made by hand (\`wrangler d1 execute
--command "ALTER TABLE …"\`) is drift: each difference is listed under "Drift", with the
repair SQL that makes the database match its migrations again (one transaction; a table
SQLite cannot alter in place is rebuilt keeping every row, its children's too). Review it
(--repair-sql writes it to a file) and run it with \`d1-evolve repair\`, which sends it as
one request under the migration lock. To keep a change instead: put it into the schema, run
\`d1-evolve generate\`, then \`d1-evolve baseline --to <the new migration> --force\`.
A database with tables whose ledger lists no migration (built by \`drizzle-kit push\`) is not
compared: adopt it with \`d1-evolve baseline\` (exit 1).
\`d1-evolve apply\` refuses a database that drifted, unless --allow-drift.
With --all, one block per database. Reads only; never writes to the database.`,
  options: {
    ...PROJECT_OPTIONS,
    ...LOCAL_OPTION,
    json: {
      type: 'boolean',
      description:
        'the report as one JSON object on stdout (with --all, one per database\nunder "databases"); "drift" lists each difference with its\nrepair statements, "repairSql" is the whole script',
    },
    'repair-sql': {
      type: 'string',
      value: '<file>',
      description: 'write the repair SQL of the drift to this file, to review and run\n(one database; nothing is written when there is no drift)',
    },
  },
  epilogue: `Exit codes (for CI; with --all, the worst of the databases):
  0  up to date
  1  something is wrong: a migration changed, missing or out of order, the schema
     drifted from the applied migrations (a change made by hand), or the database
     has tables but its ledger lists no migration (adopt it with baseline)
  2  usage or configuration error
  3  migrations are pending (and nothing is wrong)

Examples:
  d1-evolve status --local
  d1-evolve status --repair-sql drift-repair.sql
      then, after reading it: d1-evolve repair`,
  async run(args, context) {
    const { values } = args;
    const { env, out } = context;
    const project = openProject(args, context);
    const databases = selectedDatabases(project, args, context, values.local !== true);
    const repairFile = typeof values['repair-sql'] === 'string' ? resolve(context.root, values['repair-sql']) : undefined;
    if (repairFile && databases.length > 1) throw new UsageError('--repair-sql writes the repair of one database: pick it with --database <binding>.');
    const reports: Record<string, unknown>[] = [];
    let worst = 0;
    for (const database of databases) {
      const folder = await project.migrationFolder(database);
      const target = openTarget({ project, database, env, local: values.local === true });
      try {
        const [rows, lock] = await readOnly(() => Promise.all([readLedger(target.transport, target.ledger), readLock(target.transport, target.ledger.lock)]));
        const report = computeStatus(folder.migrations, rows, downStates(folder.dir, downProofsFile(project.root)));
        const drift = await readOnly(() => computeDrift({ transport: target.transport, migrations: folder.migrations, ledger: target.ledger, rows }));
        const code = statusExitCode(report, drift.differences.length > 0 || drift.unadopted === true);
        const runRepair = `\`d1-evolve repair${values.local === true ? ' --local' : ''}${project.wrangler.databases.length > 1 ? ` --database ${database.binding}` : ''}\``;
        if (repairFile && drift.repair.length > 0)
          writeFileSync(repairFile, repairScript(drift, `${database.binding} (${target.transport.target})`, runRepair));
        else if (repairFile && drift.checked)
          out.note(drift.differences.length > 0 ? `No automatic repair: nothing written to ${repairFile}.` : `No drift: nothing written to ${repairFile}.`);
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
            driftChecked: drift.checked,
            ...(drift.reason ? { driftNotChecked: drift.reason } : {}),
            drift: drift.differences,
            ...(drift.repair.length > 0 ? { repairSql: sqlScript(drift.repair), repairWarnings: drift.warnings } : {}),
            ...(drift.notes.length > 0 ? { driftNotes: drift.notes } : {}),
          });
          continue;
        }
        if (databases.length > 1) out.line(`\n== ${database.binding} ==`);
        out.note(`${target.transport.target}, migrations in ${project.folderLabel(database)}/, ledger ${target.ledger.table}`);
        printStatus(out, report);
        if (lock.holder) out.line(`\nLocked by ${lock.holder} until ${new Date((lock.expiresAt ?? 0) * 1000).toISOString()}.`);
        printDrift(out, drift, repairFile && drift.repair.length > 0 ? repairFile : undefined, runRepair);
        out.line(`\n${verdict(report, values.local === true, drift)}`);
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

/** The drift section, after the table: each difference, then the repair SQL as a block to review. Nothing without drift. */
function printDrift(out: Output, drift: DriftReport, written: string | undefined, runRepair: string): void {
  if (!drift.checked) {
    out.note(`drift: ${drift.reason}`);
    return;
  }
  if (drift.differences.length === 0) return;
  out.line(`\nDrift: the database differs from ${drift.expected}:`);
  for (const difference of drift.differences) out.line(`  - ${difference.message.replaceAll('\n', '\n    ')}`);
  for (const note of drift.notes) out.line(`  note: ${note}`);
  if (drift.repair.length === 0) {
    out.line('\nNo automatic repair for these differences:');
    for (const warning of drift.warnings) out.line(`  warning: ${warning}`);
    out.line(`To keep a change: ${KEEP_ADVICE}.`);
    return;
  }
  out.line('\nRepair SQL (makes the database match its applied migrations again; run it as one transaction):');
  for (const warning of drift.warnings) out.line(`  -- warning: ${warning}`);
  for (const statement of drift.repair) out.line(`  ${statement.replaceAll('\n', '\n  ')};`);
  out.line(
    written
      ? `\nWritten to ${written}. Review it, then run it as one transaction: ${runRepair}`
      : `\nTo run it as one transaction: ${runRepair} (it shows it again and asks first; \`--repair-sql <file>\` writes it to a file to review)`,
  );
  out.line(`To keep a change instead: ${KEEP_ADVICE}.`);
}

function sqlScript(statements: readonly string[]): string {
  return statements.map((statement) => `${statement};\n`).join('');
}

/** The repair file: what it repairs and how to run it, as comments, then the statements. */
function repairScript(drift: DriftReport, database: string, runRepair: string): string {
  const comment = (text: string) => text.split('\n').map((line) => `-- ${line}`.trimEnd());
  return [
    `-- Repair of the drift of ${database}, written by \`d1-evolve status\` at ${new Date().toISOString()}.`,
    `-- Makes the database match ${drift.expected} again.`,
    `-- Review it, then run it as one transaction: ${runRepair.replaceAll('`', '')}`,
    '--',
    ...drift.differences.flatMap((d) => comment(d.message)),
    ...drift.warnings.flatMap((w) => comment(`warning: ${w}`)),
    '',
    sqlScript(drift.repair),
  ].join('\n');
}

function verdict(report: StatusReport, local: boolean, drift: DriftReport): string {
  const parts: string[] = [];
  if (drift.unadopted) parts.push(`built without these migrations: adopt it with \`d1-evolve baseline${local ? ' --local' : ''}\``);
  if (drift.differences.length)
    parts.push(
      `${drift.differences.length} difference(s) from the applied migrations (drift): run the repair above with \`d1-evolve repair${local ? ' --local' : ''}\`, or keep them (see above)`,
    );
  if (report.counts.changed)
    parts.push(`${report.counts.changed} changed after apply (generate a new migration, or accept with \`d1-evolve apply --accept-checksum <name>\`)`);
  if (report.counts.missing) parts.push(`${report.counts.missing} applied but missing here (pull the branch that added them)`);
  if (report.counts['out-of-order']) parts.push(`${report.counts['out-of-order']} out of order (renumber after the applied ones, or \`--allow-out-of-order\`)`);
  const pending = report.counts.pending + report.counts['out-of-order'];
  const apply = `\`d1-evolve apply${local ? ' --local' : ''}\``;
  if (pending && !report.counts['out-of-order'])
    parts.push(
      `${pending} pending: ${drift.differences.length || drift.unadopted ? `${apply} refuses until the drift above is repaired or kept` : `run ${apply}`}`,
    );
  return parts.length ? parts.join('\n') : 'Up to date.';
}
