/**
 * The schema of a live database and of a drizzle-kit snapshot in one comparable shape, and
 * the differences between two shapes as lines a person can act on. Baseline adopts a
 * database only when its shape equals a snapshot's; the workspace test asserts that
 * applying drizzle/ to a fresh database gives the latest snapshot's shape.
 *
 * The live side is read with what D1 allows (PRAGMA table_list, table_xinfo, index_list,
 * index_info, foreign_key_list, and sqlite_master for view, CHECK and partial-index text),
 * in three batches, so it costs three requests over the HTTP API. Everything is normalised
 * so that equal schemas written differently compare equal: identifier quotes, keyword case
 * and whitespace, `(CURRENT_TIMESTAMP)` vs `CURRENT_TIMESTAMP`, `false` vs `0`.
 */
import type { Snapshot, SnapshotTable } from './snapshot';
import type { D1Transport, Statement, StatementResult } from './transport';
import { sqlLiteral } from './sql-literal';

export interface ColumnShape {
  name: string;
  /** Declared type, lower case: `text`, `integer`. */
  type: string;
  notNull: boolean;
  /** The default as normalised SQL text (see normaliseDefault), absent when there is none. */
  default?: string;
  generated?: 'virtual' | 'stored';
}

export interface IndexShape {
  name: string;
  /** Column names, or normalised expressions for expression indexes. */
  columns: string[];
  unique: boolean;
  /** Normalised WHERE of a partial index. */
  where?: string;
}

export type ForeignKeyAction = 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action';

export interface ForeignKeyShape {
  columnsFrom: string[];
  tableTo: string;
  columnsTo: string[];
  onDelete: ForeignKeyAction;
  onUpdate: ForeignKeyAction;
}

export interface TableShape {
  name: string;
  columns: Record<string, ColumnShape>;
  /** Primary key columns in key order (empty: rowid only). */
  primaryKey: string[];
  autoincrement: boolean;
  /** Indexes created with CREATE INDEX, by name. */
  indexes: Record<string, IndexShape>;
  /** UNIQUE constraints of the table definition (sqlite_autoindex_*), by their column list. */
  uniques: Record<string, string[]>;
  /** By `(from) -> table(to)`. */
  foreignKeys: Record<string, ForeignKeyShape>;
  /** CHECK constraints by normalised expression; the value is the constraint's name, if any. */
  checks: Record<string, string | undefined>;
  strict: boolean;
  withoutRowid: boolean;
}

export interface ViewShape {
  name: string;
  /** The normalised SELECT. */
  definition: string;
}

export interface SchemaShape {
  tables: Record<string, TableShape>;
  views: Record<string, ViewShape>;
}

/**
 * Objects that are not part of the application's schema: SQLite's own, D1's (`_cf_*`),
 * the ledger and lock tables of this tooling and wrangler (`d1_migrations*`), and the
 * ledger drizzle-kit's own migrate would create.
 */
export function isIgnoredObject(name: string): boolean {
  return /^(sqlite_|_cf_|d1_migrations|__drizzle_migrations)/i.test(name);
}

// ---------------------------------------------------------------------------------------
// The live database

interface TableListRow {
  schema: string;
  name: string;
  type: string;
  wr: number;
  strict: number;
}
interface MasterRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}
interface XInfoRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}
interface IndexListRow {
  name: string;
  unique: number;
  origin: 'c' | 'u' | 'pk';
  partial: number;
}
interface IndexInfoRow {
  seqno: number;
  cid: number;
  name: string | null;
}
interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

