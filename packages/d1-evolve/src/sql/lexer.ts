/**
 * The one SQL lexer: splitting a migration into statements, stripping comments and
 * normalising schema text for comparison all read SQL through it, so a quote, a bracket or
 * a comment means the same thing everywhere. It follows SQLite's rules: 'strings' and
 * "names" and `names` escape their quote by doubling it, [names] have no escape, `--`
 * comments end at the line's end, an unterminated /* comment or string runs to the end.
 */

export type TokenKind = 'space' | 'comment' | 'string' | 'name' | 'word' | 'punct';

export interface Token {
  kind: TokenKind;
  /**
   * The token as compared: strings verbatim, names unquoted and lower case, words lower
   * case, whitespace and comments as they are written.
   */
  text: string;
  /** Offsets into the source: `sql.slice(start, end)` is the token as written. */
  start: number;
  end: number;
}

/** Every token of `sql`, whitespace and comments included, in order. */
export function lex(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, text = sql.slice(start, i)) => tokens.push({ kind, text, start, end: i });
  while (i < sql.length) {
    const c = sql[i]!;
    const start = i;
    if (/\s/.test(c)) {
      while (i < sql.length && /\s/.test(sql[i]!)) i += 1;
      push('space', start);
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      push('comment', start);
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      push('comment', start);
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i += 1;
      while (i < sql.length) {
        if (sql[i] !== close) i += 1;
        else if (close !== ']' && sql[i + 1] === close)
          i += 2; // a doubled quote escapes itself
        else break;
      }
      i = Math.min(i + 1, sql.length);
      if (c === "'") push('string', start);
      else {
        const inner = sql.slice(start + 1, sql[i - 1] === close ? i - 1 : i);
        push('name', start, (close === ']' ? inner : inner.replaceAll(close + close, close)).toLowerCase());
      }
    } else if (/[\w$]/.test(c)) {
      while (i < sql.length && /[\w$]/.test(sql[i]!)) i += 1;
      push('word', start, sql.slice(start, i).toLowerCase());
    } else {
      i += 1;
      push('punct', start);
    }
  }
  return tokens;
}

/** The tokens that carry meaning: whitespace and comments dropped. */
export function tokenize(sql: string): Token[] {
  return lex(sql).filter((token) => token.kind !== 'space' && token.kind !== 'comment');
}

/** Tokens back to canonical text: names unquoted where they can be, a space only where two words would run together. */
export function render(tokens: readonly Token[]): string {
  let out = '';
  let previous: Token | undefined;
  for (const token of tokens) {
    const text = token.kind === 'name' && !/^[a-z_][\w$]*$/.test(token.text) ? `"${token.text.replaceAll('"', '""')}"` : token.text;
    if (previous && previous.kind !== 'punct' && token.kind !== 'punct' && previous.kind !== 'string' && token.kind !== 'string') out += ' ';
    out += text;
    previous = token;
  }
  return out.replace(/;+$/, '');
}
