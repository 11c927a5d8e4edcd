/**
 * What the replay does when a migration fails on an engine: find the statement that fails
 * without changing the database, then bring the database to the schema the next migration
 * expects so that every later migration is still checked (one failure at 0030 must not hide
 * a hazard at 0054).
 */
import type { Snapshot } from '../schema/snapshot';
import type { D1Transport, Statement } from '../transports/transport';
import { ident } from './rows';
import { SCHEMA_QUERY, type SchemaRow } from './schema-match';
import { parentsFirst } from './table-facts';

/**
 * A statement that always fails, ending a probe batch: the batch then rolls back whatever
 * came before it, and its error says whether everything before it ran.
 */
const PROBE_TABLE = '__d1_evolve_probe_end';
const PROBE: Statement = { sql: `SELECT * FROM ${ident(PROBE_TABLE)}` };

/**
 * The first statement of `statements` that fails, and its error, found with probe batches
 * that all roll back (a binary search over prefixes, so about log2(n) requests). Undefined
 * when every statement runs and only the commit fails (a deferred foreign-key check).
 */
export async function findFailingStatement(transport: D1Transport, statements: Statement[]): Promise<{ index: number; error: unknown } | undefined> {
  const failsWithin = async (count: number): Promise<unknown> => {
    try {
      await transport.batch([...statements.slice(0, count), PROBE]);
    } catch (error) {
      return String((error as Error)?.message ?? error).includes(PROBE_TABLE) ? undefined : error;
    }
    throw new Error(`the probe statement ${PROBE.sql} ran: the check cannot tell which statement fails`);
  };
  const whole = await failsWithin(statements.length);
  if (whole === undefined) return undefined;
  // The shortest failing prefix ends with the failing statement; `error` is always high's.
  let low = 1;
  let high = statements.length;
  let error = whole;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const failed = await failsWithin(middle);
    if (failed === undefined) low = middle + 1;
    else {
      high = middle;
      error = failed;
    }
  }
  return { index: high - 1, error };
}

const STATEMENT_EXCERPT = 200;

/**
 * Why a batch failed, for a finding: the engine's message of the statement that fails (found
 * without changing the database) and where: `statement 2 of 5: INSERT ...` or at commit.
 */
export async function whereItFails(transport: D1Transport, statements: Statement[], error: unknown): Promise<{ text: string; where: string }> {
  const failing = await findFailingStatement(transport, statements);
  const where = failing
    ? `statement ${failing.index + 1} of ${statements.length}: ${excerpt(statements[failing.index]!.sql)}`
    : 'at commit (every statement runs alone; a deferred foreign-key check fails at the end)';
  return { text: errorText(failing?.error ?? error), where };
}

/** An error's message, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function excerpt(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > STATEMENT_EXCERPT ? `${flat.slice(0, STATEMENT_EXCERPT)}...` : flat;
}

export interface Recovery {
  /** Statements of the migration that still failed on the emptied tables (by index); empty when it ran whole. */
  skipped: number[];
}

/**
 * Brings the database to the schema after a migration that failed on the seeded rows: empty
 * every table (children first, as a RESTRICT reference demands), then run the migration
 * again; a migration that fails even on empty tables is run statement by statement, skipping
 * those that fail. The database then holds no rows, and the next migration is seeded afresh.
 */
export async function recoverAfterFailure(transport: D1Transport, schema: Snapshot, statements: Statement[]): Promise<Recovery> {
  await emptyTables(transport, schema);
  try {
    if (statements.length > 0) await transport.batch(statements);
    return { skipped: [] };
  } catch {
    const skipped: number[] = [];
    for (const [index, statement] of statements.entries()) {
      try {
        await transport.batch([statement]);
      } catch {
        skipped.push(index);
      }
    }
    return { skipped };
  }
}

/** Deletes every row of every table the database has, children before parents. */
async function emptyTables(transport: D1Transport, schema: Snapshot): Promise<void> {
  const [live] = await transport.batch([{ sql: SCHEMA_QUERY }]);
  const tables = new Set((live!.rows as unknown as SchemaRow[]).map((r) => r.t));
  const known = parentsFirst(schema).filter((t) => tables.has(t));
  const unknown = [...tables].filter((t) => !schema.tables[t]);
  const order = [...unknown, ...known.reverse()];
  if (order.length === 0) return;
  await transport.batch([{ sql: 'PRAGMA defer_foreign_keys = ON' }, ...order.map((t) => ({ sql: `DELETE FROM ${ident(t)}` }))]);
}
