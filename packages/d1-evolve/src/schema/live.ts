/**
 * The schema of a live database, read with what D1 allows (PRAGMA table_list, table_xinfo,
 * index_list, index_info, foreign_key_list, and sqlite_master for view, CHECK and
 * partial-index text) in three batches, so it costs three requests over the HTTP API.
 */
import { sqlLiteral } from '../sql/literal';
import type { D1Transport, Statement, StatementResult } from '../transports/transport';
import { type ForeignKeyShape, type SchemaShape, type TableShape, foreignKeyKey, isIgnoredObject, normaliseAction } from './shape';
import { checkConstraints, indexSqlColumns, indexSqlWhere, normaliseDefault, normaliseSql, viewDefinition } from './sql-text';

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

export interface IntrospectOptions {
  /** More tables to leave out, beside those isIgnoredObject always skips (a custom ledger and its lock). */
  ignore?: readonly string[];
}

/** The schema of the database behind `transport`, read in three batches. */
export async function introspect(transport: D1Transport, { ignore = [] }: IntrospectOptions = {}): Promise<SchemaShape> {
  const [tableList, master] = await transport.batch([{ sql: 'PRAGMA table_list' }, { sql: 'SELECT type, name, tbl_name, sql FROM sqlite_master' }]);
  const masterRows = rowsOf<MasterRow>(master);
  const sqlOf = new Map(masterRows.map((row) => [`${row.type}:${row.name}`, row.sql ?? '']));
  const tables = rowsOf<TableListRow>(tableList).filter((t) => t.schema === 'main' && t.type === 'table' && !isIgnoredObject(t.name, ignore));

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
  const indexInfos = await batchIfAny(
    transport,
    indexNames.map((name) => ({ sql: `PRAGMA index_info(${sqlLiteral(name)})` })),
  );
  const indexColumns = new Map(indexNames.map((name, i) => [name, rowsOf<IndexInfoRow>(indexInfos[i]).sort((a, b) => a.seqno - b.seqno)]));

  const shape: SchemaShape = { tables: {}, views: {} };
  tables.forEach((table, i) => {
    const createSql = sqlOf.get(`table:${table.name}`) ?? '';
    const columns = rowsOf<XInfoRow>(perTable[i * 3]);
    const primaryKey = columns
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name);
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
  canonicalReferences(shape);
  resolveImplicitReferences(shape);

  for (const row of masterRows) {
    if (row.type !== 'view' || isIgnoredObject(row.name, ignore)) continue;
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

/**
 * A REFERENCES clause names its table as it was typed (`REFERENCES Accounts`), and SQLite
 * finds the table case-insensitively: each key names the table as the database spells it, so
 * the graph of who references whom (which rows a DROP deletes) does not lose it.
 */
function canonicalReferences(shape: SchemaShape): void {
  const real = new Map(Object.keys(shape.tables).map((name) => [name.toLowerCase(), name]));
  for (const table of Object.values(shape.tables)) {
    for (const [key, fk] of Object.entries(table.foreignKeys)) {
      const tableTo = real.get(fk.tableTo.toLowerCase());
      if (!tableTo || tableTo === fk.tableTo) continue;
      const renamed = { ...fk, tableTo };
      delete table.foreignKeys[key];
      table.foreignKeys[foreignKeyKey(renamed)] = renamed;
    }
  }
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
