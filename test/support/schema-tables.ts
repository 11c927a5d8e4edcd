/**
 * The project's Drizzle tables, read through drizzle's own table config, so that tests can
 * be table-driven over the schema: a table added tomorrow is covered without a new test.
 */
import { is } from 'drizzle-orm';
import { SQLiteTable, getTableConfig } from 'drizzle-orm/sqlite-core';
import * as schema from '../../src/db/schema';
import { sqlLiteral } from '../../packages/d1-evolve/src/sql/literal';

export const tables = (Object.values(schema) as unknown[])
  .filter((value): value is SQLiteTable => is(value, SQLiteTable))
  .map((table) => getTableConfig(table));

export interface EnumColumn {
  table: string;
  column: string;
  values: string[];
}

/** Every column typed by a value list from enums.ts. */
export const enumColumns: EnumColumn[] = tables.flatMap((table) =>
  table.columns
    .filter((column) => (column.enumValues?.length ?? 0) > 0)
    .map((column) => ({ table: table.name, column: column.name, values: [...column.enumValues!] })),
);

/**
 * A row of `table` that satisfies its NOT NULL columns and its CHECKs, with `overrides`
 * applied, as literal SQL. Foreign keys are not satisfied: insert it with
 * `PRAGMA defer_foreign_keys = ON` and delete it again in the same transaction.
 */
export function rowInsert(tableName: string, overrides: Record<string, string | number> = {}): string {
  const table = tables.find((t) => t.name === tableName);
  if (!table) throw new Error(`no table ${tableName}`);
  const values: Record<string, string | number> = {};
  for (const column of table.columns) {
    if (column.enumValues?.length) values[column.name] = column.enumValues[0]!;
    else if (column.notNull && !column.hasDefault)
      values[column.name] = column.columnType === 'SQLiteText' || column.columnType === 'SQLiteTextJson' ? `${tableName}-${column.name}` : 0;
  }
  Object.assign(values, overrides);
  const names = Object.keys(values);
  return `INSERT INTO "${tableName}" (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map((n) => sqlLiteral(values[n])).join(', ')})`;
}

/** Deletes the row the previous INSERT made, so that deferred foreign keys hold at commit. */
export const deleteLastInsert = (tableName: string) => `DELETE FROM "${tableName}" WHERE rowid = last_insert_rowid()`;
