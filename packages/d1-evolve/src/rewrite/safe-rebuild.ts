/**
 * The statements that turn one drizzle-kit table rebuild into a form D1 commits with every
 * row of every table below the rebuilt one kept, whatever their ON DELETE action.
 *
 * drizzle-kit's form (CREATE __new_t, INSERT ... SELECT, DROP TABLE t, RENAME) fails on D1
 * as soon as a referencing row exists: CASCADE / SET NULL fire at the DROP (foreign keys
 * are always on), RESTRICT refuses the DROP, and NO ACTION fails at COMMIT even with
 * `defer_foreign_keys`, because the violation the DROP counted is not undone by the rename
 * (measured on workerd's D1). So nothing may reference a row of t when t is dropped:
 *
 *   before the DROP  1. drop the triggers of the kept tables (and those that read t),
 *                       so the emptying and the restore fire none of them;
 *                    2. copy each kept table aside, its stored columns only;
 *                    3. drop the indexes of the kept tables that no lookup needs
 *                       during the move (see `movableIndexes`);
 *                    4. empty the kept tables children-first (each DELETE then finds
 *                       nothing below it: no action fires, no violation is counted);
 *                    5. drop the views that read t (SQLite refuses the rename otherwise),
 *                       then t's own non-unique indexes (the DROP removes them anyway);
 *   the DROP and the RENAME, as drizzle-kit wrote them;
 *   after the RENAME 6. refill the kept tables parent-first (defer_foreign_keys holds
 *                       the checks of a cycle until COMMIT), then build the indexes of
 *                       step 3 again;
 *                    7. drop the copies; 8. re-create the views, then the triggers,
 *                       and the rebuilt table's own (DROP TABLE t removed them).
 *
 * Steps 3 and 5 are for speed (bench/rebuild.ts): every index kept through the move is
 * updated row by row, in the random order of its keys, by the DELETE and again by the
 * refill; built once afterwards it is one sort. On a root table with two rows below each
 * of 100,000 rows, they halve the time of the migration on workerd's D1.
 */
import { type SchemaModel, type SchemaTrigger, namesTable, quote, triggersOf, viewsReading } from '../check/ddl';
import { KEEP_PREFIX, type KeptTable, type Rebuild, keptTables } from '../check/rebuild';
import type { SnapshotIndex } from '../schema/snapshot';

export interface SafeRebuild {
  table: string;
  kept: KeptTable[];
  views: { name: string; definition: string }[];
  triggers: SchemaTrigger[];
  /** The rebuilt table's own triggers: DROP TABLE removes them, so they are created again on the new table. */
  own: SchemaTrigger[];
  /** Indexes of the kept tables dropped before the emptying and built again after the refill. */
  indexes: { table: string; index: SnapshotIndex }[];
  /** Steps 1–4, to stand right before the DROP. */
  beforeDrop: string[];
  /** Steps 5–7, to stand right after the RENAME. */
  afterRename: string[];
}

export interface SafeRebuildOptions {
  /**
   * The CREATE text of an index or view as it stands at the DROP (sqlite_master's), when the
   * model was read from a live database: the index_info behind its indexes loses DESC and
   * COLLATE, its views lose their column list. What is moved is then re-created from this
   * text, and an index without one is not moved.
   */
  textOf?: (type: 'index' | 'view', name: string) => string | undefined;
}

/** The safe form of `rebuild`, given the schema just before its DROP; undefined when the DROP hits nothing. */
export function planSafeRebuild(
  atDrop: SchemaModel,
  rebuild: Pick<Rebuild, 'table' | 'newTable'>,
  { textOf }: SafeRebuildOptions = {},
): SafeRebuild | undefined {
  const kept = keptTables(atDrop, rebuild);
  const views = viewsReading(atDrop, rebuild.table);
  const keptNames = new Set(kept.map((k) => k.table));
  // t's own triggers go with DROP TABLE t; any other that reads t would break the RENAME.
  const triggers = triggersOf(atDrop).filter((t) => t.table !== rebuild.table && (keptNames.has(t.table) || namesTable(t.sql, rebuild.table)));
  const own = triggersOf(atDrop).filter((t) => t.table === rebuild.table);
  if (kept.length === 0 && views.length === 0 && triggers.length === 0 && own.length === 0) return undefined;
  const list = (columns: string[]) => columns.map(quote).join(', ');
  const keep = (k: KeptTable) => quote(KEEP_PREFIX + k.table);
  const indexes = movableIndexes(atDrop, rebuild, kept).filter(({ index }) => !textOf || textOf('index', index.name));
  // t's own indexes go with its DROP: dropped first, its implicit DELETE updates none of them. Not a UNIQUE one,
  // which may be the parent key of a child's foreign key (SQLite refuses the DELETE without it).
  const ownIndexes =
    kept.length > 0 && !kept.some((k) => k.source === rebuild.newTable)
      ? Object.values(atDrop.tables[rebuild.table]?.indexes ?? {}).filter((index) => !index.isUnique && (!textOf || textOf('index', index.name)))
      : [];
  const beforeDrop = [
    ...triggers.map((t) => `DROP TRIGGER ${quote(t.name)}`),
    ...kept.map((k) => `CREATE TABLE ${keep(k)} AS SELECT ${list(k.columns)} FROM ${quote(k.source)}`),
    ...indexes.map(({ index }) => `DROP INDEX IF EXISTS ${quote(index.name)}`),
    ...[...kept].reverse().map((k) => `DELETE FROM ${quote(k.source)}`),
    ...views.map((v) => `DROP VIEW ${quote(v.name)}`),
    ...ownIndexes.map((index) => `DROP INDEX IF EXISTS ${quote(index.name)}`),
  ];
  const afterRename = [
    ...kept.map((k) => `INSERT INTO ${quote(k.table)} (${list(k.columns)}) SELECT ${list(k.columns)} FROM ${keep(k)}`),
    ...indexes.map(({ table, index }) => textOf?.('index', index.name) ?? createIndex(table, index)),
    ...kept.map((k) => `DROP TABLE ${keep(k)}`),
    ...views.map((v) => textOf?.('view', v.name) ?? `CREATE VIEW ${quote(v.name)} AS ${v.definition}`),
    ...triggers.map((t) => t.sql),
    ...own.map((t) => t.sql),
  ];
  return { table: rebuild.table, kept, views, triggers, own, indexes, beforeDrop, afterRename };
}

