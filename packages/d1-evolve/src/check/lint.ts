/**
 * The lint of `d1-evolve check`: reads a migration's statements against the schema as it stands at
 * each point of the file (ddl.ts) and reports what is dangerous or refused on D1, each
 * finding with a stable rule id, a severity and what to do about it.
 */
import { MAX_STATEMENT_BYTES, d1Refusal } from '../sql/d1-rules';
import type { Migration } from '../folder/migration-folder';
import type { Snapshot, SnapshotForeignKey, SnapshotTable } from '../schema/snapshot';
import { stripComments } from '../sql/split';
import { IDENT, applyStatement, cloneSnapshot, parseColumn, parseCreateTable, splitTopLevel, unquote } from './ddl';
import type { Finding, Severity } from './finding';
import { describeDescendants, descendants, hitBy } from './graph';
import { rebuildCopy, suppliesValue } from './intent-copy';
import { KEEP_PREFIX, NEW_PREFIX, type Rebuild, findRebuilds, isForeignKeysPragma, keepCopy, keepsAll, keptTables } from './rebuild';

export interface LintRule {
  id: string;
  severity: Severity;
  summary: string;
  hint: string;
}

const rule = (id: string, severity: Severity, summary: string, hint: string): LintRule => ({ id, severity, summary, hint });

/** Every lint rule, in the order `d1-evolve check --help` and the README list them. */
export const LINT_RULES = [
  rule(
    'rebuild-cascade',
    'error',
    'table rebuild (DROP TABLE of the old table) of a table other tables reference: on D1 the DROP deletes or nulls their rows (CASCADE / SET NULL) or fails the migration (RESTRICT at the DROP, NO ACTION at COMMIT)',
    'Run `d1-evolve rewrite <file>` (`d1-evolve generate` does it for you): it copies every table that references it aside, empties them before the DROP and restores them after the rename.',
  ),
  rule(
    'not-null-without-default',
    'error',
    'NOT NULL column added without a DEFAULT: fails on a table that has rows',
    'Give the column a DEFAULT (`.default(...)` in the schema), or add it nullable, backfill it, and tighten it in a later migration; in a rebuild, the INSERT ... SELECT may supply its value instead (`coalesce("old_column", 0)`, a literal).',
  ),
  rule(
    'quoted-identifier',
    'error',
    'double-quoted name in a SELECT that is not a column of the table it selects from: D1 writes the name as a string',
    'Select an existing column or a literal in single quotes; for a column a rebuild adds, remove it from the INSERT and SELECT lists (`d1-evolve rewrite` does) so it takes its DEFAULT.',
  ),
  rule(
    'pragma-foreign-keys',
    'warning',
    'PRAGMA foreign_keys has no effect on D1 (every migration runs in one transaction)',
    'Use `PRAGMA defer_foreign_keys = ON` (`d1-evolve rewrite` replaces it), and keep descendant rows yourself if you drop a parent.',
  ),
  rule(
    'drop-without-marker',
    'error',
    'DROP TABLE / DROP COLUMN without a `-- allow-data-loss: <table>` comment',
    'If the loss is deliberate, add a line `-- allow-data-loss: <table>` to the migration for each table named; otherwise change the schema instead of dropping.',
  ),
  rule(
    'fk-without-index',
    'warning',
    'foreign-key column that leads no index or primary key: every parent delete or update scans the child table',
    'Add an index on the foreign-key column(s) in the schema (`index(...).on(t.column)`) and generate again.',
  ),
  rule(
    'statement-too-large',
    'error',
    `statement over D1's limit of ${MAX_STATEMENT_BYTES.toLocaleString('en')} bytes`,
    'Split the statement, for example insert data in several smaller INSERTs.',
  ),
  rule(
    'd1-refused',
    'error',
    'statement D1 refuses (BEGIN/COMMIT/SAVEPOINT, denied PRAGMA, ATTACH, TEMP, _cf_ names ...)',
    'Remove or rewrite the statement; D1 already runs every migration in one transaction.',
  ),
] as const satisfies readonly LintRule[];

