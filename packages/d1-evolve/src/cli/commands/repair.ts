import { ToolError, UsageError } from '../../errors';
import { type DriftReport, computeDrift, listDifferences } from '../../runner/drift';
import { readLedger } from '../../runner/ledger';
import { withLock } from '../../runner/lock';
import { type Target, cliHolder, openTarget } from '../../runner/target';
import { getBookmark } from '../../transports/cloudflare-api';
import { TransportError } from '../../transports/transport';
import type { Command, Output } from '../command';
import { LOCAL_OPTION, ONE_DATABASE_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { ask, isYes } from '../prompt';

export const repair: Command = {
  name: 'repair',
  summary: 'Run the repair SQL of the drift `status` reports, as one transaction, under the migration lock',
  usage: ['[--local] [--database <binding>] [--dry-run] [--yes] [--wait <seconds>]'],
  description: `Makes a database that was changed by hand match the schema its applied migrations create
again: takes the migration lock (as \`d1-evolve apply\` does), compares the schema (as
\`d1-evolve status\` does), prints each difference, what to know before (warnings) and the
repair SQL, asks for confirmation on a terminal, and sends the whole repair as ONE request
through the same transport as apply, so it commits whole or not at all (a table SQLite
cannot alter in place is rebuilt keeping every row, its children's too, which needs that
one transaction and \`PRAGMA defer_foreign_keys\`). \`wrangler d1 execute --remote --file\` goes
through D1's import API instead, which does not promise that. On remote D1 it takes a
Time Travel bookmark first and prints the command that restores it. Afterwards it
compares again and says whether the database is clean.`,
  options: {
    ...ONE_DATABASE_OPTIONS,
    ...LOCAL_OPTION,
    'dry-run': { type: 'boolean', description: 'print the differences and the repair SQL; write nothing (not even the lock)' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (interactive terminal)' },
    wait: { type: 'string', value: '<seconds>', description: 'if another run holds the lock, wait up to this long for it' },
  },
  epilogue: `Exit codes: 0 repaired (or no drift), 1 refused, failed (nothing of it was committed) or
drift left that has no automatic repair, 2 usage or configuration error.

Examples:
  d1-evolve repair --local --dry-run
  d1-evolve repair --yes`,
  async run(args, context) {
    const { values } = args;
    const { env, out } = context;
    const waitSeconds = values.wait === undefined ? 0 : Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait takes a number of seconds, not "${String(values.wait)}".`);
    const project = openProject(args, context);
    const [database] = selectedDatabases(project, args, context, values.local !== true);
    const folder = await project.migrationFolder(database!);
    const target = openTarget({ project, database: database!, env, local: values.local === true });
    const compare = async () =>
      computeDrift({
        transport: target.transport,
        migrations: folder.migrations,
        ledger: target.ledger,
        rows: await readLedger(target.transport, target.ledger),
      });
    const nameDatabase = project.wrangler.databases.length > 1 ? ` --database ${target.binding}` : '';
    try {
      if (values['dry-run'] === true) {
        const drift = await compare();
        if (!printPlan(out, drift, target)) return drift.checked && drift.differences.length === 0 ? 0 : 1;
        out.line('\n-- dry run: nothing was written');
        return 0;
      }
      const holder = cliHolder();
      return await withLock(target.transport, { holder, lock: target.ledger.lock, waitSeconds }, async (_rows, lease) => {
        // Compared under the lock: no apply changes the schema between the comparison and the repair.
        const drift = await compare();
        if (!printPlan(out, drift, target)) return drift.checked && drift.differences.length === 0 ? 0 : 1;
        if (values.yes !== true && process.stdin.isTTY) {
          const answer = await ask(`Run this repair on ${target.transport.target} (binding ${target.binding})? [y/N] `);
          if (!isYes(answer)) throw new ToolError('Cancelled: nothing was repaired.');
        }
        if (!target.local) {
          const bookmark = await getBookmark(target.api!, target.databaseId);
          out.note(`Time Travel bookmark before this repair: ${bookmark}`);
          out.note(`  to undo it:  \`d1-evolve restore${nameDatabase} --bookmark ${bookmark}\``);
        }
        try {
          await target.transport.batch([target.ledger.lock.guard(holder), ...drift.repair.map((sql) => ({ sql })), target.ledger.lock.release(holder)]);
          lease.released();
        } catch (error) {
          if (error instanceof TransportError && error.mayHaveCommitted) {
            throw new ToolError(
              `The repair's answer was lost (${error.message}): it ran whole or not at all; run \`d1-evolve status${target.local ? ' --local' : ''}${nameDatabase}\` to see which.`,
              { cause: error },
            );
          }
          throw new ToolError(`The repair failed, and as one transaction it changed nothing: ${(error as Error).message}`, { cause: error });
        }
        const after = await compare();
        if (after.checked && after.differences.length === 0) {
          out.line('\nRepaired: the database matches its applied migrations again.');
          return 0;
        }
        out.line(`\nRepaired what has a repair; the database still differs from its applied migrations:\n${listDifferences(after.differences)}`);
        return 1;
      });
    } finally {
      await target.transport.close?.();
    }
  },
};

/** The differences, warnings and SQL of `drift`; false when there is nothing to run. */
function printPlan(out: Output, drift: DriftReport, target: Target): boolean {
  if (!drift.checked) throw new ToolError(`Nothing was repaired: the schema was ${drift.reason}.`);
  if (drift.differences.length === 0) {
    out.line(`No drift: ${target.transport.target} matches ${drift.expected}; nothing to repair.`);
    return false;
  }
  out.line(`Drift: ${target.transport.target} differs from ${drift.expected}:`);
  for (const difference of drift.differences) out.line(`  - ${difference.message.replaceAll('\n', '\n    ')}`);
  for (const note of drift.notes) out.line(`  note: ${note}`);
  for (const warning of drift.warnings) out.line(`  warning: ${warning}`);
  if (drift.repair.length === 0) {
    out.line('\nNo automatic repair for these differences (see the warnings): nothing was written.');
    return false;
  }
  out.line('\nRepair SQL (one transaction):');
  for (const statement of drift.repair) out.line(`  ${statement.replaceAll('\n', '\n  ')};`);
  return true;
}
