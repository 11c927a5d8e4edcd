/**
 * docs/schema.md's Markdown: a `|` is escaped in table cells only (GFM splits a row at it,
 * even inside a code span), and shows as written in headings and lists, where `\|` would
 * keep its backslash. The check's summary uses the same helpers.
 */
import { describe, expect, it } from 'vitest';
import { schemaMarkdown } from '../../src/docs/markdown';
import { cellCode, cellMd, code, md } from '../../src/docs/markdown-text';
import type { SchemaShape } from '../../src/schema/shape';

/** A table, an index, a CHECK and a default with a `|` in each. */
const SHAPE: SchemaShape = {
  tables: {
    'p|q': {
      name: 'p|q',
      columns: {
        id: { name: 'id', type: 'integer', notNull: true },
        label: { name: 'label', type: 'text', notNull: true, default: "'a|b'" },
      },
      primaryKey: ['id'],
      autoincrement: false,
      indexes: { 'p|q_label': { name: 'p|q_label', columns: ['label'], unique: false } },
      uniques: {},
      foreignKeys: {},
      checks: { "label <> 'x|y'": 'label_ok' },
      strict: false,
      withoutRowid: false,
    },
  },
  views: {},
};

describe('schema Markdown', () => {
  const markdown = schemaMarkdown({ shape: SHAPE, origin: 'a test', written: { views: {}, checks: {} } }, { folder: 'drizzle', command: 'd1-evolve docs' });

  it('escapes | inside table cells, code spans included', () => {
    expect(markdown).toContain('| [`p\\|q`](#table-pq) | 2 | – | – |');
    expect(markdown).toContain("| `label` | text | yes | `'a\\|b'` |  |");
  });

  it('shows | as written in headings and lists', () => {
    expect(markdown).toContain('### Table `p|q`\n');
    expect(markdown).toContain('- `p|q_label` on (`label`)\n');
    expect(markdown).toContain("- `label_ok`: `label <> 'x|y'`\n");
    expect(markdown).not.toMatch(/^(#|-).*\\\|/m);
  });
});

describe('schema Markdown keys and written text', () => {
  const shape: SchemaShape = structuredClone(SHAPE);
  const t = shape.tables['p|q']!;
  t.columns.email = { name: 'email', type: 'text', notNull: false, default: 'current_timestamp' };
  t.uniques = { email: ['email'] };
  t.indexes['p|q_label'] = { name: 'p|q_label', columns: ['label'], unique: true };
  shape.views = { v: { name: 'v', definition: 'select id from p|q' } };
  const markdown = schemaMarkdown(
    { shape, origin: 'a test', written: { views: { v: 'SELECT id\nFROM "p|q"' }, checks: {}, defaults: { 'p|q': { email: 'CURRENT_TIMESTAMP' } } } },
    { folder: 'drizzle', command: 'd1-evolve docs' },
  );

  it('marks UQ the columns unique on their own (a UNIQUE constraint, a unique index), and says what the marks mean', () => {
    expect(markdown).toContain("| `label` | text | yes | `'a\\|b'` | UQ |");
    expect(markdown).toContain('| `email` | text |  | `CURRENT_TIMESTAMP` | UQ |');
    expect(markdown).toContain('| `id` | integer | yes |  | PK |');
    expect(markdown).toContain('UQ unique on its own');
  });

  it('prints defaults and view SELECTs as written, not as the comparison text', () => {
    expect(markdown).not.toContain('current_timestamp');
    expect(markdown).toContain('```sql\nSELECT id\nFROM "p|q"\n```');
  });
});

describe('Markdown text helpers', () => {
  it('escape | in a code span only for a table cell', () => {
    expect(code('a|b')).toBe('`a|b`');
    expect(cellCode('a|b')).toBe('`a\\|b`');
    expect(md('see `a|b` or c|d')).toBe('see `a|b` or c\\|d');
    expect(cellMd('see `a|b` or c|d')).toBe('see `a\\|b` or c\\|d');
  });

  it('fence a span holding backticks with a longer run, padded where it starts or ends with one', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(code(' x ')).toBe('`  x  `');
    expect(code('line\nbreak')).toBe('`line break`');
  });
});
