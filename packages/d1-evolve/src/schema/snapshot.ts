/**
 * drizzle-kit's SQLite snapshot (meta/NNNN_snapshot.json, version 6): the schema as it
 * stands after each migration. The check seeds and compares against it, the lint reads
 * its foreign-key graph, and baseline compares a live database with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ToolError } from '../errors';

export interface SnapshotColumn {
  name: string;
  type: string;
  primaryKey: boolean;
  notNull: boolean;
  autoincrement?: boolean;
  /** SQL text of the default: `'active'`, `0`, `false`, `CURRENT_TIMESTAMP`, `'[]'`. */
  default?: string | number | boolean;
  generated?: { as: string; type: 'stored' | 'virtual' };
}

export interface SnapshotIndex {
  name: string;
  columns: string[];
  isUnique: boolean;
  where?: string;
}

export type ForeignKeyAction = 'cascade' | 'set null' | 'set default' | 'restrict' | 'no action';

export interface SnapshotForeignKey {
  name: string;
  tableFrom: string;
  tableTo: string;
  columnsFrom: string[];
  columnsTo: string[];
  onDelete?: ForeignKeyAction;
  onUpdate?: ForeignKeyAction;
}

export interface SnapshotTable {
  name: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<string, SnapshotIndex>;
  foreignKeys: Record<string, SnapshotForeignKey>;
  compositePrimaryKeys: Record<string, { name?: string; columns: string[] }>;
  uniqueConstraints: Record<string, { name: string; columns: string[] }>;
  checkConstraints: Record<string, { name: string; value: string }>;
}

export interface SnapshotView {
  name: string;
  columns: Record<string, SnapshotColumn>;
  definition?: string;
  isExisting: boolean;
}

export interface Snapshot {
  version: string;
  dialect: 'sqlite';
  id: string;
  prevId: string;
  tables: Record<string, SnapshotTable>;
  views: Record<string, SnapshotView>;
}

/** The schema before the first migration. */
export const EMPTY_SNAPSHOT: Snapshot = {
  version: '6',
  dialect: 'sqlite',
  id: '00000000-0000-0000-0000-000000000000',
  prevId: '',
  tables: {},
  views: {},
};

export function readSnapshot(path: string): Snapshot {
  if (!existsSync(path)) throw new ToolError(`${path} does not exist: every migration needs its snapshot. Regenerate with \`d1-evolve generate\`.`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  } catch (cause) {
    throw new ToolError(`${path} is not valid JSON (${(cause as Error).message}); restore it from git.`, { cause });
  }
}
