import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';

export const generate: Command = {
  name: 'generate',
  summary: 'Write a SQL migration for what changed in src/db/schema (drizzle-kit generate)',
  help: `Usage: pnpm db:generate [--name <name>] [--custom]

Compares the TypeScript schema in src/db/schema with drizzle/meta's latest snapshot and
writes the difference as a new migration drizzle/NNNN_<name>.sql (plus its snapshot).
Prints "No schema changes" when schema and migrations agree. Reads no database and needs
no credentials.

Options:
  --name <name>  name the migration (default: drizzle-kit picks two random words)
  --custom       write an empty migration to fill in by hand (data migrations)
  -h, --help     show this help`,
  options: { name: { type: 'string' }, custom: { type: 'boolean' } },
  async run({ values }, { root }) {
    const args = ['generate', '--config', 'drizzle.config.ts'];
    if (typeof values.name === 'string') args.push('--name', values.name);
    if (values.custom) args.push('--custom');
    return runInherit(projectBin(root, 'drizzle-kit'), args, { cwd: root });
  },
};
