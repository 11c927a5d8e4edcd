/**
 * A snapshot made from a live database's shape (live.ts): the schema as it really stands,
 * for a migration drizzle-kit wrote no snapshot for (a file outside the journal, a lost
 * snapshot, a merged branch the snapshots do not describe). The check then seeds and
 * compares rows against the database itself.
 */
import type { SchemaShape, TableShape } from './shape';
import { EMPTY_SNAPSHOT, type Snapshot, type SnapshotTable } from './snapshot';

/** The snapshot of `shape`; `id` names it in messages (default: `live`). */
export function snapshotFromShape(shape: SchemaShape, id = 'live'): Snapshot {
  const tables = Object.fromEntries(Object.values(shape.tables).map((t) => [t.name, tableFromShape(t)]));
  const views = Object.fromEntries(Object.values(shape.views).map((v) => [v.name, { name: v.name, columns: {}, definition: v.definition, isExisting: false }]));
  return { ...EMPTY_SNAPSHOT, id, prevId: '', tables, views };
}

function tableFromShape(table: TableShape): SnapshotTable {
  const singleKey = table.primaryKey.length === 1 ? table.primaryKey[0] : undefined;
  const columns = Object.fromEntries(
    Object.values(table.columns).map((c) => [
      c.name,
      {
        name: c.name,
        type: c.type,
        primaryKey: c.name === singleKey,
        notNull: c.notNull,
        ...(c.name === singleKey && table.autoincrement ? { autoincrement: true } : {}),
        ...(c.default !== undefined ? { default: c.default } : {}),
        ...(c.generated ? { generated: { as: '', type: c.generated } } : {}),
      },
    ]),
  );
  const foreignKeys = Object.fromEntries(
    Object.values(table.foreignKeys).map((fk) => {
      const name = `${table.name}_${fk.columnsFrom.join('_')}_${fk.tableTo}_${fk.columnsTo.join('_')}_fk`;
      return [name, { name, tableFrom: table.name, ...fk }];
    }),
  );
  const uniques = Object.values(table.uniques).map((columns) => ({ name: `${table.name}_${columns.join('_')}_unique`, columns }));
  const checks = Object.entries(table.checks).map(([value, name], i) => ({ name: name ?? `${table.name}_check_${i + 1}`, value }));
  return {
    name: table.name,
    columns,
    indexes: Object.fromEntries(
      Object.values(table.indexes).map((x) => [x.name, { name: x.name, columns: x.columns, isUnique: x.unique, ...(x.where ? { where: x.where } : {}) }]),
    ),
    foreignKeys,
    compositePrimaryKeys: table.primaryKey.length > 1 ? { [`${table.name}_pk`]: { columns: [...table.primaryKey] } } : {},
    uniqueConstraints: Object.fromEntries(uniques.map((u) => [u.name, u])),
    checkConstraints: Object.fromEntries(checks.map((c) => [c.name, c])),
  };
}
