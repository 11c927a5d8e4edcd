/**
 * Splits SQL text into statements the way SQLite reads it: a `;` ends a statement unless
 * it stands inside a string, a quoted name, a comment, or the BEGIN ... END body of a
 * CREATE TRIGGER (where CASE ... END may nest). D1's own splitter has had bugs with each
 * of these (d1-facts.md), so the tooling sends statements it has split itself.
 */
import { lex } from './lexer';

export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let words: string[] = []; // the statement's first words, to recognise CREATE [TEMP] TRIGGER
  let depth = 0; // BEGIN/CASE ... END nesting inside a trigger body
  let hasContent = false;
  const push = (end: number) => {
    if (hasContent) statements.push(sql.slice(start, end).trim());
    words = [];
    depth = 0;
    hasContent = false;
  };
  for (const token of lex(sql)) {
    if (token.kind === 'space' || token.kind === 'comment') continue;
    if (token.kind === 'punct' && token.text === ';' && depth === 0) {
      push(token.start);
      start = token.end;
      continue;
    }
    hasContent = true;
    if (token.kind !== 'word') continue;
    if (words.length < 3) words.push(token.text);
    if (!isTrigger(words)) continue;
    if (token.text === 'begin' || token.text === 'case') depth += 1;
    else if (token.text === 'end' && depth > 0) depth -= 1;
  }
  push(sql.length);
  return statements;
}

function isTrigger([first, second, third]: string[]): boolean {
  return first === 'create' && (second === 'trigger' || ((second === 'temp' || second === 'temporary') && third === 'trigger'));
}

/** Texts already stripped: the check asks for the same statements' text from many rules. */
const stripped = new Map<string, string>();
const STRIPPED_KEPT = 10_000;

/** SQL text without its `--` and `/* *\/` comments (strings and quoted names kept as they are). */
export function stripComments(sql: string): string {
  const known = stripped.get(sql);
  if (known !== undefined) return known;
  const text = lex(sql)
    .map((token) => (token.kind === 'comment' ? ' ' : sql.slice(token.start, token.end)))
    .join('');
  if (stripped.size >= STRIPPED_KEPT) stripped.clear();
  stripped.set(sql, text);
  return text;
}
