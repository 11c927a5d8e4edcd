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

  it('draws neighbours of a part of the schema muted, leaves out their keys to tables not drawn, and keeps (missing) for a table the whole schema lacks', async () => {
    const whole: SchemaShape = {
      tables: {
        evals: table('evals', ['id']),
        users: table('users', ['id']),
        posts: table(
          'posts',
          ['id', 'user_id', 'eval_id', 'gone_id'],
          [
            ['user_id', 'users', 'id', 'cascade'],
            ['eval_id', 'evals', 'id', 'cascade'],
            ['gone_id', 'gone', 'id', 'no action'],
          ],
        ),
      },
      views: {},
    };
    const part: SchemaShape = { tables: { users: whole.tables.users!, posts: whole.tables.posts! }, views: {} };
    // Without the whole schema, evals (in it, not drawn) reads as missing.
    expect(erDot(part)).toContain('"evals (missing)"');
    const svg = parseSvg(await renderDiagram(part, { highlight: ['users'], muted: ['posts'], schema: whole }));
    expect(svg.groups.find((g) => g.id === 'table:posts')?.class).toBe('node table context');
    expect(svg.groups.find((g) => g.id === 'table:users')?.class).toBe('node table highlight');
    expect(svg.groups.some((g) => g.id === 'table:evals')).toBe(false);
    expect(svg.groups.find((g) => g.id === 'table:gone')?.class).toBe('node table missing');
    expect(
      foreignKeysIn(svg)
        .map((g) => g.id)
        .sort(),
    ).toEqual(['fk:posts(gone_id)->gone(id)', 'fk:posts(user_id)->users(id)']);
  });

  it('marks columns unique on their own UQ, draws views with dashed edges to the tables they read, and a legend', async () => {
    const accounts = table('accounts', ['id', 'email', 'handle', 'org', 'code']);
    accounts.uniques = { email: ['email'], 'org, code': ['org', 'code'] };
    accounts.indexes = {
      accounts_handle: { name: 'accounts_handle', columns: ['handle'], unique: true },
      accounts_code_live: { name: 'accounts_code_live', columns: ['code'], unique: true, where: 'org is not null' },
    };
    const shape: SchemaShape = {
      tables: { accounts, posts: table('posts', ['id', 'account_id'], [['account_id', 'accounts', 'id', 'cascade']]) },
      views: {
        post_counts: { name: 'post_counts', definition: 'select a.id,count(p.id) as n from accounts a join posts p on p.account_id=a.id group by a.id' },
      },
    };
    const dot = erDot(shape, { viewColumns: { post_counts: ['id', 'n'] } });
    const row = (column: string) => new RegExp(`PORT="out_${column}">([^<]*<FONT[^>]*>([^<]*)</FONT>)?</TD>`).exec(dot)?.[2] ?? '';
    expect(row('email')).toBe('UQ');
    expect(row('handle')).toBe('UQ');
    // Unique only together with org, or only where org is set: not unique on its own.
    expect(row('org')).toBe('');
    expect(row('code')).toBe('');
    expect(row('id')).toBe('PK');
    const svg = parseSvg(await renderDiagram(shape, { viewColumns: { post_counts: ['id', 'n'] } }));
    expect(svg.groups.find((g) => g.id === 'view:post_counts')?.class).toBe('node view');
    expect(
      svg.groups
        .filter((g) => g.id.startsWith('reads:'))
        .map((g) => g.id)
        .sort(),
    ).toEqual(['reads:post_counts->accounts', 'reads:post_counts->posts']);
    expect(dot).toMatch(/"view:post_counts" \[[^\n]*<B>post_counts<\/B>[^\n]*>id<[^\n]*>n</);
    const legend = svg.groups.find((g) => g.id === 'legend');
    expect(legend?.class).toBe('node legend');
    for (const words of ['primary key', 'unique on its own', 'nullable', 'ON DELETE CASCADE', 'SET NULL or SET DEFAULT', 'a view reads the table']) {
      expect(dot).toContain(words);
    }
    expect(erDot(shape, { legend: false })).not.toContain('"legend"');
  });
});
