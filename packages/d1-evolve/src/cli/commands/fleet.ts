import { downProofsFile } from '../../check/down-proofs';
import { checkCacheDir } from '../../check/cache';
import { runCheck } from '../../check/index';
import { formatReport } from '../../check/summary';
import { remoteCredentials } from '../../config/credentials';
import type { Project } from '../../config/project';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { ConfigError, ToolError, UsageError } from '../../errors';
import { applyDatabase } from '../../fleet/apply-one';
import { configDatabases, matchDatabases, readDatabaseFile, resolveDatabaseEntries } from '../../fleet/databases';
import { type DatabaseOutcome, type FleetDatabase, type FleetOutcomeKind, OUTCOME_LABELS, databaseLabel, isFailure, isSettled } from '../../fleet/outcome';
import { startProgress } from '../../fleet/progress';
import { type FleetRunResult, runFleet } from '../../fleet/run';
import { type FleetState, type RunLine, StateWriter, defaultStateFile, readState, writeDatabaseList } from '../../fleet/state';
import { readDatabase } from '../../fleet/status-one';
import type { Migration } from '../../folder/migration-folder';
import { Ledger } from '../../runner/ledger';
import { cliHolder } from '../../runner/target';
import { RequestBudget, parseRate } from '../../transports/budget';
import { CloudflareApi, getBookmark } from '../../transports/cloudflare-api';
import { HttpTransport } from '../../transports/http';
import { onInterrupt } from '../interrupt';
import type { Command, CommandContext, Options, Output, ParsedArgs } from '../command';
import { ONE_DATABASE_OPTIONS, openProject } from '../project-options';
import { ask, isYes } from '../prompt';
import { printTable } from '../table';
import { checkTarget } from './check';

/** Any valid id: the account-wide calls (the database list) need credentials without a database. */
const NO_DATABASE = '00000000-0000-4000-8000-000000000001';
const DEFAULT_RATE = '1200/300';
const DEFAULT_CONCURRENCY = 8;

const SOURCE_OPTIONS: Options = {
  'from-file': {
    type: 'string',
    value: '<path>',
    description: "the databases listed in a file: one id or name a line (names are looked\nup in the account's database list; # starts a comment)",
  },
  match: { type: 'string', value: '<text>', description: "every database of the account whose name contains <text> (the API's\ndatabase list, every page)" },
  'from-config': {
    type: 'boolean',
    description: "the wrangler config's d1_databases that share the folder of --database (or the\nonly folder the config uses), each with its database_id",
  },
};

const APPLY_ONLY = ['resume', 'state', 'canary', 'max-failures', 'dry-run', 'bookmarks', 'skip-check', 'via-worker', 'yes'];

