import { resolve } from 'node:path';
import { type FileRewrite, rewriteFolder } from '../../migrate/check/rewrite';
import { UsageError } from '../../migrate/errors';
import { readMigrationFolder } from '../../migrate/folder';
import { readD1Database } from '../../migrate/config/wrangler';
import type { Command, Output } from '../command';

export const rewrite: Command = {
  name: 'rewrite',
  summary: 'Make table rebuilds in migrations keep their descendant rows on D1',
  help: `Usage: pnpm db:rewrite [--check] [file...]

drizzle-kit rebuilds a table (create __new_t, copy, DROP TABLE t, rename) for most changes
to an existing table. On D1 foreign keys cannot be turned off, so the DROP deletes every
row below t through ON DELETE CASCADE and nulls SET NULL references. This command rewrites
each such rebuild to copy the affected descendant tables aside before the DROP and restore
them after the rename (with PRAGMA defer_foreign_keys = ON), and repairs the copy of a
column the rebuild adds (drizzle-kit copies "new_col", which D1 reads as the text
'new_col'). Already-safe files are left as they are. \`pnpm db:generate\` runs it on every
migration it writes; use this for older or hand-written files.

Arguments:
  file...    migration files of the migrations folder (default: all of them)

Options:
  --check    change nothing; exit 1 if a file would be rewritten (for CI)
  -h, --help show this help`,
  options: { check: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals }, { root, out }) {
    const folder = readMigrationFolder(resolve(root, readD1Database(root).migrationsDir));
    const migrations = positionals.length === 0 ? folder.migrations : positionals.map((file) => {
      const migration = folder.migrations.find((m) => m.path === resolve(root, file) || m.name === file || m.tag === file);
      if (!migration) throw new UsageError(`${file} is not a migration listed in ${folder.dir}/meta/_journal.json.`);
      return migration;
    });
    const check = values.check === true;
    const changed = reportRewrites(rewriteFolder(folder, migrations, { dryRun: check }), out, check);
    if (changed === 0) out.line(`${migrations.length} migration file(s) checked: every table rebuild already keeps its descendant rows.`);
    return check && changed > 0 ? 1 : 0;
  },
};

/** Prints what was (or, with `dryRun`, would be) rewritten; returns how many files changed. */
export function reportRewrites(rewrites: FileRewrite[], out: Output, dryRun = false): number {
  const changed = rewrites.filter((r) => r.result.changed);
  for (const { migration, result } of changed) {
    const tables = result.rebuilt.length > 0 ? `the rebuild of ${result.rebuilt.join(', ')} now keeps every descendant row on D1` : 'PRAGMA foreign_keys replaced by defer_foreign_keys';
    out.line(`${dryRun ? 'would rewrite' : 'rewrote'} ${migration.name}: ${tables}.`);
  }
  if (dryRun && changed.length > 0) out.line('Run `pnpm db:rewrite` to rewrite them, then commit the result.');
  return changed.length;
}
