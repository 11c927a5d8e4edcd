/**
 * The column shapes every table repeats, so that each table says the same thing the same
 * way: application-made text ids, UTC timestamps defaulting to CURRENT_TIMESTAMP, JSON and
 * boolean columns, and enum columns backed by a CHECK constraint.
 */
import { sql } from 'drizzle-orm';
import { check, integer, text } from 'drizzle-orm/sqlite-core';

/** A text primary key made by the application. */
export const id = () => text('id').primaryKey();

/** UTC `YYYY-MM-DD HH:MM:SS`, set by D1 when the row is inserted. */
export const timestamp = (name: string) => text(name).notNull().default(sql`CURRENT_TIMESTAMP`);
export const createdAt = () => timestamp('created_at');
export const updatedAt = () => timestamp('updated_at');

/** A JSON document stored as text; `T` is what the application reads and writes. */
export const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const bool = (name: string) => integer(name, { mode: 'boolean' });

/** A text column typed by a value list from enums.ts; pair it with `oneOf` in the table's extras. */
export const enumColumn = <const T extends readonly [string, ...string[]]>(name: string, values: T) =>
  text(name, { enum: values as unknown as [T[number], ...T[number][]] });

/**
 * The CHECK constraint that makes D1 reject a value outside `values`. The column is named
 * without its table (`"status"`, not `"agents"."status"`): drizzle-kit copies CHECKs into
 * the `__new_<table>` of a table rebuild, where a table-qualified name no longer resolves.
 * A NULL passes, as in any CHECK; NOT NULL is the column's own business.
 */
export function oneOf(table: string, column: string, values: readonly string[]) {
  const list = sql.join(
    values.map((value) => sql.raw(`'${value.replaceAll("'", "''")}'`)),
    sql`, `,
  );
  return check(`${table}_${column}_check`, sql`${sql.identifier(column)} IN (${list})`);
}

/** A CHECK that keeps a number inside [min, max]. */
export function between(table: string, column: string, min: number, max: number) {
  return check(`${table}_${column}_range`, sql`${sql.identifier(column)} BETWEEN ${sql.raw(String(min))} AND ${sql.raw(String(max))}`);
}