export type LintRuleId = (typeof LINT_RULES)[number]['id'];

/** What follows `-- <marker>:` on each marker line (a statement breakpoint written on the same line is not part of it). */
function markerLists(sql: string, marker: string): string[] {
  return [...sql.matchAll(new RegExp(String.raw`^\s*--\s*${marker}:\s*(.+)$`, 'gim'))].map((m) =>
    m[1]!.replace(/\s*-->\s*statement-breakpoint\s*$/, '').trim(),
  );
}

/** The tables a migration declares it may lose rows of: `-- allow-data-loss: a, b` lines. */
export function dataLossMarkers(sql: string): Set<string> {
  const tables = new Set<string>();
  for (const list of markerLists(sql, 'allow-data-loss')) {
    for (const name of list.split(',')) if (name.trim()) tables.add(unquote(name.trim()));
  }
  return tables;
}

/**
 * The columns a migration declares it changes the values of on purpose (a backfill, a
 * transform): `-- allow-data-change: users.name, posts.title` lines, as table → columns.
 * An entry without a column is ignored: a whole table is what `-- allow-data-loss` is for.
 */
export function dataChangeMarkers(sql: string): Map<string, Set<string>> {
  const columns = new Map<string, Set<string>>();
  // A quoted name, or any run of characters without quotes, dots or blanks (names need not be ASCII).
  const name = String.raw`(?:${IDENT}|[^\s.\x60"\[\],]+)`;
  const entry = new RegExp(String.raw`^(${name})\s*\.\s*(${name})$`, 'u');
  for (const list of markerLists(sql, 'allow-data-change')) {
    for (const item of list.split(',')) {
      const parts = entry.exec(item.trim());
      if (!parts) continue;
      const table = unquote(parts[1]!);
      (columns.get(table) ?? columns.set(table, new Set()).get(table)!).add(unquote(parts[2]!));
    }
  }
  return columns;
}

/**
 * The findings for one migration; `before` and `after` are the snapshots around it, `last`
 * the schema at the end of the chain (a warning that a later migration resolves is dropped).
 */
export function lintMigration(migration: Migration, before: Snapshot, after: Snapshot, last?: Snapshot): Finding[] {
  const findings: Finding[] = [];
  const report = (id: LintRuleId, message: string, table?: string, statement?: number) => {
    const { severity, hint } = LINT_RULES.find((r) => r.id === id)!;
    const where = statement === undefined ? '' : ` (statement ${statement + 1})`;
    findings.push({
      rule: id,
      severity,
      migration: migration.name,
      path: migration.path,
      ...(table ? { table } : {}),
      message: `${migration.name}${where}: ${message}`,
      hint,
    });
  };
  const markers = dataLossMarkers(migration.sql);
  const statements = migration.statements;
  const rebuilds = findRebuilds(statements);
  const model = cloneSnapshot(before);

  statements.forEach((sql, i) => {
    const text = stripComments(sql).trim();
    const bytes = Buffer.byteLength(sql, 'utf8');
    const rebuild = rebuilds.find((r) => r.drop === i);
    if (bytes > MAX_STATEMENT_BYTES) report('statement-too-large', `statement is ${bytes.toLocaleString('en')} bytes.`, undefined, i);
    else if (isForeignKeysPragma(sql)) {
      report('pragma-foreign-keys', `\`${text}\` does nothing on D1: foreign keys stay on, and ON DELETE actions still fire.`, undefined, i);
    } else {
      const refusal = d1Refusal(sql);
      if (refusal) report('d1-refused', refusal, undefined, i);
    }
    if (rebuild) lintRebuild(rebuild, model, (message) => report('rebuild-cascade', message, rebuild.table, i));
    for (const [table, message] of notNullWithoutDefault(statements, model, rebuilds, i)) report('not-null-without-default', message, table, i);
    for (const [table, message] of quotedIdentifiers(text, model)) report('quoted-identifier', message, table, i);
    for (const [table, message] of drops(text, model, rebuild)) {
      if (!markers.has(table)) report('drop-without-marker', message, table, i);
    }
    applyStatement(model, sql);
  });
  for (const [table, message] of foreignKeysWithoutIndex(before, after, last)) report('fk-without-index', message, table);
  return findings;
}

