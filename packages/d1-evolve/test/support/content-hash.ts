/**
 * A fingerprint of a whole database, so that a test can assert "exactly as it was": every
 * object's definition and every table's rows, in a stable order.
 */
import { createHash } from 'node:crypto';
import type { D1Transport } from '../../src/transports/transport';

type Rows = (sql: string) => Record<string, unknown>[] | Promise<Record<string, unknown>[]>;

/**
 * sha-256 of every table's definition and rows (sorted), the ledger and lock included
 * unless `skip` names them. `rows` runs a query: a better-sqlite3 handle or a transport.
 */
export async function contentHash(rows: Rows, skip: readonly string[] = []): Promise<string> {
  const hash = createHash('sha256');
  const objects = await rows("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY type, name");
  for (const object of objects) {
    if (skip.includes(String(object.name))) continue;
    hash.update(JSON.stringify(object));
    if (object.type !== 'table') continue;
    const content = (await rows(`SELECT * FROM "${String(object.name)}"`)).map((row) => JSON.stringify(row)).sort();
    hash.update(JSON.stringify(content));
  }
  return hash.digest('hex');
}

export const sqliteRows =
  (db: { prepare(sql: string): { all(): unknown[] } }): Rows =>
  (sql) =>
    db.prepare(sql).all() as Record<string, unknown>[];

export const transportRows =
  (transport: D1Transport): Rows =>
  async (sql) =>
    (await transport.batch([{ sql }]))[0]?.rows ?? [];
