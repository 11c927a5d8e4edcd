import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DataChoice, parseDataOption, projectData } from '../../check/data/choose';
import { fileData } from '../../check/data/file';
import type { CheckData } from '../../check/data/source';
import { ENGINES } from '../../check/engines';
import { type CheckOptions, type CheckReport, runCheck } from '../../check/index';
import { LINT_RULES } from '../../check/lint';
import { downProofsFile } from '../../check/down-proofs';
import { checkCacheDir } from '../../check/cache';
import { githubErrorAnnotation } from '../../check/report/github';
import { type ReportFormat, checkOutputPaths, reportFormat, writeReports } from '../../check/report/write';
import { loadSchema } from '../../config/drizzle-config';
import type { Project } from '../../config/project';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { ToolError, UsageError } from '../../errors';
import { DEFAULT_LEDGER_TABLE } from '../../runner/ledger';
import type { Command, CommandContext, ParsedArgs } from '../command';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';

export const check: Command = {
  name: 'check',
  summary: 'Prove every migration is safe on D1: chain, schema in sync, lint, replay with seeded rows on two engines',
  usage: [
    '[--database <binding> | --all] [--data local|remote|<file.sql>] [--json] [--fast] [--rows <n>] [--no-cache]',
    '--dir <folder> [--data <file.sql>] [--json] [--fast] [--rows <n>]',
    '[--format text|json|github|markdown] [--summary <file>] [--html <file>]',
  ],
  description: `Checks a database's migrations folder (its migrations_dir) before anything runs against a database:
  1. chain      every .sql file, in the order wrangler applies them (by name); where the
                journal, files and snapshots disagree, a warning says how to repair it
  2. in sync    the schema of the drizzle config whose \`out\` is that folder has no change
                that was not generated
  3. lint       rules for what goes wrong on D1, each with a fix hint
  4. replay     every migration in one transaction with foreign keys on, as D1 runs it,
                on better-sqlite3 and on workerd's own D1 (miniflare, in memory); after a
                failing one the replay goes on from the schema the next one expects
  5. data       before each migration every table holds seeded rows (NULLs, edge values,
                CHECKs satisfied); after it every row is still there, unchanged, and
                added columns hold their default
  6. downs      every down (<migrations_dir>/down/<name>) after its up: it gives back the
                schema before the up and every row seeded before it (except what
                -- allow-data-loss in either file declares), and the up runs again to the
                same schema; a down proven on both engines shows as proven in \`status\`
A deliberate loss is declared in the migration with a line \`-- allow-data-loss: <table>\`;
a deliberate change of a column's values (a backfill, a transform) with
\`-- allow-data-change: <table>.<column>\`: every other column and row is still checked.
With --data, the migrations not yet applied to that data (its ledger decides) are replayed
on a copy of its real rows instead of seeded ones: the local D1 database, the remote one
(through D1's export API; the copy stays in memory) or a dump. The original is only ever
read, and the copy is deleted afterwards.
Each verified migration's result, and each engine's database after it, is kept in
.wrangler/d1-evolve/check-cache/ (safe to delete): an unchanged chain is answered from it
without starting an engine, and a new migration is replayed alone, from the saved database.
Any change to a file, a snapshot, the engines or d1-evolve itself replays from that point.
Exits 1 when any error is found, 0 otherwise. Changes no real database.`,
  options: {
    ...PROJECT_OPTIONS,
    dir: {
      type: 'string',
      value: '<folder>',
      description: 'check this migration folder instead, without any config; its schema\nis not compared (step 2 is skipped, and the report says so)',
    },
    json: {
      type: 'boolean',
      description: 'print the report as JSON on stdout (one object; with --all, one per\ndatabase under "databases"); the same as --format json',
    },
    format: {
      type: 'string',
      value: '<format>',
      description:
        'what stdout gets: `text` (default, for people), `json` (as --json),\n' +
        '`github` (a GitHub Actions annotation per finding on its migration\n' +
        'file and line, then the text summary for the log) or `markdown` (a\n' +
        'pull-request summary: per migration what it changes, rows checked on\n' +
        'each engine, findings, declared losses, a Mermaid diagram of the\n' +
        'tables it touches; printed only: `>> "$GITHUB_STEP_SUMMARY"` appends it)',
    },
    summary: {
      type: 'string',
      value: '<file>',
      description:
        'also append the Markdown summary to <file>, so that one run gives both\n' +
        'annotations and summary: --format github --summary "$GITHUB_STEP_SUMMARY"',
    },
    html: {
      type: 'string',
      value: '<file>',
      description:
        'also write the report as one self-contained HTML page (no script, no\n' +
        "network; opens from disk): the chain, each migration's SQL with its\n" +
        'findings at their lines, the before and after of every table it\n' +
        'touches, and the ER diagram with those tables highlighted',
    },
    fast: { type: 'boolean', description: "replay on better-sqlite3 only (skips workerd's D1; CI must not use it)" },
    rows: { type: 'string', value: '<n>', description: 'seed rows per table before each migration (default 3)' },
    'no-cache': {
      type: 'boolean',
      description: 'take nothing from the cache (.wrangler/d1-evolve/check-cache/): replay the\nwhole chain, and write the cache afresh',
    },
    data: {
      type: 'string',
      value: '<from>',
      description:
        "replay the pending migrations on real rows instead of seeded ones: `local`\n(a copy of the local D1 database of `wrangler dev`), `remote` (a copy taken\nthrough D1's export API, which holds other queries to that database while it\nruns; needs the credentials of apply) or a dump file (.sql)",
    },
  },
  epilogue: `Lint rules:\n${LINT_RULES.map((r) => `  ${r.id.padEnd(26)} ${r.severity.padEnd(8)} ${r.summary}`).join('\n')}`,
  async run(args, context) {
    const format = reportFormat(args.values.format, args.values.json);
    try {
      return await checkDatabases(args, context, format);
    } catch (error) {
      // A workflow's log is folded: the annotation shows the pull request why the check did not run.
      if (format === 'github' && error instanceof ToolError) context.out.line(githubErrorAnnotation(error.message));
      throw error;
    }
  },
};

