import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';

/** Where wrangler keeps local state unless `--persist-to` says otherwise. */
export const DEFAULT_PERSIST_DIR = join('.wrangler', 'state');

/**
 * The SQLite file that `wrangler dev` and `wrangler d1 ... --local` use for a database id:
 * `<persist>/v3/d1/miniflare-D1DatabaseObject/<durable object id>.sqlite`. The file name is
 * the id miniflare derives for the Durable Object named after the database id
 * (`idFromName`), reproduced here so that drizzle-kit and wrangler open the same file.
 */
export function localD1File(root: string, databaseId: string, persistDir = DEFAULT_PERSIST_DIR): string {
  return join(root, persistDir, 'v3', 'd1', 'miniflare-D1DatabaseObject', `${durableObjectIdFromName('miniflare-D1DatabaseObject', databaseId)}.sqlite`);
}

function durableObjectIdFromName(uniqueKey: string, name: string): string {
  const key = createHash('sha256').update(uniqueKey).digest();
  const nameHmac = createHmac('sha256', key).update(name).digest().subarray(0, 16);
  const hmac = createHmac('sha256', key).update(nameHmac).digest().subarray(0, 16);
  return Buffer.concat([nameHmac, hmac]).toString('hex');
}