/** The schema of the database behind `transport`, read in three batches. */
export async function introspect(transport: D1Transport): Promise<SchemaShape> {
  const [tableList, master] = await transport.batch([
    { sql: 'PRAGMA table_list' },
    { sql: 'SELECT type, name, tbl_name, sql FROM sqlite_master' },
  ]);
  const masterRows = rowsOf<MasterRow>(master);
  const sqlOf = new Map(masterRows.map((row) => [`${row.type}:${row.name}`, row.sql ?? '']));
  const tables = rowsOf<TableListRow>(tableList).filter((t) => t.schema === 'main' && t.type === 'table' && !isIgnoredObject(t.name));

  // D1 refuses an empty batch ("No SQL statements detected"): an empty database skips it.
  const perTable = await batchIfAny(
    transport,
    tables.flatMap(({ name }) => [
      { sql: `PRAGMA table_xinfo(${sqlLiteral(name)})` },
      { sql: `PRAGMA index_list(${sqlLiteral(name)})` },
      { sql: `PRAGMA foreign_key_list(${sqlLiteral(name)})` },
    ]),
  );
  const indexLists = tables.map((_, i) => rowsOf<IndexListRow>(perTable[i * 3 + 1]).filter((index) => index.origin !== 'pk'));
  const indexNames = indexLists.flat().map((index) => index.name);
  const indexInfos = await batchIfAny(transport, indexNames.map((name) => ({ sql: `PRAGMA index_info(${sqlLiteral(name)})` })));
  const indexColumns = new Map(indexNames.map((name, i) => [name, rowsOf<IndexInfoRow>(indexInfos[i]).sort((a, b) => a.seqno - b.seqno)]));

  const shape: SchemaShape = { tables: {}, views: {} };
  tables.forEach((table, i) => {
    const createSql = sqlOf.get(`table:${table.name}`) ?? '';
    const columns = rowsOf<XInfoRow>(perTable[i * 3]);
    const primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const rowidAlias = primaryKey.length === 1 && columns.find((c) => c.pk > 0)?.type.toLowerCase() === 'integer';
    const shapeTable: TableShape = {
      name: table.name,
      columns: {},
      primaryKey,
      autoincrement: /\bAUTOINCREMENT\b/i.test(createSql),
      indexes: {},
      uniques: {},
      foreignKeys: {},
      checks: checkConstraints(createSql),
      strict: table.strict === 1,
      withoutRowid: table.wr === 1,
    };
    for (const column of columns) {
      if (column.hidden === 1) continue; // a virtual table's hidden column
      shapeTable.columns[column.name] = {
        name: column.name,
        type: column.type.toLowerCase(),
        // An INTEGER PRIMARY KEY is the rowid: it cannot hold NULL whether or not it says NOT NULL.
        notNull: column.notnull === 1 || (rowidAlias && column.pk > 0),
        ...(column.dflt_value !== null ? { default: normaliseDefault(column.dflt_value) } : {}),
        ...(column.hidden === 2 ? { generated: 'virtual' as const } : column.hidden === 3 ? { generated: 'stored' as const } : {}),
      };
    }
    for (const index of indexLists[i]!) {
      const info = indexColumns.get(index.name) ?? [];
      const indexSql = sqlOf.get(`index:${index.name}`) ?? '';
      // index_info names no column for an expression (cid -2): take it from the CREATE INDEX text.
      const columnsOf = info.some((c) => c.name === null) ? indexSqlColumns(indexSql) : info.map((c) => normaliseSql(c.name!));
      if (index.origin === 'u') {
        shapeTable.uniques[columnsOf.join(', ')] = columnsOf;
        continue;
      }
      const where = index.partial === 1 ? indexSqlWhere(indexSql) : undefined;
      shapeTable.indexes[index.name] = { name: index.name, columns: columnsOf, unique: index.unique === 1, ...(where ? { where } : {}) };
    }
    for (const fk of groupForeignKeys(rowsOf<ForeignKeyRow>(perTable[i * 3 + 2]))) {
      shapeTable.foreignKeys[foreignKeyKey(fk)] = fk;
    }
    shape.tables[table.name] = shapeTable;
  });
  resolveImplicitReferences(shape);

  for (const row of masterRows) {
    if (row.type !== 'view' || isIgnoredObject(row.name)) continue;
    shape.views[row.name] = { name: row.name, definition: viewDefinition(row.sql ?? '') };
  }
  return shape;
}

async function batchIfAny(transport: D1Transport, statements: Statement[]): Promise<StatementResult[]> {
  return statements.length > 0 ? transport.batch(statements) : [];
}

function rowsOf<Row>(result: StatementResult | undefined): Row[] {
  return (result?.rows ?? []) as Row[];
}

function groupForeignKeys(rows: ForeignKeyRow[]): ForeignKeyShape[] {
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.values()].map((group) => {
    const sorted = group.sort((a, b) => a.seq - b.seq);
    const first = sorted[0]!;
    return {
      columnsFrom: sorted.map((r) => r.from),
      tableTo: first.table,
      // `to` is null when REFERENCES names only the table: resolved to its primary key below.
      columnsTo: sorted.every((r) => r.to !== null) ? sorted.map((r) => r.to!) : [],
      onDelete: normaliseAction(first.on_delete),
      onUpdate: normaliseAction(first.on_update),
    };
  });
}

function resolveImplicitReferences(shape: SchemaShape): void {
  for (const table of Object.values(shape.tables)) {
    for (const [key, fk] of Object.entries(table.foreignKeys)) {
      if (fk.columnsTo.length > 0) continue;
      const resolved = { ...fk, columnsTo: shape.tables[fk.tableTo]?.primaryKey ?? [] };
      delete table.foreignKeys[key];
      table.foreignKeys[foreignKeyKey(resolved)] = resolved;
    }
  }
}

