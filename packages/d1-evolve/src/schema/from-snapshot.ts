/** The schema a drizzle-kit snapshot describes, in the shape a live database is read in. */
import type { Snapshot, SnapshotTable } from './snapshot';
import { type ForeignKeyShape, type SchemaShape, type TableShape, foreignKeyKey, isIgnoredObject, normaliseAction } from './shape';
import { normaliseDefault, normaliseSql } from './sql-text';

/** The shape drizzle-kit's snapshot describes (views it marks isExisting are not its own). */
export function shapeFromSnapshot(snapshot: Snapshot): SchemaShape {
  const shape: SchemaShape = { tables: {}, views: {} };
  for (const table of Object.values(snapshot.tables)) {
    if (!isIgnoredObject(table.name)) shape.tables[table.name] = tableFromSnapshot(table);
  }
  for (const view of Object.values(snapshot.views ?? {})) {
    if (view.isExisting || isIgnoredObject(view.name)) continue;
    shape.views[view.name] = { name: view.name, definition: normaliseSql(view.definition ?? '') };
  }
  return shape;
}

function tableFromSnapshot(table: SnapshotTable): TableShape {
  const columns = Object.values(table.columns);
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  const shape: TableShape = {
    name: table.name,
    columns: {},
    primaryKey: composite ? [...composite.columns] : columns.filter((c) => c.primaryKey).map((c) => c.name),
    autoincrement: columns.some((c) => c.autoincrement === true),
    indexes: {},
    uniques: {},
    foreignKeys: {},
    checks: {},
    strict: false,
    withoutRowid: false,
  };
  const rowidAlias = shape.primaryKey.length === 1 && table.columns[shape.primaryKey[0]!]?.type.toLowerCase() === 'integer';
  for (const column of columns) {
    shape.columns[column.name] = {
      name: column.name,
      type: column.type.toLowerCase(),
      notNull: column.notNull || (rowidAlias && shape.primaryKey[0] === column.name),
      ...(column.default !== undefined ? { default: normaliseDefault(column.default) } : {}),
      ...(column.generated ? { generated: column.generated.type } : {}),
    };
  }
  for (const index of Object.values(table.indexes ?? {})) {
    const where = index.where ? normaliseSql(index.where) : undefined;
    shape.indexes[index.name] = { name: index.name, columns: index.columns.map(normaliseSql), unique: index.isUnique, ...(where ? { where } : {}) };
  }
  for (const unique of Object.values(table.uniqueConstraints ?? {})) {
    const columnsOf = unique.columns.map(normaliseSql);
    shape.uniques[columnsOf.join(', ')] = columnsOf;
  }
  for (const fk of Object.values(table.foreignKeys ?? {})) {
    const shaped: ForeignKeyShape = {
      columnsFrom: [...fk.columnsFrom],
      tableTo: fk.tableTo,
      columnsTo: [...fk.columnsTo],
      onDelete: normaliseAction(fk.onDelete),
      onUpdate: normaliseAction(fk.onUpdate),
    };
    shape.foreignKeys[foreignKeyKey(shaped)] = shaped;
  }
  for (const check of Object.values(table.checkConstraints ?? {})) shape.checks[normaliseSql(check.value)] = check.name;
  return shape;
}
