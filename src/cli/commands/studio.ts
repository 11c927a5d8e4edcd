import { remoteCredentials } from '../../migrate/config/credentials';
import { readD1Database } from '../../migrate/config/wrangler';
import type { Command } from '../command';
import { projectBin, runInherit } from '../exec';

export const studio: Command = {
  name: 'studio',
  summary: 'Browse and edit the local (or remote) database in Drizzle Studio',
  help: `Usage: pnpm db:studio           the local D1 database of \`wrangler dev\`
       pnpm db:studio:remote    remote D1, over the HTTP API

Starts Drizzle Studio (drizzle-kit studio) and prints its address.

Options:
  --remote       open remote D1 instead (needs the credentials in .dev.vars)
  --port <port>  port to listen on (default 4983)
  --host <host>  host to listen on (default 127.0.0.1)
  -h, --help     show this help`,
  options: { remote: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
  async run({ values }, { root, env }) {
    if (values.remote) remoteCredentials(env, readD1Database(root).databaseId);
    const args = ['studio', '--config', values.remote ? 'drizzle.config.ts' : 'drizzle.config.local.ts'];
    if (typeof values.port === 'string') args.push('--port', values.port);
    args.push('--host', typeof values.host === 'string' ? values.host : '127.0.0.1');
    return runInherit(projectBin(root, 'drizzle-kit'), args, { cwd: root });
  },
};
