/**
 * Follows a migration's DDL statement by statement on a copy of the snapshot it starts
 * from, so that the lint and the rewrite see each statement against the schema as it
 * stands at that point of the file (a table rebuilt earlier in the same file, a column
 * just added). Understands the DDL drizzle-kit writes and its common hand-written forms;
 * anything else leaves the model as it is.
 */
import type { ForeignKeyAction, Snapshot, SnapshotColumn, SnapshotForeignKey, SnapshotTable } from '../schema/snapshot';
import { stripComments } from '../sql/split';
import { namesWord } from '../sql/words';

/** One SQL name: `x`, "x", [x] or bare. */
export const IDENT = String.raw`(?:\x60(?:[^\x60]|\x60\x60)+\x60|"(?:[^"]|"")+"|\[[^\]]+\]|[A-Za-z_][\w$]*)`;

/** The name without its quotes. */
export function unquote(name: string): string {
  const first = name[0];
  if (first === '`') return name.slice(1, -1).replaceAll('``', '`');
  if (first === '[') return name.slice(1, -1);
  if (first === '"') return name.slice(1, -1).replaceAll('""', '"');
  return name;
}

/** The name quoted the way drizzle-kit quotes it (a backtick inside doubled, as SQLite reads it). */
export function quote(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Splits at top-level commas (outside parentheses and quotes). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i = text.indexOf(close, i + 1);
      if (i === -1) break;
    } else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

const names = (list: string) => splitTopLevel(list).map(unquote);

function action(text: string, on: 'DELETE' | 'UPDATE'): ForeignKeyAction | undefined {
  const match = new RegExp(String.raw`\bON\s+${on}\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT|RESTRICT|NO\s+ACTION)`, 'i').exec(text);
  return match ? (match[1]!.toLowerCase().replace(/\s+/g, ' ') as ForeignKeyAction) : undefined;
}

function foreignKey(tableFrom: string, columnsFrom: string[], references: string): SnapshotForeignKey | undefined {
  const match = new RegExp(String.raw`REFERENCES\s+(${IDENT})\s*(?:\(([^)]*)\))?`, 'i').exec(references);
  if (!match) return undefined;
  const tableTo = unquote(match[1]!);
  return {
    name: `${tableFrom}_${columnsFrom.join('_')}_${tableTo}_fk`,
    tableFrom,
    tableTo,
    columnsFrom,
    columnsTo: match[2] ? names(match[2]) : [],
    onDelete: action(references, 'DELETE') ?? 'no action',
    onUpdate: action(references, 'UPDATE') ?? 'no action',
  };
}

/** A column definition (`\`name\` text DEFAULT 'x' NOT NULL REFERENCES ...`); also its inline FK. */
export function parseColumn(table: string, definition: string): { column: SnapshotColumn; foreignKey?: SnapshotForeignKey } | undefined {
  const match = new RegExp(String.raw`^(${IDENT})\s*(.*)$`, 's').exec(definition.trim());
  if (!match) return undefined;
  const name = unquote(match[1]!);
  const rest = match[2]!;
  const type = /^[A-Za-z]+(?:\s*\([^)]*\))?/.exec(rest)?.[0] ?? '';
  const column: SnapshotColumn = {
    name,
    type: type.toLowerCase(),
    primaryKey: /\bPRIMARY\s+KEY\b/i.test(rest),
    notNull: /\bNOT\s+NULL\b/i.test(rest),
  };
  const dflt = /\bDEFAULT\s+('(?:[^']|'')*'|\([^)]*\)|[^\s,]+)/i.exec(rest);
  if (dflt) column.default = dflt[1]!;
  if (/\bGENERATED\s+ALWAYS\b|\bAS\s*\(/i.test(rest)) column.generated = { as: '', type: /\bSTORED\b/i.test(rest) ? 'stored' : 'virtual' };
  const fk = /\bREFERENCES\b/i.test(rest) ? foreignKey(table, [name], rest.slice(rest.search(/\bREFERENCES\b/i))) : undefined;
  return { column, foreignKey: fk };
}

