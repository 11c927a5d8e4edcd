/**
 * One comparable shape for a schema, whether read from a live database (live.ts) or from a
 * drizzle-kit snapshot (from-snapshot.ts); compare.ts lists what differs between two.
 */
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
 * ledger drizzle-kit's own migrate would create, and the `ignore` names (a custom
 * `migrations_table` and its lock).
 */
export function isIgnoredObject(name: string, ignore: readonly string[] = []): boolean {
  return /^(sqlite_|_cf_|d1_migrations|__drizzle_migrations)/i.test(name) || ignore.some((other) => other.toLowerCase() === name.toLowerCase());
}

/** Foreign-key actions as one spelling: `NO ACTION`, `no action` and none are one. */
export function normaliseAction(action: string | undefined): ForeignKeyAction {
  return (action ?? 'no action').toLowerCase().replace(/\s+/g, ' ') as ForeignKeyAction;
}

export function foreignKeyKey(fk: ForeignKeyShape): string {
  return `(${fk.columnsFrom.join(', ')}) -> ${fk.tableTo}(${fk.columnsTo.join(', ')})`;
}
