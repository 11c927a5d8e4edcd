import { resolve } from 'node:path';
import type { Command } from '../command';
import { runDrizzleKit } from '../drizzle-kit';
import { LOCAL_OPTION, ONE_DATABASE_OPTIONS, drizzleConfigOption, openProject, selectedDatabases } from '../project-options';
const DEFAULT_PULL_DIR = 'drizzle-pull';

export const pull: Command = {
  name: 'pull',
  summary: `Introspect a database into a Drizzle schema under ${DEFAULT_PULL_DIR}/ (drizzle-kit pull)`,
  usage: ['[--local] [--database <binding>] [--out <folder>]'],
  description: `Reads the database's tables and writes a Drizzle schema (schema.ts, relations.ts) and a
snapshot to ${DEFAULT_PULL_DIR}/ (or --out), apart from the migrations folder, so that nothing
there changes. Compare it with your schema to see how a database drifted. Remote needs
CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_API_TOKEN (or CLOUDFLARE_D1_TOKEN), in .dev.vars or
the environment.`,
  options: {
    ...ONE_DATABASE_OPTIONS,
    ...LOCAL_OPTION,
    out: { type: 'string', short: 'o', value: '<folder>', description: `where to write (default ${DEFAULT_PULL_DIR})` },
  },
  async run(args, context) {
    const { values } = args;
    const project = openProject(args, context);
    const [database] = selectedDatabases(project, args, context, values.local !== true);
    const out = resolve(context.root, typeof values.out === 'string' ? values.out : DEFAULT_PULL_DIR);
    const drizzleConfig = drizzleConfigOption(args);
    return runDrizzleKit({ project, database: database!, local: values.local === true, args: ['pull'], out, drizzleConfig }, context);
  },
};
