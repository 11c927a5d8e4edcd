import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors';
import { type Migration, type MigrationFolder, readMigrationFolder } from '../../folder/migration-folder';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { type AppliedMigrations, appliedByLedger, appliedOnBase } from '../../rewrite/applied';
import { type FileRewrite, rewriteFolder } from '../../rewrite/keep-children';
import { openTarget } from '../../runner/target';
import type { Command, CommandContext, Output, ParsedArgs } from '../command';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';

export const rewrite: Command = {
  name: 'rewrite',
  summary: 'Make table rebuilds in migrations keep every row below the rebuilt table on D1',
  usage: ['[--check] [--database <binding> | --dir <folder>] [--local | --remote | --base <ref>] [file...]'],
  description: `drizzle-kit rebuilds a table (create __new_t, copy, DROP TABLE t, rename) for most changes
to an existing table. On D1 foreign keys cannot be turned off, so the DROP deletes the rows
below t (ON DELETE CASCADE), nulls their references (SET NULL), or fails the migration
(RESTRICT at the DROP, NO ACTION at COMMIT, even with defer_foreign_keys). This command
rewrites each such rebuild: every table that references t, at any depth, is copied aside
(its stored columns) and emptied children-first before the DROP, and restored parent-first
after the rename; the triggers of those tables (followed through the earlier migrations)
are dropped around the restore so that none fires; PRAGMA foreign_keys is replaced by
PRAGMA defer_foreign_keys = ON as the file's first statement; and the copy of a column the
rebuild adds is repaired (drizzle-kit copies "new_col", which D1 reads as the text 'new_col').
Already-safe files are left as they are; rewriting twice changes nothing.

Migrations that already ran are left alone (and listed as notes): with --local or --remote
the database's ledger (migrations_table) says which, read only; with neither, the branch
does: a file already present at the merge-base with --base counts as applied (no git, or no
such ref: every file counts as new, and the output says so). \`d1-evolve generate\` runs the
rewrite on every migration it writes; use this for older or hand-written files.`,
  positionals: 'file...    migration files of the migrations folder (default: all of them)',
  options: {
    ...PROJECT_OPTIONS,
    dir: { type: 'string', value: '<folder>', description: 'rewrite in this migration folder instead (no config needed, unless\nwith --local or --remote)' },
    check: {
      type: 'boolean',
      description: 'change nothing; list every change a rewrite would make and exit 1 if\na migration not yet applied would change (for CI)',
    },
    local: { type: 'boolean', description: "applied = listed in the ledger of the local D1 (`wrangler dev`'s)" },
    remote: { type: 'boolean', description: 'applied = listed in the ledger of the remote D1 (needs credentials)' },
    base: {
      type: 'string',
      value: '<ref>',
      description: 'without --local/--remote: applied = present at the merge-base of HEAD\nand this ref (default: origin/HEAD, else main, else master)',
    },
  },
  async run(args, context) {
    const { values, positionals } = args;
    const { root, out } = context;
    if (values.local === true && values.remote === true) throw new UsageError('Give --local or --remote, not both.');
    const targets = await migrationFolders(args, context);
    if (targets.length > 1 && positionals.length > 0) throw new UsageError('Name files with one database (--database <binding>), not with --all.');
    const check = values.check === true;
    let failing = 0;
    for (const { folder, database } of targets) {
      const migrations = positionals.length === 0 ? folder.migrations : positionals.map((file) => namedMigration(folder, file, root));
      const applied = await appliedMigrations(args, context, folder, database);
      out.note(`${folder.dir}: migrations taken as applied come from ${applied.source}.`);
      const pending = migrations.filter((m) => !applied.names.has(m.name));
      const done = migrations.filter((m) => applied.names.has(m.name));
      const changed = reportRewrites(rewriteFolder(folder, pending, { dryRun: check }), out, check);
      const notes = rewriteFolder(folder, done, { dryRun: true }).filter((r) => r.result.changed);
      for (const { migration, result } of notes) {
        const changes = result.changes ?? [];
        out.line(
          `note: ${migration.name} is applied, left as it is (a rewrite would make ${changes.length} change(s), e.g. ${changes.find((c) => c.startsWith('the rebuild of')) ?? changes[0] ?? 'none'})`,
        );
      }
      if (changed === 0) {
        out.line(`${pending.length} migration file(s) not yet applied checked in ${folder.dir}: every table rebuild already keeps its rows on D1.`);
      }
      failing += check ? changed : 0;
    }
    if (check && failing > 0) out.line('Run `d1-evolve rewrite` (with the same options) to rewrite them, then commit the result.');
    return failing > 0 ? 1 : 0;
  },
};

function namedMigration(folder: MigrationFolder, file: string, root: string): Migration {
  const migration = folder.migrations.find((m) => m.path === resolve(root, file) || m.name === file || m.tag === file);
  if (!migration) throw new UsageError(`${file} is not a migration file of ${folder.dir}.`);
  return migration;
}

async function migrationFolders(args: ParsedArgs, context: CommandContext): Promise<{ folder: MigrationFolder; database?: D1DatabaseConfig }[]> {
  const withLedger = args.values.local === true || args.values.remote === true;
  if (typeof args.values.dir === 'string') {
    const dir = resolve(context.root, args.values.dir);
    if (!existsSync(dir)) throw new UsageError(`--dir ${args.values.dir}: no such folder (${dir}). Give the folder that holds the .sql migrations.`);
    const folder = readMigrationFolder(dir);
    if (!withLedger) return [{ folder }];
    const databases = selectedDatabases(openProject(args, context), args, context, args.values.remote === true);
    if (databases.length !== 1) throw new UsageError('With --dir and --local/--remote, name the database whose ledger to read: --database <binding>.');
    return [{ folder, database: databases[0]! }];
  }
  const project = openProject(args, context);
  const databases = selectedDatabases(project, args, context, args.values.remote === true);
  return Promise.all(databases.map(async (database) => ({ folder: await project.migrationFolder(database), database })));
}

/** The ledger's verdict with --local / --remote; the branch's otherwise. */
async function appliedMigrations(args: ParsedArgs, context: CommandContext, folder: MigrationFolder, database?: D1DatabaseConfig): Promise<AppliedMigrations> {
  const { values } = args;
  if ((values.local === true || values.remote === true) && database) {
    const target = openTarget({ project: openProject(args, context), database, env: context.env, local: values.local === true });
    try {
      return await appliedByLedger(target.transport, target.ledger);
    } finally {
      await target.transport.close?.();
    }
  }
  return appliedOnBase(folder, typeof values.base === 'string' ? values.base : undefined);
}

/** Prints what was (or, with `dryRun`, would be) rewritten, one line per change; returns how many files changed. */
export function reportRewrites(rewrites: FileRewrite[], out: Output, dryRun = false): number {
  const changed = rewrites.filter((r) => r.result.changed);
  for (const { migration, result } of changed) {
    for (const change of result.changes ?? []) out.line(`${dryRun ? 'would rewrite' : 'rewrote'} ${migration.name}: ${change}`);
  }
  return changed.length;
}
