/**
 * A dump loaded into an empty engine database, in batches that stay under D1's limits, with
 * every row where it was. The order is what makes that hold on D1, where foreign keys are
 * always enforced and a batch is one transaction that checks deferred keys at its commit:
 *   1. every CREATE TABLE (a table may name a parent created later: SQLite allows it);
 *   2. the rows, parents before children (read from the engine's foreign_key_list), each
 *      batch opening with `PRAGMA defer_foreign_keys = ON`; the rows of tables that reference
 *      each other (or themselves) stay in one batch, so their order inside it does not matter;
 *   3. sqlite_sequence, then any other statement of the dump;
 *   4. indexes, views, then triggers: a trigger created before the rows would fire on them.
 * A dump's own PRAGMAs and BEGIN/COMMIT (sqlite3's .dump writes them; D1 refuses transaction
 * statements) and its ANALYZE statistics are left out.
 */
import { ToolError } from '../../errors';
import { tokenize } from '../../sql/lexer';
import { splitStatements } from '../../sql/split';
import { quoteName } from './dump';
import { type D1Transport, type Statement, query } from '../../transports/transport';

/** Rows per batch, and SQL bytes per batch: well inside what one D1 request takes in 30 s. */
export const MAX_BATCH_STATEMENTS = 500;
export const MAX_BATCH_BYTES = 1_000_000;

const DEFER = 'PRAGMA defer_foreign_keys = ON';

type Kind = 'table' | 'row' | 'sequence' | 'index' | 'view' | 'trigger' | 'other' | 'skip';

interface Classified {
  sql: string;
  kind: Kind;
  /** The table a row goes into, lower case. */
  table?: string;
}

/** Loads `dump` into the empty database behind `transport`. */
export async function loadDump(transport: D1Transport, dump: string): Promise<void> {
  const statements = splitStatements(dump).map(classify);
  const of = (...kinds: Kind[]) => statements.filter((s) => kinds.includes(s.kind)).map((s) => s.sql);
  await send(transport, units(of('table')));
  const order = await tableOrder(transport);
  await send(transport, rowUnits(statements, order));
  await send(transport, units([...of('sequence'), ...of('other')]));
  await send(transport, units([...of('index'), ...of('view'), ...of('trigger')]));
}

/** What a statement of the dump is, from its first words. */
function classify(sql: string): Classified {
  const tokens = tokenize(sql).slice(0, 6);
  const words = tokens.map((t) => t.text);
  const [first, second, third] = words;
  if (first === 'pragma' || first === 'analyze' || first === 'begin' || first === 'commit' || first === 'end' || first === 'rollback') {
    return { sql, kind: 'skip' };
  }
  if (first === 'savepoint' || first === 'release') return { sql, kind: 'skip' };
  if (first === 'insert' || first === 'replace') {
    const at = words.indexOf('into');
    const table = at === -1 ? undefined : tokens[at + 1]?.text;
    if (table === 'sqlite_sequence') return { sql, kind: 'sequence' };
    if (table?.startsWith('sqlite_stat')) return { sql, kind: 'skip' };
    return { sql, kind: 'row', table };
  }
  if (first === 'delete' && words.includes('sqlite_sequence')) return { sql, kind: 'sequence' };
  if (first !== 'create') return { sql, kind: 'other' };
  const object = second === 'unique' || second === 'temp' || second === 'temporary' || second === 'virtual' ? third : second;
  if (object === 'table') return { sql, kind: 'table' };
  if (object === 'index' || object === 'view' || object === 'trigger') return { sql, kind: object };
  return { sql, kind: 'other' };
}

/**
 * The tables of the engine's database in an order where every parent comes before its
 * children: the strongly connected components of the foreign-key graph (Tarjan's algorithm
 * emits a component only after every component it references), each a list of tables that
 * must be loaded together when it has more than one table or references itself.
 */
async function tableOrder(transport: D1Transport): Promise<{ tables: string[]; together: boolean }[]> {
  // One `PRAGMA foreign_key_list` per table: workerd's D1 refuses the pragma_foreign_key_list() table function.
  const tables = await query<{ name: string }>(
    transport,
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid",
  );
  const lists = tables.length === 0 ? [] : await transport.batch(tables.map(({ name }) => ({ sql: `PRAGMA foreign_key_list(${quoteName(name)})` })));
  const parents = new Map<string, Set<string>>();
  tables.forEach(({ name }, i) => {
    parents.set(name.toLowerCase(), new Set((lists[i]?.rows ?? []).map((fk) => String(fk.table).toLowerCase())));
  });
  const names = [...parents.keys()];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: { tables: string[]; together: boolean }[] = [];
  const visit = (name: string) => {
    index.set(name, index.size);
    low.set(name, index.get(name)!);
    stack.push(name);
    onStack.add(name);
    for (const parent of parents.get(name) ?? []) {
      if (!parents.has(parent)) continue;
      if (!index.has(parent)) {
        visit(parent);
        low.set(name, Math.min(low.get(name)!, low.get(parent)!));
      } else if (onStack.has(parent)) low.set(name, Math.min(low.get(name)!, index.get(parent)!));
    }
    if (low.get(name) !== index.get(name)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== name);
    components.push({ tables: component, together: component.length > 1 || parents.get(name)!.has(name) });
  };
  for (const name of names) if (!index.has(name)) visit(name);
  return components;
}

