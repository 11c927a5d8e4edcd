/**
 * Text in GitHub-flavoured Markdown that shows as written, for the schema reference
 * (docs/schema.md) and the check's summary. A table cell is the one place `|` needs an
 * escape, even inside a code span (GFM splits the row before it reads the spans); anywhere
 * else `\|` would show its backslash.
 */

/** A code span that holds any text, for running text (a heading, a list item, a paragraph). */
export function code(text: string): string {
  return span(flat(text));
}

/** A code span in a table cell: its `|` escaped. */
export function cellCode(text: string): string {
  return span(flat(text).replace(/\|/g, '\\|'));
}

/**
 * Markdown text that shows as written: backtick spans stay code, everything else has
 * Markdown's and HTML's special characters escaped (a `[x](url)` or `<img>` is shown, not followed).
 */
export function md(text: string): string {
  return markdown(text, code);
}

/** `md` for a table cell. */
export function cellMd(text: string): string {
  return markdown(text, cellCode);
}

function markdown(text: string, toCode: (text: string) => string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return plain(text);
  return parts.map((part, i) => (i % 2 === 1 ? (part.length > 0 ? toCode(part) : '``') : plain(part))).join('');
}

function plain(text: string): string {
  // Enough to keep emphasis, links, images, tables (`|` escaped everywhere) and HTML out; `(` and `#` mean nothing mid-line.
  return flat(text).replace(/[\\`*_[\]<>|~&]/g, '\\$&');
}

/** Backticks fenced by a longer run; a span that starts or ends with one, or with a space at both ends, padded (CommonMark strips one space each side). */
function span(inner: string): string {
  const fence = '`'.repeat(Math.max(0, ...(inner.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = /^`|`$/.test(inner) || /^ .*\S.* $/.test(inner) ? ' ' : '';
  return `${fence}${pad}${inner}${pad}${fence}`;
}

const flat = (text: string) => text.replace(/\r?\n/g, ' ');
