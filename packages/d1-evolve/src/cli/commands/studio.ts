import type { Command } from '../command';
import { runDrizzleKit } from '../drizzle-kit';
import { ONE_DATABASE_OPTIONS, drizzleConfigOption, openProject, selectedDatabases } from '../project-options';

export const studio: Command = {
  name: 'studio',
  summary: 'Browse and edit the local (or remote) database in Drizzle Studio',
  usage: ['[--remote] [--database <binding>] [--port <port>] [--host <host>]'],
  description:
    'Starts Drizzle Studio (drizzle-kit studio) on the local D1 database of `wrangler dev`, or on\nremote D1 over the HTTP API, and prints its address.',
  options: {
    ...ONE_DATABASE_OPTIONS,
    remote: { type: 'boolean', description: 'open remote D1 instead (needs the credentials in .dev.vars or the environment)' },
    port: { type: 'string', value: '<port>', description: 'port to listen on (default 4983)' },
    host: { type: 'string', value: '<host>', description: 'host to listen on (default 127.0.0.1)' },
  },
  async run(args, context) {
    const { values } = args;
    const project = openProject(args, context);
    const [database] = selectedDatabases(project, args, context, values.remote === true);
    const studioArgs = [
      'studio',
      ...(typeof values.port === 'string' ? ['--port', values.port] : []),
      '--host',
      typeof values.host === 'string' ? values.host : '127.0.0.1',
    ];
    const drizzleConfig = drizzleConfigOption(args);
    return runDrizzleKit({ project, database: database!, local: values.remote !== true, args: studioArgs, drizzleConfig }, context);
  },
};
