import { RemotePushRefused } from '../../migrate/config/drizzle-kit';
import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';

export const push: Command = {
  name: 'push',
  summary: 'Make the LOCAL database match the schema without a migration (drizzle-kit push)',
  help: `Usage: pnpm db:push [--force]

Applies the difference between src/db/schema and the local D1 database (the one
\`wrangler dev\` uses) directly, without writing a migration: for quick experiments.

It refuses remote D1 (--remote): push changes tables by rebuilding them, and on D1 a
rebuild deletes every row below the table through ON DELETE CASCADE. Use
db:generate, db:check and db:apply for remote databases.

Options:
  --force     accept data-loss statements without asking
  --remote    refused, with the reason
  -h, --help  show this help`,
  options: { force: { type: 'boolean' }, remote: { type: 'boolean' } },
  async run({ values }, { root }) {
    if (values.remote) throw new RemotePushRefused();
    const args = ['push', '--config', 'drizzle.config.local.ts'];
    if (values.force) args.push('--force');
    return runInherit(projectBin(root, 'drizzle-kit'), args, { cwd: root });
  },
};
