/**
 * The foreign-key graph of a snapshot, seen from the side that matters on D1: which tables
 * lose or change rows when rows of a table are deleted. `DROP TABLE t` first runs an
 * implicit `DELETE FROM t`, and D1 cannot turn foreign keys off, so every ON DELETE
 * CASCADE / SET NULL / SET DEFAULT below `t` fires (d1-facts.md).
 */
import type { ForeignKeyAction, Snapshot, SnapshotForeignKey } from '../schema/snapshot';

/** The ON DELETE actions that delete or change child rows. */
export const DELETE_ACTIONS: ReadonlySet<ForeignKeyAction> = new Set(['cascade', 'set null', 'set default']);

export interface Descendant {
  table: string;
  /** How its rows are hit: `cascade` (deleted) wins over `set null` / `set default` (changed). */
  action: ForeignKeyAction;
}

/** Whether two table names are one table: SQLite's names are case-insensitive (`REFERENCES Accounts` is `accounts`). */
export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Foreign keys from a child whose rows a delete in `table` deletes or changes. */
export function deletingChildKeys(snapshot: Snapshot, table: string): SnapshotForeignKey[] {
  return Object.values(snapshot.tables)
    .flatMap((t) => Object.values(t.foreignKeys))
    .filter((fk) => sameName(fk.tableTo, table) && DELETE_ACTIONS.has(fk.onDelete ?? 'no action'));
}

/**
 * Every table whose rows `DELETE FROM table` deletes or changes, recursively, parent-first
 * (reverse post-order of a depth-first walk, children by name: a topological order where
 * the graph has no cycle). The table itself is listed only when it is reachable from
 * itself (a self-reference or a cycle). Deterministic.
 */
export function descendants(snapshot: Snapshot, table: string): Descendant[] {
  const actions = new Map<string, ForeignKeyAction>();
  const visited = new Set<string>();
  const postOrder: string[] = [];
  const visit = (parent: string) => {
    const children = deletingChildKeys(snapshot, parent).sort((a, b) => a.tableFrom.localeCompare(b.tableFrom));
    for (const fk of children) {
      const action = fk.onDelete ?? 'no action';
      if (actions.get(fk.tableFrom) !== 'cascade') actions.set(fk.tableFrom, action);
      if (visited.has(fk.tableFrom)) continue;
      visited.add(fk.tableFrom);
      visit(fk.tableFrom);
      postOrder.push(fk.tableFrom);
    }
  };
  visited.add(table);
  visit(table);
  const order = postOrder.reverse();
  if (actions.has(table)) order.unshift(table);
  return order.map((name) => ({ table: name, action: actions.get(name)! }));
}

/** A table whose rows reference a table, directly or through other referencing tables. */
export interface Dependent extends Descendant {
  /**
   * Whether one of its keys into the parent side is NO ACTION or RESTRICT: its rows must be
   * gone before the rows they reference go, or D1 fails the migration (RESTRICT at once,
   * NO ACTION at COMMIT even with defer_foreign_keys: a rename does not undo the violation).
   */
  blocks: boolean;
}

/**
 * Every table that references `table`, recursively, whatever the ON DELETE action,
 * parent-first (the order of `descendants`): what a rebuild of `table` must empty
 * children-first before its DROP and restore parent-first after the rename. The table
 * itself is listed only when it is reachable from itself. Deterministic.
 */
export function dependents(snapshot: Snapshot, table: string): Dependent[] {
  const keysTo = (parent: string) =>
    Object.values(snapshot.tables)
      .flatMap((t) => Object.values(t.foreignKeys))
      .filter((fk) => sameName(fk.tableTo, parent))
      .sort((a, b) => a.tableFrom.localeCompare(b.tableFrom));
  const order = walk(table, keysTo);
  const inside = new Set([table, ...order].map((name) => name.toLowerCase()));
  return order.map((name) => {
    const keys = Object.values(snapshot.tables[name]?.foreignKeys ?? {}).filter((fk) => inside.has(fk.tableTo.toLowerCase()));
    const actions = keys.map((fk) => fk.onDelete ?? 'no action');
    const action = actions.includes('cascade') ? 'cascade' : (actions.find((a) => a !== 'cascade') ?? 'no action');
    return { table: name, action, blocks: actions.some((a) => a === 'no action' || a === 'restrict') };
  });
}

/** Reverse post-order of a depth-first walk from `table` along `keysTo`; `table` first only when it is reachable from itself. */
function walk(table: string, keysTo: (parent: string) => SnapshotForeignKey[]): string[] {
  const visited = new Set<string>([table]);
  const postOrder: string[] = [];
  let cyclic = false;
  const visit = (parent: string) => {
    for (const fk of keysTo(parent)) {
      if (sameName(fk.tableFrom, table)) cyclic = true;
      if (visited.has(fk.tableFrom)) continue;
      visited.add(fk.tableFrom);
      visit(fk.tableFrom);
      postOrder.push(fk.tableFrom);
    }
  };
  visit(table);
  const order = postOrder.reverse();
  return cyclic ? [table, ...order] : order;
}

/**
 * The tables whose rows `DELETE FROM table` actually deletes or changes: the CASCADE
 * closure, plus SET NULL / SET DEFAULT children of it (a nulled row deletes nothing further).
 * `descendants` is the larger set a restore must keep, because re-deleting a nulled child
 * to restore it cascades on.
 */
export function hitBy(snapshot: Snapshot, table: string): Descendant[] {
  const all = descendants(snapshot, table);
  const deleted = new Set([table.toLowerCase()]);
  const hit: Descendant[] = [];
  for (const d of all) {
    const parents = parentActions(snapshot, d.table);
    const cascade = parents.some(([parent, action]) => action === 'cascade' && deleted.has(parent.toLowerCase()));
    const changed = parents.some(([parent, action]) => action !== 'cascade' && deleted.has(parent.toLowerCase()));
    if (cascade) deleted.add(d.table.toLowerCase());
    if (cascade || changed) hit.push({ table: d.table, action: cascade ? 'cascade' : d.action === 'cascade' ? 'set null' : d.action });
  }
  return hit;
}

function parentActions(snapshot: Snapshot, child: string): [string, ForeignKeyAction][] {
  return Object.values(snapshot.tables[child]?.foreignKeys ?? {}).map((fk) => [fk.tableTo, fk.onDelete ?? 'no action']);
}

/** `posts, comments (cascade); audit (set null)` — for messages. */
export function describeDescendants(list: readonly Descendant[]): string {
  const deleted = list.filter((d) => d.action === 'cascade').map((d) => d.table);
  const changed = list.filter((d) => d.action !== 'cascade').map((d) => d.table);
  return [
    deleted.length ? `${deleted.join(', ')} (rows deleted by ON DELETE CASCADE)` : '',
    changed.length ? `${changed.join(', ')} (references set to NULL/DEFAULT)` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
