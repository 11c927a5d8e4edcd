/**
 * Generated downs: the SQL that takes the schema from a migration's snapshot back to the
 * previous one. drizzle-kit's own diff (the engine that wrote the up) computes it, run the
 * other way round; the rewrite every up gets (keep-children.ts) then makes its rebuilds keep
 * the rows below them on D1; and each table it drops, or drops columns of (what the up added),
 * is declared with `-- allow-data-loss: <table>`. Where going back needs a rename decision
 * (drizzle-kit asks those interactively), no down is written: a drop and a create would lose
 * the rows the rename kept, so the user writes that down by hand.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { IDENT, type SchemaModel, applyStatement, cloneSnapshot, unquote } from '../check/ddl';
import { ToolError } from '../errors';
import { DOWN_FOLDER, downPath, generatedHeader, readDown } from '../folder/downs';
import { BREAKPOINT, type Migration, type MigrationFolder } from '../folder/migration-folder';
import { rewriteMigration } from '../rewrite/keep-children';
import { EMPTY_SNAPSHOT, type Snapshot, readSnapshot } from '../schema/snapshot';
import { stripComments } from '../sql/split';

type DrizzleKitApi = typeof import('drizzle-kit/api');
type DrizzleSnapshot = Parameters<DrizzleKitApi['generateSQLiteMigration']>[0];

/** A down computed for one migration, or why none can be. */
export type ComputedDown =
  | {
      kind: 'down';
      /** The whole file: header, markers, notes, statements. */
      sql: string;
      /** Tables the down drops, or drops columns of: declared with `-- allow-data-loss`. */
      dataLoss: string[];
      /** Tables whose rebuild the rewrite made keep its children's rows. */
      rebuilt: string[];
    }
  | { kind: 'none'; reason: string };

export interface DownInput {
  /** The up's file name: `0004_add_notes.sql`. */
  name: string;
  /** The schema after the up: its snapshot. */
  after: Snapshot;
  /** The schema the down goes back to: the previous migration's snapshot (EMPTY_SNAPSHOT for the first). */
  before: Snapshot;
  /** Triggers standing after the up (no snapshot has them), so the rewrite keeps them around a restore. */
  triggers?: SchemaModel['triggers'];
  /** Where the two snapshots are, for the header: `meta/0004_snapshot.json`. */
  afterLabel?: string;
  beforeLabel?: string;
  /** Where the down goes, for messages: `drizzle/down/0004_add_notes.sql`. */
  downLabel?: string;
}

/** Computes the down of one migration from the snapshots around it (see the file comment). */
export async function computeDown(input: DownInput): Promise<ComputedDown> {
  const { name, after, before } = input;
  const file = input.downLabel ?? `${DOWN_FOLDER}/${name}`;
  const decisions = renameDecisions(after, before);
  if (decisions.length > 0) return { kind: 'none', reason: renameReason(name, file, after, decisions) };
  const readded = readdedRequired(after, before);
  if (readded.length > 0) {
    return {
      kind: 'none',
      reason:
        `going back re-adds ${readded.join(', ')} NOT NULL without a DEFAULT, which SQLite refuses on a table with rows, and the values the up dropped are gone. ` +
        `Write ${file} by hand (for example ADD COLUMN ... NOT NULL DEFAULT <value>), or roll back with Time Travel.`,
    };
  }
  const api = createRequire(import.meta.url)('drizzle-kit/api') as DrizzleKitApi;
  // drizzle-kit validates its full snapshot shape; EMPTY_SNAPSHOT and older files lack enums and _meta.
  const shape = (s: Snapshot) => ({ enums: {}, _meta: { tables: {}, columns: {} }, ...s }) as unknown as DrizzleSnapshot;
  const generated = await api.generateSQLiteMigration(shape(after), shape(before));
  if (generated.length === 0) {
    return {
      kind: 'none',
      reason:
        `${name} changes no schema (its snapshot equals the previous one: a data migration or SQL written by hand), ` +
        `so its down cannot be computed from snapshots. Write ${file} by hand with what undoes it.`,
    };
  }
  const ordered = orderDrops(generated, after, before);
  const down = ordered.map((s) => (s.trimEnd().endsWith(';') ? s.trimEnd() : `${s.trimEnd()};`)).join(`\n${BREAKPOINT}\n`);
  const rewritten = rewriteMigration(`${down}\n`, { ...after, triggers: input.triggers ?? {} });
  const dataLoss = droppedByDown(after, before);
  const header = [
    generatedHeader(name),
    `-- The schema of ${input.afterLabel ?? 'its snapshot'} taken back to ${input.beforeLabel ?? 'the previous snapshot'} by drizzle-kit's diff, made safe for D1.`,
    '-- It undoes the schema change only: data the up changed stays as it is. To edit it by hand, delete the first line (a generated down is regenerated).',
    ...dataLoss.map((table) => `-- allow-data-loss: ${table}`),
    ...stricterNotes(after, before),
  ];
  return { kind: 'down', sql: `${header.join('\n')}\n${rewritten.sql}`, dataLoss, rebuilt: rewritten.rebuilt };
}