/** The table a `CREATE TABLE name (...)` statement creates; undefined for anything else (including CREATE TABLE ... AS SELECT). */
export function parseCreateTable(sql: string): SnapshotTable | undefined {
  const text = stripComments(sql).trim();
  const head = new RegExp(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s*\(`, 'i').exec(text);
  if (!head) return undefined;
  const name = unquote(head[1]!);
  const body = text.slice(head[0].length, text.lastIndexOf(')'));
  const table: SnapshotTable = { name, columns: {}, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraints: {} };
  for (const part of splitTopLevel(body)) {
    const constraint = part.replace(/^CONSTRAINT\s+\S+\s+/i, '');
    const fk = /^FOREIGN\s+KEY\s*\(([^)]*)\)\s*(.*)$/is.exec(constraint);
    const pk = /^PRIMARY\s+KEY\s*\(([^)]*)\)/i.exec(constraint);
    const unique = /^UNIQUE\s*\(([^)]*)\)/i.exec(constraint);
    if (fk) {
      const key = foreignKey(name, names(fk[1]!), fk[2]!);
      if (key) table.foreignKeys[key.name] = key;
    } else if (pk) {
      table.compositePrimaryKeys[`${name}_pk`] = { columns: names(pk[1]!) };
    } else if (unique) {
      const columns = names(unique[1]!);
      table.uniqueConstraints[`${name}_${columns.join('_')}_unique`] = { name: `${name}_${columns.join('_')}_unique`, columns };
    } else if (!/^(CONSTRAINT|CHECK)\b/i.test(part)) {
      const parsed = parseColumn(name, part);
      if (!parsed) continue;
      table.columns[parsed.column.name] = parsed.column;
      if (parsed.foreignKey) table.foreignKeys[parsed.foreignKey.name] = parsed.foreignKey;
    }
  }
  return table;
}

/** A trigger as it stands: drizzle-kit snapshots have none, so they come from the migrations' own statements. */
export interface SchemaTrigger {
  name: string;
  /** The table it is attached to (`ON <table>`). */
  table: string;
  /** Its CREATE TRIGGER statement, without comments. */
  sql: string;
}

/** A snapshot as the DDL model follows it: the triggers ride along, by name. */
export type SchemaModel = Snapshot & { triggers?: Record<string, SchemaTrigger> };

/** A copy of `snapshot` that applyStatement may change. */
export function cloneSnapshot<T extends Snapshot>(snapshot: T): T {
  return structuredClone(snapshot);
}

/** The triggers of `model`, in name order. */
export function triggersOf(model: SchemaModel): SchemaTrigger[] {
  return Object.values(model.triggers ?? {}).sort((a, b) => a.name.localeCompare(b.name));
}

/** CREATE TRIGGER / DROP TRIGGER; true when `text` was one of them. */
function applyTrigger(model: SchemaModel, text: string): boolean {
  const create = new RegExp(String.raw`^CREATE\s+(?:TEMP\s+|TEMPORARY\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})[\s\S]*?\bON\s+(${IDENT})`, 'i').exec(
    text,
  );
  if (create) {
    const name = unquote(create[1]!);
    model.triggers = { ...model.triggers, [name]: { name, table: unquote(create[2]!), sql: text } };
    return true;
  }
  const drop = new RegExp(String.raw`^DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(text);
  if (drop) {
    delete model.triggers?.[unquote(drop[1]!)];
    return true;
  }
  return false;
}

/** A table's triggers follow it through DROP TABLE (gone with it) and RENAME TO (attached to the new name). */
function moveTriggers(model: SchemaModel, table: string, to: string | undefined): void {
  for (const trigger of triggersOf(model)) {
    if (trigger.table !== table) continue;
    if (to === undefined) delete model.triggers![trigger.name];
    else {
      const on = new RegExp(String.raw`(\bON\s+)${IDENT}`, 'i');
      model.triggers![trigger.name] = { ...trigger, table: to, sql: trigger.sql.replace(on, `$1${quote(to)}`) };
    }
  }
}

/**
 * Changes `model` the way `sql` changes the database: CREATE TABLE / INDEX / VIEW / TRIGGER,
 * DROP TABLE / INDEX / VIEW / TRIGGER, ALTER TABLE RENAME TO / ADD / DROP COLUMN / RENAME COLUMN.
 */
export function applyStatement(model: SchemaModel, sql: string): void {
  const text = stripComments(sql).trim();
  if (applyTrigger(model, text)) return;
  const created = parseCreateTable(text);
  if (created) {
    model.tables[created.name] = created;
    return;
  }
  const createAs = new RegExp(String.raw`^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+AS\s+SELECT\s+(.+?)\s+FROM\s+(${IDENT})\s*$`, 'is').exec(text);
  if (createAs) {
    const source = model.tables[unquote(createAs[3]!)]?.columns ?? {};
    const name = unquote(createAs[1]!);
    const picked = createAs[2]!.trim() === '*' ? Object.keys(source) : names(createAs[2]!);
    // A copy is a plain table: its columns hold values, none is generated any more.
    const columns = Object.fromEntries(picked.filter((c) => c in source).map((c) => [c, plainColumn(source[c]!)]));
    model.tables[name] = { ...emptyTable(name), columns };
    return;
  }
  const index = new RegExp(
    String.raw`^CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+ON\s+(${IDENT})\s*\(([^)]*)\)\s*(?:WHERE\s+(.*))?$`,
    'is',
  ).exec(text);
  if (index) {
    const table = model.tables[unquote(index[3]!)];
    const name = unquote(index[2]!);
    if (table) table.indexes[name] = { name, columns: names(index[4]!), isUnique: Boolean(index[1]), ...(index[5] ? { where: index[5] } : {}) };
    return;
  }
  const dropIndex = new RegExp(String.raw`^DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(text);
  if (dropIndex) {
    for (const table of Object.values(model.tables)) delete table.indexes[unquote(dropIndex[1]!)];
    return;
  }
  const view = new RegExp(String.raw`^CREATE\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT})\s+AS\s+(.*)$`, 'is').exec(text);
  if (view) {
    const name = unquote(view[1]!);
    model.views[name] = { name, columns: {}, definition: view[2]!, isExisting: false };
    return;
  }
  const dropView = new RegExp(String.raw`^DROP\s+VIEW\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(text);
  if (dropView) {
    delete model.views[unquote(dropView[1]!)];
    return;
  }
  const dropTable = new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(${IDENT})`, 'i').exec(text);
  if (dropTable) {
    delete model.tables[unquote(dropTable[1]!)];
    moveTriggers(model, unquote(dropTable[1]!), undefined);
    return;
  }
  const alter = new RegExp(String.raw`^ALTER\s+TABLE\s+(${IDENT})\s+(.*)$`, 'is').exec(text);
  if (alter) alterTable(model, unquote(alter[1]!), alter[2]!);
}

function alterTable(model: SchemaModel, name: string, change: string): void {
  const renameTable = new RegExp(String.raw`^RENAME\s+TO\s+(${IDENT})\s*$`, 'i').exec(change);
  if (renameTable) moveTriggers(model, name, unquote(renameTable[1]!));
  const table = model.tables[name];
  if (!table) return;
  const renameColumn = new RegExp(String.raw`^RENAME\s+(?:COLUMN\s+)?(${IDENT})\s+TO\s+(${IDENT})\s*$`, 'i').exec(change);
  const dropColumn = new RegExp(String.raw`^DROP\s+(?:COLUMN\s+)?(${IDENT})\s*$`, 'i').exec(change);
  const addColumn = /^ADD\s+(?:COLUMN\s+)?(.*)$/is.exec(change);
  if (renameTable) {
    const to = unquote(renameTable[1]!);
    delete model.tables[name];
    model.tables[to] = { ...table, name: to };
    // SQLite points the children's REFERENCES at the new name (foreign keys on, as on D1).
    for (const other of Object.values(model.tables)) {
      for (const fk of Object.values(other.foreignKeys)) {
        if (fk.tableTo === name) fk.tableTo = to;
        if (fk.tableFrom === name) fk.tableFrom = to;
      }
    }
  } else if (renameColumn) {
    const [from, to] = [unquote(renameColumn[1]!), unquote(renameColumn[2]!)];
    const column = table.columns[from];
    if (column) {
      table.columns = Object.fromEntries(Object.entries(table.columns).map(([key, c]) => (key === from ? [to, { ...c, name: to }] : [key, c])));
    }
  } else if (dropColumn) {
    delete table.columns[unquote(dropColumn[1]!)];
  } else if (addColumn) {
    const parsed = parseColumn(name, addColumn[1]!);
    if (!parsed) return;
    table.columns[parsed.column.name] = parsed.column;
    if (parsed.foreignKey) table.foreignKeys[parsed.foreignKey.name] = parsed.foreignKey;
  }
}

function plainColumn({ generated: _generated, ...column }: SnapshotColumn): SnapshotColumn {
  return structuredClone(column);
}

function emptyTable(name: string): SnapshotTable {
  return { name, columns: {}, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraints: {} };
}

/** Whether SQL text names `table` as a whole word (quoted or not). */
export function namesTable(sql: string, table: string): boolean {
  return namesWord(stripComments(sql), table);
}

/** The views whose definition names `table`: SQLite refuses to rename a table into place while one of them is broken. */
export function viewsReading(model: Snapshot, table: string): { name: string; definition: string }[] {
  return Object.values(model.views)
    .filter((v) => v.definition && !v.isExisting && namesTable(v.definition, table))
    .map((v) => ({ name: v.name, definition: v.definition! }));
}
