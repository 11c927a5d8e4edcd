/**
 * Reads whole tables in as few statements as possible: every table's rows as one JSON array
 * in one column of one SELECT. workerd's D1 spends a few milliseconds on every statement of
 * a batch, so `SELECT *` per table would cost more than the migration being checked.
 */
import type { Statement, StatementResult } from '../transports/transport';
import { ident, type Row, type TableRows } from './rows';
import { sqlLiteral } from '../sql/literal';

export interface TableShape {
  name: string;
  columns: string[];
}

/** JSON cannot hold a BLOB: it travels as this prefix and its hex digits (SQL text cannot hold NUL, hence char(0)). */
const BLOB_PREFIX = '\u0000blob:';
const BLOB_PREFIX_SQL = "char(0) || 'blob:'";
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
    const pairs = table.columns.map(
      (c) => `${sqlLiteral(c)}, CASE typeof(${ident(c)}) WHEN 'blob' THEN ${BLOB_PREFIX_SQL} || hex(${ident(c)}) ELSE ${ident(c)} END`,
    );
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

function decode(row: Row): Row {
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string' && value.startsWith(BLOB_PREFIX)) row[column] = Buffer.from(value.slice(BLOB_PREFIX.length), 'hex');
  }
  return row;
}
