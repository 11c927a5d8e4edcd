/**
 * The schema the docs describe: what a database's migrations produce. The migrations are
 * replayed on an empty in-memory better-sqlite3 database and the result is introspected, as
 * the check does: a hand-written (`--custom`) CREATE INDEX or CREATE VIEW is in no snapshot.
 * While the chain is exact (every migration has its snapshot, each linking to the one before)
 * and the replay creates nothing the latest snapshot lacks, the docs read that snapshot (its
 * text as drizzle-kit wrote it); a chain whose replay fails on better-sqlite3 falls back to it.
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
import { tokenize } from '../sql/lexer';
import { statements } from '../transports/transport';
import { byName } from './by-name';
import { slashRelative } from './paths';

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
    /** Column defaults as written, by table, then by column. */
    defaults?: Record<string, Record<string, string>>;
    /** The columns of each view, by view name. */
    viewColumns?: Record<string, string[]>;
  };
}

/** The schema the migrations in `dir` produce; `root` makes paths in messages relative. */
export async function documentedSchema(dir: string, root: string): Promise<DocumentedSchema> {
  const folder = readMigrationFolder(dir);
  const steps = chainSteps(folder.migrations);
  const last = steps.at(-1);
  if (!last) return { shape: { tables: {}, views: {} }, origin: 'no migration yet', written: { views: {}, checks: {} } };
  const snapshotFile = last.exact ? slashRelative(dir, last.migration.snapshotPath) : undefined;
  let replayed: DocumentedSchema;
  try {
    replayed = await replay(folder.migrations, root);
  } catch (error) {
    if (!snapshotFile) throw error;
    return { shape: shapeFromSnapshot(last.after), origin: `its latest snapshot, ${snapshotFile}`, written: writtenIn(last.after) };
  }
  if (!snapshotFile) return { ...replayed, origin: 'its migrations replayed on better-sqlite3 (the chain of snapshots is not complete)' };
  const snapshotShape = shapeFromSnapshot(last.after);
  const extra = objectsMissing(replayed.shape, snapshotShape);
  if (extra.length === 0) return { shape: snapshotShape, origin: `its latest snapshot, ${snapshotFile}`, written: writtenIn(last.after) };
  return {
    ...replayed,
    origin: `its migrations replayed on better-sqlite3: they create ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ` and ${extra.length - 5} more` : ''}, which the latest snapshot ${snapshotFile} lacks`,
  };
}

async function replay(migrations: ReturnType<typeof readMigrationFolder>['migrations'], root: string): Promise<DocumentedSchema> {
  const { SqliteTransport } = await import('../transports/sqlite');
  const transport = new SqliteTransport();
  try {
    for (const migration of migrations) {
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
    const master = transport.db.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'table')").all() as {
      type: string;
      name: string;
      sql: string | null;
    }[];
    const views = Object.fromEntries(
      master.flatMap((v) => (v.type === 'view' && v.sql && shape.views[v.name] ? [[v.name, dedent(viewParts(v.sql).select)]] : [])),
    );
    const checks = Object.fromEntries(master.flatMap((t) => (t.type === 'table' && t.sql && shape.tables[t.name] ? [[t.name, writtenChecks(t.sql)]] : [])));
    const defaults: Record<string, Record<string, string>> = {};
    for (const table of Object.keys(shape.tables)) {
      const columns = transport.db.prepare('SELECT name, dflt_value FROM pragma_table_xinfo(?)').all(table) as { name: string; dflt_value: string | null }[];
      defaults[table] = Object.fromEntries(columns.flatMap((c) => (c.dflt_value !== null ? [[c.name, c.dflt_value]] : [])));
    }
    const viewColumns = Object.fromEntries(
      Object.keys(shape.views).map((view) => [
        view,
        (transport.db.prepare('SELECT name FROM pragma_table_info(?)').all(view) as { name: string }[]).map((c) => c.name),
      ]),
    );
    return { shape, origin: 'its migrations replayed on better-sqlite3', written: { views, checks, defaults, viewColumns } };
  } finally {
    await transport.close();
  }
}

/** Tables, indexes and views the replay has and the snapshot does not (or has with another SELECT): `index idx_authors_name`. */
function objectsMissing(replayed: SchemaShape, snapshot: SchemaShape): string[] {
  const found: string[] = [];
  for (const table of Object.values(replayed.tables)) {
    const other = snapshot.tables[table.name];
    if (!other) {
      found.push(`table ${table.name}`);
      continue;
    }
    for (const index of Object.keys(table.indexes)) if (!other.indexes[index]) found.push(`index ${index}`);
    for (const key of Object.keys(table.uniques)) if (!other.uniques[key]) found.push(`a UNIQUE (${key}) on ${table.name}`);
  }
  for (const table of Object.values(snapshot.tables)) {
    const other = replayed.tables[table.name];
    if (!other) found.push(`no table ${table.name}`);
    else for (const index of Object.keys(table.indexes)) if (!other.indexes[index]) found.push(`no index ${index}`);
  }
  for (const view of Object.values(replayed.views)) {
    const other = snapshot.views[view.name];
    if (!other) found.push(`view ${view.name}`);
    else if (other.definition !== view.definition) found.push(`view ${view.name} with another SELECT`);
  }
  for (const view of Object.keys(snapshot.views)) if (!replayed.views[view]) found.push(`no view ${view}`);
  return found.sort(byName);
}

/** CHECK expressions of a CREATE TABLE as written, by normalised expression. */
function writtenChecks(createSql: string): Record<string, string> {
  const tokens = tokenize(createSql);
  const found: Record<string, string> = {};
  tokens.forEach((token, i) => {
    if (token.kind !== 'word' || token.text !== 'check' || tokens[i + 1]?.text !== '(') return;
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j += 1) {
      if (tokens[j]!.text === '(') depth += 1;
      else if (tokens[j]!.text === ')' && --depth === 0) {
        const text = createSql.slice(tokens[i + 1]!.end, tokens[j]!.start).trim();
        found[normaliseSql(text)] = text.replace(/\s+/g, ' ');
        return;
      }
    }
  });
  return found;
}

/** SQL text with its common indentation removed (the first line is often unindented after `AS`). */
export function dedent(sql: string): string {
  const lines = sql.replace(/\r\n/g, '\n').split('\n');
  const indents = lines
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [lines[0]!.trim(), ...lines.slice(1).map((line) => line.slice(cut).trimEnd())].join('\n').trim();
}

function writtenIn(snapshot: Snapshot): DocumentedSchema['written'] {
  const views = Object.fromEntries(Object.values(snapshot.views ?? {}).flatMap((v) => (v.definition ? [[v.name, dedent(v.definition)]] : [])));
  const checks = Object.fromEntries(
    Object.values(snapshot.tables).map((t) => [
      t.name,
      Object.fromEntries(Object.values(t.checkConstraints ?? {}).map((c) => [normaliseSql(c.value), c.value])),
    ]),
  );
  const defaults = Object.fromEntries(
    Object.values(snapshot.tables).map((t) => [
      t.name,
      Object.fromEntries(Object.values(t.columns).flatMap((c) => (c.default !== undefined ? [[c.name, String(c.default)]] : []))),
    ]),
  );
  const viewColumns = Object.fromEntries(Object.values(snapshot.views ?? {}).map((v) => [v.name, Object.keys(v.columns ?? {})]));
  return { views, checks, defaults, viewColumns };
}
