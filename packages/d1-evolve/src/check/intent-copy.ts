/**
 * What a table rebuild's copy says about each column of the new table:
 *
 *   INSERT INTO `__new_t`("id", "full_name", "n") SELECT "id", "name", coalesce("n", 0) FROM `t`;
 *
 * drizzle-kit copies every column under its own name. Anything else was written by hand
 * and states an intent: a bare column of another name is a rename when that column is gone
 * afterwards (its rows are compared under the new name), and an expression or a literal is
 * a transform (the values it produces are the ones the author asked for, so a change there
 * is expected and a NOT NULL column it fills is not left without a value). A bare column
 * copied into another column that is no rename is neither: it may be a slip (the wrong
 * column selected), so its values are still checked.
 */
import type { Snapshot } from '../schema/snapshot';
import { lex } from '../sql/lexer';
import { stripComments } from '../sql/split';
import { IDENT, parseCreateTable, splitTopLevel, unquote } from './ddl';
import { findRebuilds, type Rebuild } from './rebuild';

/** Where the values of one column of the new table come from. */
export type CopySource =
  /** A column of the old table (the same name: a plain copy; another name: a rename or a copy). */
  | { kind: 'column'; column: string }
  /** A double-quoted name the old table lacks: D1 reads it as a string literal (the quoted-identifier hazard). */
  | { kind: 'unknown-name'; name: string }
  /** Anything else (a literal, `coalesce(...)`, arithmetic, a subquery): written on purpose. */
  | { kind: 'expression'; sql: string };

export interface RebuildCopy {
  /** The rebuilt table (the name it has again after the rename). */
  table: string;
  /** Each column of the new table the copy fills, and from what; columns left out take their default. */
  columns: Map<string, CopySource>;
}

/** What the whole migration intends through its rebuilds' copies. */
export interface CopyIntent {
  /** Table → (old column → new column): a column copied under another name and gone afterwards. */
  renames: Map<string, Map<string, string>>;
  /** Table → (column → the expression the copy computes it with): explicit transforms (never a bare column). */
  transforms: Map<string, Map<string, string>>;
}

const BARE_COLUMN = new RegExp(String.raw`^(?:${IDENT}\s*\.\s*)?(${IDENT})$`, 's');
const ALIAS = new RegExp(String.raw`\s+AS\s+${IDENT}$`, 'is');

/**
 * The copy of one rebuild: statement `rebuild.insert` read against the old table's columns
 * (in the schema as it stands just before it). Undefined when there is no copy or it is not
 * a plain `INSERT INTO __new_t[(...)] SELECT ... FROM t` (then nothing is inferred from it).
 */
export function rebuildCopy(statements: readonly string[], rebuild: Rebuild, oldColumns: readonly string[]): RebuildCopy | undefined {
  if (rebuild.insert === undefined) return undefined;
  const copy = parseInsertSelect(statements[rebuild.insert]!);
  if (!copy || copy.from !== rebuild.table) return undefined;
  // Without a column list the values go to the new table's columns in their order.
  const targets = copy.targets ?? Object.keys(parseCreateTable(statements[rebuild.create]!)?.columns ?? {});
  if (copy.selected.length === 1 && copy.selected[0] === '*') return undefined;
  if (targets.length !== copy.selected.length) return undefined;
  const old = new Set(oldColumns);
  const columns = new Map(targets.map((target, i) => [target, classify(copy.selected[i]!, old)]));
  return { table: rebuild.table, columns };
}

/** The renames and transforms of every rebuild in `statements`, given the schemas around the migration. */
export function copyIntent(statements: readonly string[], before: Snapshot, after: Snapshot): CopyIntent {
  const intent: CopyIntent = { renames: new Map(), transforms: new Map() };
  for (const rebuild of findRebuilds(statements)) {
    const old = before.tables[rebuild.table];
    const now = after.tables[rebuild.table];
    if (!old || !now) continue;
    const copy = rebuildCopy(statements, rebuild, Object.keys(old.columns));
    if (!copy) continue;
    const renames = new Map<string, string>();
    const transforms = new Map<string, string>();
    // The old column is gone afterwards, the target is new, and no other target took the old column first.
    const isRename = (from: string, to: string) => !now.columns[from] && !old.columns[to] && !renames.has(from);
    for (const [target, source] of copy.columns) {
      if (source.kind === 'expression') transforms.set(target, source.sql);
      else if (source.kind === 'column' && source.column !== target && isRename(source.column, target)) renames.set(source.column, target);
    }
    if (renames.size > 0) intent.renames.set(rebuild.table, renames);
    if (transforms.size > 0) intent.transforms.set(rebuild.table, transforms);
  }
  return intent;
}

/** Whether a copy source gives a NOT NULL column a value (a bare NULL or an unknown name does not). */
export function suppliesValue(source: CopySource | undefined): boolean {
  if (!source || source.kind === 'unknown-name') return false;
  return source.kind === 'column' || !/^NULL$/i.test(source.sql);
}

function classify(item: string, oldColumns: ReadonlySet<string>): CopySource {
  const expression = item.replace(ALIAS, '').trim();
  const bare = BARE_COLUMN.exec(expression);
  if (bare) {
    const name = unquote(bare[1]!);
    if (oldColumns.has(name)) return { kind: 'column', column: name };
    // A bare word that is no column (NULL, TRUE, CURRENT_TIMESTAMP) is a value; so is nothing else.
    if (expression.startsWith('"')) return { kind: 'unknown-name', name };
  }
  return { kind: 'expression', sql: expression };
}

/** `INSERT INTO x[(a, b)] SELECT e1, e2 FROM y [...]`: the target list, the selected items and the table read. */
function parseInsertSelect(sql: string): { targets?: string[]; selected: string[]; from: string } | undefined {
  const text = stripComments(sql).trim().replace(/;$/, '');
  const head = new RegExp(String.raw`^INSERT\s+INTO\s+${IDENT}\s*(?:\(([^)]*)\))?\s*SELECT\s+(?:ALL\s+)?`, 'is').exec(text);
  if (!head) return undefined;
  const rest = text.slice(head[0].length);
  const from = topLevelFrom(rest);
  if (from === undefined) return undefined;
  const table = new RegExp(String.raw`^FROM\s+(${IDENT})`, 'i').exec(rest.slice(from));
  if (!table) return undefined;
  return {
    ...(head[1] !== undefined ? { targets: splitTopLevel(head[1]).map(unquote) } : {}),
    selected: splitTopLevel(rest.slice(0, from)),
    from: unquote(table[1]!),
  };
}

/** The offset of the first FROM outside parentheses, strings and quoted names (a subquery's FROM is not it). */
function topLevelFrom(sql: string): number | undefined {
  let depth = 0;
  for (const token of lex(sql)) {
    if (token.kind === 'punct' && token.text === '(') depth += 1;
    else if (token.kind === 'punct' && token.text === ')') depth -= 1;
    else if (token.kind === 'word' && token.text === 'from' && depth === 0) return token.start;
  }
  return undefined;
}
