import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { runCheck } from '../../check/index';
import { formatReport } from '../../check/summary';
import { ConfigError } from '../../errors';
import { journalPath, migrationFileNames, readMigrationFolder } from '../../folder/migration-folder';
import { rewriteFolder } from '../../rewrite/keep-children';
import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';
import { bundleState } from './bundle';
import { checkTarget } from './check';
import { reportRewrites } from './rewrite';

export const generate: Command = {
  name: 'generate',
  summary: 'Write a SQL migration for what changed in the schema (drizzle-kit generate), made safe for D1',
  usage: ['[--name <name>] [--custom] [--database <binding>] [--bundle <file>]'],
  description: `Runs drizzle-kit generate with the drizzle config whose \`out\` is the database's
migrations_dir: it compares the schema with the latest snapshot and writes the difference as
a new migration NNNN_<name>.sql (plus its snapshot). drizzle-kit prints "No schema changes"
when schema and migrations agree. Reads no database and needs no credentials.

Then it rewrites every table rebuild in the new migration so that it keeps the rows of the
tables below it on D1 (see \`d1-evolve rewrite --help\`), says which it rewrote, refreshes the
Worker's bundled migrations (--bundle), and runs \`d1-evolve check\` on the whole folder.
Commit the files as they are then. Exits 1 when the check finds an error (the migration is
written; fix the schema or the file and check again).`,
  options: {
    ...PROJECT_OPTIONS,
    name: { type: 'string', value: '<name>', description: 'name the migration (default: drizzle-kit picks two random words)' },
    custom: { type: 'boolean', description: 'write an empty migration to fill in by hand (data migrations)' },
    bundle: { type: 'string', value: '<file>', description: 'also refresh this module of bundled migrations (`d1-evolve bundle`)' },
  },
  async run(args, context) {
    const { values } = args;
    const { root, out } = context;
    const project = openProject(args, context);
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
      if (
        typeof values.bundle === 'string' &&
        added.length > 0 &&
        bundleState(project, database, readMigrationFolder(dir), resolve(root, values.bundle)).write()
      ) {
        out.line(`Updated ${values.bundle} for migrate(env.${database.binding}).`);
      }
      const report = await runCheck(await checkTarget(project, database));
      for (const line of formatReport(report, root)) out.line(line);
      if (!report.ok) code = 1;
    }
    return code;
  },
};
