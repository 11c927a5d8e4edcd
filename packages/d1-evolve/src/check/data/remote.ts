/**
 * `--data remote`: a copy of the remote D1 database taken through D1's export API (the same
 * calls as `wrangler d1 export --remote`). The dump is held in memory only: production rows
 * never land in a file, let alone in the repository.
 */
import { ToolError } from '../../errors';
import { type CloudflareApi, exportDatabase } from '../../transports/cloudflare-api';
import { type CheckData, MAX_DATA_BYTES, tooLarge } from './source';

export interface RemoteDataOptions {
  api: CloudflareApi;
  databaseId: string;
  binding: string;
  migrationsTable: string;
  /** The clock, for the label; default now. */
  now?: () => Date;
}

/** A copy of one remote database as CheckData. */
export async function remoteData({ api, databaseId, binding, migrationsTable, now = () => new Date() }: RemoteDataOptions): Promise<CheckData> {
  let sql: string;
  try {
    ({ sql } = await exportDatabase(api, databaseId));
  } catch (cause) {
    // A dump beyond what one string holds: Node's own RangeError says nothing useful.
    if (cause instanceof RangeError) throw tooLarge(`remote D1 ${databaseId} (binding ${binding})`, MAX_DATA_BYTES + 1);
    throw new ToolError(`Could not take a copy of remote D1 ${databaseId} (binding ${binding}) through D1's export API: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (sql.length > MAX_DATA_BYTES) throw tooLarge(`remote D1 ${databaseId} (binding ${binding})`, sql.length);
  return { label: `a copy of ${binding} (remote D1 ${databaseId}, exported ${minute(now())} UTC)`, dump: sql, migrationsTable };
}

/** `2026-12-01 23:40`. */
const minute = (time: Date) => time.toISOString().slice(0, 16).replace('T', ' ');
