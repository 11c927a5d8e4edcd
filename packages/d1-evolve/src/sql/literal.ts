/**
 * Values written into SQL text. D1 binds at most 100 parameters per statement, and a D1 HTTP
 * request of several statements binds none, so ledger rows, seed rows and PRAGMA arguments
 * travel as literals. No Node built-ins: the runner core uses this inside a Worker.
 */

/** `value` as a SQL literal: `NULL`, `42`, `'it''s'`, `X'00ff'` (BLOBs as workerd's arrays or as bytes). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Uint8Array || Array.isArray(value)) {
    return `X'${Array.from(value as ArrayLike<number>, (byte) => (byte & 0xff).toString(16).padStart(2, '0')).join('')}'`;
  }
  return `'${String(value).replaceAll("'", "''")}'`;
}
