/**
 * The rows `bench:rebuild` loads and counts: the tree of rebuild-schema.ts, generated inside
 * workerd, and the counts of every table and of every ON DELETE SET NULL reference.
 */
import { type D1Transport, query } from '../src/transports/transport';

/** Rows generated per INSERT: each is one batch of its own, far from any limit. */
const CHUNK = 100_000;

/** An id from a row number: a bijection of 32-bit numbers, so ids are distinct and come in no particular order (as UUIDs). */
const id = (prefix: string, n: string) => `printf('${prefix}%08x', ((${n}) * 2654435761) % 4294967296)`;

/**
 * The rows, parents first, generated inside workerd in chunks of CHUNK. Each row is given its
 * parent by a different spread (× a prime), so children do not follow their parents' order.
 */
export async function load(transport: D1Transport, size: number, progress: (line: string) => void): Promise<void> {
  const users = Math.max(1, Math.floor(size / 100));
  const half = Math.max(1, Math.floor(size / 2));
  const tables: { table: string; rows: number; columns: string; select: string }[] = [
    { table: 'users', rows: users, columns: 'id, email', select: `${id('u', 'i')}, 'user' || i || '@example.com'` },
    { table: 'workspaces', rows: size, columns: 'id, user_id, name', select: `${id('w', 'i')}, ${id('u', `i % ${users}`)}, 'workspace ' || i` },
    {
      table: 'agents',
      rows: half,
      columns: 'id, workspace_id, name, status',
      select: `${id('a', 'i')}, ${id('w', `(i * 7919) % ${size}`)}, 'agent ' || i, CASE i % 3 WHEN 0 THEN 'discovered' WHEN 1 THEN 'confirmed' ELSE 'archived' END`,
    },
    {
      table: 'agent_versions',
      rows: half,
      columns: 'id, agent_id, version, prompt_template, status',
      select: `${id('v', 'i')}, ${id('a', 'i')}, 1, 'You are agent ' || i || '. Answer the question in the input, citing the trace.', CASE i % 2 WHEN 0 THEN 'active' ELSE 'candidate' END`,
    },
    {
      table: 'traces',
      rows: half,
      columns: 'id, workspace_id, agent_version_id, source, steps, input_preview',
      select: `${id('t', 'i')}, ${id('w', `(i * 7907 + 1) % ${size}`)}, CASE WHEN i % 3 = 0 THEN ${id('v', `(i * 31) % ${half}`)} END, 'langfuse', '[{"type":"llm","tokens":' || (i % 997) || '}]', 'input of trace ' || i`,
    },
    {
      table: 'feedback',
      rows: half,
      columns: 'id, trace_id, agent_id, rating',
      select: `${id('f', 'i')}, ${id('t', 'i')}, ${id('a', `(i * 37) % ${half}`)}, CASE i % 3 WHEN 0 THEN 'positive' WHEN 1 THEN 'negative' ELSE 'neutral' END`,
    },
  ];
  for (const { table, rows, columns, select } of tables) {
    progress(`loading ${rows.toLocaleString('en')} ${table}`);
    for (let from = 0; from < rows; from += CHUNK) {
      const to = Math.min(rows, from + CHUNK) - 1;
      await transport.batch([
        {
          sql: `WITH RECURSIVE c(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM c WHERE i < ${to}) INSERT INTO "${table}" (${columns}) SELECT ${select} FROM c`,
        },
      ]);
    }
  }
}

export async function tableNames(transport: D1Transport): Promise<string[]> {
  const rows = await query<{ name: string }>(
    transport,
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_migrations%' ORDER BY name",
  );
  return rows.map((r) => r.name);
}

/** The columns of `tables` whose foreign key is ON DELETE SET NULL: a nulled reference is lost data too. */
export async function setNullColumns(transport: D1Transport, tables: string[]): Promise<{ table: string; column: string }[]> {
  const lists = await transport.batch(tables.map((t) => ({ sql: `PRAGMA foreign_key_list("${t}")` })));
  return tables.flatMap((table, i) =>
    lists[i]!.rows.filter((fk) => String(fk.on_delete).toUpperCase() === 'SET NULL').map((fk) => ({ table, column: String(fk.from) })),
  );
}

export async function countRows(transport: D1Transport, tables: string[]): Promise<Record<string, number>> {
  const counts = await transport.batch(tables.map((t) => ({ sql: `SELECT count(*) AS n FROM "${t}"` })));
  return Object.fromEntries(tables.map((t, i) => [t, Number(counts[i]!.rows[0]!.n)]));
}

export async function countRefs(transport: D1Transport, columns: { table: string; column: string }[]): Promise<Record<string, number>> {
  if (columns.length === 0) return {};
  const counts = await transport.batch(columns.map(({ table, column }) => ({ sql: `SELECT count("${column}") AS n FROM "${table}"` })));
  return Object.fromEntries(columns.map(({ table, column }, i) => [`${table}.${column}`, Number(counts[i]!.rows[0]!.n)]));
}

/** Rows missing after, summed over the tables (a table that gained rows counts 0). */
export function lost(before: Record<string, number>, after: Record<string, number>): number {
  return Object.entries(before).reduce((sum, [table, n]) => sum + Math.max(0, n - (after[table] ?? 0)), 0);
}
