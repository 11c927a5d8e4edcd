import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Project } from '../../config/project';
import type { D1DatabaseConfig } from '../../config/wrangler-config';
import { UsageError } from '../../errors';
import { DEFAULT_BUNDLE, renderMigrationsModule } from '../../folder/bundle-module';
import type { MigrationFolder } from '../../folder/migration-folder';
import type { Command } from '../command';
import { PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';

export const bundle: Command = {
  name: 'bundle',
  summary: "Bundle a database's migrations into a module the Worker imports, for migrate(env.DB)",
  usage: ['[--out <file>] [--database <binding>] [--check]'],
  description: `Writes a TypeScript module with every migration of the database's migrations folder
(journal order), its statements and checksum, and the database's migrations_table, so that
migrate(env.DB, migrations, { migrationsTable }) from 'd1-evolve/worker' can create or
upgrade a database at run time without a file system. Commit the result; wrangler bundles
it with your Worker. \`d1-evolve generate --bundle <file>\` refreshes it with every new
migration, and \`--check\` fails CI when it is out of date.`,
  options: {
    ...PROJECT_OPTIONS,
    out: { type: 'string', short: 'o', value: '<file>', description: `the module to write (default ${DEFAULT_BUNDLE})` },
    check: { type: 'boolean', description: 'change nothing; exit 1 if the module is out of date (for CI)' },
  },
  async run(args, context) {
    const { values } = args;
    const { root, out } = context;
    const project = openProject(args, context);
    const databases = selectedDatabases(project, args, context);
    if (databases.length > 1)
      throw new UsageError('bundle writes one module per database: run it once per database with --database <binding> and --out <file>.');
    const file = resolve(root, typeof values.out === 'string' ? values.out : DEFAULT_BUNDLE);
    const state = bundleState(project, databases[0]!, await project.migrationFolder(databases[0]!), file);
    const label = relative(root, file);
    if (values.check) {
      if (state.upToDate) {
        out.line(`${label} is up to date with ${state.sourceDir}/ (${state.count} migrations).`);
        return 0;
      }
      out.note(
        `${label} is ${state.current === undefined ? 'missing' : `out of date with ${state.sourceDir}/`}: run \`d1-evolve bundle --out ${label}\` and commit it.`,
      );
      return 1;
    }
    out.line(`${state.write() ? 'Wrote' : 'Unchanged'} ${label}: ${state.count} migration(s) from ${state.sourceDir}/.`);
    return 0;
  },
};

/** The bundled module as it is on disk, and as the database's folder says it should be. */
export function bundleState(project: Project, database: D1DatabaseConfig, folder: MigrationFolder, file: string) {
  const sourceDir = project.folderLabel(database);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const text = renderMigrationsModule({ folder, sourceDir, binding: database.binding, migrationsTable: database.migrationsTable });
  return {
    current,
    sourceDir,
    count: folder.migrations.length,
    upToDate: current === text,
    /** Writes the module if it is out of date; true when it did. */
    write(): boolean {
      if (current === text) return false;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return true;
    },
  };
}
