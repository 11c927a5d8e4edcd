/**
 * Time Travel restore of a remote D1 database: to a bookmark, to a point in time, or to the
 * bookmark `d1-evolve apply` took before its last run (last-apply.ts). The API answers with the
 * bookmark of the state it replaced, so every restore can itself be undone.
 */
import { ToolError, UsageError } from '../errors';
import { type CloudflareApi, restoreBookmark } from '../transports/cloudflare-api';
import { lastApplyFile, readLastApply } from './last-apply';

export type RestoreTarget = { bookmark: string } | { timestamp: Date };

/** What the user asked for, exactly one of them. */
export interface RestoreRequest {
  bookmark?: string;
  /** RFC 3339, e.g. `2026-05-01T12:00:00Z`. */
  timestamp?: string;
  beforeLastApply?: boolean;
}

export interface ResolvedTarget {
  target: RestoreTarget;
  /** For people: `bookmark 0000…`, `the state at 2026-…`, `bookmark 0000… (taken before the last apply, at …)`. */
  description: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Turns the request into a target; throws UsageError/ToolError saying what to give instead. */
export function resolveRestoreTarget(
  request: RestoreRequest,
  { root, databaseId, binding = '<binding>' }: { root: string; databaseId: string; binding?: string },
): ResolvedTarget {
  const given = [request.bookmark !== undefined, request.timestamp !== undefined, request.beforeLastApply === true].filter(Boolean).length;
  if (given !== 1) throw new UsageError('Give exactly one of --bookmark <bookmark>, --timestamp <RFC 3339 time> or --before-last-apply.');
  if (request.bookmark !== undefined) {
    if (request.bookmark.trim() === '') throw new UsageError('--bookmark needs a bookmark, as printed by `d1-evolve apply` or `wrangler d1 time-travel info`.');
    return { target: { bookmark: request.bookmark.trim() }, description: `bookmark ${request.bookmark.trim()}` };
  }
  if (request.timestamp !== undefined) {
    const time = new Date(request.timestamp);
    if (!RFC3339.test(request.timestamp) || Number.isNaN(time.getTime())) {
      throw new UsageError(`--timestamp ${request.timestamp} is not an RFC 3339 time; write it like 2026-05-01T12:00:00Z.`);
    }
    return { target: { timestamp: time }, description: `the state at ${time.toISOString()}` };
  }
  const last = readLastApply(root, databaseId);
  if (!last) {
    throw new ToolError(
      `No apply to database ${databaseId} is recorded in ${lastApplyFile(root)}: \`d1-evolve apply\` records the bookmark it takes before applying, on the machine that ran it. ` +
        `Find the bookmark in that run's output, or run \`wrangler d1 time-travel info ${binding} --timestamp <time>\`, and pass it with --bookmark.`,
    );
  }
  return { target: { bookmark: last.bookmark }, description: `bookmark ${last.bookmark} (taken before the last apply, at ${last.at})` };
}

export interface RestoreOutcome {
  /** The bookmark the database now stands at. */
  bookmark: string;
  /** The state the restore replaced; restoring it undoes the restore. */
  previousBookmark?: string;
  /** The command that undoes the restore. */
  undoCommand?: string;
}

/** Restores `databaseId` to `target` through the Time Travel API. */
export async function restoreDatabase(api: CloudflareApi, databaseId: string, target: RestoreTarget, binding?: string): Promise<RestoreOutcome> {
  const result = await restoreBookmark(api, databaseId, target);
  const previous = result.previous_bookmark;
  return {
    bookmark: result.bookmark,
    ...(previous ? { previousBookmark: previous, undoCommand: restoreCommand(previous, binding) } : {}),
  };
}

/** The command that restores `bookmark`, as people type it. */
export function restoreCommand(bookmark: string, binding?: string): string {
  return `d1-evolve restore${binding ? ` --database ${binding}` : ''} --bookmark ${bookmark}`;
}
