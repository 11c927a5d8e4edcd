import { createInterface } from 'node:readline/promises';
import { remoteCredentials } from '../../migrate/config/credentials';
import { readD1Database } from '../../migrate/config/wrangler';
import { UsageError } from '../../migrate/errors';
import { resolveRestoreTarget, restoreDatabase } from '../../migrate/runner/restore';
import { CloudflareApi } from '../../migrate/transports/cloudflare-api';
import type { Command } from '../command';

export const restore: Command = {
  name: 'restore',
  summary: 'Restore remote D1 to a Time Travel bookmark or time (undoable; asks first unless --yes)',
  help: `Usage: pnpm db:restore --bookmark <bookmark> [--yes]
       pnpm db:restore --before-last-apply [--yes]
       pnpm db:restore --timestamp <RFC 3339 time> [--yes]

Restores the remote D1 database (CLOUDFLARE_DATABASE_ID, or wrangler.toml's database_id)
through Cloudflare's Time Travel API. Every change made after that point is undone, the
ledger d1_migrations included, so \`pnpm db:status\` shows the migrations applied since as
pending again. The restore itself can be undone: the command prints the bookmark of the
state it replaced and the exact command that restores it.

Options:
  --bookmark <b>        a bookmark, as \`pnpm db:apply\` prints before applying
  --before-last-apply   the bookmark \`pnpm db:apply\` took before its last run on this machine
  --timestamp <t>       a time within the retention window (30 days paid, 7 free),
                        e.g. 2026-05-01T12:00:00Z
  --yes                 do not ask for confirmation (required without a terminal, e.g. in CI)
  -h, --help            show this help

Needs CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_D1_TOKEN (or CLOUDFLARE_API_TOKEN), as db:apply.`,
  options: {
    bookmark: { type: 'string' },
    timestamp: { type: 'string' },
    'before-last-apply': { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
  async run({ values }, { root, env, out }) {
    const credentials = remoteCredentials(env, readD1Database(root).databaseId);
    const { databaseId } = credentials;
    const { target, description } = resolveRestoreTarget(
      {
        bookmark: values.bookmark as string | undefined,
        timestamp: values.timestamp as string | undefined,
        beforeLastApply: values['before-last-apply'] === true,
      },
      { root, databaseId },
    );
    const what = `remote D1 ${databaseId} to ${description}`;
    if (!values.yes) {
      if (!process.stdin.isTTY) {
        throw new UsageError(`Refusing to restore ${what} without confirmation: there is no terminal to ask. Run again with --yes to confirm.`);
      }
      if (!(await confirm(`Restore ${what}? Every change made after that point is undone (the restore itself can be undone). Type "yes" to continue: `))) {
        out.line('Not restored.');
        return 1;
      }
    }
    out.note(`Restoring ${what} ...`);
    const outcome = await restoreDatabase(new CloudflareApi(credentials), databaseId, target);
    out.line(`Restored remote D1 ${databaseId} to bookmark ${outcome.bookmark}.`);
    if (outcome.previousBookmark) {
      out.line(`The state before this restore is bookmark ${outcome.previousBookmark}. To undo this restore, run:`);
      out.line(`  ${outcome.undoCommand}`);
    } else {
      out.note('warning: the Time Travel API did not return the previous bookmark; to undo this restore, find it with `wrangler d1 time-travel info DB --timestamp <time before now>`.');
    }
    return 0;
  },
};

/** Asks on the terminal; only an explicit "yes" (or "y") confirms. */
async function confirm(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(question)).trim());
  } finally {
    terminal.close();
  }
}
