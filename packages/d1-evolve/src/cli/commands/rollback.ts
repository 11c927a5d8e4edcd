import { downProofsFile, downStates } from '../../check/down-proofs';
import type { Project } from '../../config/project';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { ToolError, UsageError } from '../../errors';
import { readDown } from '../../folder/downs';
import type { Migration } from '../../folder/migration-folder';
import { readLastApply } from '../../runner/last-apply';
import { readLedger } from '../../runner/ledger';
import { forceUnlock, lockLeftMessage, readLock } from '../../runner/lock';
import { restoreDatabase } from '../../runner/restore';
import {
  ROLL_BACK_ALL,
  type RecordedBookmark,
  type RollbackEvent,
  type RollbackPlan,
  type RollbackResult,
  ledgerDelete,
  rollbackMigrations,
  rollbackTargets,
  rowGuard,
  timeTravelTarget,
} from '../../runner/rollback';
import { computeStatus } from '../../runner/status';
import { type Target, cliHolder, openTarget } from '../../runner/target';
import { getBookmark } from '../../transports/cloudflare-api';
import { onInterrupt } from '../interrupt';
import type { Command, CommandContext, Output, ParsedArgs } from '../command';
import { LOCAL_OPTION, ONE_DATABASE_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { ask, isYes } from '../prompt';
import { printTable } from '../table';

const KEPT_VS_LOST = `A down keeps every write made since the migration was applied (only what the down
drops goes, and it must say so with \`-- allow-data-loss:\`); Time Travel (--time-travel)
brings the whole database back to that moment and loses every write made since.`;

export const rollback: Command = {
  name: 'rollback',
  summary: 'Roll remote D1 (or --local) back to an applied migration with the downs, exactly once; or --time-travel',
  usage: ['--to <name | 0> [--local] [--database <binding>] [--dry-run] [--json] [--yes]', '--to <name | 0> --time-travel [--database <binding>] [--yes]'],
  description: `Undoes every migration applied after <name>, newest first, by running its down
(<migrations_dir>/down/<name>.sql, written by \`d1-evolve generate\`). Each down goes as ONE
request with the removal of its ledger row and a lock check, so it commits whole or not at
all, and never twice; afterwards wrangler and \`d1-evolve apply\` see those migrations as
pending again. \`--to 0\` rolls back every applied migration. Before anything is written it
refuses, naming them, when a migration to undo has no down, when a down loses data it does
not declare (the check's lint, run on the down; \`d1-evolve check\` proves the round trip),
or when an up was edited after it was applied. On remote D1 it takes a Time Travel bookmark
first and prints the command that restores it.

--time-travel instead restores remote D1 to the bookmark \`d1-evolve apply\` took before the
oldest of those migrations was applied (or, if that one is not recorded here, to the second
its ledger row was written).

${KEPT_VS_LOST}`,
  options: {
    ...ONE_DATABASE_OPTIONS,
    ...LOCAL_OPTION,
    to: { type: 'string', value: '<name>', description: 'the applied migration to go back to (0003, 0003_x or 0003_x.sql);\n`0` rolls back every one' },
    'dry-run': { type: 'boolean', description: 'print the plan and its SQL; touch nothing (not even the lock)' },
    json: {
      type: 'boolean',
      description:
        'one JSON object per event on stdout (start, migration-start,\nmigration-done, done, error; time-travel), each naming its database;\nprogress for people goes to stderr',
    },
    'time-travel': { type: 'boolean', description: 'restore remote D1 to the point before those migrations instead\n(loses every write made since)' },
    wait: { type: 'string', value: '<seconds>', description: 'if another run holds the lock, wait up to this long for it' },
    'force-unlock': { type: 'boolean', description: 'free the lock first (only when the run holding it has crashed)' },
    'allow-changed': { type: 'boolean', description: 'roll back although an up was edited after it was applied' },
    yes: {
      type: 'boolean',
      short: 'y',
      description: 'do not ask for confirmation on a terminal (local and remote;\n--time-travel needs it without a terminal)',
    },
  },
  epilogue: `Exit codes: 0 rolled back (or nothing to do), 1 refused or a down failed (nothing of it
was committed), 2 usage or configuration error.

Examples:
  d1-evolve rollback --to 0003 --local
  d1-evolve rollback --to 0003 --dry-run
  d1-evolve rollback --to 0 --local --json
  d1-evolve rollback --to 0003 --time-travel --yes`,
  async run(args, context) {
    const { values } = args;
    if (typeof values.to !== 'string' || values.to.trim() === '') {
      throw new UsageError(
        'rollback needs --to <name>: the applied migration to go back to (or `--to 0` for all of them). `d1-evolve status` lists the applied ones.',
      );
    }
    const waitSeconds = values.wait === undefined ? 0 : Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait takes a number of seconds, not "${String(values.wait)}".`);
    const local = values.local === true;
    if (values['time-travel'] && local) {
      throw new UsageError('--time-travel restores remote D1; the local database has no Time Travel. Roll it back with the downs: leave out --time-travel.');
    }
    const project = openProject(args, context);
    const [database] = selectedDatabases(project, args, context, !local);
    const target = openTarget({ project, database: database!, env: context.env, local });
    try {
      if (values['time-travel']) return await timeTravel(project, database!, target, args, context);
      return await rollBackWithDowns(project, database!, target, args, context, waitSeconds);
    } finally {
      await target.transport.close?.();
    }
  },
};

/** The rollback with the downs, local or remote. */
async function rollBackWithDowns(
  project: Project,
  database: D1DatabaseConfig,
  target: Target,
  { values }: ParsedArgs,
  context: CommandContext,
  waitSeconds: number,
): Promise<number> {
  const { out } = context;
  const json = values.json === true;
  const emit = (event: object) => out.line(JSON.stringify({ database: database.binding, ...event }));
  const folder = await project.migrationFolder(database);
  const finished: RollbackResult[] = [];
  const interrupt = onInterrupt(out, {
    stopping: 'stopping after the down in flight',
    quitting: 'The lock, if held, frees itself when its lease ends (or `--force-unlock`).',
    report: () => summary(out, finished),
  });
  const dryRun = values['dry-run'] === true;
  try {
    if (!json)
      out.note(
        `${dryRun ? 'Planning a rollback of' : 'Rolling back'} ${project.folderLabel(database)}/ on ${target.transport.target} (ledger ${target.ledger.table}) to ${describeTo(values.to as string)}`,
      );
    const run = await rollbackMigrations({
      transport: target.transport,
      migrations: folder.migrations,
      readDown: (name) => readDown(folder.dir, name),
      ledger: target.ledger,
      to: values.to as string,
      holder: cliHolder(),
      dryRun,
      waitSeconds,
      forceUnlock: values['force-unlock'] === true,
      allowChanged: values['allow-changed'] === true,
      listener: (event) => {
        if (event.type === 'migration-done') finished.push(event);
        (json ? emit : progress(out))(event);
        if (event.type === 'start' && !json) warnUnproven(out, project, folder.dir, folder.migrations, event.undo);
      },
      signal: interrupt.signal,
      beforeFirstDown: target.local
        ? (plan) => confirmLocalRollback(plan, values.yes === true)
        : (plan) => beforeRemoteRollback(target, plan, context, values.yes === true, project.wrangler.databases.length > 1),
    }).catch((error: unknown) => {
      // A refusal or a held lock comes before any event: machines still get an `error` line.
      if (json && error instanceof Error) emit({ type: 'error', message: error.message, name: error.name });
      throw error;
    });
    if (run.unlocked?.holder && !json) out.note(`Freed the lock held by ${run.unlocked.holder}.`);
    if (run.lockLeft) {
      const message = lockLeftMessage(run.lockLeft, target.transport.target);
      if (json) emit({ type: 'lock-left', ...run.lockLeft, message });
      else out.note(`warning: ${message}`);
    }
    if (!json) {
      if (run.dryRun) printDryRun(out, target, run.plan);
      else summary(out, run.results);
      if (run.ok && !run.dryRun && run.results.length > 0)
        out.note(`The rolled-back migration(s) are pending again: \`d1-evolve apply${target.local ? ' --local' : ''}\` (or wrangler's) applies them.`);
    }
    if (run.error) throw run.error;
    return 0;
  } finally {
    interrupt.dispose();
  }
}