function lintRebuild(rebuild: Rebuild, model: Snapshot, report: (message: string) => void) {
  const kept = keptTables(model, rebuild);
  if (kept.length === 0 || keepsAll(rebuild, kept)) return;
  const missing = kept.filter((k) => !rebuild.keeps.has(k.table) || !rebuild.restores.has(k.table) || (k.blocks && !rebuild.empties.has(k.source)));
  const names = new Set(missing.map((k) => k.table));
  if (rebuild.keeps.size > 0) {
    report(
      `the rebuild of ${rebuild.table} does not keep every table that references it; also copy aside, empty before the DROP and restore ${[...names].join(', ')}.`,
    );
    return;
  }
  const hit = hitBy(model, rebuild.table)
    .filter((d) => d.table !== rebuild.table)
    .map((d) => (d.table === rebuild.newTable ? { ...d, table: rebuild.table } : d))
    .filter((d) => names.has(d.table));
  const blocked = missing.filter((k) => k.action === 'no action' || k.action === 'restrict').map((k) => `${k.table} (ON DELETE ${k.action.toUpperCase()})`);
  const parts = [
    ...(hit.length > 0 ? [`on D1 (foreign keys always on) that hits ${describeDescendants(hit)}`] : []),
    ...(blocked.length > 0 ? [`it fails the migration as soon as ${blocked.join(', ')} has a row`] : []),
  ];
  report(`rebuilding ${rebuild.table} drops the old table: ${parts.join('; ') || `it changes the rows of ${[...names].join(', ')}`}.`);
}

/**
 * ADD COLUMN ... NOT NULL without DEFAULT, and the same column arriving through a rebuild
 * whose copy gives it no value (a copy expression or a renamed column supplies one).
 */
function notNullWithoutDefault(statements: readonly string[], model: Snapshot, rebuilds: Rebuild[], i: number): [string, string][] {
  const text = stripComments(statements[i]!).trim();
  const add = new RegExp(String.raw`^ALTER\s+TABLE\s+(${IDENT})\s+ADD\s+(?:COLUMN\s+)?(.*)$`, 'is').exec(text);
  if (add) {
    const table = unquote(add[1]!);
    const column = parseColumn(table, add[2]!)?.column;
    if (column?.notNull && column.default === undefined) {
      return [[table, `adds ${table}.${column.name} NOT NULL without a DEFAULT: SQLite refuses it on a table with rows.`]];
    }
    return [];
  }
  const rebuild = rebuilds.find((r) => r.create === i);
  const created = rebuild && parseCreateTable(text);
  const old = rebuild && model.tables[rebuild.table];
  if (!created || !old) return [];
  const copy = rebuildCopy(statements, rebuild, Object.keys(old.columns));
  return Object.values(created.columns)
    .filter((c) => !(c.name in old.columns) && c.notNull && c.default === undefined && !c.generated)
    .filter((c) => !suppliesValue(copy?.columns.get(c.name)))
    .map((c) => [rebuild.table, `the rebuild of ${rebuild.table} adds ${c.name} NOT NULL without a DEFAULT: copying existing rows into it fails.`]);
}