export const fleet: Command = {
  name: 'fleet',
  summary: 'Status and apply for many remote D1 databases at once: in parallel, within the rate limit, resumable',
  usage: [
    'status (--from-file <path> | --match <text> | --from-config) [options]',
    'apply (--from-file <path> | --match <text> | --from-config) [options]',
    'apply --resume <state file>',
  ],
  positionals: 'status | apply',
  description: `Migrates a fleet of D1 databases (one per tenant, say) from one migrations folder: that of
the config's database (--database <binding> when it has several), with its migrations_table.
The folder is checked once (\`d1-evolve check\`); then each database gets the guarantees of
\`d1-evolve apply\`: its lock (holder and lease), checksums, and one request per migration that
carries its ledger row and the lock guard. Databases run in parallel (--concurrency), each
strictly in order, within ONE request budget for the whole run (--rate, Cloudflare's limit of
1,200 requests per 5 minutes per token by default), and a 429 pauses the whole run for its
Retry-After. A database that is up to date costs one request, one with N pending migrations
N + 1. The restore point is the run's start time (Time Travel restores by timestamp): it is
printed with the restore command; --bookmarks also takes a bookmark per database.
The run writes its state as it goes (--state, one JSON line per database); after a kill,
\`fleet apply --resume <file>\` finishes the work: nothing is applied twice, and the run's own
locks are taken back. A failing database does not stop the others (see --canary and
--max-failures); the summary lists each failure and the command that retries just those.
Needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (or CLOUDFLARE_D1_TOKEN), as apply;
CLOUDFLARE_DATABASE_ID is ignored (the databases come from the options above).
\`fleet status\` reads each database (at most two requests) and writes nothing.`,
  options: {
    ...ONE_DATABASE_OPTIONS,
    ...SOURCE_OPTIONS,
    concurrency: { type: 'string', value: '<n>', description: `databases worked on at once (default ${DEFAULT_CONCURRENCY})` },
    rate: {
      type: 'string',
      value: '<requests>/<seconds>',
      description: `the request budget of the whole run (default ${DEFAULT_RATE}, the API's\nlimit per token); lower it when other tools share the token`,
    },
    state: {
      type: 'string',
      value: '<file>',
      description: 'apply: where the run writes its state (default\n.wrangler/d1-evolve/fleet/<time>-<run>.jsonl in the project)',
    },
    resume: {
      type: 'string',
      value: '<file>',
      description: 'apply: finish the run of that state file (its databases, its lock\nholder); the source options are not needed',
    },
    canary: { type: 'string', value: '<n>', description: 'apply: the first <n> databases first; stop if any of them fails' },
    'max-failures': { type: 'string', value: '<k>', description: 'apply: start no further database once <k> have failed' },
    'dry-run': { type: 'boolean', description: 'apply: read each database and say what would be applied; write nothing' },
    bookmarks: { type: 'boolean', description: 'apply: also take a Time Travel bookmark per database with pending\nmigrations (one more request each)' },
    'skip-check': { type: 'boolean', description: 'apply: apply even though `d1-evolve check` reports errors' },
    'allow-changed': { type: 'boolean', description: 'apply although applied files changed, without storing them' },
    'allow-missing': { type: 'boolean', description: 'apply although a ledger lists migrations missing here' },
    'allow-out-of-order': { type: 'boolean', description: 'apply pending migrations older than an applied one' },
    'via-worker': {
      type: 'string',
      value: '<url>',
      description: "apply: through the Worker's migrate route instead (its bound databases,\nno REST limit); the secret is MIGRATE_TOKEN",
    },
    json: { type: 'boolean', description: 'one JSON object per event on stdout (run, database, done), each\ndatabase event naming its database' },
    yes: { type: 'boolean', short: 'y', description: 'apply: do not ask for confirmation (interactive terminal)' },
  },
  epilogue: `A database counts as failed when it ends failed, locked or refused (changed/missing).
Exit codes: 0 every database up to date or applied; 1 a database failed or was not run;
2 usage or configuration error; status: 3 when migrations are pending or a database is locked by a run in progress (and nothing is wrong).

Examples:
  d1-evolve fleet status --match tenant-
  d1-evolve fleet apply --match tenant- --canary 5 --max-failures 10
  d1-evolve fleet apply --from-file tenants.txt --concurrency 16 --json > fleet.jsonl
  d1-evolve fleet apply --resume .wrangler/d1-evolve/fleet/2026-05-01T12-00-00-000Z-1a2b3c4d.jsonl`,
  async run(args, context) {
    const [action, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`fleet takes one action (status or apply), not "${args.positionals.join(' ')}".`);
    if (action === 'status') {
      const misplaced = APPLY_ONLY.filter((name) => args.values[name] !== undefined);
      if (misplaced.length > 0)
        throw new UsageError(
          `${misplaced.map((n) => `--${n}`).join(', ')} go${misplaced.length === 1 ? 'es' : ''} with \`fleet apply\`, not \`fleet status\`.`,
        );
      return fleetStatus(args, context);
    }
    if (action === 'apply') return fleetApply(args, context);
    throw new UsageError(`fleet needs an action: \`d1-evolve fleet status\` or \`d1-evolve fleet apply\`${action ? `, not "${action}"` : ''}.`);
  },
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A whole number option, at least `min`. */
function count(values: ParsedArgs['values'], name: string, min: number, fallback?: number): number | undefined {
  const raw = text(values[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} takes a whole number of at least ${min}, not "${raw}".`);
  return value;
}

/** What every fleet run needs: the folder, the ledger, the credentials, the budget and the clients. */
interface FleetSetup {
  project: Project;
  template: D1DatabaseConfig;
  migrations: Migration[];
  ledger: Ledger;
  credentials: { accountId: string; token: string; apiBaseUrl: string };
  budget: RequestBudget;
  /** The account-wide client (the database list), sharing the budget. */
  api: CloudflareApi;
  concurrency: number;
  /** Requests sent by the run so far, every client included. */
  requests(): number;
  /** A transport for one database, sharing the budget; its own request count. */
  open(database: FleetDatabase): { transport: HttpTransport; requests: () => number };
}

/**
 * The template database (its folder and ledger table) and, for --from-config, the databases:
 * every one of the config that shares the template's folder and ledger table (the template is
 * --database's, or the only folder the config uses).
 */
function templateDatabase(project: Project, args: ParsedArgs): { template: D1DatabaseConfig; fromConfig?: D1DatabaseConfig[] } {
  const database = text(args.values.database);
  if (args.values['from-config'] !== true) return { template: project.databases({ database })[0]! };
  const all = project.databases({ all: true });
  if (all.length === 0) throw new ConfigError([`${project.wrangler.label}: no d1_databases to migrate (--from-config).`]);
  const template = database === undefined ? all[0]! : project.databases({ database })[0]!;
  const sameFolder = (d: D1DatabaseConfig) => d.migrationsPath === template.migrationsPath && d.migrationsTable === template.migrationsTable;
  const other = all.find((d) => !sameFolder(d));
  if (other && database === undefined) {
    throw new ConfigError([
      `${project.wrangler.label}: a fleet applies one migrations folder, but ${template.binding} uses ./${project.folderLabel(template)} (table ${template.migrationsTable}) and ${other.binding} ./${project.folderLabel(other)} (table ${other.migrationsTable}): ` +
        'pass --database <binding> to migrate the databases that share its folder, or use --from-file.',
    ]);
  }
  return { template, fromConfig: all.filter(sameFolder) };
}

async function setup(args: ParsedArgs, context: CommandContext, template: D1DatabaseConfig, project: Project): Promise<FleetSetup> {
  const { values } = args;
  const rateText = text(values.rate) ?? DEFAULT_RATE;
  const rate = parseRate(rateText);
  if (!rate) throw new UsageError(`--rate takes <requests>/<seconds>, e.g. ${DEFAULT_RATE} (1,200 requests per 5 minutes), not "${rateText}".`);
  const concurrency = count(values, 'concurrency', 1, DEFAULT_CONCURRENCY)!;
  const { migrations } = await project.migrationFolder(template);
  // The databases come from the fleet's options: CLOUDFLARE_DATABASE_ID must not redirect them all.
  const { accountId, token, apiBaseUrl } = remoteCredentials({ ...context.env, CLOUDFLARE_DATABASE_ID: undefined }, NO_DATABASE);
  const credentials = { accountId, token, apiBaseUrl };
  const budget = new RequestBudget(rate);
  // A 429 pauses the run rather than failing a database: allow more attempts than apply does.
  const client = { ...credentials, budget, maxAttempts: 10 };
  const api = new CloudflareApi({ ...client, databaseId: NO_DATABASE });
  return {
    project,
    template,
    migrations,
    ledger: new Ledger(template.migrationsTable),
    credentials,
    budget,
    api,
    concurrency,
    requests: () => budget.taken,
    open(database) {
      const transport = new HttpTransport({ ...client, databaseId: database.id });
      return { transport, requests: () => transport.api.requests };
    },
  };
}

/** The databases the source options name (exactly one of them). */
async function resolveSource(args: ParsedArgs, fleet: FleetSetup, fromConfig: D1DatabaseConfig[] | undefined): Promise<FleetDatabase[]> {
  const { values } = args;
  const file = text(values['from-file']);
  const match = text(values.match);
  const given = [file !== undefined, match !== undefined, values['from-config'] === true].filter(Boolean).length;
  if (given !== 1) {
    throw new UsageError(
      `${given === 0 ? 'Which databases?' : 'Give only one source of databases:'} --from-file <path> (ids or names, one a line), --match <text> (names containing it) or --from-config (the wrangler config's d1_databases).`,
    );
  }
  if (file !== undefined) return resolveDatabaseEntries(fleet.api, readDatabaseFile(file), file);
  if (match !== undefined) {
    if (match.trim() === '') throw new UsageError("--match needs a part of the databases' names, e.g. --match tenant-.");
    return matchDatabases(fleet.api, match);
  }
  return configDatabases(fromConfig ?? [], fleet.project.wrangler.label);
}

/** The folder is checked once for the whole run, as `apply` checks it. */
async function checkOnce(project: Project, template: D1DatabaseConfig, out: Output | undefined): Promise<void> {
  const report = await runCheck({ ...(await checkTarget(project, template)), proofFile: downProofsFile(project.root), cacheDir: checkCacheDir(project.root) });
  if (out) out.note(formatReport(report, project.root).at(-1)!);
  if (report.ok) return;
  const errors = report.findings.filter((f) => f.severity === 'error');
  const listed = errors
    .slice(0, 3)
    .map((f) => f.message.split('\n')[0]!.replace(/[.;:\s]+$/, ''))
    .join('; ');
  throw new ToolError(
    `Nothing was applied to any database: the check found ${errors.length || 'some'} error(s) in ./${project.folderLabel(template)}${listed ? `: ${listed}` : ''}. ` +
      'Run `d1-evolve check` for details and fix them; to apply anyway, run with `--skip-check`.',
  );
}

// --- fleet status ------------------------------------------------------------------------

async function fleetStatus(args: ParsedArgs, context: CommandContext): Promise<number> {
  const { out } = context;
  const json = args.values.json === true;
  const project = openProject(args, context);
  const { template, fromConfig } = templateDatabase(project, args);
  const fleet = await setup(args, context, template, project);
  const databases = await resolveSource(args, fleet, fromConfig);
  if (!json) out.note(`Reading ${databases.length} database(s) against ./${project.folderLabel(template)} (ledger ${fleet.ledger.table}) …`);
  const progress = json
    ? undefined
    : startProgress(databases.length, { requests: fleet.requests, throttled: () => fleet.budget.throttled }, 'fleet status', out.note);
  const result = await runFleet({
    databases,
    concurrency: fleet.concurrency,
    work: (database) => {
      const { transport, requests } = fleet.open(database);
      return readDatabase({ database, transport, migrations: fleet.migrations, ledger: fleet.ledger, requests, ...planOptions(args) });
    },
    onOutcome: (outcome) => {
      if (json) out.line(JSON.stringify({ type: 'database', ...outcome }));
      progress?.update(outcome);
    },
  });
  progress?.stop();
  const has = (kind: FleetOutcomeKind) => result.outcomes.some((o) => o.outcome === kind);
  const code = has('refused') || has('failed') ? 1 : has('pending') || has('locked') ? 3 : 0;
  if (json) {
    out.line(JSON.stringify({ type: 'done', exitCode: code, counts: counts(result.outcomes), requests: fleet.requests(), throttled: fleet.budget.throttled }));
    return code;
  }
  const notable = result.outcomes.filter((o) => o.outcome !== 'up-to-date');
  if (notable.length > 0) {
    out.line('');
    printTable(
      out,
      ['database', 'state', 'detail'],
      notable.map((o) => [databaseLabel({ id: o.database, name: o.name }), OUTCOME_LABELS[o.outcome], detail(o)]),
    );
  }
  out.line('');
  printCounts(out, result.outcomes);
  return code;
}

// --- fleet apply -------------------------------------------------------------------------

async function fleetApply(args: ParsedArgs, context: CommandContext): Promise<number> {
  const { values } = args;
  const { out, root } = context;
  const json = values.json === true;
  const dryRun = values['dry-run'] === true;
  const runStart = new Date();
  const viaWorker = text(values['via-worker']);
  if (viaWorker !== undefined) {
    // The route migrates every bound database itself: nothing of the REST run's machinery applies.
    const unsupported = [
      'dry-run',
      'canary',
      'max-failures',
      'resume',
      'state',
      'bookmarks',
      'from-file',
      'match',
      'from-config',
      'concurrency',
      'rate',
    ].filter((name) => values[name] !== undefined);
    if (unsupported.length > 0) {
      throw new UsageError(
        `--via-worker migrates through the Worker's route, which has no ${unsupported.map((n) => `--${n}`).join(', ')}: leave ${unsupported.length > 1 ? 'them' : 'it'} out, or run the fleet over the REST API without --via-worker.`,
      );
    }
    return applyViaWorker(viaWorker, context, json);
  }
  const canary = count(values, 'canary', 1);
  const maxFailures = count(values, 'max-failures', 1);
  const resumeFile = text(values.resume);
  if (resumeFile !== undefined && values.state !== undefined) throw new UsageError('--resume writes on in the state file it is given: leave out --state.');
  if (resumeFile !== undefined && dryRun) throw new UsageError('--resume finishes a run; a dry run has nothing to finish: leave out --dry-run.');

  const project = openProject(args, context);
  const { template, fromConfig } = templateDatabase(project, args);
  const fleet = await setup(args, context, template, project);
  const resumed = resumeFile === undefined ? undefined : resumeState(resumeFile, fleet);
  if (!dryRun && !resumed && values['skip-check'] !== true) {
    if (!json) out.note('Checking the migrations once for the whole fleet (`d1-evolve check`) …');
    await checkOnce(project, template, json ? undefined : out);
  }
  const holder = resumed?.run.holder ?? cliHolder();
  const startedAt = resumed ? new Date(resumed.run.startedAt) : runStart;
  const all = resumed ? resumed.databases! : await resolveSource(args, fleet, fromConfig);
  const databases = resumed ? all.filter((d) => !isSettledIn(resumed, d)) : all;

  const stateFile = resumeFile ?? text(values.state) ?? defaultStateFile(root, startedAt, holder);
  const state = dryRun ? undefined : new StateWriter(stateFile);
  const runLine: RunLine = {
    type: 'run',
    holder,
    startedAt: startedAt.toISOString(),
    at: runStart.toISOString(),
    migrations: fleet.migrations.map((m) => ({ name: m.name, checksum: m.checksum })),
    ledger: fleet.ledger.table,
    ...(resumed ? { resumed: true } : {}),
  };
  state?.write(runLine);
  if (!resumed) state?.write({ type: 'databases', databases: all });
  const restore = restoreHint(startedAt, project, template);
  if (json) out.line(JSON.stringify({ type: 'run', holder, startedAt: runLine.startedAt, dryRun, databases: databases.length, state: state?.file, restore }));
  else
    describeRun(out, {
      dryRun,
      databases: databases.length,
      skipped: all.length - databases.length,
      state: state?.file,
      restore,
      resumed: resumed !== undefined,
    });
  if (!dryRun && !json && !values.yes && process.stdin.isTTY && databases.length > 0) {
    if (!isYes(await ask(`Apply ./${project.folderLabel(template)} to ${databases.length} remote D1 database(s)? [y/N] `)))
      throw new ToolError('Cancelled: nothing was applied.');
  }

  const interrupt = onInterrupt(out, {
    stopping: 'finishing the migrations in flight, starting nothing new',
    quitting: 'Locks still held free themselves when their lease ends; `fleet apply --resume` takes them back.',
  });
  const progress = json
    ? undefined
    : startProgress(
        databases.length,
        { requests: fleet.requests, throttled: () => fleet.budget.throttled },
        dryRun ? 'fleet dry run' : 'fleet apply',
        out.note,
      );
  const started = performance.now();
  let result: FleetRunResult;
  try {
    result = await runFleet({
      databases,
      concurrency: fleet.concurrency,
      canary: dryRun ? undefined : canary,
      maxFailures: dryRun ? undefined : maxFailures,
      signal: interrupt.signal,
      work: (database) => {
        const { transport, requests } = fleet.open(database);
        const common = { database, transport, migrations: fleet.migrations, ledger: fleet.ledger, requests, ...planOptions(args) };
        if (dryRun) return readDatabase(common);
        return applyDatabase({
          ...common,
          holder,
          signal: interrupt.signal,
          bookmark: values.bookmarks === true ? (before) => getBookmark(transport.api, database.id, before) : undefined,
        });
      },
      onOutcome: (outcome) => {
        state?.write({ type: 'database', ...outcome });
        if (json) out.line(JSON.stringify({ type: 'database', ...outcome }));
        progress?.update(outcome);
      },
    });
  } finally {
    progress?.stop();
    interrupt.dispose();
  }
  for (const outcome of result.outcomes) if (outcome.outcome === 'not-run' && json) out.line(JSON.stringify({ type: 'database', ...outcome }));
  return summarize(out, { result, json, dryRun, stateFile: state?.file, args, fleet, durationMs: performance.now() - started });
}

/** The plan options apply shares. */
function planOptions({ values }: ParsedArgs) {
  return {
    allowChanged: values['allow-changed'] === true,
    allowMissing: values['allow-missing'] === true,
    allowOutOfOrder: values['allow-out-of-order'] === true,
  };
}

/** A resume's state, refused when the folder is no longer the one the run started with. */
function resumeState(file: string, fleet: FleetSetup): FleetState {
  const state = readState(file);
  if (!state.databases) {
    throw new ToolError(
      `${file}: the run stopped before it had its list of databases, so it wrote nothing to any database: start it again (without --resume).`,
    );
  }
  const then = state.run.migrations.map((m) => `${m.name}:${m.checksum}`).join('\n');
  const now = fleet.migrations.map((m) => `${m.name}:${m.checksum}`).join('\n');
  if (then !== now || state.run.ledger !== fleet.ledger.table) {
    throw new ToolError(
      `${file}: the run started with other migrations (or another ledger table) than ./${fleet.project.folderLabel(fleet.template)} holds now. ` +
        'A resume finishes that run as it was: check out the same migrations, or start a new run (without --resume).',
    );
  }
  return state;
}

function isSettledIn(state: FleetState, database: FleetDatabase): boolean {
  const outcome = state.outcomes.get(database.id);
  return outcome !== undefined && isSettled(outcome);
}

/** The restore point of the run: its start time, for each database. */
function restoreHint(startedAt: Date, project: Project, template: D1DatabaseConfig): { timestamp: string; command: string } {
  const database = project.wrangler.databases.length > 1 ? ` --database ${template.binding}` : '';
  return { timestamp: startedAt.toISOString(), command: `CLOUDFLARE_DATABASE_ID=<id> d1-evolve restore${database} --timestamp ${startedAt.toISOString()}` };
}

function describeRun(
  out: Output,
  run: { dryRun: boolean; databases: number; skipped: number; state?: string; restore: { timestamp: string; command: string }; resumed: boolean },
): void {
  const skipped = run.skipped > 0 ? ` (${run.skipped} finished before the resume)` : '';
  out.note(`${run.dryRun ? 'Dry run (nothing is written) on' : run.resumed ? 'Resuming on' : 'Applying to'} ${run.databases} database(s)${skipped}.`);
  if (run.dryRun) return;
  out.note(`State: ${run.state} (after a kill: \`d1-evolve fleet apply --resume ${run.state}\`)`);
  out.note(`Restore point: ${run.restore.timestamp}, the run's start. To undo it on one database: \`${run.restore.command}\``);
}

/** The final table, the failures with their errors, the retry command; the exit code. */
function summarize(
  out: Output,
  {
    result,
    json,
    dryRun,
    stateFile,
    args,
    fleet,
    durationMs,
  }: { result: FleetRunResult; json: boolean; dryRun: boolean; stateFile?: string; args: ParsedArgs; fleet: FleetSetup; durationMs: number },
): number {
  const failed = result.outcomes.filter(isFailure);
  const notRun = result.outcomes.filter((o) => o.outcome === 'not-run');
  const retryFile =
    failed.length > 0 && stateFile
      ? writeDatabaseList(
          `${stateFile.replace(/\.jsonl$/, '')}.failed.txt`,
          failed.map((o) => ({ id: o.database })),
        )
      : undefined;
  const retry = retryFile ? `d1-evolve fleet apply --from-file ${retryFile}${templateFlags(args)}` : undefined;
  const resume = notRun.length > 0 && stateFile ? `d1-evolve fleet apply --resume ${stateFile}` : undefined;
  const code = failed.length > 0 || notRun.length > 0 ? 1 : 0;
  if (json) {
    out.line(
      JSON.stringify({
        type: 'done',
        ok: code === 0,
        dryRun,
        counts: counts(result.outcomes),
        requests: fleet.requests(),
        throttled: fleet.budget.throttled,
        durationMs: Math.round(durationMs),
        ...(result.stopped ? { stopped: result.stopped } : {}),
        failed: failed.map((o) => ({ database: o.database, name: o.name, outcome: o.outcome, error: o.error })),
        ...(retry ? { retry } : {}),
        ...(resume ? { resume } : {}),
      }),
    );
    return code;
  }
  out.line('');
  if (dryRun) {
    const pending = result.outcomes.filter((o) => o.outcome === 'pending');
    for (const o of pending.slice(0, 20)) out.line(`${databaseLabel({ id: o.database, name: o.name })}: would apply ${o.pending?.join(', ')}`);
    if (pending.length > 20) out.line(`… and ${pending.length - 20} more database(s) with pending migrations`);
  }
  printCounts(out, result.outcomes);
  out.line(`\n${fleet.requests()} request(s) in ${(durationMs / 1000).toFixed(1)} s, ${fleet.budget.throttled} answered 429.`);
  if (result.stopped) out.line(`Stopped: ${result.stopped.message}.`);
  if (failed.length > 0) {
    out.line(`\n${failed.length} database(s) failed:`);
    for (const o of failed)
      out.line(`- ${databaseLabel({ id: o.database, name: o.name })}: ${OUTCOME_LABELS[o.outcome]}: ${(o.error ?? '').split('\n').join(' ')}`);
    if (retry) out.line(`\nTo retry just those: \`${retry}\``);
  }
  if (resume) out.line(`${notRun.length} database(s) were not run; to go on: \`${resume}\``);
  return code;
}

/** The options that pick the folder, repeated in the retry command. */
function templateFlags({ values }: ParsedArgs): string {
  const flags = ['config', 'env', 'database', 'drizzle-config', 'rate', 'concurrency']
    .filter((name) => typeof values[name] === 'string')
    .map((name) => ` --${name} ${values[name]}`);
  return flags.join('') + (values['skip-check'] ? ' --skip-check' : '');
}

function counts(outcomes: readonly DatabaseOutcome[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const o of outcomes) result[o.outcome] = (result[o.outcome] ?? 0) + 1;
  return result;
}

/** The table by state: up to date, applied, failed, locked, changed/missing (and pending, not run). */
function printCounts(out: Output, outcomes: readonly DatabaseOutcome[]): void {
  const all = counts(outcomes);
  const order: FleetOutcomeKind[] = ['up-to-date', 'applied', 'pending', 'failed', 'locked', 'refused', 'not-run'];
  const rows = order
    .filter((kind) => all[kind] || ['up-to-date', 'applied', 'failed', 'locked', 'refused'].includes(kind))
    .map((kind) => [OUTCOME_LABELS[kind], String(all[kind] ?? 0)]);
  rows.push(['total', String(outcomes.length)]);
  printTable(out, ['state', 'databases'], rows, ['left', 'right']);
}

function detail(outcome: DatabaseOutcome): string {
  if (outcome.outcome === 'pending') return outcome.pending?.join(', ') ?? '';
  return (outcome.error ?? '').split('\n')[0]!.slice(0, 160);
}

// --- through the Worker ------------------------------------------------------------------

/**
 * `--via-worker <url>`: the Worker's migrate route migrates its bound databases through their
 * bindings (no REST limit); src/fleet/via-worker.ts does the calling, round after round.
 */
async function applyViaWorker(url: string, { env, out }: CommandContext, json: boolean): Promise<number> {
  const secret = env.MIGRATE_TOKEN;
  if (!secret) throw new ConfigError(["--via-worker needs the migrate route's secret: put MIGRATE_TOKEN in .dev.vars or export it."]);
  // Imported lazily: only this option needs it.
  const { fleetViaWorker } = await import('../../fleet/via-worker');
  const results = await fleetViaWorker({
    url,
    secret,
    target: 'all',
    onResults: (round) => {
      for (const r of round) {
        if (json)
          out.line(JSON.stringify({ type: 'database', database: r.binding, outcome: r.ok ? (r.applied.length ? 'applied' : 'up-to-date') : 'failed', ...r }));
        else out.note(`${r.binding}: ${r.ok ? (r.applied.length ? `applied ${r.applied.join(', ')}` : 'up to date') : `FAILED: ${r.error ?? ''}`}`);
      }
    },
  });
  const failed = results.filter((r) => !r.ok);
  if (json)
    out.line(
      JSON.stringify({
        type: 'done',
        ok: failed.length === 0,
        databases: results.length,
        failed: failed.map((r) => ({ database: r.binding, error: r.error })),
      }),
    );
  else {
    out.line('');
    printTable(
      out,
      ['binding', 'outcome', 'applied'],
      results.map((r) => [r.binding, r.ok ? (r.applied.length ? 'applied' : 'up to date') : `FAILED: ${(r.error ?? '').split('\n')[0]}`, r.applied.join(', ')]),
    );
  }
  return failed.length === 0 ? 0 : 1;
}
