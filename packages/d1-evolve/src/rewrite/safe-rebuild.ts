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
 *                    3. empty the kept tables children-first (each DELETE then finds
 *                       nothing below it: no action fires, no violation is counted);
 *                    4. drop the views that read t (SQLite refuses the rename otherwise);
 *   the DROP and the RENAME, as drizzle-kit wrote them;
 *   after the RENAME 5. refill the kept tables parent-first (defer_foreign_keys holds
 *                       the checks of a cycle until COMMIT);
 *                    6. drop the copies; 7. re-create the views, then the triggers,
 *                       and the rebuilt table's own (DROP TABLE t removed them).
 */
import { type SchemaModel, type SchemaTrigger, namesTable, quote, triggersOf, viewsReading } from '../check/ddl';
import { KEEP_PREFIX, type KeptTable, type Rebuild, keptTables } from '../check/rebuild';

export interface SafeRebuild {
  table: string;
  kept: KeptTable[];
  views: { name: string; definition: string }[];
  triggers: SchemaTrigger[];
  /** The rebuilt table's own triggers: DROP TABLE removes them, so they are created again on the new table. */
  own: SchemaTrigger[];
  /** Steps 1–4, to stand right before the DROP. */
  beforeDrop: string[];
  /** Steps 5–7, to stand right after the RENAME. */
  afterRename: string[];
}

/** The safe form of `rebuild`, given the schema just before its DROP; undefined when the DROP hits nothing. */
export function planSafeRebuild(atDrop: SchemaModel, rebuild: Pick<Rebuild, 'table' | 'newTable'>): SafeRebuild | undefined {
  const kept = keptTables(atDrop, rebuild);
  const views = viewsReading(atDrop, rebuild.table);
  const keptNames = new Set(kept.map((k) => k.table));
  // t's own triggers go with DROP TABLE t; any other that reads t would break the RENAME.
  const triggers = triggersOf(atDrop).filter((t) => t.table !== rebuild.table && (keptNames.has(t.table) || namesTable(t.sql, rebuild.table)));
  const own = triggersOf(atDrop).filter((t) => t.table === rebuild.table);
  if (kept.length === 0 && views.length === 0 && triggers.length === 0 && own.length === 0) return undefined;
  const list = (columns: string[]) => columns.map(quote).join(', ');
  const keep = (k: KeptTable) => quote(KEEP_PREFIX + k.table);
  const beforeDrop = [
    ...triggers.map((t) => `DROP TRIGGER ${quote(t.name)}`),
    ...kept.map((k) => `CREATE TABLE ${keep(k)} AS SELECT ${list(k.columns)} FROM ${quote(k.source)}`),
    ...[...kept].reverse().map((k) => `DELETE FROM ${quote(k.source)}`),
    ...views.map((v) => `DROP VIEW ${quote(v.name)}`),
  ];
  const afterRename = [
    ...kept.map((k) => `INSERT INTO ${quote(k.table)} (${list(k.columns)}) SELECT ${list(k.columns)} FROM ${keep(k)}`),
    ...kept.map((k) => `DROP TABLE ${keep(k)}`),
    ...views.map((v) => `CREATE VIEW ${quote(v.name)} AS ${v.definition}`),
    ...triggers.map((t) => t.sql),
    ...own.map((t) => t.sql),
  ];
  return { table: rebuild.table, kept, views, triggers, own, beforeDrop, afterRename };
}

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
    around.length ? `; drops and re-creates ${around.join(', ')} around it` : '',
    plan.triggers.length ? ' (so the restore fires no trigger)' : '',
    plan.own.length ? `; re-creates ${plan.own.map((t) => `trigger ${t.name}`).join(', ')} of ${plan.table}, which the DROP removes` : '',
  ].join('');
}
