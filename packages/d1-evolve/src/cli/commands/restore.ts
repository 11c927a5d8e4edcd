import { remoteCredentials } from '../../config/credentials';
import { UsageError } from '../../errors';
import { resolveRestoreTarget, restoreDatabase } from '../../runner/restore';
import { CloudflareApi } from '../../transports/cloudflare-api';
import type { Command } from '../command';
import { ask, isYes } from '../prompt';
import { ONE_DATABASE_OPTIONS, openProject, selectedDatabases } from '../project-options';

const { 'drizzle-config': _drizzle, ...DATABASE_OPTIONS } = ONE_DATABASE_OPTIONS;

export const restore: Command = {
  name: 'restore',
  summary: 'Restore remote D1 to a Time Travel bookmark or time (undoable; asks first unless --yes)',
  usage: [
    '--bookmark <bookmark> [--database <binding>] [--yes]',
    '--before-last-apply [--database <binding>] [--yes]',
    '--timestamp <RFC 3339 time> [--database <binding>] [--yes]',
  ],
  description: `Restores a remote D1 database (its database_id in the wrangler config, or
CLOUDFLARE_DATABASE_ID) through Cloudflare's Time Travel API. Every change made after that
point is undone, the ledger included, so \`d1-evolve status\` shows the migrations applied
since as pending again. The restore itself can be undone: the command prints the bookmark of
the state it replaced and the exact command that restores it. Needs CLOUDFLARE_ACCOUNT_ID and
CLOUDFLARE_API_TOKEN (or CLOUDFLARE_D1_TOKEN), as apply.`,
  options: {
    ...DATABASE_OPTIONS,
    bookmark: { type: 'string', value: '<b>', description: 'a bookmark, as `d1-evolve apply` prints before applying' },
    'before-last-apply': { type: 'boolean', description: 'the bookmark `d1-evolve apply` took before its last run on this machine' },
    timestamp: { type: 'string', value: '<t>', description: 'a time within the retention window (30 days paid, 7 free),\ne.g. 2026-05-01T12:00:00Z' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (required without a terminal, e.g. in CI)' },
  },
  async run(args, context) {
    const { values } = args;
    const { root, env, out } = context;
    const project = openProject(args, context);
    const [database] = selectedDatabases(project, args, context, true);
    const credentials = remoteCredentials(env, database!.databaseId, `${project.wrangler.label} (binding ${database!.binding})`);
    const { databaseId } = credentials;
    const binding = database!.binding;
    const { target, description } = resolveRestoreTarget(
      {
        bookmark: values.bookmark as string | undefined,
        timestamp: values.timestamp as string | undefined,
        beforeLastApply: values['before-last-apply'] === true,
      },
      { root, databaseId, binding },
    );
    const what = `remote D1 ${databaseId} (binding ${binding}) to ${description}`;
    if (!values.yes) {
      if (!process.stdin.isTTY) {
        throw new UsageError(`Refusing to restore ${what} without confirmation: there is no terminal to ask. Run again with --yes to confirm.`);
      }
      if (!isYes(await ask(`Restore ${what}? Every change made after that point is undone (the restore itself can be undone). Type "yes" to continue: `))) {
        out.line('Not restored.');
        return 1;
      }
    }
    out.note(`Restoring ${what} ...`);
    const outcome = await restoreDatabase(new CloudflareApi(credentials), databaseId, target, project.wrangler.databases.length > 1 ? binding : undefined);
    out.line(`Restored remote D1 ${databaseId} to ${description}.`);
    if (outcome.previousBookmark) {
      out.line(`The state before this restore is bookmark ${outcome.previousBookmark}. To undo this restore, run:`);
      out.line(`  \`${outcome.undoCommand}\``);
    } else {
      out.note(
        `warning: the Time Travel API did not return the previous bookmark; to undo this restore, find it with \`wrangler d1 time-travel info ${binding} --timestamp <time before now>\`.`,
      );
    }
    return 0;
  },
};
