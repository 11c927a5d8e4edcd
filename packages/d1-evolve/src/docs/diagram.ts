/**
 * The ER diagram of a schema: Graphviz's DOT text (erDot) and its SVG (renderDiagram), laid
 * out by Graphviz compiled to WebAssembly (@viz-js/viz), in-process: no system binary, no
 * browser, no network. Tables are HTML-like nodes listing their columns (PK / FK marked);
 * one edge per foreign key, child to parent, labelled with its ON DELETE action. Output is
 * deterministic (tables and keys sorted by name), so committed docs can be compared byte for
 * byte. In the SVG, a table's node group has id `table:<name>`, a foreign key's edge group
 * id `fk:<child>(<cols>)-><parent>(<cols>)`, and both carry a `<title>` naming them. Views are
 * dashed nodes (`view:<name>`) with dashed edges to the tables their SELECT names; a legend
 * (`legend`) says what PK, FK, UQ, `?` and the edge colours mean.
 */
import { namesTable } from '../check/ddl';
import type { ForeignKeyShape, SchemaShape, TableShape } from '../schema/shape';
import { byName } from './by-name';

export interface DiagramOptions {
  /** Tables drawn distinctly (filled, bold border, CSS class `highlight` on their node group). */
  highlight?: readonly string[];
  /** Tables drawn muted (grey, CSS class `context`): neighbours shown for their keys to the others. */
  muted?: readonly string[];
  /**
   * The whole schema, when `shape` is part of it: a key to one of its tables that is not drawn
   * is left out, and only a table missing from it is drawn as `(missing)`.
   */
  schema?: SchemaShape;
  /** The columns of each view, by view name, listed in its node (a view without an entry shows its name alone). */
  viewColumns?: Record<string, readonly string[]>;
  /** Whether to draw the legend; default true. */
  legend?: boolean;
}

/** How an ON DELETE action is drawn: cascades stand out, nulling is dashed, the rest is quiet. */
const EDGE_STYLE: Record<ForeignKeyShape['onDelete'], string> = {
  cascade: 'color="#c62828", fontcolor="#c62828", penwidth=2, style=bold',
  'set null': 'color="#ef6c00", fontcolor="#ef6c00", style=dashed',
  'set default': 'color="#ef6c00", fontcolor="#ef6c00", style=dashed',
  restrict: 'color="#455a64", fontcolor="#455a64"',
  'no action': 'color="#90a4ae", fontcolor="#607d8b"',
};

