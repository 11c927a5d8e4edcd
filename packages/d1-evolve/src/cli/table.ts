/** Plain-text tables for the terminal: one helper, so every command lines its columns up alike. */
import type { Output } from './command';

export type Align = 'left' | 'right';

/** Prints a header and rows with columns padded to their widest cell; `align` per column (default left). */
export function printTable(out: Output, header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): void {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  out.line(render(header));
  for (const row of rows) out.line(render(row));
}
