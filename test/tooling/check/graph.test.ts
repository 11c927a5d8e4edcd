import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependents, descendants, hitBy } from '../../../packages/d1-evolve/src/check/graph';
import { type Snapshot, readSnapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { PROJECT_ROOT } from '../../support/project';

const own = readSnapshot(join(PROJECT_ROOT, 'drizzle', 'meta', '0000_snapshot.json'));

/** A snapshot with just the foreign keys given as `child -> parent (action)`. */
function graph(...edges: [string, string, 'cascade' | 'set null' | 'restrict' | 'no action'][]): Snapshot {
  const tables: Snapshot['tables'] = {};
  const table = (name: string) =>
    (tables[name] ??= { name, columns: {}, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, checkConstraints: {} });
  for (const [child, parent, onDelete] of edges) {
    table(parent);
    table(child).foreignKeys[`${child}_${parent}`] = {
      name: `${child}_${parent}`,
      tableFrom: child,
      tableTo: parent,
      columnsFrom: [`${parent}_id`],
      columnsTo: ['id'],
      onDelete,
    };
  }
  return { version: '6', dialect: 'sqlite', id: 'x', prevId: '', tables, views: {} };
}

describe('descendants', () => {
  it('lists cascade and set-null descendants recursively, parent first', () => {
    const g = graph(
      ['posts', 'users', 'cascade'],
      ['comments', 'posts', 'cascade'],
      ['audit', 'users', 'set null'],
      ['likes', 'comments', 'cascade'],
      ['likes', 'users', 'cascade'],
    );
    expect(descendants(g, 'users')).toEqual([
      { table: 'posts', action: 'cascade' },
      { table: 'comments', action: 'cascade' },
      { table: 'likes', action: 'cascade' },
      { table: 'audit', action: 'set null' },
    ]);
  });

  it('ignores restrict edges and lists a self-referencing table as its own descendant', () => {
    const g = graph(['nodes', 'nodes', 'cascade'], ['pins', 'nodes', 'restrict']);
    expect(descendants(g, 'nodes')).toEqual([{ table: 'nodes', action: 'cascade' }]);
  });

  it('terminates on a cycle and lists every table of it once', () => {
    const g = graph(['a', 'b', 'cascade'], ['b', 'a', 'cascade'], ['c', 'b', 'set null']);
    expect(
      descendants(g, 'a')
        .map((d) => d.table)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
  });

  it('separates the rows a delete hits from the tables a restore must keep', () => {
    const g = graph(['audit', 'users', 'set null'], ['notes', 'audit', 'cascade']);
    expect(descendants(g, 'users').map((d) => d.table)).toEqual(['audit', 'notes']);
    expect(hitBy(g, 'users')).toEqual([{ table: 'audit', action: 'set null' }]);
  });

  it.each(Object.keys(own.tables))('orders the descendants of %s parent-first in the own schema', (table) => {
    const order = descendants(own, table).map((d) => d.table);
    expect(new Set(order).size).toBe(order.length);
    for (const child of order) {
      for (const fk of Object.values(own.tables[child]!.foreignKeys)) {
        if (order.includes(fk.tableTo) && fk.tableTo !== child && fk.onDelete !== 'restrict' && fk.onDelete !== 'no action') {
          expect(order.indexOf(fk.tableTo), `${fk.tableTo} before ${child}`).toBeLessThan(order.indexOf(child));
        }
      }
    }
  });

  it('finds that a rebuild of workspaces reaches most of the own schema', () => {
    expect(descendants(own, 'workspaces').length).toBeGreaterThan(25);
  });
});

describe('dependents', () => {
  it('lists every table that references the parent, whatever its action, recursively and parent first', () => {
    const g = graph(['posts', 'users', 'no action'], ['pins', 'posts', 'restrict'], ['likes', 'pins', 'cascade'], ['audit', 'users', 'set null']);
    expect(dependents(g, 'users')).toEqual([
      { table: 'posts', action: 'no action', blocks: true },
      { table: 'pins', action: 'restrict', blocks: true },
      { table: 'likes', action: 'cascade', blocks: false },
      { table: 'audit', action: 'set null', blocks: false },
    ]);
    expect(descendants(g, 'users').map((d) => d.table)).toEqual(['audit']);
  });

  it('lists a self-referencing table as its own dependent and terminates on a cycle', () => {
    expect(dependents(graph(['nodes', 'nodes', 'restrict']), 'nodes')).toEqual([{ table: 'nodes', action: 'restrict', blocks: true }]);
    const cycle = dependents(graph(['a', 'b', 'no action'], ['b', 'a', 'no action']), 'a');
    expect(cycle.map((d) => d.table)).toEqual(['a', 'b']);
  });

  it.each(Object.keys(own.tables))('lists the dependents of %s in the own schema once each, every descendant among them', (table) => {
    const order = dependents(own, table).map((d) => d.table);
    expect(new Set(order).size).toBe(order.length);
    for (const d of descendants(own, table)) expect(order).toContain(d.table);
  });
});
