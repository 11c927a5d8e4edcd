import { resolve } from 'node:path';
import { UsageError } from '../../errors';
import { type MigrationFolder, readMigrationFolder } from '../../folder/migration-folder';
import { type FileRewrite, rewriteFolder } from '../../rewrite/keep-children';
import type { Command, CommandContext, Output, ParsedArgs } from '../command';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';

export const rewrite: Command = {
  name: 'rewrite',
  summary: 'Make table rebuilds in migrations keep their descendant rows on D1',
  usage: ['[--check] [--database <binding> | --dir <folder>] [file...]'],
  description: `drizzle-kit rebuilds a table (create __new_t, copy, DROP TABLE t, rename) for most changes
to an existing table. On D1 foreign keys cannot be turned off, so the DROP deletes every
row below t through ON DELETE CASCADE and nulls SET NULL references. This command rewrites
each such rebuild to copy the affected descendant tables aside before the DROP and restore
them after the rename (with PRAGMA defer_foreign_keys = ON), and repairs the copy of a
column the rebuild adds (drizzle-kit copies "new_col", which D1 reads as the text
'new_col'). Already-safe files are left as they are. \`d1-evolve generate\` runs it on every
migration it writes; use this for older or hand-written files.`,
  positionals: 'file...    migration files of the migrations folder (default: all of them)',
  options: {
    ...PROJECT_OPTIONS,
    dir: { type: 'string', value: '<folder>', description: 'rewrite in this migration folder instead, without any config' },
    check: { type: 'boolean', description: 'change nothing; exit 1 if a file would be rewritten (for CI)' },
  },
  async run(args, context) {
    const { values, positionals } = args;
    const { root, out } = context;
    const folders = await migrationFolders(args, context);
    if (folders.length > 1 && positionals.length > 0) throw new UsageError('Name files with one database (--database <binding>), not with --all.');
    const check = values.check === true;
    let changed = 0;
    for (const folder of folders) {
      const migrations =
        positionals.length === 0
          ? folder.migrations
          : positionals.map((file) => {
              const migration = folder.migrations.find((m) => m.path === resolve(root, file) || m.name === file || m.tag === file);
              if (!migration) throw new UsageError(`${file} is not a migration listed in ${folder.dir}/meta/_journal.json.`);
              return migration;
            });
      const count = reportRewrites(rewriteFolder(folder, migrations, { dryRun: check }), out, check);
      if (count === 0) out.line(`${migrations.length} migration file(s) checked in ${folder.dir}: every table rebuild already keeps its descendant rows.`);
      changed += count;
    }
    return check && changed > 0 ? 1 : 0;
  },
};

async function migrationFolders(args: ParsedArgs, context: CommandContext): Promise<MigrationFolder[]> {
  if (typeof args.values.dir === 'string') return [readMigrationFolder(resolve(context.root, args.values.dir))];
  const project = openProject(args, context);
  return Promise.all(selectedDatabases(project, args, context).map((database) => project.migrationFolder(database)));
}

/** Prints what was (or, with `dryRun`, would be) rewritten; returns how many files changed. */
export function reportRewrites(rewrites: FileRewrite[], out: Output, dryRun = false): number {
  const changed = rewrites.filter((r) => r.result.changed);
  for (const { migration, result } of changed) {
    const tables =
      result.rebuilt.length > 0
        ? `the rebuild of ${result.rebuilt.join(', ')} now keeps every descendant row on D1`
        : 'PRAGMA foreign_keys replaced by defer_foreign_keys';
    out.line(`${dryRun ? 'would rewrite' : 'rewrote'} ${migration.name}: ${tables}.`);
  }
  if (dryRun && changed.length > 0) out.line('Run `d1-evolve rewrite` to rewrite them, then commit the result.');
  return changed.length;
}
