/**
 * The schema the docs describe: what a database's migrations produce. While the chain is
 * exact (every migration has its snapshot, each linking to the one before) that is the
 * latest snapshot, read as is. Otherwise (a file outside the journal, a lost snapshot, a
 * folder of wrangler's own) the migrations are replayed on an empty in-memory better-sqlite3
 * database and the result is introspected, as the check does for such a chain.
 */
import { relative } from 'node:path';
import { chainSteps } from '../check/replay';
import { ToolError } from '../errors';
import { readMigrationFolder } from '../folder/migration-folder';
import { shapeFromSnapshot } from '../schema/from-snapshot';
import { introspect } from '../schema/live';
import type { SchemaShape } from '../schema/shape';
import type { Snapshot } from '../schema/snapshot';
import { normaliseSql, viewParts } from '../schema/sql-text';
import { slashRelative } from './paths';
import { statements } from '../transports/transport';

export interface DocumentedSchema {
  shape: SchemaShape;
  /** Where the shape was read, for the header: `the snapshot meta/0003_snapshot.json`. */
  origin: string;
  /** The SQL as written, where it is known (the shape holds normalised text). */
  written: {
    /** View SELECTs by view name. */
    views: Record<string, string>;
    /** CHECK expressions by table, then by normalised expression. */
    checks: Record<string, Record<string, string>>;
  };
}

/** The schema the migrations in `dir` produce; `root` makes paths in messages relative. */
export async function documentedSchema(dir: string, root: string): Promise<DocumentedSchema> {
  const folder = readMigrationFolder(dir);
  const steps = chainSteps(folder.migrations);
  const last = steps.at(-1);
  if (!last) return { shape: { tables: {}, views: {} }, origin: 'no migration yet', written: { views: {}, checks: {} } };
  if (last.exact) {
    const snapshotFile = slashRelative(dir, last.migration.snapshotPath);
    return { shape: shapeFromSnapshot(last.after), origin: `its latest snapshot, ${snapshotFile}`, written: writtenIn(last.after) };
  }
  const { SqliteTransport } = await import('../transports/sqlite');
  const transport = new SqliteTransport();
  try {
    for (const migration of folder.migrations) {
      if (migration.statements.length === 0) continue;
      try {
        await transport.batch(statements(migration.statements));
      } catch (error) {
        throw new ToolError(
          `${relative(root, migration.path) || migration.path} fails on better-sqlite3 (${(error as Error).message}), so the schema its folder produces cannot be documented. ` +
            'Run `d1-evolve check` for the details, fix the migration, then write the docs again.',
          { cause: error },
        );
      }
    }
    const shape = await introspect(transport);
    const views = transport.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'view'").all() as { name: string; sql: string | null }[];
    return {
      shape,
      origin: 'its migrations replayed on better-sqlite3 (the chain of snapshots is not complete)',
      written: { views: Object.fromEntries(views.flatMap((v) => (v.sql && shape.views[v.name] ? [[v.name, viewParts(v.sql).select]] : []))), checks: {} },
    };
  } finally {
    await transport.close();
  }
}

function writtenIn(snapshot: Snapshot): DocumentedSchema['written'] {
  const views = Object.fromEntries(Object.values(snapshot.views ?? {}).flatMap((v) => (v.definition ? [[v.name, v.definition.trim()]] : [])));
  const checks = Object.fromEntries(
    Object.values(snapshot.tables).map((t) => [
      t.name,
      Object.fromEntries(Object.values(t.checkConstraints ?? {}).map((c) => [normaliseSql(c.value), c.value])),
    ]),
  );
  return { views, checks };
}
