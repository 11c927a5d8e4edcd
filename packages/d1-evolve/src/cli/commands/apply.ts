import { downProofsFile } from '../../check/down-proofs';
import { runCheck } from '../../check/index';
import { checkCacheDir } from '../../check/cache';
import { formatReport } from '../../check/summary';
import type { Project } from '../../config/project';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { ToolError, UsageError } from '../../errors';
import { type ApplyOptions, type CheckOutcome, applyMigrations } from '../../runner/apply';
import { driftGate } from '../../runner/drift';
import type { ApplyEvent, MigrationResult } from '../../runner/events';
import { recordLastApply } from '../../runner/last-apply';
import type { Ledger } from '../../runner/ledger';
import { lockLeftMessage } from '../../runner/lock';
import { type Target, cliHolder, openTarget } from '../../runner/target';
import { getBookmark } from '../../transports/cloudflare-api';
import { onInterrupt } from '../interrupt';
import type { Command, CommandContext, Output, ParsedArgs } from '../command';
import { LOCAL_OPTION, PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { ask, isYes } from '../prompt';
import { printTable } from '../table';
import { checkTarget } from './check';

export const apply: Command = {
  name: 'apply',
  summary: 'Apply pending migrations to remote D1 (or --local), exactly once, with lock, checksums and a Time Travel bookmark',
  usage: ['[--local] [--database <binding> | --all [--keep-going]] [options]'],
  description: `Applies the migrations of a database's migrations folder that its ledger (wrangler's own
migrations_table, d1_migrations by default) does not list yet, in order. Each migration goes
as ONE request with its ledger row and a lock check, so it commits whole or not at all, and
never twice. Before anything is written it refuses when \`d1-evolve check\` fails, when an
applied file was edited, when the ledger names migrations this checkout lacks, when a
pending migration is older than an applied one, or when the database's schema differs from
what its applied migrations create (drift: a change by hand, see \`d1-evolve status\`).
On remote D1 it takes a Time Travel bookmark first and prints the command that restores it.
Remote needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (or CLOUDFLARE_D1_TOKEN); the
database id is the config's database_id.
With --all, the databases are applied one after another; the first failure stops the run
unless --keep-going, and the summary says what happened to each.`,
  options: {
    ...PROJECT_OPTIONS,
    ...LOCAL_OPTION,
    'keep-going': { type: 'boolean', description: 'with --all, go on with the next database after one fails' },
    'dry-run': { type: 'boolean', description: 'print the plan and its SQL; touch nothing (not even the lock)' },
    to: { type: 'string', value: '<name>', description: 'stop after this migration (0003, 0003_x or 0003_x.sql)' },
    json: {
      type: 'boolean',
      description:
        'one JSON object per event on stdout (start, migration-start,\nmigration-done, done, error), each naming its database; progress\nfor people goes to stderr',
    },
    wait: { type: 'string', value: '<seconds>', description: 'if another run holds the lock, wait up to this long for it' },
    'force-unlock': { type: 'boolean', description: 'free the lock first (only when the run holding it has crashed)' },
    'skip-check': { type: 'boolean', description: 'apply even though `d1-evolve check` reports errors' },
    'accept-checksum': {
      type: 'string',
      multiple: true,
      value: '<name>',
      description: 'accept the edit of an applied file: store its new checksum\n(repeatable)',
    },
    'allow-changed': { type: 'boolean', description: 'apply although applied files changed, without storing them' },
    'allow-missing': { type: 'boolean', description: 'apply although the ledger lists migrations missing here' },
    'allow-out-of-order': { type: 'boolean', description: 'apply pending migrations older than an applied one' },
    'allow-drift': {
      type: 'boolean',
      description: 'apply although the schema differs from what the applied migrations\ncreate (changed by hand; see `d1-evolve status`)',
    },
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (remote, interactive terminal)' },
  },
  epilogue: `Exit codes: 0 applied (or nothing to do), 1 refused or a migration failed (nothing of it
was committed), 2 usage or configuration error.

Examples:
  d1-evolve apply --local
  d1-evolve apply --dry-run
  d1-evolve apply --to 0004 --wait 120
  d1-evolve apply --all --json > apply-log.jsonl`,
  async run(args, context) {
    const { values } = args;
    const { out } = context;
    const waitSeconds = values.wait === undefined ? 0 : Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait takes a number of seconds, not "${String(values.wait)}".`);
    if (values['keep-going'] && !values.all) throw new UsageError('--keep-going goes with --all.');
    const project = openProject(args, context);
    const databases = selectedDatabases(project, args, context, values.local !== true);
    if (databases.length === 1) return applyDatabase(project, databases[0]!, args, context, waitSeconds);
    const outcomes: [string, string][] = [];
    let failed = 0;
    for (const database of databases) {
      if (failed > 0 && !values['keep-going']) {
        outcomes.push([database.binding, 'not run (an earlier database failed; --keep-going goes on)']);
        continue;
      }
      if (!values.json) out.note(`\n== ${database.binding} ==`);
      try {
        await applyDatabase(project, database, args, context, waitSeconds);
        outcomes.push([database.binding, 'ok']);
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        failed += 1;
        out.note(`error: ${error.message}`);
        outcomes.push([database.binding, `FAILED: ${error.message.split('\n')[0]}`]);
      }
    }
    if (!values.json) {
      out.line('');
      printTable(out, ['database', 'outcome'], outcomes);
    }
    return failed > 0 ? 1 : 0;
  },
};

/** Applies one database; throws ToolError when it is refused or a migration fails. */
async function applyDatabase(
  project: Project,
  database: D1DatabaseConfig,
  { values }: ParsedArgs,
  context: CommandContext,
  waitSeconds: number,
): Promise<number> {
  const { env, out } = context;
  const json = values.json === true;
  const emit = (event: object) => out.line(JSON.stringify({ database: database.binding, ...event }));
  const folder = await project.migrationFolder(database);
  const target = openTarget({ project, database, env, local: values.local === true });
  const finished: MigrationResult[] = [];
  const interrupt = onInterrupt(out, {
    stopping: 'stopping after the migration in flight',
    quitting: 'The lock, if held, frees itself when its lease ends (or `--force-unlock`).',
    report: () => summary(out, finished),
  });
  try {
    const options: ApplyOptions = {
      transport: target.transport,
      migrations: folder.migrations,
      ledger: target.ledger,
      holder: cliHolder(),
      dryRun: values['dry-run'] === true,
      to: values.to as string | undefined,
      waitSeconds,
      forceUnlock: values['force-unlock'] === true,
      skipCheck: values['skip-check'] === true,
      check: checkGate(project, database, json ? undefined : out),
      acceptChecksum: values['accept-checksum'] as string[] | undefined,
      allowChanged: values['allow-changed'] === true,
      allowMissing: values['allow-missing'] === true,
      allowOutOfOrder: values['allow-out-of-order'] === true,
      listener: (event) => {
        if (event.type === 'migration-done') finished.push(event);
        (json ? emit : progress(out))(event);
      },
      signal: interrupt.signal,
      beforeFirstMigration: target.local ? undefined : () => beforeRemoteApply(target, context, values.yes === true, project.wrangler.databases.length > 1),
    };
    if (!json) {
      out.note(`${options.dryRun ? 'Planning' : 'Applying'} ${project.folderLabel(database)}/ to ${target.transport.target} (ledger ${target.ledger.table})`);
    }
    // Drift after the check (which sends nothing) and before the lock and the bookmark: the
    // check proves the pending migrations on the schema the applied ones create, not on a
    // hand-altered one.
    const drifted = () =>
      driftGate({
        transport: target.transport,
        migrations: folder.migrations,
        ledger: target.ledger,
        allow: values['allow-drift'] === true,
        warn: (text) => out.note(text),
        statusCommand: `d1-evolve status${target.local ? ' --local' : ''}${project.wrangler.databases.length > 1 ? ` --database ${database.binding}` : ''}`,
      });
    const check = options.check;
    if (check && !options.skipCheck) {
      if (!json) out.note('Checking the migrations first (`d1-evolve check`) …');
      options.check = async () => {
        const outcome = await check();
        if (outcome.ok) await drifted();
        return outcome;
      };
    }
    const result = await (options.skipCheck || !check ? drifted() : Promise.resolve())
      .then(() => applyMigrations(options))
      .catch((error: unknown) => {
        // A refusal or a held lock comes before any event: machines still get an `error` line.
        if (json && error instanceof Error) emit({ type: 'error', message: error.message, name: error.name });
        throw error;
      });
    if (result.unlocked?.holder && !json) out.note(`Freed the lock held by ${result.unlocked.holder}.`);
    if (result.lockLeft) {
      const message = lockLeftMessage(result.lockLeft, target.transport.target);
      if (json) emit({ type: 'lock-left', ...result.lockLeft, message });
      else out.note(`warning: ${message}`);
    }
    if (!json) {
      if (result.dryRun)
        printDryRun(
          out,
          target.ledger,
          result.plan.run,
          result.plan.accept.map((m) => m.name),
        );
      else summary(out, result.results);
    }
    if (result.error) throw result.error;
    return 0;
  } finally {
    interrupt.dispose();
    await target.transport.close?.();
  }
}

/** The check gate: the same checks as `d1-evolve check`, on the database being applied; its verdict for people. */
function checkGate(project: Project, database: D1DatabaseConfig, out: Output | undefined): () => Promise<CheckOutcome> {
  return async () => {
    const report = await runCheck({
      ...(await checkTarget(project, database)),
      proofFile: downProofsFile(project.root),
      cacheDir: checkCacheDir(project.root),
    });
    if (out) out.note(formatReport(report, project.root).at(-1)!);
    return report;
  };
}

/** Remote only: confirm (interactive terminal), then take and record a Time Travel bookmark. */
async function beforeRemoteApply(target: Target, { root, out }: CommandContext, yes: boolean, nameDatabase: boolean): Promise<string> {
  if (!yes && process.stdin.isTTY) {
    const answer = await ask(`Apply to remote D1 ${target.databaseId} (binding ${target.binding})? [y/N] `);
    if (!isYes(answer)) throw new ToolError('Cancelled: nothing was applied.');
  }
  const bookmark = await getBookmark(target.api!, target.databaseId);
  recordLastApply(root, { databaseId: target.databaseId, bookmark, at: new Date().toISOString() });
  out.note(`Time Travel bookmark before this apply: ${bookmark}`);
  const restore = `d1-evolve restore${nameDatabase ? ` --database ${target.binding}` : ''}`;
  out.note(`  to undo it:  \`${restore} --bookmark ${bookmark}\`   (or \`${restore} --before-last-apply\`)`);
  out.note(`  with wrangler: npx wrangler d1 time-travel restore ${target.binding} --bookmark=${bookmark}`);
  return bookmark;
}

/** Progress for people, on stderr. */
function progress(out: Output): (event: ApplyEvent) => void {
  return (event) => {
    if (event.type === 'start' && !event.dryRun) {
      if (event.accept.length) out.note(`Accepting the edited checksum of ${event.accept.join(', ')}`);
      out.note(event.pending.length ? `${event.pending.length} migration(s) to apply` : 'Nothing to apply: the database is up to date.');
    } else if (event.type === 'migration-retry') {
      out.note(`  ${event.name}: no clear answer (${event.reason}); the ledger shows it was not applied, sending it again`);
    } else if (event.type === 'migration-done') {
      out.note(`applying ${event.name} … ${describe(event)}`);
    }
  };
}

function describe(result: MigrationResult): string {
  if (result.outcome === 'failed') return 'FAILED, rolled back';
  if (result.outcome === 'not-run') return 'not run';
  const rows = result.rowsWritten === undefined ? '' : `, ${result.rowsWritten} row${result.rowsWritten === 1 ? '' : 's'} written`;
  const confirmed = result.confirmedByLedger ? ' (confirmed from the ledger after a lost answer)' : '';
  return `done in ${Math.round(result.durationMs ?? 0)} ms${rows}${confirmed}`;
}

function summary(out: Output, results: readonly MigrationResult[]): void {
  if (results.length === 0) return;
  const rows = results.map((r) => [
    r.name,
    r.outcome,
    r.durationMs === undefined ? '' : `${Math.round(r.durationMs)} ms`,
    String(r.rowsRead ?? ''),
    String(r.rowsWritten ?? ''),
  ]);
  printTable(out, ['migration', 'outcome', 'time', 'rows read', 'rows written'], rows, ['left', 'left', 'left', 'right', 'right']);
}

function printDryRun(out: Output, ledger: Ledger, run: readonly { name: string; path: string; statements: string[] }[], accept: readonly string[]): void {
  if (accept.length) out.line(`-- would accept the edited checksum of ${accept.join(', ')}`);
  if (run.length === 0) {
    out.line('-- nothing to apply: the database is up to date');
    return;
  }
  out.line(`-- dry run: ${run.length} migration(s) would be applied, each as one transaction (nothing was written)`);
  for (const m of run) {
    out.line(`\n-- ${m.name} (${m.path}), ${m.statements.length} statement(s)`);
    for (const sql of m.statements) out.line(`${sql};`);
    out.line(`INSERT INTO ${ledger.table} (name, checksum, duration_ms, applied_by) VALUES ('${m.name}', …);`);
  }
}
