import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import type { Project } from '../../config/project';
import { UsageError } from '../../errors';
import { DIAGRAM_FILE, MARKDOWN_FILE, type DocsFile, docsFiles, staleness, writeDocs } from '../../docs/write';
import type { Command, CommandContext, ParsedArgs } from '../command';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { scriptNames } from '../script-names';

/** Where the docs go when --out is not given, relative to the folder the command runs in. */
export const DEFAULT_DOCS_FOLDER = 'docs';

// The schema comes from the migrations folder, not from a drizzle config: --drizzle-config would do nothing.
const { 'drizzle-config': _drizzleConfig, ...DATABASE_OPTIONS } = PROJECT_OPTIONS;

export const docs: Command = {
  name: 'docs',
  summary: 'Write the schema reference (docs/schema.md) and its ER diagram (docs/schema.svg); --check for CI',
  usage: ['[--out <folder>] [--database <binding> | --all]', '--check [--out <folder>] [--database <binding> | --all]'],
  description: `Documents the schema a database's migrations produce, in two files:
  docs/schema.md   every table with its columns (type, NOT NULL, default, generated), primary
                   key, foreign keys with their ON DELETE / ON UPDATE actions, indexes, unique
                   and CHECK constraints, and what a delete of one of its rows does to other
                   tables (rows deleted by ON DELETE CASCADE, recursively; references set to
                   NULL or their default); every view with its SELECT
  docs/schema.svg  an ER diagram laid out by Graphviz (compiled to WebAssembly, run in-process:
                   no system binary, no network): each table with its columns (PK, FK marked),
                   one edge per foreign key labelled with its ON DELETE action (cascades red)
The schema is the latest snapshot of the migrations folder while every migration has its
snapshot; otherwise the migrations are replayed on an in-memory SQLite database and read back.
Reads no database and needs no credentials. Both files are deterministic (sorted, no time
stamp): commit them, and let CI run \`d1-evolve docs --check\`.

\`d1-evolve generate\` refreshes the docs in the default folder (docs/, or docs/<binding>/)
when they are there. It does not know a folder given with --out: after a generate, run
\`d1-evolve docs --out <folder>\` again (CI's \`docs --check --out <folder>\` tells when it is due).

When the wrangler config has several D1 databases, each gets its own folder,
docs/<binding>/schema.md and docs/<binding>/schema.svg (with --database, only that one).`,
  options: {
    ...DATABASE_OPTIONS,
    out: {
      type: 'string',
      value: '<folder>',
      description: `the folder to write to (default: ${DEFAULT_DOCS_FOLDER}, in the current folder;\nonly the default folder is refreshed by \`d1-evolve generate\`)`,
    },
    check: {
      type: 'boolean',
      description: 'write nothing; exit 1 when a file is missing or differs from what would\nbe written (stale docs), 0 when they are fresh',
    },
  },
  epilogue: `Exit codes:
  0  written (or, with --check, fresh)
  1  --check: a file is missing or stale
  2  usage or configuration error`,
  async run(args, context) {
    const { values } = args;
    const { out } = context;
    const project = openProject(args, context);
    const outRoot = resolve(context.root, typeof values.out === 'string' ? values.out : DEFAULT_DOCS_FOLDER);
    if (existsSync(outRoot) && !statSync(outRoot).isDirectory()) {
      const option = typeof values.out === 'string' ? `--out ${values.out}` : `The docs folder ${DEFAULT_DOCS_FOLDER}`;
      throw new UsageError(
        `${option}: ${outRoot} is a file, not a folder. Give a folder to write ${MARKDOWN_FILE} and ${DIAGRAM_FILE} to (it is created if missing).`,
      );
    }
    let stale = 0;
    for (const database of selectedDatabases(project, args, context)) {
      await project.requireMigrationFolder(database);
      const files = await docsFiles({
        migrationsPath: database.migrationsPath,
        outDir: docsFolder(project, database, outRoot),
        root: context.root,
        command: docsCommand(context),
      });
      if (values.check === true) stale += reportStaleness(files, rerun(args.values), context);
      else reportWritten(files, writeDocs(files), context);
    }
    if (values.check === true && stale === 0) out.line('The schema docs are fresh.');
    return stale > 0 ? 1 : 0;
  },
};

/**
 * `generate`'s step after a new migration: rewrites the docs of `database` when the project
 * has them in the default folder (the Markdown file is where `docs` writes it without --out);
 * does nothing otherwise. Nothing remembers an --out folder (`docs --help` says so).
 */
export async function refreshDocs(project: Project, database: D1DatabaseConfig, context: CommandContext): Promise<void> {
  const outDir = docsFolder(project, database, resolve(context.root, DEFAULT_DOCS_FOLDER));
  if (!existsSync(join(outDir, MARKDOWN_FILE))) return;
  const files = await docsFiles({ migrationsPath: database.migrationsPath, outDir, root: context.root, command: docsCommand(context) });
  reportWritten(files, writeDocs(files), context);
}

/** docs/, or docs/<binding>/ when the config has several databases (whichever are selected). */
function docsFolder(project: Project, database: D1DatabaseConfig, outRoot: string): string {
  return project.databases({ all: true }).length > 1 ? join(outRoot, database.binding) : outRoot;
}

/** How the files' header names the command: the project's script for it (`pnpm db:docs`), else `d1-evolve docs`. */
function docsCommand({ root }: CommandContext): string {
  // No user agent: the header must not depend on which package manager ran the command.
  return scriptNames(root, undefined)('`d1-evolve docs`').slice(1, -1);
}

function reportWritten(files: readonly DocsFile[], changed: readonly DocsFile[], { root, out }: CommandContext): void {
  const names = files.map((f) => show(root, f.path)).join(' and ');
  out.line(changed.length ? `Wrote ${changed.map((f) => show(root, f.path)).join(' and ')}.` : `${names} are up to date.`);
}

/** The command that writes what --check compared: `d1-evolve docs --out site --database DB`. */
function rerun(values: ParsedArgs['values']): string {
  const given = (name: string) => (typeof values[name] === 'string' ? ` --${name} ${values[name]}` : '');
  return `d1-evolve docs${given('out')}${given('config')}${given('env')}${given('database')}${values.all === true ? ' --all' : ''}`;
}

function reportStaleness(files: readonly DocsFile[], command: string, { root, out }: CommandContext): number {
  let stale = 0;
  for (const file of files) {
    const state = staleness(file);
    if (state === 'fresh') continue;
    stale += 1;
    const what = state === 'missing' ? 'is missing' : 'is stale: it differs from what the migrations now produce';
    out.line(`${show(root, file.path)} ${what}. Run \`${command}\` and commit ${file.path.endsWith(DIAGRAM_FILE) ? 'the diagram' : 'it'}.`);
  }
  return stale;
}

function show(root: string, path: string): string {
  return relative(root, path) || path;
}