/** The check itself: every selected database (or --dir), then the reports in `format`. */
async function checkDatabases(args: ParsedArgs, context: CommandContext, format: ReportFormat): Promise<number> {
  const { values } = args;
  const { root, out } = context;
  const rowsPerTable = values.rows === undefined ? undefined : Number(values.rows);
  if (rowsPerTable !== undefined && !(Number.isInteger(rowsPerTable) && rowsPerTable >= 1)) {
    throw new UsageError(`--rows must be a whole number of at least 1 (got ${String(values.rows)}).`);
  }
  if (rowsPerTable !== undefined && values.data !== undefined)
    throw new UsageError('--rows sets how many rows are seeded; --data checks real rows instead: give one of them.');
  checkOutputPaths({
    root,
    ...(typeof values.summary === 'string' ? { summary: values.summary } : {}),
    ...(typeof values.html === 'string' ? { html: values.html } : {}),
  });
  // A down proven on both engines is recorded for `status` (not with --fast: one engine proves nothing).
  const base = {
    engines: values.fast ? (['sqlite'] as const) : ENGINES,
    rowsPerTable,
    proofFile: downProofsFile(root),
    cacheDir: checkCacheDir(root),
    refreshCache: values['no-cache'] === true,
  };
  const choice = values.data === undefined ? undefined : parseDataOption(values.data);
  let reports: { database?: string; report: CheckReport }[];
  if (typeof values.dir === 'string') {
    if (values.database || values.all) throw new UsageError('--dir checks a folder without any config: it cannot be combined with --database or --all.');
    const dir = resolve(root, values.dir);
    if (!existsSync(dir)) throw new UsageError(`--dir ${values.dir}: no such folder (${dir}). Give the folder that holds the .sql migrations.`);
    const data = choice && dirData(choice, root);
    const options = { ...base, dir, schemaNote: '--dir names a folder without a drizzle config, so its schema is not compared' };
    reports = [{ report: await runCheck(data ? { ...options, data } : options) }];
  } else {
    const project = openProject(args, context);
    const databases = selectedDatabases(project, args, context, choice?.from === 'remote');
    if (choice?.from === 'file' && databases.length > 1) {
      throw new UsageError(
        `--data ${choice.path} is the dump of one database, but --all selects ${databases.length}: pick its database with --database <binding>.`,
      );
    }
    reports = [];
    for (const database of databases) {
      // The folder first: no copy of a database is taken for a folder that cannot be checked.
      const target = await checkTarget(project, database);
      if (choice?.from === 'remote')
        out.note(`Exporting ${database.binding} through D1's export API: D1 answers no other query to that database until the export is done.`);
      const data = choice && (await projectData(choice, { project, database, env: context.env }));
      reports.push({ database: database.binding, report: await runCheck({ ...base, ...target, ...(data ? { data } : {}) }) });
    }
  }
  await writeReports(reports, {
    format,
    root,
    repoRoot: context.env.GITHUB_WORKSPACE || root,
    out,
    ...(typeof values.summary === 'string' ? { summary: values.summary } : {}),
    ...(typeof values.html === 'string' ? { html: values.html } : {}),
  });
  return reports.every(({ report }) => report.ok) ? 0 : 1;
}

/** `--data` with `--dir`: only a dump file, since there is no config to find a database in. */
function dirData(choice: DataChoice, root: string): CheckData {
  if (choice.from !== 'file') {
    throw new UsageError(
      `--data ${choice.from} needs the project's wrangler config to find the database, and --dir checks a folder without one: ` +
        'run the check without --dir (with --database <binding>), or give --data <file.sql>.',
    );
  }
  return fileData(choice.path, root, DEFAULT_LEDGER_TABLE);
}

/** What `check` needs for one database: its folder and the schema its drizzle config names. */
export async function checkTarget(project: Project, database: D1DatabaseConfig): Promise<Pick<CheckOptions, 'dir' | 'schema' | 'schemaNote' | 'schemaFiles'>> {
  const { drizzle, note } = await project.schemaSource(database);
  await project.requireMigrationFolder(database);
  if (!drizzle) return { dir: database.migrationsPath, schemaNote: note };
  const files = drizzle.schemaFiles;
  return {
    dir: database.migrationsPath,
    schema: { label: `the schema of ${drizzle.label} (${drizzle.schema.join(', ')})`, load: () => loadSchema(files) },
    schemaFiles: files,
  };
}
