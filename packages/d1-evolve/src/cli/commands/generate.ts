import { downProofsFile } from '../../check/down-proofs';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { runCheck } from '../../check/index';
import { checkCacheDir } from '../../check/cache';
import { formatReport } from '../../check/summary';
import { ConfigError, UsageError } from '../../errors';
import { type Migration, type MigrationFolder, hasMigrations, journalPath, migrationFileNames, readMigrationFolder } from '../../folder/migration-folder';
import { rewriteFolder } from '../../rewrite/keep-children';
import { describeDown, writeDown } from '../../rollback/generate-down';
import type { Command, CommandContext } from '../command';
import { projectBin, runInherit } from '../exec';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { bundleState } from './bundle';
import { checkTarget } from './check';
import { refreshDocs } from './docs';
import { reportRewrites } from './rewrite';

export const generate: Command = {
  name: 'generate',
  summary: 'Write a SQL migration for what changed in the schema (drizzle-kit generate), made safe for D1',
  usage: ['[--name <name>] [--custom] [--database <binding>] [--bundle <file>]', '--down-for <migration> [--database <binding>]'],
  description: `Runs drizzle-kit generate with the drizzle config whose \`out\` is the database's
migrations_dir: it compares the schema with the latest snapshot and writes the difference as
a new migration NNNN_<name>.sql (plus its snapshot). drizzle-kit prints "No schema changes"
when schema and migrations agree. Reads no database and needs no credentials.

Then it rewrites every table rebuild in the new migration so that it keeps the rows of the
tables below it on D1 (see \`d1-evolve rewrite --help\`), says which it rewrote, refreshes the
Worker's bundled migrations (--bundle), and runs \`d1-evolve check\` on the whole folder.
When the project has schema docs (docs/schema.md, see \`d1-evolve docs\`), it rewrites them.
Commit the files as they are then. Exits 1 when the check finds an error (the migration is
written; fix the schema or the file and check again).

Each new migration also gets its down, <migrations_dir>/down/<same name>.sql (wrangler reads
only the folder's top level, so it never applies a down as a migration): drizzle-kit's diff
from the migration's snapshot back to the previous one, rewritten the same way, each table
it drops or drops columns of declared with \`-- allow-data-loss: <table>\`, first line
\`-- d1-evolve: generated down of <name>\`. Where going back needs a rename (drizzle-kit
would ask), or a snapshot is missing, no down is written and the output says why: write
that one by hand (without the first line, so that it is kept). --down-for writes the down of
an older migration; it regenerates a generated one and refuses to touch one written by hand.`,
  options: {
    ...PROJECT_OPTIONS,
    name: { type: 'string', value: '<name>', description: 'name the migration (default: drizzle-kit picks two random words)' },
    custom: { type: 'boolean', description: 'write an empty migration to fill in by hand (data migrations)' },
    bundle: { type: 'string', value: '<file>', description: 'also refresh this module of bundled migrations (`d1-evolve bundle`)' },
    'down-for': {
      type: 'string',
      value: '<migration>',
      description: 'only write the down of this existing migration (`0004_add_notes`), from\nits snapshot and the one before; runs no drizzle-kit generate',
    },
  },
  async run(args, context) {
    const { values } = args;
    const { root, out } = context;
    const project = openProject(args, context);
    if (typeof values['down-for'] === 'string') {
      // --bundle is allowed (and has nothing to do): the workspace's db:generate script always passes it.
      if (values.name !== undefined || values.custom !== undefined) {
        throw new UsageError('--down-for writes the down of an existing migration: give it without --name or --custom.');
      }
      let failed = 0;
      for (const database of selectedDatabases(project, args, context)) {
        if (!hasMigrations(database.migrationsPath))
          throw new UsageError(`${relative(root, database.migrationsPath) || '.'} holds no migrations for binding ${database.binding}.`);
        failed += await downFor(readMigrationFolder(database.migrationsPath), values['down-for'], context);
      }
      return failed > 0 ? 1 : 0;
    }
    let code = 0;
    for (const database of selectedDatabases(project, args, context)) {
      const { drizzle, note } = await project.schemaSource(database);
      if (!drizzle) {
        const mismatch = await project.folderMismatch(database);
        throw new ConfigError([
          mismatch ?? `Cannot generate migrations for binding ${database.binding}: ${note}. Write a drizzle.config.ts whose out is that folder.`,
        ]);
      }
      const dir = database.migrationsPath;
      const known = new Set(existsSync(dir) ? migrationFileNames(dir) : []);
      const drizzleArgs = ['generate', '--config', relative(project.drizzleRoot, drizzle.path)];
      if (typeof values.name === 'string') drizzleArgs.push('--name', values.name);
      if (values.custom) drizzleArgs.push('--custom');
      const generated = await runInherit(projectBin(project.drizzleRoot, 'drizzle-kit'), drizzleArgs, { cwd: project.drizzleRoot });
      if (generated !== 0) return generated;
      if (!existsSync(journalPath(dir))) continue;
      const added = readMigrationFolder(dir).migrations.filter((m) => !known.has(m.name));
      reportRewrites(rewriteFolder(readMigrationFolder(dir), added), out);
      await writeDowns(readMigrationFolder(dir), added, context);
      if (
        typeof values.bundle === 'string' &&
        added.length > 0 &&
        bundleState(project, database, readMigrationFolder(dir), resolve(root, values.bundle)).write()
      ) {
        out.line(`Updated ${values.bundle} for migrate(env.${database.binding}).`);
      }
      const report = await runCheck({
        ...(await checkTarget(project, database)),
        proofFile: downProofsFile(project.root),
        cacheDir: checkCacheDir(project.root),
      });
      for (const line of formatReport(report, root)) out.line(line);
      if (!report.ok) code = 1;
      await refreshDocs(project, database, context);
    }
    return code;
  },
};

/** Writes the down of each new migration, keeping one written by hand, one line each. */
async function writeDowns(folder: MigrationFolder, added: Migration[], { root, out }: CommandContext): Promise<void> {
  const show = (path: string) => relative(root, path) || path;
  for (const migration of added) {
    // Re-read: the rewrite may have changed the file since `added` was read.
    const current = folder.migrations.find((m) => m.name === migration.name) ?? migration;
    out.line(describeDown(await writeDown(folder, current, { handWritten: 'keep', show }), show));
  }
}

/** `--down-for`: the down of one existing migration; 1 when none could be computed. */
async function downFor(folder: MigrationFolder, name: string, { root, out }: CommandContext): Promise<number> {
  const show = (path: string) => relative(root, path) || path;
  const migration = findMigration(folder, name, root);
  const outcome = await writeDown(folder, migration, { handWritten: 'refuse', show });
  out.line(describeDown(outcome, show));
  if (outcome.status === 'none') return 1;
  out.line('Run `d1-evolve check` to replay it after its up on both engines.');
  return 0;
}

function findMigration(folder: MigrationFolder, name: string, root: string): Migration {
  const migration = folder.migrations.find((m) => m.name === name || m.tag === name || m.path === resolve(root, name));
  if (migration) return migration;
  const names = folder.migrations.map((m) => m.tag);
  const listed = names.length > 6 ? `${names.slice(0, 3).join(', ')} … ${names.slice(-3).join(', ')}` : names.join(', ') || 'none';
  throw new UsageError(
    `--down-for ${name}: no such migration in ${relative(root, folder.dir) || '.'} (it has ${listed}). Name one by its file name, e.g. ${names.at(-1) ?? '0000_name'}.`,
  );
}
