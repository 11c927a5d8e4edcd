import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readD1Database } from '../../migrate/config/wrangler';
import { type MigrationFolder, readMigrationFolder } from '../../migrate/folder';
import { GENERATED_MODULE, renderMigrationsModule } from '../../worker/bundle-migrations';
import type { Command } from '../command';

export const bundle: Command = {
  name: 'bundle',
  summary: 'Bundle drizzle/ into the Worker (src/worker/migrations.generated.ts) for migrate(env.DB)',
  help: `Usage: pnpm db:bundle [--check]

Writes ${GENERATED_MODULE}: every migration of drizzle/ (journal order) with its
statements and checksum, as a module the Worker imports, so that migrate(env.DB) can create
or upgrade a database at run time without a file system. \`pnpm db:generate\` runs it for
every migration it writes; commit the result. wrangler bundles it with src/worker.ts.

Options:
  --check     change nothing; exit 1 if the module is out of date with drizzle/ (for CI)
  -h, --help  show this help`,
  options: { check: { type: 'boolean' } },
  async run({ values }, { root, out }) {
    const { migrationsDir } = readD1Database(root);
    const folder = readMigrationFolder(join(root, migrationsDir));
    const bundle = bundleState(root, folder, migrationsDir);
    const count = folder.migrations.length;
    if (values.check) {
      if (bundle.upToDate) {
        out.line(`${GENERATED_MODULE} is up to date with ${migrationsDir}/ (${count} migrations).`);
        return 0;
      }
      out.note(`${GENERATED_MODULE} is ${bundle.current === undefined ? 'missing' : `out of date with ${migrationsDir}/`}: run \`pnpm db:bundle\` and commit it.`);
      return 1;
    }
    out.line(`${bundle.write() ? 'Wrote' : 'Unchanged'} ${GENERATED_MODULE}: ${count} migration(s) from ${migrationsDir}/.`);
    return 0;
  },
};

/** The Worker's bundled migrations as they are on disk, and as `folder` says they should be. */
function bundleState(root: string, folder: MigrationFolder, migrationsDir: string) {
  const file = join(root, GENERATED_MODULE);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const text = renderMigrationsModule(folder, migrationsDir);
  return {
    current,
    upToDate: current === text,
    /** Writes the module if it is out of date; true when it did. */
    write(): boolean {
      if (current === text) return false;
      writeFileSync(file, text);
      return true;
    },
  };
}

/** Brings the Worker's bundled migrations up to date with `folder`; true when the module changed. */
export function refreshBundle(root: string, folder: MigrationFolder, migrationsDir: string): boolean {
  return bundleState(root, folder, migrationsDir).write();
}
