/**
 * The options every command that works on a project's databases shares (`--config`, `--env`,
 * `--database`, `--all`, `--drizzle-config`), and how they become a Project and the list of
 * databases to work on.
 */
import type { D1DatabaseConfig } from '../config/wrangler-config';
import { Project } from '../config/project';
import { ConfigError } from '../errors';
import type { CommandContext, Options, ParsedArgs } from './command';

export const PROJECT_OPTIONS: Options = {
  config: {
    type: 'string',
    short: 'c',
    value: '<file>',
    description: 'the wrangler config (default: wrangler.json, wrangler.jsonc or\nwrangler.toml here or in a parent folder, as wrangler finds it)',
  },
  env: { type: 'string', short: 'e', value: '<name>', description: 'the wrangler environment whose d1_databases to use ([env.<name>])' },
  database: { type: 'string', value: '<binding>', description: 'the D1 database, by binding or database_name (needed when the\nconfig has several)' },
  all: { type: 'boolean', description: 'every D1 database of the config, one after another' },
  'drizzle-config': {
    type: 'string',
    value: '<file>',
    description: "the drizzle config (default: the drizzle.config.* whose `out` is the\ndatabase's migrations_dir)",
  },
};

/** For commands that work on one database at a time. */
const { all: _all, ...oneDatabase } = PROJECT_OPTIONS;
export const ONE_DATABASE_OPTIONS: Options = oneDatabase;

export const LOCAL_OPTION: Options = {
  local: {
    type: 'boolean',
    description: 'the local D1 database of `wrangler dev` (.wrangler/state beside the\nwrangler config, or D1_PERSIST_TO) instead of remote D1',
  },
};

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** `--drizzle-config`, when given. */
export function drizzleConfigOption({ values }: ParsedArgs): string | undefined {
  return text(values['drizzle-config']);
}

/** The project the options name. */
export function openProject({ values }: ParsedArgs, { root }: CommandContext): Project {
  return new Project({ root, config: text(values.config), env: text(values.env), drizzleConfig: text(values['drizzle-config']) });
}

/** The databases the options select; a remote command refuses CLOUDFLARE_DATABASE_ID for more than one. */
export function selectedDatabases(project: Project, { values }: ParsedArgs, { env }: CommandContext, remote = false): D1DatabaseConfig[] {
  const databases = project.databases({ database: text(values.database), all: values.all === true });
  if (remote && databases.length > 1 && env.CLOUDFLARE_DATABASE_ID) {
    throw new ConfigError([
      `CLOUDFLARE_DATABASE_ID names one database, but --all selects ${databases.length} (${databases.map((d) => d.binding).join(', ')}): ` +
        `unset it so that each database's database_id in ${project.wrangler.label} is used, or pick one with --database <binding>.`,
    ]);
  }
  return databases;
}
