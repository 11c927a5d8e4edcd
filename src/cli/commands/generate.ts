import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCheck } from '../../migrate/check/index';
import { rewriteFolder } from '../../migrate/check/rewrite';
import { formatReport } from '../../migrate/check/summary';
import { readD1Database } from '../../migrate/config/wrangler';
import { journalPath, readJournal, readMigrationFolder } from '../../migrate/folder';
import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';
import { GENERATED_MODULE } from '../../worker/bundle-migrations';
import { refreshBundle } from './bundle';
import { reportRewrites } from './rewrite';

export const generate: Command = {
  name: 'generate',
  summary: 'Write a SQL migration for what changed in src/db/schema (drizzle-kit generate), made safe for D1',
  help: `Usage: pnpm db:generate [--name <name>] [--custom]

Compares the TypeScript schema in src/db/schema with drizzle/meta's latest snapshot and
writes the difference as a new migration drizzle/NNNN_<name>.sql (plus its snapshot).
Prints "No schema changes" when schema and migrations agree. Reads no database and needs
no credentials.

Then it rewrites every table rebuild in the new migration so that it keeps the rows of
the tables below it on D1 (see \`pnpm db:rewrite --help\`), says which it rewrote, and
runs \`pnpm db:check\` on the whole folder. It also refreshes the Worker's bundled
migrations (\`pnpm db:bundle\`). Commit the file as it is then. Exits 1 when the
check finds an error (the migration is written; fix the schema or the file and check again).

Options:
  --name <name>  name the migration (default: drizzle-kit picks two random words)
  --custom       write an empty migration to fill in by hand (data migrations)
  -h, --help     show this help`,
  options: { name: { type: 'string' }, custom: { type: 'boolean' } },
  async run({ values }, { root, out }) {
    const { migrationsDir } = readD1Database(root);
    const dir = resolve(root, migrationsDir);
    const known = new Set(existsSync(journalPath(dir)) ? readJournal(dir).entries.map((e) => e.tag) : []);
    const args = ['generate', '--config', 'drizzle.config.ts'];
    if (typeof values.name === 'string') args.push('--name', values.name);
    if (values.custom) args.push('--custom');
    const code = await runInherit(projectBin(root, 'drizzle-kit'), args, { cwd: root });
    if (code !== 0 || !existsSync(journalPath(dir))) return code;
    const folder = readMigrationFolder(dir);
    const added = folder.migrations.filter((m) => !known.has(m.tag));
    reportRewrites(rewriteFolder(folder, added), out);
    // The Worker's migrate(env.DB) carries the chain too: keep its bundle in step.
    if (added.length > 0 && refreshBundle(root, readMigrationFolder(dir), migrationsDir)) out.line(`Updated ${GENERATED_MODULE} for migrate(env.DB).`);
    const report = await runCheck({ dir });
    for (const line of formatReport(report, root)) out.line(line);
    return report.ok ? 0 : 1;
  },
};