/**
 * Local: a down drops what its up added, data included, and the local database has no Time
 * Travel to bring it back: on a terminal, ask first (as for remote), unless --yes.
 */
async function confirmLocalRollback(plan: RollbackPlan, yes: boolean): Promise<undefined> {
  if (yes || !process.stdin.isTTY) return undefined;
  const names = plan.steps.map((s) => s.migration.name).join(', ');
  const answer = await ask(`Roll back ${names} on the local D1 database with their downs? What they drop is gone (no Time Travel locally). [y/N] `);
  if (!isYes(answer)) throw new ToolError('Cancelled: nothing was rolled back.');
  return undefined;
}

/** Remote only: confirm (interactive terminal), then take a Time Travel bookmark and say how to restore it. */
async function beforeRemoteRollback(target: Target, plan: RollbackPlan, { out }: CommandContext, yes: boolean, nameDatabase: boolean): Promise<string> {
  const names = plan.steps.map((s) => s.migration.name).join(', ');
  if (!yes && process.stdin.isTTY) {
    const answer = await ask(`Roll back ${names} on remote D1 ${target.databaseId} (binding ${target.binding}) with their downs? [y/N] `);
    if (!isYes(answer)) throw new ToolError('Cancelled: nothing was rolled back.');
  }
  const bookmark = await getBookmark(target.api!, target.databaseId);
  const restore = `d1-evolve restore${nameDatabase ? ` --database ${target.binding}` : ''}`;
  out.note(`Time Travel bookmark before this rollback: ${bookmark}`);
  out.note(`  to undo it:  \`${restore} --bookmark ${bookmark}\``);
  out.note(`  with wrangler: npx wrangler d1 time-travel restore ${target.binding} --bookmark=${bookmark}`);
  return bookmark;
}