// ---------------------------------------------------------------------------------------
// A drizzle-kit snapshot

/** The shape drizzle-kit's snapshot describes (views it marks isExisting are not its own). */
export function shapeFromSnapshot(snapshot: Snapshot): SchemaShape {
  const shape: SchemaShape = { tables: {}, views: {} };
  for (const table of Object.values(snapshot.tables)) {
    if (!isIgnoredObject(table.name)) shape.tables[table.name] = tableFromSnapshot(table);
  }
  for (const view of Object.values(snapshot.views ?? {})) {
    if (view.isExisting || isIgnoredObject(view.name)) continue;
    shape.views[view.name] = { name: view.name, definition: normaliseSql(view.definition ?? '') };
  }
  return shape;
}

function tableFromSnapshot(table: SnapshotTable): TableShape {
  const columns = Object.values(table.columns);
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  const shape: TableShape = {
    name: table.name,
    columns: {},
    primaryKey: composite ? [...composite.columns] : columns.filter((c) => c.primaryKey).map((c) => c.name),
    autoincrement: columns.some((c) => c.autoincrement === true),
    indexes: {},
    uniques: {},
    foreignKeys: {},
    checks: {},
    strict: false,
    withoutRowid: false,
  };
  const rowidAlias = shape.primaryKey.length === 1 && table.columns[shape.primaryKey[0]!]?.type.toLowerCase() === 'integer';
  for (const column of columns) {
    shape.columns[column.name] = {
      name: column.name,
      type: column.type.toLowerCase(),
      notNull: column.notNull || (rowidAlias && shape.primaryKey[0] === column.name),
      ...(column.default !== undefined ? { default: normaliseDefault(column.default) } : {}),
      ...(column.generated ? { generated: column.generated.type } : {}),
    };
  }
  for (const index of Object.values(table.indexes ?? {})) {
    const where = index.where ? normaliseSql(index.where) : undefined;
    shape.indexes[index.name] = { name: index.name, columns: index.columns.map(normaliseSql), unique: index.isUnique, ...(where ? { where } : {}) };
  }
  for (const unique of Object.values(table.uniqueConstraints ?? {})) {
    const columnsOf = unique.columns.map(normaliseSql);
    shape.uniques[columnsOf.join(', ')] = columnsOf;
  }
  for (const fk of Object.values(table.foreignKeys ?? {})) {
    const shaped: ForeignKeyShape = {
      columnsFrom: [...fk.columnsFrom],
      tableTo: fk.tableTo,
      columnsTo: [...fk.columnsTo],
      onDelete: normaliseAction(fk.onDelete),
      onUpdate: normaliseAction(fk.onUpdate),
    };
    shape.foreignKeys[foreignKeyKey(shaped)] = shaped;
  }
  for (const check of Object.values(table.checkConstraints ?? {})) shape.checks[normaliseSql(check.value)] = check.name;
  return shape;
}

// ---------------------------------------------------------------------------------------
// Differences

/** Names for the two sides in the messages. */
export interface DiffLabels {
  actual: string;
  expected: string;
}

/**
 * What differs between `actual` (usually the live database) and `expected` (usually a
 * snapshot), one line per difference, grouped table by table; empty when they match.
 */
export function diffShapes(actual: SchemaShape, expected: SchemaShape, labels: DiffLabels = { actual: 'the database', expected: 'the snapshot' }): string[] {
  const lines: string[] = [];
  const { actual: a, expected: e } = labels;
  for (const name of unionKeys(actual.tables, expected.tables)) {
    const live = actual.tables[name];
    const wanted = expected.tables[name];
    if (!live) lines.push(`table ${name}: missing from ${a} (${e} has it)`);
    else if (!wanted) lines.push(`table ${name}: in ${a} but not in ${e}`);
    else lines.push(...diffTable(live, wanted, labels).map((line) => `table ${name}: ${line}`));
  }
  for (const name of unionKeys(actual.views, expected.views)) {
    const live = actual.views[name];
    const wanted = expected.views[name];
    if (!live) lines.push(`view ${name}: missing from ${a} (${e} has it)`);
    else if (!wanted) lines.push(`view ${name}: in ${a} but not in ${e}`);
    else if (live.definition !== wanted.definition) {
      lines.push(`view ${name}: definition differs\n    ${a}: ${live.definition}\n    ${e}: ${wanted.definition}`);
    }
  }
  return lines;
}

