/**
 * After a migration the database must have exactly the tables and columns of its snapshot:
 * otherwise the SQL was edited by hand, the snapshot is stale, or a helper table (a rebuild's
 * `__new_t`, a `__keep_t` copy) was left behind. drizzle-kit diffs the next change against
 * the snapshot, so a disagreement turns into wrong migrations later.
 */
import type { Migration } from '../folder/migration-folder';
import type { Snapshot } from '../schema/snapshot';
import type { Finding } from './finding';

export interface SchemaRow {
  t: string;
  c: string;
}

/**
 * Every table's columns. D1 refuses any access to its `_cf_` tables, so they are filtered
 * out before pragma_table_info sees them.
 */
export const SCHEMA_QUERY =
  "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' " +
  "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND m.name NOT LIKE 'd1\\_migrations%' ESCAPE '\\'";

const HINT =
  'make the SQL produce exactly the schema of its snapshot (drop helper tables it creates; do not edit generated SQL by hand without editing the schema too), or regenerate the migration with `d1-evolve generate`.';

/** Differences between the live schema (`rows` of SCHEMA_QUERY) and the snapshot after `migration`. */
export function checkSchema(migration: Migration, after: Snapshot, rows: SchemaRow[]): Finding[] {
  const live = new Map<string, Set<string>>();
  for (const { t, c } of rows) live.set(t, (live.get(t) ?? new Set()).add(c));
  const problems: string[] = [];
  for (const table of Object.values(after.tables)) {
    const columns = live.get(table.name);
    if (!columns) {
      problems.push(`table ${table.name} is in the snapshot but not in the database`);
      continue;
    }
    const missing = Object.keys(table.columns).filter((c) => !columns.has(c));
    const extra = [...columns].filter((c) => !table.columns[c]);
    if (missing.length > 0) problems.push(`${table.name} lacks column(s) ${missing.join(', ')} of the snapshot`);
    if (extra.length > 0) problems.push(`${table.name} has column(s) ${extra.join(', ')} the snapshot does not`);
  }
  for (const table of live.keys()) if (!after.tables[table]) problems.push(`table ${table} is in the database but not in the snapshot`);
  if (problems.length === 0) return [];
  return [
    {
      rule: 'snapshot-mismatch',
      severity: 'error',
      migration: migration.name,
      path: migration.path,
      message: `after ${migration.name} the database and ${migration.snapshotPath} disagree: ${problems.join('; ')}`,
      hint: HINT,
    },
  ];
}