/**
 * `--time-travel`: restores remote D1 to the point before the oldest migration to undo. The
 * restore brings back the lock row of that moment too; a lock held there belonged to the run
 * that applied the migrations, which is over, so it is freed.
 */
async function timeTravel(
  project: Project,
  database: D1DatabaseConfig,
  target: Target,
  { values }: ParsedArgs,
  { root, out }: CommandContext,
): Promise<number> {
  const json = values.json === true;
  const emit = (event: object) => out.line(JSON.stringify({ database: database.binding, ...event }));
  const folder = await project.migrationFolder(database);
  const targets = rollbackTargets(computeStatus(folder.migrations, await readLedger(target.transport, target.ledger)), values.to as string);
  const undo = targets.undo.map((e) => e.name);
  if (undo.length === 0) {
    if (json) emit({ type: 'time-travel', ok: true, undo, restored: false });
    else out.note(`Nothing to roll back: no migration is applied after ${describeTo(values.to as string)}.`);
    return 0;
  }
  const lock = await readLock(target.transport, target.ledger.lock);
  if (lock.holder && (lock.expiresAt ?? 0) > Date.now() / 1000) {
    throw new ToolError(
      `${target.transport.target} is locked by a migration run (${lock.holder}): restoring now would undo what it is doing. Wait for it to finish, then run --time-travel again.`,
    );
  }
  const choice = timeTravelTarget(targets, readLastApply(root, target.databaseId) as RecordedBookmark | undefined);
  const what = `remote D1 ${target.databaseId} (binding ${target.binding}) to ${choice.description}`;
  if (!json) {
    if (choice.fallback) out.note(`note: ${choice.fallback}`);
    out.note(
      `This undoes ${undo.join(', ')} by Time Travel: every write made since that point is LOST (a rollback with the downs, without --time-travel, would keep them).`,
    );
  }
  if (values['dry-run']) {
    if (json) emit({ type: 'time-travel', dryRun: true, undo, to: choice.description });
    else out.line(`-- dry run: would restore ${what} (nothing was written)`);
    return 0;
  }
  if (!values.yes) {
    if (!process.stdin.isTTY)
      throw new UsageError(`Refusing to restore ${what} without confirmation: there is no terminal to ask. Run again with --yes to confirm.`);
    if (!isYes(await ask(`Restore ${what}? Every write made since is lost (the restore itself can be undone). Type "yes" to continue: `))) {
      out.line('Not restored.');
      return 1;
    }
  }
  const outcome = await restoreDatabase(target.api!, target.databaseId, choice.target, project.wrangler.databases.length > 1 ? target.binding : undefined);
  const restoredLock = await forceUnlock(target.transport, target.ledger.lock);
  if (json) {
    emit({
      type: 'time-travel',
      ok: true,
      undo,
      to: choice.description,
      previousBookmark: outcome.previousBookmark,
      undoCommand: outcome.undoCommand,
      freedLock: restoredLock.holder,
    });
    return 0;
  }
  out.line(`Restored ${what}: ${undo.join(', ')} ${undo.length > 1 ? 'are' : 'is'} pending again.`);
  if (restoredLock.holder) out.note(`Freed the lock the restored state held (${restoredLock.holder}, the run that applied those migrations).`);
  if (outcome.previousBookmark)
    out.line(`The state before this restore is bookmark ${outcome.previousBookmark}; to undo the restore: \`${outcome.undoCommand}\``);
  return 0;
}