function diffTable(live: TableShape, wanted: TableShape, { actual: a, expected: e }: DiffLabels): string[] {
  const lines: string[] = [];
  const both = (what: string, x: string, y: string) => `${what}: ${x} in ${a}, ${y} in ${e}`;
  for (const name of unionKeys(live.columns, wanted.columns)) {
    const x = live.columns[name];
    const y = wanted.columns[name];
    if (!x) lines.push(`column ${name} missing from ${a}`);
    else if (!y) lines.push(`column ${name} in ${a} but not in ${e}`);
    else {
      if (x.type !== y.type) lines.push(both(`column ${name} type`, x.type || '(none)', y.type || '(none)'));
      if (x.notNull !== y.notNull) lines.push(both(`column ${name}`, nullability(x), nullability(y)));
      if (x.default !== y.default) lines.push(both(`column ${name} default`, x.default ?? '(none)', y.default ?? '(none)'));
      if (x.generated !== y.generated) lines.push(both(`column ${name} generated`, x.generated ?? 'no', y.generated ?? 'no'));
    }
  }
  if (list(live.primaryKey) !== list(wanted.primaryKey)) lines.push(both('primary key', `(${list(live.primaryKey)})`, `(${list(wanted.primaryKey)})`));
  if (live.autoincrement !== wanted.autoincrement) lines.push(both('AUTOINCREMENT', yesNo(live.autoincrement), yesNo(wanted.autoincrement)));
  if (live.strict !== wanted.strict) lines.push(both('STRICT', yesNo(live.strict), yesNo(wanted.strict)));
  if (live.withoutRowid !== wanted.withoutRowid) lines.push(both('WITHOUT ROWID', yesNo(live.withoutRowid), yesNo(wanted.withoutRowid)));
  for (const name of unionKeys(live.indexes, wanted.indexes)) {
    const x = live.indexes[name];
    const y = wanted.indexes[name];
    if (!x) lines.push(`index ${name} ${describeIndex(y!)} missing from ${a}`);
    else if (!y) lines.push(`index ${name} ${describeIndex(x)} in ${a} but not in ${e}`);
    else if (describeIndex(x) !== describeIndex(y)) lines.push(both(`index ${name}`, describeIndex(x), describeIndex(y)));
  }
  for (const key of unionKeys(live.uniques, wanted.uniques)) {
    if (!live.uniques[key]) lines.push(`UNIQUE (${key}) constraint missing from ${a}`);
    else if (!wanted.uniques[key]) lines.push(`UNIQUE (${key}) constraint in ${a} but not in ${e}`);
  }
  for (const key of unionKeys(live.foreignKeys, wanted.foreignKeys)) {
    const x = live.foreignKeys[key];
    const y = wanted.foreignKeys[key];
    if (!x) lines.push(`foreign key ${key} ${actions(y!)} missing from ${a}`);
    else if (!y) lines.push(`foreign key ${key} ${actions(x)} in ${a} but not in ${e}`);
    else if (actions(x) !== actions(y)) lines.push(both(`foreign key ${key}`, actions(x), actions(y)));
  }
  for (const key of unionKeys(live.checks, wanted.checks)) {
    const name = live.checks[key] ?? wanted.checks[key];
    const label = `CHECK ${name ? `${name} ` : ''}(${key})`;
    if (!(key in live.checks)) lines.push(`${label} missing from ${a}`);
    else if (!(key in wanted.checks)) lines.push(`${label} in ${a} but not in ${e}`);
  }
  return lines;
}

function unionKeys(x: Record<string, unknown>, y: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
}

const list = (names: string[]) => names.join(', ');
const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const nullability = (column: ColumnShape) => (column.notNull ? 'NOT NULL' : 'nullable');
const actions = (fk: ForeignKeyShape) => `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`;

function describeIndex(index: IndexShape): string {
  return `${index.unique ? 'UNIQUE ' : ''}(${list(index.columns)})${index.where ? ` WHERE ${index.where}` : ''}`;
}

function foreignKeyKey(fk: ForeignKeyShape): string {
  return `(${list(fk.columnsFrom)}) -> ${fk.tableTo}(${list(fk.columnsTo)})`;
}

// ---------------------------------------------------------------------------------------
// Normalisation of SQL text

function normaliseAction(action: string | undefined): ForeignKeyAction {
  return (action ?? 'no action').toLowerCase().replace(/\s+/g, ' ') as ForeignKeyAction;
}

/**
 * A column default as comparable text: `CURRENT_TIMESTAMP`, `(CURRENT_TIMESTAMP)` and
 * `current_timestamp` are one default; `false`/`true` are SQLite's 0/1; a double-quoted
 * default is the string SQLite reads it as.
 */
