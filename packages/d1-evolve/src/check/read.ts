/**
 * Reads whole tables in as few statements as possible: every table's rows as one JSON array
 * in one column of one SELECT. workerd's D1 spends a few milliseconds on every statement of
 * a batch, so `SELECT *` per table would cost more than the migration being checked.
 */
import type { D1Transport, Statement, StatementResult } from '../transports/transport';
import { SCHEMA_QUERY, type SchemaRow } from './schema-match';
import { ident, type Row, type TableRows } from './rows';
import { sqlLiteral } from '../sql/literal';

export interface TableShape {
  name: string;
  columns: string[];
}

/** JSON cannot hold a BLOB: it travels as this prefix and its hex digits (SQL text cannot hold NUL, hence char(0)). */
const BLOB_PREFIX = '\u0000blob:';
const BLOB_PREFIX_SQL = "char(0) || 'blob:'";
/**
 * JSON.parse turns an integer beyond 2^53 into the nearest double, and keys, foreign keys
 * and compared values must stay exact: such an integer travels as this prefix and its
 * digits, and comes back as a bigint.
 */
const INT_PREFIX = '\u0000int:';
const INT_PREFIX_SQL = "char(0) || 'int:'";
const SAFE = Number.MAX_SAFE_INTEGER;
const TABLES_PER_STATEMENT = 40;
const MAX_BYTES = 90_000;

/** SELECT statements whose results `parseReads` turns back into rows. */
export function readStatements(tables: readonly TableShape[]): Statement[] {
  const statements: Statement[] = [];
  let terms: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (terms.length > 0) statements.push({ sql: `SELECT ${terms.join(', ')}` });
    terms = [];
    bytes = 0;
  };
  for (const table of tables) {
    const pairs = table.columns.map((c) => `${sqlLiteral(c)}, ${jsonSafe(ident(c))}`);
    const term = `(SELECT json_group_array(json_object(${pairs.join(', ')})) FROM ${ident(table.name)}) AS ${ident(table.name)}`;
    if (terms.length >= TABLES_PER_STATEMENT || bytes + term.length > MAX_BYTES) flush();
    terms.push(term);
    bytes += term.length + 2;
  }
  flush();
  return statements;
}

/** The rows of `tables` from the results of `readStatements(tables)`. */
export function parseReads(tables: readonly TableShape[], results: readonly StatementResult[]): TableRows {
  const columns: Row = Object.assign({}, ...results.map((r) => r.rows[0] ?? {}));
  return Object.fromEntries(tables.map((t) => [t.name, (JSON.parse(String(columns[t.name] ?? '[]')) as Row[]).map(decode)]));
}

/** The column's value in a form JSON carries exactly: BLOBs and integers beyond 2^53 as prefixed text. */
function jsonSafe(column: string): string {
  const integer = `CASE WHEN ${column} BETWEEN -${SAFE} AND ${SAFE} THEN ${column} ELSE ${INT_PREFIX_SQL} || ${column} END`;
  return `CASE typeof(${column}) WHEN 'blob' THEN ${BLOB_PREFIX_SQL} || hex(${column}) WHEN 'integer' THEN ${integer} ELSE ${column} END`;
}

function decode(row: Row): Row {
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== 'string') continue;
    if (value.startsWith(BLOB_PREFIX)) row[column] = Buffer.from(value.slice(BLOB_PREFIX.length), 'hex');
    else if (value.startsWith(INT_PREFIX)) row[column] = BigInt(value.slice(INT_PREFIX.length));
  }
  return row;
}

/**
 * The sure way: those of `tables` the database has, with the columns it has, after `extra`
 * (which must start with SCHEMA_QUERY; default just that). For a database that disagrees
 * with its snapshot, or tables too large to read as one JSON value.
 */
export async function readLive(
  transport: D1Transport,
  tables: readonly string[],
  extra: Statement[] = [],
): Promise<{ rows: TableRows; results: StatementResult[] }> {
  const results = await transport.batch(extra.length > 0 ? extra : [{ sql: SCHEMA_QUERY }]);
  const columns = new Map<string, string[]>();
  for (const { t, c } of results[0]!.rows as unknown as SchemaRow[]) columns.set(t, [...(columns.get(t) ?? []), c]);
  const present = tables.filter((t) => columns.has(t)).map((t) => ({ name: t, columns: columns.get(t)! }));
  if (present.length === 0) return { rows: {}, results };
  try {
    return { rows: parseReads(present, await transport.batch(readStatements(present))), results };
  } catch {
    // A table too large for one JSON value (D1 caps a value at 2 MB): row by row, as the engine returns them.
    const reads = await transport.batch(present.map((t) => ({ sql: `SELECT * FROM ${ident(t.name)}` })));
    return { rows: Object.fromEntries(present.map((t, i) => [t.name, reads[i]!.rows])), results };
  }
}