/**
 * A warning per down that `d1-evolve check` has not proven (up, down, up again on both
 * engines, with seeded rows) for these very two files: the rollback itself only runs the
 * lint on it, which sees the statements, not what they do to rows.
 */
function warnUnproven(out: Output, project: Project, dir: string, migrations: readonly Migration[], undo: readonly string[]): void {
  const downOf = downStates(dir, downProofsFile(project.root));
  const unproven = undo.filter((name) => {
    const migration = migrations.find((m) => m.name === name);
    return migration && downOf(migration)?.proven !== true;
  });
  if (unproven.length > 0) {
    out.note(
      `warning: \`d1-evolve check\` has not proven the down of ${unproven.join(', ')} (round trip on both engines, with rows); run it first to know the down gives back the previous schema and keeps the rows.`,
    );
  }
}

const describeTo = (to: string) => (to === ROLL_BACK_ALL ? 'before the first migration (--to 0)' : to);

/** Progress for people, on stderr. */
function progress(out: Output): (event: RollbackEvent) => void {
  return (event) => {
    if (event.type === 'start' && !event.dryRun) {
      out.note(
        event.undo.length
          ? `${event.undo.length} migration(s) to roll back, newest first: ${event.undo.join(', ')}`
          : 'Nothing to roll back: no migration is applied after it.',
      );
    } else if (event.type === 'migration-retry') {
      out.note(`  ${event.name}: no clear answer (${event.reason}); the ledger still lists it, so it was not rolled back: sending it again`);
    } else if (event.type === 'migration-done') {
      out.note(`rolling back ${event.name} … ${describe(event)}`);
    }
  };
}

function describe(result: RollbackResult): string {
  if (result.outcome === 'failed') return 'FAILED, nothing of it committed';
  if (result.outcome === 'not-run') return 'not run';
  const rows = result.rowsWritten === undefined ? '' : `, ${result.rowsWritten} row${result.rowsWritten === 1 ? '' : 's'} written`;
  const confirmed = result.confirmedByLedger ? ' (confirmed from the ledger after a lost answer)' : '';
  return `done in ${Math.round(result.durationMs ?? 0)} ms${rows}${confirmed}`;
}

function summary(out: Output, results: readonly RollbackResult[]): void {
  if (results.length === 0) return;
  const rows = results.map((r) => [r.name, r.outcome, r.durationMs === undefined ? '' : `${Math.round(r.durationMs)} ms`, String(r.rowsWritten ?? '')]);
  printTable(out, ['migration', 'outcome', 'time', 'rows written'], rows, ['left', 'left', 'left', 'right']);
}

function printDryRun(out: Output, target: Target, plan: RollbackPlan): void {
  if (plan.steps.length === 0) {
    out.line('-- nothing to roll back: no migration is applied after it');
    return;
  }
  out.line(`-- dry run: ${plan.steps.length} migration(s) would be rolled back, newest first, each as one transaction (nothing was written)`);
  out.line(`-- ${KEPT_VS_LOST.replaceAll('\n', '\n-- ')}`);
  for (const { migration, down } of plan.steps) {
    out.line(`\n-- ${migration.name}: ${down.path}, ${down.statements.length} statement(s)`);
    out.line(`${rowGuard(target.ledger, migration.name).sql};`);
    for (const sql of down.statements) out.line(`${sql};`);
    out.line(`${ledgerDelete(target.ledger, migration.name).sql};`);
  }
}
