import { remoteCredentials } from '../../migrate/config/credentials';
import { PULL_DIR } from '../../migrate/config/drizzle-kit';
import { readD1Database } from '../../migrate/config/wrangler';
import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';

export const pull: Command = {
  name: 'pull',
  summary: `Introspect a database into a Drizzle schema under ${PULL_DIR}/ (drizzle-kit pull)`,
  help: `Usage: pnpm db:pull            remote D1, over the HTTP API
       pnpm db:pull:local      the local D1 database of \`wrangler dev\`

Reads the database's tables and writes a Drizzle schema (schema.ts, relations.ts) and a
snapshot to ${PULL_DIR}/, apart from the migration chain in drizzle/, so that nothing in
drizzle/ changes. Compare it with src/db/schema to see how a database drifted.
Remote needs CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_DATABASE_ID and CLOUDFLARE_D1_TOKEN
(in .dev.vars or the environment).

Options:
  --local     pull the local database instead of remote D1
  -h, --help  show this help`,
  options: { local: { type: 'boolean' } },
  async run({ values }, { root, env }) {
    // Check credentials here too, so that a missing one is one line before drizzle-kit starts.
    if (!values.local) remoteCredentials(env, readD1Database(root).databaseId);
    const config = values.local ? 'drizzle.config.local.ts' : 'drizzle.config.ts';
    return runInherit(projectBin(root, 'drizzle-kit'), ['pull', '--config', config], { cwd: root });
  },
};