/** Columns the up dropped from a table that stays, NOT NULL without a DEFAULT: a down cannot give them back. */
function readdedRequired(after: Snapshot, before: Snapshot): string[] {
  return Object.values(before.tables).flatMap((table) => {
    const now = after.tables[table.name];
    if (!now) return [];
    return Object.values(table.columns)
      .filter((c) => !now.columns[c.name] && c.notNull && c.default === undefined && !c.generated)
      .map((c) => `${table.name}.${c.name}`);
  });
}

/**
 * drizzle-kit drops tables first. On D1 a DROP TABLE deletes its rows through every foreign
 * key first (CASCADE, SET NULL, RESTRICT fire even with the checks deferred), so a dropped
 * table that a surviving table still references at that point would take the survivor's rows
 * with it. Those drops (and of the dropped tables above them) go last, once the survivors'
 * rebuilds have removed the reference; the others go first. Each group drops children first,
 * so that no drop deletes through a table that is still to be dropped.
 */
export function orderDrops(statements: readonly string[], after: Snapshot, before: Snapshot): string[] {
  const dropped = new Set(Object.keys(after.tables).filter((t) => !before.tables[t]));
  const dropOf = (sql: string) => {
    const m = new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${IDENT})\s*;?\s*$`, 'i').exec(stripComments(sql).trim());
    const table = m && unquote(m[1]!);
    return table && dropped.has(table) ? table : undefined;
  };
  const parentsOf = (table: string) => Object.values(after.tables[table]?.foreignKeys ?? {}).map((fk) => fk.tableTo);
  const late = new Set<string>();
  const mark = (table: string) => {
    if (!dropped.has(table) || late.has(table)) return;
    late.add(table);
    for (const parent of parentsOf(table)) mark(parent);
  };
  for (const survivor of Object.keys(after.tables).filter((t) => !dropped.has(t))) for (const parent of parentsOf(survivor)) mark(parent);
  const drops = statements.filter((s) => dropOf(s) !== undefined);
  const rest = statements.filter((s) => dropOf(s) === undefined);
  const group = (isLate: boolean) =>
    childrenFirst(
      drops.filter((s) => late.has(dropOf(s)!) === isLate),
      dropOf,
      parentsOf,
    );
  return [...group(false), ...rest, ...group(true)];
}

/** DROP TABLE statements ordered so that each table goes before every table it references. */
function childrenFirst(drops: string[], tableOf: (sql: string) => string | undefined, parentsOf: (table: string) => string[]): string[] {
  const left = [...drops];
  const ordered: string[] = [];
  while (left.length > 0) {
    // A table still referenced by another one left must wait; a cycle falls back to drizzle-kit's order.
    const free = left.findIndex((s) => !left.some((o) => o !== s && parentsOf(tableOf(o)!).includes(tableOf(s)!)));
    ordered.push(...left.splice(Math.max(free, 0), 1));
  }
  return ordered;
}

/**
 * Tables the down drops and tables it drops columns of: what the up added. Their rows or
 * values written since the up are lost by going back, so the down declares them.
 */
export function droppedByDown(after: Snapshot, before: Snapshot): string[] {
  return Object.values(after.tables)
    .filter((table) => {
      const old = before.tables[table.name];
      return !old || Object.keys(table.columns).some((column) => !(column in old.columns));
    })
    .map((table) => table.name)
    .sort();
}

/** Comment lines for tables the down makes stricter again: rows written since the up may break it. */
function stricterNotes(after: Snapshot, before: Snapshot): string[] {
  return Object.values(before.tables).flatMap((old) => {
    const now = after.tables[old.name];
    if (!now) return [];
    const checks = Object.values(old.checkConstraints)
      .filter((c) => now.checkConstraints[c.name]?.value !== c.value && !widens(c.value, now.checkConstraints[c.name]?.value))
      .map((c) => `CHECK ${c.name}`);
    const notNull = Object.values(old.columns)
      .filter((c) => c.notNull && now.columns[c.name] && !now.columns[c.name]!.notNull)
      .map((c) => `NOT NULL ${c.name}`);
    const rules = [...checks, ...notNull];
    if (rules.length === 0) return [];
    return [
      `-- note: ${old.name} goes back to ${rules.join(', ')}: a row written since the up that breaks it makes this down fail; change or delete such rows first.`,
    ];
  });
}

/** Whether the CHECK `wide` is `narrow` with more values in its `IN (...)` list: nothing breaks going back to it. */
function widens(wide: string, narrow: string | undefined): boolean {
  const list = (value: string) => {
    const m = /^(.*\bIN\s*)\(([^()]*)\)\s*$/is.exec(value.trim());
    return m ? { head: m[1]!.replace(/\s+/g, ' '), items: new Set(m[2]!.split(',').map((item) => item.trim())) } : undefined;
  };
  const a = list(wide);
  const b = narrow === undefined ? undefined : list(narrow);
  return !!a && !!b && a.head === b.head && [...b.items].every((item) => a.items.has(item));
}

/**
 * Created and dropped tables (views, columns of one table) side by side in the diff from
 * `from` to `to`: drizzle-kit would ask whether each is a rename, one line per such choice.
 */
export function renameDecisions(from: Snapshot, to: Snapshot): string[] {
  const lines: string[] = [];
  const pair = (what: string, dropped: string[], created: string[]) => {
    if (dropped.length > 0 && created.length > 0) lines.push(`${what}: ${dropped.join(', ')} would be dropped and ${created.join(', ')} created`);
  };
  const missing = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys(a).filter((k) => !(k in b));
  pair('tables', missing(from.tables, to.tables), missing(to.tables, from.tables));
  pair('views', missing(from.views, to.views), missing(to.views, from.views));
  for (const [name, table] of Object.entries(to.tables)) {
    const current = from.tables[name];
    if (current) pair(`columns of ${name}`, missing(current.columns, table.columns), missing(table.columns, current.columns));
  }
  return lines;
}

/** Why a rename stops the down, with the statement the user most likely wants where the up's snapshot recorded the rename. */
function renameReason(name: string, file: string, after: Snapshot, decisions: string[]): string {
  const meta = (after as { _meta?: { tables?: Record<string, string>; columns?: Record<string, string> } })._meta;
  const bare = (quoted: string) => quoted.replaceAll('"', '');
  const undo = [
    ...Object.entries(meta?.tables ?? {}).map(([from, to]) => `ALTER TABLE \`${bare(to)}\` RENAME TO \`${bare(from)}\`;`),
    ...Object.entries(meta?.columns ?? {}).map(([from, to]) => {
      const [table, column] = bare(to).split('.');
      return `ALTER TABLE \`${table}\` RENAME COLUMN \`${column}\` TO \`${bare(from).split('.')[1]}\`;`;
    }),
  ];
  const hint = undo.length > 0 ? ` The up's snapshot records renames; their down is likely: ${undo.join(' ')}` : '';
  return (
    `going back from ${name} needs a rename decision (${decisions.join('; ')}), which drizzle-kit asks interactively, ` +
    `and a drop and a create would lose the rows the rename kept. Write ${file} by hand.${hint}`
  );
}

