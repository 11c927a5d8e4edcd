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
    const text = renderMigrationsModule(folder, migrationsDir);
    const file = join(root, GENERATED_MODULE);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (values.check) {
      if (current === text) {
        out.line(`${GENERATED_MODULE} is up to date with ${migrationsDir}/ (${folder.migrations.length} migrations).`);
        return 0;
      }
      out.note(`${GENERATED_MODULE} is ${current === undefined ? 'missing' : 'out of date with ' + migrationsDir + '/'}: run \`pnpm db:bundle\` and commit it.`);
      return 1;
    }
    writeBundle(file, current, text);
    out.line(`${current === text ? 'Unchanged' : 'Wrote'} ${GENERATED_MODULE}: ${folder.migrations.length} migration(s) from ${migrationsDir}/.`);
    return 0;
  },
};

function writeBundle(file: string, current: string | undefined, text: string): void {
  if (current !== text) writeFileSync(file, text);
}

/** Brings the Worker's bundled migrations up to date with `folder`; true when the module changed. */
export function refreshBundle(root: string, folder: MigrationFolder, migrationsDir: string): boolean {
  const file = join(root, GENERATED_MODULE);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const text = renderMigrationsModule(folder, migrationsDir);
  writeBundle(file, current, text);
  return current !== text;
}
