/** A text primary key made by the application. */
export declare const id: () => import("drizzle-orm").IsPrimaryKey<import("drizzle-orm").NotNull<import("drizzle-orm/sqlite-core").SQLiteTextBuilderInitial<"id", [string, ...string[]], number | undefined>>>;
/** UTC `YYYY-MM-DD HH:MM:SS`, set by D1 when the row is inserted. */
export declare const timestamp: (name: string) => import("drizzle-orm").HasDefault<import("drizzle-orm").NotNull<import("drizzle-orm/sqlite-core").SQLiteTextBuilderInitial<string, [string, ...string[]], number | undefined>>>;
export declare const createdAt: () => import("drizzle-orm").HasDefault<import("drizzle-orm").NotNull<import("drizzle-orm/sqlite-core").SQLiteTextBuilderInitial<string, [string, ...string[]], number | undefined>>>;
export declare const updatedAt: () => import("drizzle-orm").HasDefault<import("drizzle-orm").NotNull<import("drizzle-orm/sqlite-core").SQLiteTextBuilderInitial<string, [string, ...string[]], number | undefined>>>;
/** A JSON document stored as text; `T` is what the application reads and writes. */
export declare const json: <T>(name: string) => import("drizzle-orm").$Type<import("drizzle-orm/sqlite-core").SQLiteTextJsonBuilderInitial<string>, T>;
export declare const bool: (name: string) => import("drizzle-orm/sqlite-core").SQLiteBooleanBuilderInitial<string>;
/** A text column typed by a value list from enums.ts; pair it with `oneOf` in the table's extras. */
export declare const enumColumn: <const T extends readonly [string, ...string[]]>(name: string, values: T) => import("drizzle-orm/sqlite-core").SQLiteTextBuilderInitial<string, [T[number], ...T[number][]], number | undefined>;
/**
 * The CHECK constraint that makes D1 reject a value outside `values`. The column is named
 * without its table (`"status"`, not `"agents"."status"`): drizzle-kit copies CHECKs into
 * the `__new_<table>` of a table rebuild, where a table-qualified name no longer resolves.
 * A NULL passes, as in any CHECK; NOT NULL is the column's own business.
 */
export declare function oneOf(table: string, column: string, values: readonly string[]): import("drizzle-orm/sqlite-core").CheckBuilder;
/** A CHECK that keeps a number inside [min, max]. */
export declare function between(table: string, column: string, min: number, max: number): import("drizzle-orm/sqlite-core").CheckBuilder;