/** Double-quoted names in a SELECT list that name no column of the tables selected from. */
function quotedIdentifiers(text: string, model: Snapshot): [string, string][] {
  const m = new RegExp(String.raw`\bSELECT\s+(?:DISTINCT\s+)?(.*?)\s+FROM\s+(${IDENT})((?:\s*,\s*${IDENT}|\s+(?:\w+\s+)*JOIN\s+${IDENT})*)`, 'is').exec(text);
  if (!m || keepCopy(text)) return [];
  const sources = [m[2]!, ...[...(m[3] ?? '').matchAll(new RegExp(String.raw`(?:,|JOIN)\s*(${IDENT})`, 'gi'))].map((j) => j[1]!)].map(unquote);
  const tables = sources.map((name) => model.tables[name]);
  if (tables.some((t) => !t)) return [];
  const columns = new Set((tables as SnapshotTable[]).flatMap((t) => Object.keys(t.columns)));
  const table = sources.join(', ');
  return splitTopLevel(m[1]!)
    .map((item) => item.replace(/\s+AS\s+\S+$/i, '').trim())
    .filter((item) => /^"(?:[^"]|"")+"$/.test(item) && !columns.has(unquote(item)))
    .map((item) => [
      sources[0]!,
      `selects ${item} from ${table}, which has no such column: D1 writes the text '${unquote(item)}' into every row (better-sqlite3 fails).`,
    ]);
}

/** The tables a DROP TABLE / DROP COLUMN loses rows or values of (nothing for a rebuild's own DROP). */
function drops(text: string, model: Snapshot, rebuild: Rebuild | undefined): [string, string][] {
  const dropTable = new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(text);
  if (dropTable && !rebuild) {
    const table = unquote(dropTable[1]!);
    if (table.startsWith(KEEP_PREFIX) || table.startsWith(NEW_PREFIX) || !model.tables[table]) return [];
    const below = descendants(model, table).filter((d) => d.table !== table);
    const also = below.length ? ` Through its foreign keys it also hits ${describeDescendants(below)}.` : '';
    return [table, ...below.map((d) => d.table)].map((t) => [
      t,
      `DROP TABLE ${table} deletes every row of ${table}.${also} Mark each table whose rows may go: \`-- allow-data-loss: ${t}\`.`,
    ]);
  }
  const dropColumn = new RegExp(String.raw`^ALTER\s+TABLE\s+(${IDENT})\s+DROP\s+(?:COLUMN\s+)?(${IDENT})`, 'i').exec(text);
  if (dropColumn) {
    const table = unquote(dropColumn[1]!);
    return [[table, `drops column ${table}.${unquote(dropColumn[2]!)} and its values. Mark it: \`-- allow-data-loss: ${table}\`.`]];
  }
  return [];
}

/** Whether `columns` lead an index, the primary key or a UNIQUE constraint of `table`. */
function covered(table: SnapshotTable, columns: string[]): boolean {
  const leads = (list: string[]) => columns.every((c, k) => list[k] === c);
  const primary = Object.values(table.columns)
    .filter((c) => c.primaryKey)
    .map((c) => c.name);
  return [
    primary,
    ...Object.values(table.compositePrimaryKeys).map((p) => p.columns),
    ...Object.values(table.indexes).map((x) => x.columns),
    ...Object.values(table.uniqueConstraints).map((u) => u.columns),
  ].some((list) => list.length >= columns.length && leads(list));
}

const sameKey = (a: SnapshotForeignKey, b: SnapshotForeignKey) => a.tableTo === b.tableTo && a.columnsFrom.join() === b.columnsFrom.join();

/**
 * FKs of `after` without an index that were new or indexed in `before`: only what this
 * migration introduced, and only while it lasts: not when `last` (the end of the chain)
 * indexes those columns, or no longer has that table or foreign key.
 */
function foreignKeysWithoutIndex(before: Snapshot, after: Snapshot, last: Snapshot | undefined): [string, string][] {
  const found: [string, string][] = [];
  for (const table of Object.values(after.tables)) {
    for (const fk of Object.values(table.foreignKeys)) {
      if (covered(table, fk.columnsFrom)) continue;
      const old = before.tables[table.name];
      const existed = old && Object.values(old.foreignKeys).some((k) => sameKey(k, fk));
      if (existed && !covered(old, fk.columnsFrom)) continue;
      const end = last?.tables[table.name];
      if (last && (!end || !Object.values(end.foreignKeys).some((k) => sameKey(k, fk)) || covered(end, fk.columnsFrom))) continue;
      found.push([table.name, `${table.name}(${fk.columnsFrom.join(', ')}) references ${fk.tableTo} but leads no index.`]);
    }
  }
  return found;
}