/**
 * The indexes of the kept tables that can be dropped for the move and built again, in order:
 *   - of a table none of whose foreign keys points at itself, at `__new_<t>` or at a kept
 *     table emptied before it (a cycle): in the children-first emptying and parent-first
 *     refill, a lookup by a table's foreign-key index happens only when its parent changes
 *     while it has rows, which then never happens;
 *   - not UNIQUE: a constraint (and the parent key a foreign key may need) is never built
 *     again from a model, which may have lost its COLLATE (one read from a live database);
 *   - that the model can write back: plain columns of the table, no WHERE;
 *   - that no view or trigger names (INDEXED BY).
 */
function movableIndexes(model: SchemaModel, rebuild: Pick<Rebuild, 'table' | 'newTable'>, kept: KeptTable[]): { table: string; index: SnapshotIndex }[] {
  const position = new Map(kept.map((k, i) => [k.table.toLowerCase(), i]));
  const texts = [...Object.values(model.views).map((v) => v.definition ?? ''), ...triggersOf(model).map((t) => t.sql)];
  return kept.flatMap((k, i) => {
    const table = model.tables[k.source];
    if (!table || k.source !== k.table) return [];
    // A key to a table outside the kept ones (t included) has no position: its parent does not change while this table has rows.
    const acyclic = Object.values(table.foreignKeys).every((fk) => fk.tableTo !== rebuild.newTable && (position.get(fk.tableTo.toLowerCase()) ?? -1) < i);
    if (!acyclic) return [];
    return Object.values(table.indexes)
      .filter((index) => index.where === undefined && index.columns.every((c) => c in table.columns))
      .filter((index) => !index.isUnique)
      .filter((index) => !texts.some((text) => namesTable(text, index.name)))
      .map((index) => ({ table: k.table, index }));
  });
}

export function createIndex(table: string, index: SnapshotIndex): string {
  return `CREATE INDEX ${quote(index.name)} ON ${quote(table)} (${index.columns.map(quote).join(', ')})`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line for people: which tables the rebuild keeps, and what it steps around. */
export function describeSafeRebuild(plan: SafeRebuild, statement: number): string {
  const actions = [...new Set(plan.kept.map((k) => k.action))];
  const kept = actions
    .map(
      (action) =>
        `${plan.kept
          .filter((k) => k.action === action)
          .map((k) => k.table)
          .join(', ')} (ON DELETE ${action.toUpperCase()})`,
    )
    .join('; ');
  const around = [...plan.views.map((v) => `view ${v.name}`), ...plan.triggers.map((t) => `trigger ${t.name}`)];
  return [
    `the rebuild of ${plan.table} (statement ${statement + 1}) `,
    kept
      ? `keeps every row of ${kept}: copied aside and emptied children-first before DROP TABLE ${plan.table}, restored parent-first after the rename`
      : 'keeps what reads it',
    plan.indexes.length ? ` (${plural(plan.indexes.length, 'index', 'indexes')} of theirs dropped for the move and built again after it)` : '',
    around.length ? `; drops and re-creates ${around.join(', ')} around it` : '',
    plan.triggers.length ? ' (so the restore fires no trigger)' : '',
    plan.own.length ? `; re-creates ${plan.own.map((t) => `trigger ${t.name}`).join(', ')} of ${plan.table}, which the DROP removes` : '',
  ].join('');
}
