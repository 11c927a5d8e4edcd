/**
 * In sync: the TypeScript schema has no change that was not generated into a migration.
 * drizzle-kit's own API builds the schema's snapshot in-process and diffs it against the
 * chain's last snapshot, so nothing is written and no prompt can appear.
 */
import { createRequire } from 'node:module';
import { EMPTY_SNAPSHOT, type Snapshot } from '../schema/snapshot';
import type { Finding } from './finding';

type DrizzleKitApi = typeof import('drizzle-kit/api');
type DrizzleSnapshot = Parameters<DrizzleKitApi['generateSQLiteMigration']>[0];

const HINT = 'run `d1-evolve generate` to write a migration for it, then `d1-evolve check` again.';

/**
 * The schema module's differences from `last` (the chain's last snapshot), as findings.
 * `schema` is the module object (`import * as schema from './schema'`); `label` names it.
 */
export async function checkSync(schema: Record<string, unknown>, last: Snapshot, lastPath: string, label = 'the schema'): Promise<Finding[]> {
  // The CommonJS build: the one the project's schema was loaded with (config/drizzle-config.ts).
  const api = createRequire(import.meta.url)('drizzle-kit/api') as DrizzleKitApi;
  const current = await api.generateSQLiteDrizzleJson(schema, last.id);
  const ambiguous = ambiguousRenames(last, current as unknown as Snapshot);
  // A folder without any snapshot (migrations written by hand) diffs against drizzle-kit's empty schema.
  const base = { enums: {}, _meta: { tables: {}, columns: {} }, ...last } as unknown as DrizzleSnapshot;
  const changes = ambiguous.length > 0 ? ambiguous : await api.generateSQLiteMigration(base, current);
  if (changes.length === 0) return [];
  const against =
    last.id === EMPTY_SNAPSHOT.id
      ? `no snapshot in ${lastPath}, so drizzle-kit's next generate writes all of it`
      : `the last migration's snapshot (${lastPath})`;
  return [
    {
      rule: 'schema-not-generated',
      severity: 'error',
      path: lastPath,
      message: `${label} differs from ${against}; not generated yet:\n${changes.map((s) => `  ${s.split('\n').join('\n  ')}`).join('\n')}`,
      hint: HINT,
    },
  ];
}

/**
 * Created and deleted tables (or columns of one table) side by side: drizzle-kit would ask
 * interactively whether it is a rename, so describe them instead of diffing.
 */
function ambiguousRenames(last: Snapshot, current: Snapshot): string[] {
  const lines: string[] = [];
  const added = Object.keys(current.tables).filter((t) => !last.tables[t]);
  const removed = Object.keys(last.tables).filter((t) => !current.tables[t]);
  if (added.length > 0 && removed.length > 0) lines.push(`tables added: ${added.join(', ')}; tables removed: ${removed.join(', ')}`);
  const addedViews = Object.keys(current.views).filter((v) => !last.views[v]);
  const removedViews = Object.keys(last.views).filter((v) => !current.views[v]);
  if (addedViews.length > 0 && removedViews.length > 0) lines.push(`views added: ${addedViews.join(', ')}; views removed: ${removedViews.join(', ')}`);
  for (const [name, table] of Object.entries(current.tables)) {
    const before = last.tables[name];
    if (!before) continue;
    const newColumns = Object.keys(table.columns).filter((c) => !before.columns[c]);
    const goneColumns = Object.keys(before.columns).filter((c) => !table.columns[c]);
    if (newColumns.length > 0 && goneColumns.length > 0) {
      lines.push(`${name}: columns added ${newColumns.join(', ')}; columns removed ${goneColumns.join(', ')}`);
    }
  }
  return lines;
}