/** The DOT text of the diagram. */
export function erDot(shape: SchemaShape, options: DiagramOptions = {}): string {
  const highlight = new Set(options.highlight ?? []);
  const muted = new Set(options.muted ?? []);
  const tables = Object.values(shape.tables).sort((a, b) => byName(a.name, b.name));
  const lines = [
    'digraph schema {',
    '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.35, ranksep=1.1, bgcolor="white", pad=0.3];',
    '  node [shape=plain, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=8, arrowsize=0.7];',
  ];
  for (const table of tables) {
    lines.push(`  ${quote(table.name)} [${tableAttributes(table, highlight.has(table.name) ? 'highlight' : muted.has(table.name) ? 'context' : 'plain')}];`);
  }
  const missing = new Set<string>();
  for (const table of tables) {
    const keys = Object.values(table.foreignKeys).sort((a, b) => byName(fkId(table.name, a), fkId(table.name, b)));
    for (const fk of keys) {
      const parent = shape.tables[fk.tableTo];
      // A table of the whole schema left out of this part of it: its key is not drawn.
      if (!parent && options.schema?.tables[fk.tableTo]) continue;
      if (!parent) missing.add(fk.tableTo);
      // Child on the left, parent on the right (rankdir=LR): leave the child's row on its
      // east side, enter the parent's key row on its west side, so edges do not loop round.
      const from = table.columns[fk.columnsFrom[0] ?? ''] ? `${quote(table.name)}:${quote(port('out', fk.columnsFrom[0]!))}:e` : quote(table.name);
      const to = parent?.columns[fk.columnsTo[0] ?? ''] ? `${quote(fk.tableTo)}:${quote(port('in', fk.columnsTo[0]!))}:w` : quote(fk.tableTo);
      const id = fkId(table.name, fk);
      const label = fk.onUpdate === 'no action' ? fk.onDelete : `${fk.onDelete} (update: ${fk.onUpdate})`;
      const cls = `fk ${fk.onDelete.replace(' ', '-')}`;
      lines.push(`  ${from} -> ${to} [id=${quote(id)}, class=${quote(cls)}, tooltip=${quote(id)}, label=${quote(label)}, ${EDGE_STYLE[fk.onDelete]}];`);
    }
  }
  for (const name of [...missing].sort(byName)) {
    // A key to a table the schema does not have (SQLite accepts it; every insert then fails).
    lines.push(`  ${quote(name)} [id=${quote(`table:${name}`)}, class="table missing", shape=box, style=dashed, label=${quote(`${name} (missing)`)}];`);
  }
  for (const view of Object.values(shape.views).sort((a, b) => byName(a.name, b.name))) {
    const node = quote(`view:${view.name}`);
    lines.push(`  ${node} [${viewAttributes(view.name, options.viewColumns?.[view.name])}];`);
    for (const table of tables.filter((t) => namesTable(view.definition, t.name))) {
      const id = `reads:${view.name}->${table.name}`;
      lines.push(
        `  ${node} -> ${quote(table.name)} [id=${quote(id)}, class="view-reads", tooltip=${quote(id)}, color="#78909c", style=dashed, arrowhead=empty];`,
      );
    }
  }
  if (options.legend !== false) lines.push(`  "legend" [id="legend", class="legend", tooltip="legend", label=${LEGEND}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The diagram as SVG text (an XML document). */
export async function renderDiagram(shape: SchemaShape, options: DiagramOptions = {}): Promise<string> {
  // Imported here: the module carries the WebAssembly build (~1.5 MB), which commands that
  // draw nothing should not load.
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(erDot(shape, options), { format: 'svg' });
  // Graphviz reports a bad label as an error yet still lays out the rest: treat it as a failure.
  const errors = result.errors.filter((e) => e.level !== 'warning').map((e) => e.message.trim());
  if (result.status !== 'success' || result.output === undefined || errors.length > 0) {
    throw new Error(`Graphviz could not lay out the schema diagram: ${errors.join(' ') || 'no output'}`);
  }
  return result.output;
}

/** `fk:posts(author_id)->users(id)`: the id of a foreign key's edge. */
export function fkId(table: string, fk: ForeignKeyShape): string {
  return `fk:${table}(${fk.columnsFrom.join(',')})->${fk.tableTo}(${fk.columnsTo.join(',')})`;
}

/**
 * Columns whose values are unique on their own: a single-column UNIQUE constraint or unique
 * index (not a partial one, which leaves the other rows free). The primary key is not listed.
 */
export function uniqueColumns(table: TableShape): Set<string> {
  const single = [
    ...Object.values(table.uniques),
    ...Object.values(table.indexes)
      .filter((i) => i.unique && !i.where)
      .map((i) => i.columns),
  ].filter((columns) => columns.length === 1 && table.columns[columns[0]!]);
  return new Set(single.map((columns) => columns[0]!).filter((c) => !(table.primaryKey.length === 1 && table.primaryKey[0] === c)));
}

const NODE_STYLE = {
  highlight: { border: 'BORDER="2" COLOR="#1565c0" BGCOLOR="#e3f2fd"', header: '#1565c0', text: '#607d8b', mark: '#6a1b9a' },
  plain: { border: 'BORDER="1" COLOR="#546e7a" BGCOLOR="white"', header: '#37474f', text: '#607d8b', mark: '#6a1b9a' },
  context: { border: 'BORDER="1" COLOR="#b0bec5" BGCOLOR="#f5f5f5"', header: '#90a4ae', text: '#90a4ae', mark: '#9575cd' },
} as const;

function tableAttributes(table: TableShape, kind: keyof typeof NODE_STYLE): string {
  const inForeignKey = new Set(Object.values(table.foreignKeys).flatMap((fk) => fk.columnsFrom));
  const primary = new Set(table.primaryKey);
  const unique = uniqueColumns(table);
  const style = NODE_STYLE[kind];
  const { border, header } = style;
  const rows = Object.values(table.columns).map((column) => {
    const marks = [primary.has(column.name) ? 'PK' : '', inForeignKey.has(column.name) ? 'FK' : '', unique.has(column.name) ? 'UQ' : '']
      .filter(Boolean)
      .join(' ');
    const type = `${column.type || 'any'}${column.notNull ? '' : '?'}${column.generated ? ` (generated ${column.generated})` : ''}`;
    const name = primary.has(column.name) ? `<B>${html(column.name)}</B>` : html(column.name);
    return (
      `<TR><TD ALIGN="LEFT" PORT="${html(port('in', column.name))}">${name}</TD>` +
      `<TD ALIGN="LEFT"><FONT COLOR="${style.text}">${html(type)}</FONT></TD>` +
      // An empty FONT element is a syntax error in Graphviz's HTML-like labels.
      `<TD ALIGN="LEFT" PORT="${html(port('out', column.name))}">${marks ? `<FONT COLOR="${style.mark}">${marks}</FONT>` : ''}</TD></TR>`
    );
  });
  const label =
    `<<TABLE ${border} CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">` +
    `<TR><TD COLSPAN="3" BGCOLOR="${header}"><FONT COLOR="white"><B>${html(table.name)}</B></FONT></TD></TR>` +
    `${rows.join('')}</TABLE>>`;
  const cls = kind === 'plain' ? 'table' : `table ${kind}`;
  return `id=${quote(`table:${table.name}`)}, class=${quote(cls)}, tooltip=${quote(table.name)}, label=${label}`;
}

/** A view: a dashed box, its name, then its columns when known. */
function viewAttributes(name: string, columns: readonly string[] | undefined): string {
  const rows = (columns ?? []).map((c) => `<TR><TD ALIGN="LEFT"><FONT COLOR="#607d8b">${html(c)}</FONT></TD></TR>`).join('');
  const label =
    '<<TABLE BORDER="1" STYLE="dashed" COLOR="#78909c" BGCOLOR="#fafafa" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">' +
    `<TR><TD><FONT COLOR="#455a64"><I>view</I> <B>${html(name)}</B></FONT></TD></TR>${rows}</TABLE>>`;
  return `id=${quote(`view:${name}`)}, class="view", tooltip=${quote(`view ${name}`)}, label=${label}`;
}

/** What the marks and the edges mean. */
const LEGEND =
  '<<TABLE BORDER="1" COLOR="#b0bec5" BGCOLOR="white" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">' +
  '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Legend</B></TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#6a1b9a">PK</FONT></TD><TD ALIGN="LEFT">primary key</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#6a1b9a">FK</FONT></TD><TD ALIGN="LEFT">foreign key (an edge to the table it references)</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#6a1b9a">UQ</FONT></TD><TD ALIGN="LEFT">unique on its own (UNIQUE or a unique index)</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#607d8b">text?</FONT></TD><TD ALIGN="LEFT">nullable (no NOT NULL)</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#c62828"><B>━━</B></FONT></TD><TD ALIGN="LEFT">ON DELETE CASCADE</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#ef6c00">- - -</FONT></TD><TD ALIGN="LEFT">ON DELETE SET NULL or SET DEFAULT</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#455a64">──</FONT></TD><TD ALIGN="LEFT">ON DELETE RESTRICT</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#90a4ae">──</FONT></TD><TD ALIGN="LEFT">ON DELETE NO ACTION</TD></TR>' +
  '<TR><TD ALIGN="LEFT"><FONT COLOR="#78909c">- - ▷</FONT></TD><TD ALIGN="LEFT">a view reads the table</TD></TR>' +
  '</TABLE>>';

/**
 * The port of a column's first cell (`in`: edges arrive on its west side) or last cell
 * (`out`: edges leave on its east side). Prefixed, so that no column name is read as a
 * Graphviz compass point (`n`, `e`, `sw`, `c`, `_`…).
 */
function port(side: 'in' | 'out', column: string): string {
  // Graphviz splits `port:compass` at a colon, even inside a quoted port name.
  return `${side}_${column.replace(/:/g, '_')}`;
}

/** A DOT double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text inside a DOT HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