/** What happened to the down of one migration. */
export interface DownOutcome {
  migration: string;
  path: string;
  /** written: a new file; regenerated: a generated one replaced; kept: hand-written, left alone; none: no down could be computed. */
  status: 'written' | 'regenerated' | 'unchanged' | 'kept' | 'none';
  /** For `none`: why, and what to do. */
  reason?: string;
  dataLoss?: string[];
  rebuilt?: string[];
}

export interface WriteDownOptions {
  /** A hand-written down: `keep` it and say so (db:generate), or `refuse` with an error (--down-for). */
  handWritten?: 'keep' | 'refuse';
  /** Show a path to the user (relative to where they are). */
  show?: (path: string) => string;
}

/**
 * Computes and writes the down of `migration` in `folder` (down/<name>), unless a hand-written
 * one is there, which is never overwritten.
 */
export async function writeDown(folder: MigrationFolder, migration: Migration, options: WriteDownOptions = {}): Promise<DownOutcome> {
  const show = options.show ?? ((path: string) => path);
  const path = downPath(folder.dir, migration.name);
  const existing = readDown(folder.dir, migration.name);
  const outcome = { migration: migration.name, path };
  if (existing && !existing.generated) {
    if (options.handWritten === 'refuse') {
      throw new ToolError(
        `${show(path)} is a down written by hand (its first line is not the generated mark), so it is not overwritten. ` +
          `To generate it instead, delete the file and run \`d1-evolve generate --down-for ${migration.tag}\` again.`,
      );
    }
    return { ...outcome, status: 'kept' };
  }
  const around = snapshotsAround(folder, migration, show);
  if ('reason' in around) return { ...outcome, status: 'none', reason: around.reason };
  const triggers = triggersAfter(folder, migration, around.after);
  const down = await computeDown({ name: migration.name, ...around, triggers, downLabel: show(path) });
  if (down.kind === 'none') return { ...outcome, status: 'none', reason: down.reason };
  const same = existing?.sql === down.sql;
  if (!same) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, down.sql);
  }
  return { ...outcome, status: same ? 'unchanged' : existing ? 'regenerated' : 'written', dataLoss: down.dataLoss, rebuilt: down.rebuilt };
}

