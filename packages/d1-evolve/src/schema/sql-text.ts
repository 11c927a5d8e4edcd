/**
 * SQL text in a comparable form: equal schemas written differently compare equal
 * (identifier quotes, keyword case and whitespace, `(CURRENT_TIMESTAMP)` vs
 * `CURRENT_TIMESTAMP`, `false` vs `0`). Built on the one SQL lexer (sql/lexer.ts).
 */
import { type Token, render, tokenize } from '../sql/lexer';

/**
 * A column default as comparable text: `CURRENT_TIMESTAMP`, `(CURRENT_TIMESTAMP)` and
 * `current_timestamp` are one default; `false`/`true` are SQLite's 0/1; a double-quoted
 * default is the string SQLite reads it as.
 */
export function normaliseDefault(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  const dq = /^\s*"((?:[^"]|"")*)"\s*$/.exec(value);
  let text = normaliseSql(dq ? `'${dq[1]!.replaceAll('""', '"').replaceAll("'", "''")}'` : value);
  while (wrappedInParens(text)) text = text.slice(1, -1);
  if (text === 'false') return '0';
  if (text === 'true') return '1';
  return text;
}

function wrappedInParens(text: string): boolean {
  if (!text.startsWith('(') || !text.endsWith(')')) return false;
  let depth = 0;
  for (const token of tokenize(text)) {
    if (token.text === '(') depth += 1;
    else if (token.text === ')') {
      depth -= 1;
      if (depth === 0 && token.end < text.length) return false;
    }
  }
  return true;
}

/** SQL text in a canonical form: no comments, names unquoted, lower case outside strings, minimal spaces. */
export function normaliseSql(sql: string): string {
  return render(tokenize(sql));
}

/** CHECK constraints of a CREATE TABLE: normalised expression → constraint name. */
export function checkConstraints(createSql: string): Record<string, string | undefined> {
  const tokens = tokenize(createSql);
  const checks: Record<string, string | undefined> = {};
  tokens.forEach((token, i) => {
    if (token.kind !== 'word' || token.text !== 'check' || tokens[i + 1]?.text !== '(') return;
    const close = matchingParen(tokens, i + 1);
    const named = tokens[i - 2]?.kind === 'word' && tokens[i - 2]?.text === 'constraint';
    checks[render(tokens.slice(i + 2, close))] = named ? tokens[i - 1]!.text : undefined;
  });
  return checks;
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i]!.text === '(') depth += 1;
    else if (tokens[i]!.text === ')' && --depth === 0) return i;
  }
  return tokens.length;
}

/** The column list of `CREATE INDEX x ON t (a, lower(b))`, each entry normalised. */
export function indexSqlColumns(indexSql: string): string[] {
  const tokens = tokenize(indexSql);
  const on = tokens.findIndex((t) => t.kind === 'word' && t.text === 'on');
  const open = tokens.findIndex((t, i) => i > on && t.text === '(');
  const close = matchingParen(tokens, open);
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens.slice(open + 1, close)) {
    if (token.text === '(') depth += 1;
    if (token.text === ')') depth -= 1;
    if (token.text === ',' && depth === 0) parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  return parts.map(render);
}

export function indexSqlWhere(indexSql: string): string | undefined {
  const tokens = tokenize(indexSql);
  const where = tokens.findIndex((t) => t.kind === 'word' && t.text === 'where');
  return where === -1 ? undefined : render(tokens.slice(where + 1));
}

/** A `CREATE VIEW name [(columns)] AS SELECT ...` in parts, as written. */
export interface ViewParts {
  /** The column list, each name as written (quotes included); absent when the view has none. */
  columns?: string[];
  /** The SELECT, as written. */
  select: string;
}

/** The column list and the SELECT of a `CREATE VIEW name [(columns)] AS SELECT ...` (the one reader of view text). */
export function viewParts(viewSql: string): ViewParts {
  const tokens = tokenize(viewSql);
  const as = tokens.findIndex((t) => t.kind === 'word' && t.text === 'as');
  if (as === -1) return { select: viewSql.trim() };
  const select = viewSql.slice(tokens[as]!.end).trim();
  if (tokens[as - 1]?.text !== ')') return { select };
  const open = tokens.findIndex((t) => t.text === '(');
  const parts: Token[][] = [[]];
  for (const token of tokens.slice(open + 1, as - 1)) {
    if (token.text === ',') parts.push([]);
    else parts[parts.length - 1]!.push(token);
  }
  const columns = parts.map((part) => viewSql.slice(part[0]?.start ?? 0, part.at(-1)?.end ?? 0));
  return { columns, select };
}

/**
 * A view's definition as comparable text: its SELECT, normalised, after its column list when it
 * has one (`(acc,p) select ...`), so a hand change to the list is a difference too.
 */
export function viewDefinition(viewSql: string): string {
  const { columns, select } = viewParts(viewSql);
  const query = normaliseSql(select);
  return columns ? `(${columns.map(normaliseSql).join(',')}) ${query}` : query;
}