/**
 * The row statements as batch units, parents' rows first; rows of a table the engine does not
 * know come last. Consecutive rows of a table are merged into multi-row INSERTs (mergeInserts).
 */
function rowUnits(statements: readonly Classified[], order: readonly { tables: string[]; together: boolean }[]): string[][] {
  const byTable = new Map<string, string[]>();
  for (const s of statements) {
    if (s.kind !== 'row') continue;
    const key = s.table ?? '';
    const list = byTable.get(key);
    if (list) list.push(s.sql);
    else byTable.set(key, [s.sql]);
  }
  const result: string[][] = [];
  for (const { tables, together } of order) {
    const rows = tables.flatMap((table) => {
      const list = byTable.get(table) ?? [];
      byTable.delete(table);
      return mergeInserts(list);
    });
    if (together && rows.length > 0) result.push(rows);
    else result.push(...units(rows));
  }
  for (const rows of byTable.values()) result.push(...units(rows));
  return result;
}

/** Rows per merged INSERT, and its length: under D1's 100,000-byte statement limit. */
const MERGE_ROWS = 200;
const MERGE_BYTES = 90_000;

/**
 * `INSERT INTO "t" VALUES(...)` one row each (D1's form) as `INSERT INTO "t" VALUES(...),(...)`:
 * a D1 batch costs time per statement (workerd's D1 took about 10 ms a statement here), so a
 * dump of a hundred thousand rows loads in seconds instead of a quarter of an hour. A statement
 * of any other shape, or one too long to share, is kept as it is.
 */
export function mergeInserts(sqls: readonly string[]): string[] {
  const merged: string[] = [];
  let head: string | undefined;
  let tuples: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (head !== undefined && tuples.length > 0) merged.push(`${head} ${tuples.join(',')}`);
    head = undefined;
    tuples = [];
    bytes = 0;
  };
  for (const sql of sqls) {
    const parts = insertParts(sql);
    if (!parts || parts.tuples.length + 1 > MERGE_BYTES) {
      flush();
      merged.push(sql);
      continue;
    }
    if (parts.head !== head || tuples.length >= MERGE_ROWS || bytes + parts.tuples.length + 1 > MERGE_BYTES) flush();
    head = parts.head;
    tuples.push(parts.tuples);
    bytes += parts.tuples.length + 1;
  }
  flush();
  return merged;
}

/** `INSERT INTO <name> VALUES` and the tuples after it, when that is all the statement is. */
function insertParts(sql: string): { head: string; tuples: string } | undefined {
  const tokens = tokenize(sql);
  const [insert, into, name, values] = tokens;
  if (insert?.text !== 'insert' || into?.text !== 'into' || (name?.kind !== 'name' && name?.kind !== 'word') || values?.text !== 'values') return undefined;
  // Then only balanced ( ... ) groups separated by commas, up to the end.
  let depth = 0;
  let expectGroup = true;
  for (const token of tokens.slice(4)) {
    if (depth === 0) {
      if (expectGroup ? token.text !== '(' : token.text !== ',') return undefined;
      expectGroup = !expectGroup;
      if (token.text === ',') continue;
    }
    if (token.kind === 'punct' && token.text === '(') depth += 1;
    else if (token.kind === 'punct' && token.text === ')') depth -= 1;
  }
  if (depth !== 0 || expectGroup) return undefined;
  return { head: `INSERT INTO ${sql.slice(name.start, name.end)} VALUES`, tuples: sql.slice(tokens[4]!.start).trim() };
}

const units = (sqls: readonly string[]): string[][] => sqls.map((sql) => [sql]);

/**
 * Sends the units in batches of at most MAX_BATCH_STATEMENTS statements and MAX_BATCH_BYTES
 * bytes; a unit is never split (tables that reference each other), so one larger than that
 * is sent as a batch of its own.
 */
async function send(transport: D1Transport, list: readonly string[][]): Promise<void> {
  let batch: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const statements: Statement[] = [DEFER, ...batch].map((sql) => ({ sql }));
    try {
      await transport.batch(statements);
    } catch (cause) {
      const first = batch[0]!.replace(/\s+/g, ' ').slice(0, 120);
      throw new ToolError(
        `Loading the data into ${transport.target} failed in the batch that starts with \`${first}\`: ${(cause as Error).message}. ` +
          'The dump must be one whole database (as `wrangler d1 export` writes it).',
        { cause },
      );
    }
    batch = [];
    bytes = 0;
  };
  for (const unit of list) {
    const size = unit.reduce((total, sql) => total + Buffer.byteLength(sql), 0);
    if (batch.length + unit.length > MAX_BATCH_STATEMENTS || bytes + size > MAX_BATCH_BYTES) await flush();
    batch.push(...unit);
    bytes += size;
  }
  await flush();
}