/** The migration's snapshot and the one before it in wrangler's order, or why they cannot be used. */
export function snapshotsAround(
  folder: MigrationFolder,
  migration: Migration,
  show: (path: string) => string = (p) => p,
): { after: Snapshot; before: Snapshot; afterLabel: string; beforeLabel: string } | { reason: string } {
  const position = folder.migrations.findIndex((m) => m.name === migration.name);
  const previous = position > 0 ? folder.migrations[position - 1] : undefined;
  const fix = `Write ${show(downPath(folder.dir, migration.name))} by hand, or restore the snapshot from git.`;
  if (!migration.snapshotPath || !existsSync(migration.snapshotPath)) {
    const where = migration.snapshotPath ? show(migration.snapshotPath) : 'meta/_journal.json does not list it';
    return { reason: `${migration.name} has no snapshot (${where}), so the schema it leads to is unknown and no down can be computed. ${fix}` };
  }
  if (previous && (!previous.snapshotPath || !existsSync(previous.snapshotPath))) {
    const where = previous.snapshotPath ? show(previous.snapshotPath) : 'meta/_journal.json does not list it';
    return {
      reason: `${previous.name}, the migration before ${migration.name}, has no snapshot (${where}), so the schema to go back to is unknown and no down can be computed. ${fix}`,
    };
  }
  const after = readSnapshot(migration.snapshotPath);
  const before = previous ? readSnapshot(previous.snapshotPath) : EMPTY_SNAPSHOT;
  if (after.prevId !== before.id) {
    const base = previous ? `${previous.name}'s snapshot (${before.id})` : 'the empty schema';
    return {
      reason:
        `${show(migration.snapshotPath)} follows snapshot ${after.prevId}, not ${base}: the snapshots do not describe wrangler's order ` +
        `(merged branches?), so going back to the previous snapshot is not undoing ${migration.name}. Run \`d1-evolve check\` to see the chain; ${fix}`,
    };
  }
  return {
    after,
    before,
    afterLabel: relativeToFolder(folder, migration.snapshotPath),
    beforeLabel: previous ? relativeToFolder(folder, previous.snapshotPath) : 'the empty schema',
  };
}

function relativeToFolder(folder: MigrationFolder, path: string): string {
  return path.startsWith(folder.dir) ? path.slice(folder.dir.length + 1) : path;
}

/** The triggers the migrations up to and including `migration` leave on the tables of `after`. */
function triggersAfter(folder: MigrationFolder, migration: Migration, after: Snapshot): SchemaModel['triggers'] {
  const model: SchemaModel = cloneSnapshot(EMPTY_SNAPSHOT);
  for (const m of folder.migrations.slice(0, migration.index + 1)) for (const statement of m.statements) applyStatement(model, statement);
  return Object.fromEntries(Object.entries(model.triggers ?? {}).filter(([, t]) => t.table in after.tables));
}

/** One line for the user about a down. */
export function describeDown(outcome: DownOutcome, show: (path: string) => string = (p) => p): string {
  const where = show(outcome.path);
  const loss = outcome.dataLoss?.length ? ` (declares -- allow-data-loss: ${outcome.dataLoss.join(', ')})` : '';
  const kept = outcome.rebuilt?.length ? `; its rebuild of ${outcome.rebuilt.join(', ')} keeps the rows below on D1` : '';
  switch (outcome.status) {
    case 'written':
      return `Wrote the down of ${outcome.migration}: ${where}${loss}${kept}.`;
    case 'regenerated':
      return `Regenerated the down of ${outcome.migration}: ${where}${loss}${kept}.`;
    case 'unchanged':
      return `The down of ${outcome.migration} is up to date: ${where}.`;
    case 'kept':
      return `Kept ${where}: a down written by hand is never overwritten.`;
    case 'none':
      return `No down for ${outcome.migration}: ${outcome.reason}`;
  }
}
