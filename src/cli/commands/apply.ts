import { remoteCredentials } from '../../migrate/config/credentials';
import { readD1Database } from '../../migrate/config/wrangler';
import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';

export const apply: Command = {
  name: 'apply',
  summary: 'Apply pending migrations to remote D1, or with --local to the local D1 database',
  help: `Usage: pnpm db:apply          remote D1
       pnpm db:apply:local    the local D1 database of \`wrangler dev\`

Applies the migrations in drizzle/ that the database's d1_migrations ledger does not list
yet, in order, each in one transaction, and prints what was applied
(wrangler d1 migrations apply DB).

Options:
  --local     apply to the local database (.wrangler/state, or D1_PERSIST_TO)
  -h, --help  show this help`,
  options: { local: { type: 'boolean' } },
  async run({ values }, { root, env }) {
    const { binding } = readD1Database(root);
    const args = ['d1', 'migrations', 'apply', binding];
    const childEnv: NodeJS.ProcessEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? 'true' };
    if (values.local) {
      args.push('--local');
      if (env.D1_PERSIST_TO) args.push('--persist-to', env.D1_PERSIST_TO);
    } else {
      const credentials = remoteCredentials(env, readD1Database(root).databaseId);
      args.push('--remote');
      childEnv.CLOUDFLARE_ACCOUNT_ID = credentials.accountId;
      childEnv.CLOUDFLARE_API_TOKEN = credentials.token;
    }
    return runInherit(projectBin(root, 'wrangler'), args, { cwd: root, env: childEnv });
  },
};
