/**
 * Splits SQL text into statements the way SQLite reads it: a `;` ends a statement unless
 * it stands inside a string, a quoted name, a comment, or the BEGIN ... END body of a
 * CREATE TRIGGER (where CASE ... END may nest). D1's own splitter has had bugs with each
 * of these (d1-facts.md), so the tooling sends statements it has split itself.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let depth = 0; // BEGIN/CASE ... END nesting inside a trigger body
  let isTrigger: boolean | undefined;
  let i = 0;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (stripComments(text).trim() !== '') statements.push(text);
    start = end + 1;
    depth = 0;
    isTrigger = undefined;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i += 1;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) i += 2; // doubled quote escapes itself
          else break;
        } else i += 1;
      }
      i += 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c === ';') {
      if (depth === 0) push(i);
      i += 1;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[\w$]/.test(sql[j]!)) j += 1;
      const word = sql.slice(i, j).toUpperCase();
      if (isTrigger === undefined) isTrigger = /^CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(stripComments(sql.slice(start, j + 40)).trim());
      if (isTrigger) {
        if (word === 'BEGIN' || word === 'CASE') depth += 1;
        else if (word === 'END' && depth > 0) depth -= 1;
      }
      i = j;
    } else i += 1;
  }
  push(sql.length);
  return statements;
}

/** SQL text without its `--` and `/* *\/` comments (strings and quoted names kept as they are). */
export function stripComments(sql: string): string {
  return sql.replace(/('(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`)|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (match, quoted: string | undefined) => quoted ?? ' ');
}
