/**
 * An engine's database as data, exactly restorable, for the check's cache (cache.ts): the
 * objects of sqlite_master, the tables first, each kind in creation order, each table's rows
 * as SQL literals (`quote()`, which writes every value back as the same value of the same
 * storage class) with their rowids, and sqlite_sequence. Restoring runs one batch with foreign
 * keys deferred: (1) every CREATE TABLE (a child may name a parent created later), (2) the
 * rows (an insert needs its parent table to exist), (3) sqlite_sequence, (4) the indexes,
 * views and triggers, in their order (a trigger created before the rows would fire on them).
 * Read through the transport, so it works the same on better-sqlite3 and on workerd's D1; two
 * round trips.
 */
import type { D1Transport, Statement } from '../transports/transport';
import { ident } from './rows';

export interface DatabaseImage {
  /** sqlite_master's objects (sqlite_* and _cf_* left out) in creation order. */
  objects: ImageObject[];
  /** The rows of sqlite_sequence, as `(name, seq)` tuples. */
  sequence: string[];
}

interface ImageObject {
  type: string;
  name: string;
  sql: string;
  /** For a table: `INSERT INTO t (rowid, a, b) VALUES ` and one tuple per row, in rowid order. */
  insert?: string;
  rows?: string[];
}

/** D1's statement size limit, with room for the INSERT's head. */
const MAX_TUPLE_BYTES = 90_000;
const TABLES_PER_STATEMENT = 40;

/**
 * The database behind `transport` as an image, or undefined when it holds something an image
 * cannot restore faithfully (a virtual table, ANALYZE statistics, a row too large for one
 * statement, a table whose columns take every rowid name).
 */
export async function captureDatabase(transport: D1Transport): Promise<DatabaseImage | undefined> {
  const [list, master, columnRows] = await transport.batch([
    { sql: 'PRAGMA table_list' },
    { sql: 'SELECT type, name, sql FROM sqlite_master ORDER BY rowid' },
    {
      sql:
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' " +
        "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY m.rowid, p.cid",
    },
  ]);
  const withoutRowid = new Set((list!.rows as { name: string; wr: number }[]).filter((t) => t.wr === 1).map((t) => t.name));
  const columns = new Map<string, string[]>();
  for (const { t, c } of columnRows!.rows as { t: string; c: string }[]) columns.set(t, [...(columns.get(t) ?? []), c]);
  const objects: ImageObject[] = [];
  let sequence = false;
  for (const { type, name, sql } of master!.rows as { type: string; name: string; sql: string | null }[]) {
    if (name === 'sqlite_sequence') sequence = true;
    if (/^sqlite_stat/i.test(name)) return undefined;
    if (sql === null || /^(sqlite_|_cf_)/i.test(name)) continue;
    if (/^CREATE\s+VIRTUAL\b/i.test(sql)) return undefined;
    objects.push({ type, name, sql });
  }
  // The order a restore brings back: tables, then the rest (sort is stable).
  objects.sort((a, b) => Number(b.type === 'table') - Number(a.type === 'table'));
  const tables = objects.filter((o) => o.type === 'table');
  const terms: string[] = [];
  for (const [i, table] of tables.entries()) {
    const names = columns.get(table.name) ?? [];
    const rowid = withoutRowid.has(table.name) ? null : ['rowid', '_rowid_', 'oid'].find((r) => !names.some((c) => c.toLowerCase() === r));
    if (rowid === undefined) return undefined;
    const selected = rowid ? [rowid, ...names] : names;
    table.insert = `INSERT INTO ${ident(table.name)} (${selected.map(ident).join(', ')}) VALUES `;
    const tuple = selected.map((c) => literal(ident(c))).join(" || ',' || ");
    const order = rowid ? ` ORDER BY ${ident(rowid)}` : '';
    terms.push(`(SELECT json_group_array(r) FROM (SELECT '(' || ${tuple} || ')' AS r FROM ${ident(table.name)}${order})) AS ${ident(`t${i}`)}`);
  }
  if (sequence) terms.push(`(SELECT json_group_array('(' || quote(name) || ',' || quote(seq) || ')') FROM sqlite_sequence) AS ${ident('seq')}`);
  const values: Record<string, unknown> = {};
  const reads: Statement[] = [];
  for (let i = 0; i < terms.length; i += TABLES_PER_STATEMENT) reads.push({ sql: `SELECT ${terms.slice(i, i + TABLES_PER_STATEMENT).join(', ')}` });
  try {
    for (const result of reads.length > 0 ? await transport.batch(reads) : []) Object.assign(values, result.rows[0] ?? {});
  } catch {
    return undefined; // a table too large to read as one value: not worth a saved state
  }
  for (const [i, table] of tables.entries()) {
    table.rows = JSON.parse(String(values[`t${i}`] ?? '[]')) as string[];
    if (table.rows.some((row) => Buffer.byteLength(row) > MAX_TUPLE_BYTES)) return undefined;
  }
  return { objects, sequence: sequence ? (JSON.parse(String(values.seq ?? '[]')) as string[]) : [] };
}

/**
 * The SQL literal of a value, as the same value of the same type: `quote()`, except for a text
 * holding a zero byte, which `quote()` cuts there: that one as its bytes, cast back to text.
 */
function literal(column: string): string {
  return `CASE WHEN typeof(${column}) = 'text' AND instr(${column}, char(0)) > 0 THEN 'CAST(X''' || hex(${column}) || ''' AS TEXT)' ELSE quote(${column}) END`;
}

/**
 * Restores `image` into the empty database behind `transport`, and reads it back: true when
 * the database now is the image exactly, false when it is not (the caller then starts afresh).
 */
export async function restoreDatabase(transport: D1Transport, image: DatabaseImage): Promise<boolean> {
  const tables = image.objects.filter((o) => o.type === 'table');
  const statements: Statement[] = [{ sql: 'PRAGMA defer_foreign_keys = ON' }];
  // (1)-(4) of the file comment.
  for (const table of tables) statements.push({ sql: table.sql });
  for (const table of tables) for (const row of table.rows ?? []) statements.push({ sql: table.insert + row });
  if (image.sequence.length > 0) {
    statements.push({ sql: 'DELETE FROM sqlite_sequence' });
    for (const row of image.sequence) statements.push({ sql: `INSERT INTO sqlite_sequence (name, seq) VALUES ${row}` });
  }
  for (const object of image.objects) if (object.type !== 'table') statements.push({ sql: object.sql });
  try {
    await transport.batch(statements);
  } catch {
    return false;
  }
  const again = await captureDatabase(transport);
  return again !== undefined && JSON.stringify(again) === JSON.stringify(image);
}
