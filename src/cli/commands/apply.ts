import { createInterface } from 'node:readline/promises';
import { runCheck } from '../../migrate/check/index';
import { ToolError, UsageError } from '../../migrate/errors';
import { readMigrationFolder } from '../../migrate/folder';
import { type ApplyOptions, type CheckOutcome, applyMigrations } from '../../migrate/runner/apply';
import type { ApplyEvent, MigrationResult } from '../../migrate/runner/events';
import { recordLastApply } from '../../migrate/runner/last-apply';
import { LEDGER_TABLE } from '../../migrate/runner/ledger';
import { type Target, cliHolder, openTarget } from '../../migrate/runner/target';
import { getBookmark } from '../../migrate/transports/cloudflare-api';
import type { Command, CommandContext, Output } from '../command';

export const apply: Command = {
  name: 'apply',
  summary: 'Apply pending migrations to remote D1 (or --local), exactly once, with lock, checksums and a Time Travel bookmark',
  help: `Usage: pnpm db:apply [options]          remote D1 (CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_D1_TOKEN, database id)
       pnpm db:apply:local [options]    the local D1 database of \`wrangler dev\`

Applies the migrations in drizzle/ that the database's ${LEDGER_TABLE} ledger (wrangler's own)
does not list yet, in order. Each migration goes as ONE request with its ledger row and a lock
check, so it commits whole or not at all, and never twice. Before anything is written it
refuses when \`pnpm db:check\` fails, when an applied file was edited, when the ledger names
migrations this checkout lacks, or when a pending migration is older than an applied one.
On remote D1 it takes a Time Travel bookmark first and prints the command that restores it.

Options:
  --local                    apply to the local database (.wrangler/state, or D1_PERSIST_TO)
  --dry-run                  print the plan and its SQL; touch nothing (not even the lock)
  --to <name>                stop after this migration (0003, 0003_x or 0003_x.sql)
  --json                     one JSON object per event on stdout (start, migration-start,
                             migration-done, done, error); progress for people goes to stderr
  --wait <seconds>           if another run holds the lock, wait up to this long for it
  --force-unlock             free the lock first (only when the run holding it has crashed)
  --skip-check               apply even though \`pnpm db:check\` reports errors
  --accept-checksum <name>   accept the edit of an applied file: store its new checksum
                             (repeatable)
  --allow-changed            apply although applied files changed, without storing them
  --allow-missing            apply although the ledger lists migrations missing here
  --allow-out-of-order       apply pending migrations older than an applied one
  --yes                      do not ask for confirmation (remote, interactive terminal)
  -h, --help                 show this help

Exit codes: 0 applied (or nothing to do), 1 refused or a migration failed (nothing of it
was committed), 2 usage or configuration error.

Examples:
  pnpm db:apply:local
  pnpm db:apply --dry-run
  pnpm db:apply --to 0004 --wait 120
  pnpm db:apply --json > apply-log.jsonl`,
  options: {
    local: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    to: { type: 'string' },
    json: { type: 'boolean' },
    wait: { type: 'string' },
    'force-unlock': { type: 'boolean' },
    'skip-check': { type: 'boolean' },
    'accept-checksum': { type: 'string', multiple: true },
    'allow-changed': { type: 'boolean' },
    'allow-missing': { type: 'boolean' },
    'allow-out-of-order': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
  async run({ values }, context) {
    const { root, env, out } = context;
    const json = values.json === true;
    const waitSeconds = values.wait === undefined ? 0 : Number(values.wait);
    if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new UsageError(`--wait takes a number of seconds, not "${String(values.wait)}".`);
    const target = openTarget({ root, env, local: values.local === true });
    try {
      const folder = readMigrationFolder(target.migrationsDir);
      const options: ApplyOptions = {
        transport: target.transport,
        migrations: folder.migrations,
        holder: cliHolder(),
        dryRun: values['dry-run'] === true,
        to: values.to as string | undefined,
        waitSeconds,
        forceUnlock: values['force-unlock'] === true,
        skipCheck: values['skip-check'] === true,
        check: checkGate(target.migrationsDir),
        acceptChecksum: values['accept-checksum'] as string[] | undefined,
        allowChanged: values['allow-changed'] === true,
        allowMissing: values['allow-missing'] === true,
        allowOutOfOrder: values['allow-out-of-order'] === true,
        listener: json ? (event) => out.line(JSON.stringify(event)) : progress(out),
        beforeFirstMigration: target.local ? undefined : () => beforeRemoteApply(target, context, values.yes === true || json),
      };
      if (!json) {
        out.note(`${options.dryRun ? 'Planning' : 'Applying'} ${folder.dir} to ${target.transport.target}`);
        if (!options.skipCheck) out.note('Checking the migrations first (pnpm db:check) …');
      }
      const result = await applyMigrations(options).catch((error: unknown) => {
        // A refusal or a held lock comes before any event: machines still get an `error` line.
        if (json && error instanceof Error) out.line(JSON.stringify({ type: 'error', message: error.message, name: error.name }));
        throw error;
      });
      if (result.unlocked?.holder && !json) out.note(`Freed the lock held by ${result.unlocked.holder}.`);
      if (!json) {
        if (result.dryRun) printDryRun(out, result.plan.run, result.plan.accept.map((m) => m.name));
        else summary(out, result.results);
      }
      if (result.error) throw result.error;
      return 0;
    } finally {
      await target.transport.close?.();
    }
  },
};

/** The `db:check` gate: the same checks as `pnpm db:check`, on the folder being applied. */
function checkGate(migrationsDir: string): () => Promise<CheckOutcome> {
  return () => runCheck({ dir: migrationsDir });
}

/** Remote only: confirm (interactive terminal), then take and record a Time Travel bookmark. */
async function beforeRemoteApply(target: Target, { root, out }: CommandContext, yes: boolean): Promise<string> {
  if (!yes && process.stdin.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await prompt.question(`Apply to remote D1 ${target.databaseId}? [y/N] `);
    prompt.close();
    if (!/^y(es)?$/i.test(answer.trim())) throw new ToolError('Cancelled: nothing was applied.');
  }
  const bookmark = await getBookmark(target.api!, target.databaseId);
  recordLastApply(root, { databaseId: target.databaseId, bookmark, at: new Date().toISOString() });
  out.note(`Time Travel bookmark before this apply: ${bookmark}`);
  out.note(`  to undo it:  pnpm db:restore --bookmark ${bookmark}   (or pnpm db:restore --before-last-apply)`);
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
  const width = Math.max(...results.map((r) => r.name.length), 'migration'.length);
  out.line(`${'migration'.padEnd(width)}  outcome   time      rows read  rows written`);
  for (const r of results) {
    const time = r.durationMs === undefined ? '' : `${Math.round(r.durationMs)} ms`;
    out.line(`${r.name.padEnd(width)}  ${r.outcome.padEnd(8)}  ${time.padEnd(8)}  ${String(r.rowsRead ?? '').padStart(9)}  ${String(r.rowsWritten ?? '').padStart(12)}`);
  }
}

function printDryRun(out: Output, run: readonly { name: string; path: string; statements: string[] }[], accept: readonly string[]): void {
  if (accept.length) out.line(`-- would accept the edited checksum of ${accept.join(', ')}`);
  if (run.length === 0) {
    out.line('-- nothing to apply: the database is up to date');
    return;
  }
  out.line(`-- dry run: ${run.length} migration(s) would be applied, each as one transaction (nothing was written)`);
  for (const m of run) {
    out.line(`\n-- ${m.name} (${m.path}), ${m.statements.length} statement(s)`);
    for (const sql of m.statements) out.line(`${sql};`);
    out.line(`INSERT INTO ${LEDGER_TABLE} (name, checksum, duration_ms, applied_by) VALUES ('${m.name}', …);`);
  }
}
