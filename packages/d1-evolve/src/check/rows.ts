/**
 * Rows as the check reads and writes them: quoted names, row keys, and one comparable form
 * for values read back from either engine (workerd returns BLOBs as arrays, better-sqlite3
 * as Buffers). Values go into SQL through sql-literal.ts.
 */

export type Value = string | number | bigint | null | Uint8Array;
export type Row = Record<string, unknown>;
/** Rows by table name. */
export type TableRows = Record<string, Row[]>;

/** A name quoted for SQLite. Backticks, as drizzle-kit writes them, never read as strings. */
export function ident(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * A value in a form that compares equal across engines and storage classes. An integer
 * beyond 2^53 (read.ts reads it as a bigint) becomes its exact digits: a double near it
 * (a column turned REAL, a lossy read) is then a different value.
 */
export function comparable(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Uint8Array || Array.isArray(value)) return `x'${Buffer.from(value as Uint8Array).toString('hex')}'`;
  return String(value);
}

/** Whether two read-back values are the same datum (1 and '1' are: a type change may convert). */
export function sameValue(a: unknown, b: unknown): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || y === null) return x === y;
  return x === y || String(x) === String(y);
}

/** A short quoted form for messages. */
export function show(value: unknown): string {
  const v = comparable(value);
  if (v === null) return 'NULL';
  const text = typeof v === 'string' && typeof value !== 'bigint' ? `'${v}'` : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A key for a tuple of values (row identity, unique tuples). */
export function tupleKey(row: Row, columns: readonly string[]): string {
  return JSON.stringify(columns.map((c) => comparable(row[c])));
}
