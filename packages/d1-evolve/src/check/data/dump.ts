/**
 * A SQLite database as SQL in the form D1's export writes it (`wrangler d1 export`, the export
 * API; miniflare's dumpSql is the same code): `PRAGMA defer_foreign_keys=TRUE;`, then each
 * table in creation order as its CREATE TABLE and one `INSERT INTO "t" VALUES(...);` per row,
 * `sqlite_sequence` last, then the indexes, triggers and views. `--data local` dumps its copy
 * of the local D1 file with it, and the loopback D1 API answers its export endpoint with it.
 *
 * Two places where this is exact where D1's own export is not: integers beyond 2^53 are
 * written digit for digit (read as BigInt), and a REAL that holds a whole number keeps its
 * `.0`, so that it loads as a REAL again.
 */
import type Database from 'better-sqlite3';

/** What to leave out, as the export API's `dump_options` say it. */
export interface DumpOptions {
  noSchema?: boolean;
  noData?: boolean;
  /** Only these tables (and the indexes, triggers and views of those names). */
  tables?: string[];
}

/** D1 refuses to export a database with a virtual table; its words. */
export const VIRTUAL_TABLE_REFUSAL = 'D1 Export error: cannot export databases with Virtual Tables (fts5)';

interface SchemaRow {
  name: string;
  sql: string;
}

/** The dump of `db` as one text, statements one a line. */
export function dumpSqlite(db: Database.Database, options: DumpOptions = {}): string {
  return [...dumpStatements(db, options)].join('\n');
}

/** The statements of the dump, one by one. */
export function* dumpStatements(db: Database.Database, { noSchema = false, noData = false, tables = [] }: DumpOptions = {}): Generator<string> {
  const only = new Set(tables);
  yield 'PRAGMA defer_foreign_keys=TRUE;';
  const tableRows = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT NULL ORDER BY tbl_name = 'sqlite_sequence', rowid")
    .all() as SchemaRow[];
  for (const { name, sql } of tableRows) {
    if (only.size > 0 && !only.has(name)) continue;
    if (name === 'sqlite_sequence') {
      if (!noSchema) yield 'DELETE FROM sqlite_sequence;';
    } else if (/^sqlite_stat./.test(name)) {
      if (!noSchema) yield 'ANALYZE sqlite_schema;';
    } else {
      if (/^CREATE VIRTUAL TABLE/i.test(sql)) throw new Error(VIRTUAL_TABLE_REFUSAL);
      if (name.startsWith('_cf_') || name.startsWith('sqlite_')) continue;
      if (!noSchema) yield /^CREATE TABLE ['"]/.test(sql) ? `CREATE TABLE IF NOT EXISTS ${sql.substring(13)};` : `${sql};`;
    }
    if (!noData) yield* tableInserts(db, name);
  }
  if (noSchema) return;
  const rest = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE sql NOT NULL AND type IN ('index', 'trigger', 'view') ORDER BY type COLLATE NOCASE")
    .all() as SchemaRow[];
  for (const { name, sql } of rest) if (only.size === 0 || only.has(name)) yield `${sql};`;
}

/** One INSERT per row, in rowid order; generated columns are left out, as table_info leaves them out. */
function* tableInserts(db: Database.Database, table: string): Generator<string> {
  const columns = (db.prepare(`PRAGMA table_info(${quoteName(table)})`).all() as { name: string }[]).map((c) => c.name);
  const select = db
    .prepare(`SELECT ${columns.map(quoteName).join(', ')} FROM ${quoteName(table)}`)
    .raw(true)
    .safeIntegers(true);
  for (const row of select.iterate() as Iterable<unknown[]>) {
    yield `INSERT INTO ${quoteName(table)} VALUES(${row.map(cellLiteral).join(',')});`;
  }
}

/** A name as D1's export quotes it. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** One value as SQL text that reads back as the same value of the same storage class. */
export function cellLiteral(cell: unknown): string {
  if (cell === null || cell === undefined) return 'NULL';
  if (typeof cell === 'bigint') return cell.toString();
  if (typeof cell === 'number') return realLiteral(cell);
  if (typeof cell === 'string') return textLiteral(cell);
  if (cell instanceof Uint8Array) return `X'${Buffer.from(cell).toString('hex')}'`;
  throw new TypeError(`dump: a value of type ${typeof cell} cannot be written as SQL`);
}

/** With safeIntegers every INTEGER arrives as a BigInt, so a number here is a REAL. */
function realLiteral(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '9e999';
  if (value === Number.NEGATIVE_INFINITY) return '-9e999';
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/**
 * A TEXT value as the sqlite3 shell's .dump (and D1's export) writes it: quotes doubled, and
 * line breaks written as an escape that `replace(...)` turns back into char(10) / char(13), so
 * every statement stays on one line. The escape is one the text does not already contain
 * (`\n`, else `\012`, ...), so a literal backslash-n in the data is kept as it is.
 */
function textLiteral(value: string): string {
  const hasLf = value.includes('\n');
  const hasCr = value.includes('\r');
  if (!hasLf && !hasCr) return `'${value.replaceAll("'", "''")}'`;
  const lf = hasLf ? unusedEscape(value, '\\n', '\\012') : '';
  const cr = hasCr ? unusedEscape(value, '\\r', '\\015') : '';
  let escaped = value.replaceAll("'", "''");
  if (hasLf) escaped = escaped.replaceAll('\n', lf);
  if (hasCr) escaped = escaped.replaceAll('\r', cr);
  let literal = `'${escaped}'`;
  if (hasCr) literal = `replace(${literal},'${cr}',char(13))`;
  if (hasLf) literal = `replace(${literal},'${lf}',char(10))`;
  return literal;
}

/** The first of `first`, `second`, `(1)second`, `(2)second`, ... that `text` does not contain. */
function unusedEscape(text: string, first: string, second: string): string {
  if (!text.includes(first)) return first;
  if (!text.includes(second)) return second;
  for (let i = 1; ; i += 1) {
    const candidate = `(${i})${second}`;
    if (!text.includes(candidate)) return candidate;
  }
}
