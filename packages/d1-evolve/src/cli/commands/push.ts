import { RemotePushRefused } from '../../config/drizzle-kit';
import type { Command } from '../command';
import { runDrizzleKit } from '../drizzle-kit';
import { ONE_DATABASE_OPTIONS, drizzleConfigOption, openProject, selectedDatabases } from '../project-options';

export const push: Command = {
  name: 'push',
  summary: 'Make the LOCAL database match the schema without a migration (drizzle-kit push)',
  usage: ['[--database <binding>] [--force]'],
  description: `Applies the difference between the schema and the local D1 database (the one
\`wrangler dev\` uses) directly, without writing a migration: for quick experiments.

It refuses remote D1 (--remote): push changes tables by rebuilding them, and on D1 a
rebuild deletes every row below the table through ON DELETE CASCADE. Use generate, check
and apply for remote databases.`,
  options: {
    ...ONE_DATABASE_OPTIONS,
    force: { type: 'boolean', description: 'accept data-loss statements without asking' },
    remote: { type: 'boolean', description: 'refused, with the reason' },
  },
  async run(args, context) {
    if (args.values.remote) throw new RemotePushRefused();
    const project = openProject(args, context);
    const [database] = selectedDatabases(project, args, context);
    const drizzleConfig = drizzleConfigOption(args);
    return runDrizzleKit({ project, database: database!, local: true, args: ['push', ...(args.values.force ? ['--force'] : [])], drizzleConfig }, context);
  },
};
