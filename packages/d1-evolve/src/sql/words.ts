/** Finding a name as a word of SQL text, without a parser. */

/** `text` with every character a RegExp reads specially escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}

/** Whether `text` has `name` as a whole word, quoted (`"x"`, `` `x` ``, `[x]`) or not, in any case (SQLite's names are case-insensitive). */
export function namesWord(text: string, name: string): boolean {
  return new RegExp(String.raw`(^|[^\w$])[\x60"\[]?${escapeRegExp(name)}[\x60"\]]?($|[^\w$])`, 'i').test(text);
}