export function normaliseDefault(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  const dq = /^\s*"((?:[^"]|"")*)"\s*$/.exec(value);
  let text = normaliseSql(dq ? `'${dq[1]!.replaceAll('""', '"').replaceAll("'", "''")}'` : value);
  while (wrappedInParens(text)) text = text.slice(1, -1);
  if (text === 'false') return '0';
  if (text === 'true') return '1';
  return text;
}

function wrappedInParens(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (const token of tokenize(text)) {
    if (token.text === '(') depth += 1;
    else if (token.text === ')') {
      depth -= 1;
      if (depth === 0 && token.end < text.length) return false;
    }
  }
  return true;
}

interface Token {
  kind: 'string' | 'name' | 'word' | 'punct';
  /** The token as compared: strings verbatim, names unquoted, words lower case. */
  text: string;
  start: number;
  end: number;
}

/** SQL text as tokens, comments and whitespace dropped. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) i += 1;
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i += 1;
      while (i < sql.length && !(sql[i] === close && sql[i + 1] !== close)) i += sql[i] === close ? 2 : 1;
      i += 1;
      const inner = sql.slice(start + 1, i - 1);
      if (c === "'") tokens.push({ kind: 'string', text: sql.slice(start, i), start, end: i });
      else tokens.push({ kind: 'name', text: (close === ']' ? inner : inner.replaceAll(close + close, close)).toLowerCase(), start, end: i });
    } else if (/[\w$]/.test(c)) {
      while (i < sql.length && /[\w$]/.test(sql[i]!)) i += 1;
      tokens.push({ kind: 'word', text: sql.slice(start, i).toLowerCase(), start, end: i });
    } else {
      i += 1;
      tokens.push({ kind: 'punct', text: c, start, end: i });
    }
  }
  return tokens;
}

function render(tokens: Token[]): string {
  let out = '';
  let previous: Token | undefined;
  for (const token of tokens) {
    const text = token.kind === 'name' && !/^[a-z_][\w$]*$/.test(token.text) ? `"${token.text.replaceAll('"', '""')}"` : token.text;
    // A space only where two words would otherwise run together.
    if (previous && previous.kind !== 'punct' && token.kind !== 'punct' && previous.kind !== 'string' && token.kind !== 'string') out += ' ';
    out += text;
    previous = token;
  }
  return out.replace(/;+$/, '');
}

/** SQL text in a canonical form: no comments, names unquoted, lower case outside strings, minimal spaces. */
export function normaliseSql(sql: string): string {
  return render(tokenize(sql));
}

/** CHECK constraints of a CREATE TABLE: normalised expression → constraint name. */
function checkConstraints(createSql: string): Record<string, string | undefined> {
  const tokens = tokenize(createSql);
  const checks: Record<string, string | undefined> = {};
  tokens.forEach((token, i) => {
    if (token.kind !== 'word' || token.text !== 'check' || tokens[i + 1]?.text !== '(') return;
    const close = matchingParen(tokens, i + 1);
    const named = tokens[i - 2]?.kind === 'word' && tokens[i - 2]?.text === 'constraint';
    checks[render(tokens.slice(i + 2, close))] = named ? tokens[i - 1]!.text : undefined;
  });
  return checks;
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i]!.text === '(') depth += 1;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  return tokens.length;
}

/** The column list of `CREATE INDEX x ON t (a, lower(b))`, each entry normalised. */
function indexSqlColumns(indexSql: string): string[] {
  const tokens = tokenize(indexSql);
  const on = tokens.findIndex((t) => t.kind === 'word' && t.text === 'on');
  const open = tokens.findIndex((t, i) => i > on && t.text === '(');
  const close = matchingParen(tokens, open);
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(open + 1, close)) {
    if (token.text === '(') depth += 1;
    if (token.text === ')') depth -= 1;
    if (token.text === ',' && depth === 0) parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  return parts.map(render);
}

function indexSqlWhere(indexSql: string): string | undefined {
  const tokens = tokenize(indexSql);
  const where = tokens.findIndex((t) => t.kind === 'word' && t.text === 'where');
  return where === -1 ? undefined : render(tokens.slice(where + 1));
}

/** The SELECT of a `CREATE VIEW name [(columns)] AS SELECT ...`. */
function viewDefinition(viewSql: string): string {
  const tokens = tokenize(viewSql);
  const as = tokens.findIndex((t) => t.kind === 'word' && t.text === 'as');
  return render(tokens.slice(as + 1));
}
