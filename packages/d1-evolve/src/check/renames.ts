/**
 * The tables and columns a migration renames (`ALTER TABLE a RENAME TO b`, `ALTER TABLE t
 * RENAME COLUMN a TO b`, and a rebuild that copies a column under a new name and leaves the
 * old name out: intent-copy.ts), so that their rows are followed rather than counted as lost.
 * A rebuild's `ALTER TABLE __new_t RENAME TO t` is not a rename of an existing table and
 * is ignored: `t` keeps its name.
 */
import { stripComments } from '../sql/split';
import type { Snapshot } from '../schema/snapshot';
import { copyIntent } from './intent-copy';

export interface Renames {
  /** Old table name → new one. */
  tables: Map<string, string>;
  /** New table name → (old column name → new one). */
  columns: Map<string, Map<string, string>>;
}

const Q = String.raw`[\`"\[]?(\w+)[\`"\]]?`;
const RENAME_TABLE = new RegExp(String.raw`^ALTER\s+TABLE\s+${Q}\s+RENAME\s+TO\s+${Q}`, 'i');
const RENAME_COLUMN = new RegExp(String.raw`^ALTER\s+TABLE\s+${Q}\s+RENAME\s+(?:COLUMN\s+)?${Q}\s+TO\s+${Q}`, 'i');

export function findRenames(statements: readonly string[], before: Snapshot, after: Snapshot): Renames {
  const renames: Renames = { tables: new Map(), columns: new Map() };
  const columnsOf = (table: string) => renames.columns.get(table) ?? renames.columns.set(table, new Map()).get(table)!;
  for (const statement of statements) {
    const sql = stripComments(statement).trim();
    const table = RENAME_TABLE.exec(sql);
    if (table) {
      const [, from, to] = table as unknown as [string, string, string];
      if (before.tables[from] && !after.tables[from] && after.tables[to] && !before.tables[to]) renames.tables.set(from, to);
      continue;
    }
    const column = RENAME_COLUMN.exec(sql);
    if (column) {
      const [, name, from, to] = column as unknown as [string, string, string, string];
      columnsOf(name).set(from, to);
    }
  }
  for (const [table, columns] of copyIntent(statements, before, after).renames) {
    for (const [from, to] of columns) columnsOf(table).set(from, to);
  }
  return renames;
}
