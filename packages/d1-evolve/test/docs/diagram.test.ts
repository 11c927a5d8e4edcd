/**
 * The ER diagram (erDot, renderDiagram) on shapes built here: well-formed XML whatever the
 * names hold, one node per table and one edge per foreign key, cascades drawn apart,
 * highlighted tables marked, the same bytes on every run.
 */
import { describe, expect, it } from 'vitest';
import { erDot, fkId, renderDiagram } from '../../src/docs/diagram';
import type { ColumnShape, ForeignKeyAction, SchemaShape, TableShape } from '../../src/schema/shape';
import { foreignKeysIn, parseSvg, tablesIn } from './svg-xml';

function table(name: string, columns: string[], foreignKeys: [string, string, string, ForeignKeyAction][] = []): TableShape {
  return {
    name,
    columns: Object.fromEntries(columns.map((c): [string, ColumnShape] => [c, { name: c, type: c === 'id' ? 'integer' : 'text', notNull: c === 'id' }])),
    primaryKey: ['id'],
    autoincrement: false,
    indexes: {},
    uniques: {},
    foreignKeys: Object.fromEntries(
      foreignKeys.map(([from, tableTo, to, onDelete]) => [
        `(${from}) -> ${tableTo}(${to})`,
        { columnsFrom: [from], tableTo, columnsTo: [to], onDelete, onUpdate: 'no action' as const },
      ]),
    ),
    checks: {},
    strict: false,
    withoutRowid: false,
  };
}

// Names a careless writer breaks: XML's and DOT's special characters, and a column named
// like a Graphviz compass point (`n`), which DOT would read as a side instead of a port.
const ODD = 'odd<&>"name';
const SHAPE: SchemaShape = {
  tables: {
    users: table('users', ['id', 'email']),
    posts: table('posts', ['id', 'user_id', 'n'], [['user_id', 'users', 'id', 'cascade']]),
    [ODD]: table(
      ODD,
      ['id', 'post_id', 'n'],
      [
        ['post_id', 'posts', 'id', 'set null'],
        ['n', 'posts', 'n', 'no action'],
      ],
    ),
    threads: table('threads', ['id', 'parent_id'], [['parent_id', 'threads', 'id', 'cascade']]),
  },
  views: {},
};

describe('the ER diagram', () => {
  it('is well-formed XML naming every table and every foreign key, even with special characters in names', async () => {
    const svg = parseSvg(await renderDiagram(SHAPE));
    expect(svg.root).toBe('{http://www.w3.org/2000/svg}svg');
    expect(tablesIn(svg).sort()).toEqual(Object.keys(SHAPE.tables).sort());
    const expected = Object.values(SHAPE.tables).flatMap((t) => Object.values(t.foreignKeys).map((fk) => fkId(t.name, fk)));
    expect(
      foreignKeysIn(svg)
        .map((g) => g.id)
        .sort(),
    ).toEqual(expected.sort());
    expect(expected).toContain(`fk:${ODD}(post_id)->posts(id)`);
    for (const name of Object.keys(SHAPE.tables)) expect(svg.groups.find((g) => g.id === `table:${name}`)?.title).toBe(name);
  });

  it('draws cascades apart from SET NULL and NO ACTION, by class and colour', async () => {
    const text = await renderDiagram(SHAPE);
    const edges = foreignKeysIn(parseSvg(text));
    const classOf = (id: string) => edges.find((e) => e.id === id)?.class;
    expect(classOf('fk:posts(user_id)->users(id)')).toBe('edge fk cascade');
    expect(classOf(`fk:${ODD}(post_id)->posts(id)`)).toBe('edge fk set-null');
    expect(classOf(`fk:${ODD}(n)->posts(n)`)).toBe('edge fk no-action');
    const dot = erDot(SHAPE);
    expect(dot).toMatch(/-> "users":"in_id":w \[[^\]]*label="cascade"[^\]]*color="#c62828"[^\]]*style=bold/);
    expect(dot).toMatch(/-> "posts":"in_id":w \[[^\]]*label="set null"[^\]]*style=dashed/);
    // The compass-named column is reached through its own port, not the node's north side;
    // edges leave a child's row eastwards and enter the parent's key row from the west.
    expect(dot).toContain(`"${ODD.replace(/"/g, '\\"')}":"out_n":e -> "posts":"in_n":w`);
  });

  it('marks highlighted tables with the class highlight, and only them', async () => {
    const svg = parseSvg(await renderDiagram(SHAPE, { highlight: ['posts'] }));
    const highlighted = svg.groups.filter((g) => g.class.split(' ').includes('highlight')).map((g) => g.id);
    expect(highlighted).toEqual(['table:posts']);
    expect(erDot(SHAPE, { highlight: ['posts'] })).not.toBe(erDot(SHAPE));
  });

  it('is the same text on every run, whatever order the shape lists its tables in', async () => {
    const reversed: SchemaShape = { tables: Object.fromEntries(Object.entries(SHAPE.tables).reverse()), views: {} };
    const first = await renderDiagram(SHAPE);
    expect(await renderDiagram(reversed)).toBe(first);
    expect(await renderDiagram(SHAPE)).toBe(first);
  });

  it('draws a key to a table the schema lacks as a dashed node instead of failing', async () => {
    const shape: SchemaShape = { tables: { orphans: table('orphans', ['id', 'gone_id'], [['gone_id', 'gone', 'id', 'cascade']]) }, views: {} };
    const svg = parseSvg(await renderDiagram(shape));
    expect(svg.groups.find((g) => g.id === 'table:gone')?.class).toBe('node table missing');
    expect(foreignKeysIn(svg).map((g) => g.id)).toEqual(['fk:orphans(gone_id)->gone(id)']);
  });
});
