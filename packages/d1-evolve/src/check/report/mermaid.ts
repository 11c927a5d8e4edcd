/**
 * A Mermaid `erDiagram` of some tables of a schema, for Markdown that GitHub renders (pull
 * request comments, `$GITHUB_STEP_SUMMARY`): each table with its columns (PK, FK and UK
 * marked, NOT NULL and defaults as comments) and one relationship per foreign key between
 * two drawn tables, labelled with its columns and ON DELETE action. Mermaid's grammar takes
 * only plain words as names and types, so anything else is spelled with `_`.
 */
import type { SchemaShape, TableShape } from '../../schema/shape';

/** The diagram's lines (without the code fence) for `tables` of `shape`, in name order. */
export function mermaidErDiagram(shape: SchemaShape, tables: readonly string[]): string[] {
  const drawn = [...new Set(tables)].filter((t) => shape.tables[t]).sort();
  const names = entityNames(drawn);
  const lines = ['erDiagram'];
  for (const name of drawn) {
    const table = shape.tables[name]!;
    lines.push(`  ${names.get(name)} {`);
    for (const column of Object.values(table.columns)) lines.push(`    ${attribute(table, column)}`);
    lines.push('  }');
  }
  for (const name of drawn) {
    const table = shape.tables[name]!;
    for (const fk of Object.values(table.foreignKeys)) {
      const parent = names.get(fk.tableTo);
      if (!parent) continue;
      const required = fk.columnsFrom.every((c) => table.columns[c]?.notNull);
      const label = `${fk.columnsFrom.join(', ')} (on delete ${fk.onDelete})`;
      lines.push(`  ${parent} ${required ? '||' : '|o'}--o{ ${names.get(name)} : "${comment(label)}"`);
    }
  }
  return lines;
}

/** A distinct Mermaid-safe name per table. */
function entityNames(tables: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const table of tables) {
    let name = word(table);
    for (let n = 2; used.has(name); n += 1) name = `${word(table)}_${n}`;
    used.add(name);
    names.set(table, name);
  }
  return names;
}

function attribute(table: TableShape, column: TableShape['columns'][string]): string {
  const keys = [
    table.primaryKey.includes(column.name) ? 'PK' : '',
    Object.values(table.foreignKeys).some((fk) => fk.columnsFrom.includes(column.name)) ? 'FK' : '',
    Object.values(table.uniques).some((u) => u.length === 1 && u[0] === column.name) ||
    Object.values(table.indexes).some((i) => i.unique && !i.where && i.columns.length === 1 && i.columns[0] === column.name)
      ? 'UK'
      : '',
  ].filter(Boolean);
  const notes = [column.notNull && !table.primaryKey.includes(column.name) ? 'not null' : '', column.default !== undefined ? `default ${column.default}` : '']
    .filter(Boolean)
    .join(', ');
  return [word(column.type || 'any'), word(column.name), keys.join(', '), notes ? `"${comment(notes)}"` : ''].filter(Boolean).join(' ');
}

/** A name Mermaid reads as one word: letters, digits and `_`, not starting with a digit. */
function word(text: string): string {
  const plain = text.replace(/[^A-Za-z0-9_]/g, '_') || '_';
  return /^[0-9]/.test(plain) ? `_${plain}` : plain;
}

/** Text inside a Mermaid double-quoted string, which has no escape for `"` (and some versions end a statement at `;`). */
function comment(text: string): string {
  return text
    .replace(/"/g, "'")
    .replace(/;/g, ',')
    .replace(/[\r\n]+/g, ' ');
}
