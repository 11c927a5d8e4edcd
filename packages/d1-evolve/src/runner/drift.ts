/**
 * Drift: the live schema against the schema its applied migrations create. The expected
 * schema is the applied migrations replayed, in ledger order, on a fresh engine and read
 * back with the same introspection as the live database, rather than the snapshot of the
 * last applied migration, because:
 *   - it is what the files really create, custom SQL included (a trigger, a view or an
 *     index in a `--custom` migration or a hand-edited generated one, which no snapshot
 *     has), and what the check replayed the pending migrations on (apply's gate);
 *   - both sides are read by one introspection from SQLite's own text, so no difference of
 *     spelling between a snapshot and sqlite_master can show up as drift;
 *   - its sqlite_master holds the exact CREATE statements the repair SQL re-creates;
 *   - it holds when the snapshots cannot: a file outside the journal, a missing snapshot,
 *     migrations applied out of order.
 * It costs one in-memory better-sqlite3 replay; workerd's D1 is asked only when a migration
 * fails on better-sqlite3 (a double-quoted name D1 reads as a string). Read-only on the
 * live database: three requests to introspect, one more for its sqlite_master (the CREATE
 * INDEX texts whose DESC and COLLATE the shapes do not hold, and the repair's text).
 */
import { openEngine, type EngineName, ENGINE_LABELS } from '../check/engines';
import { ToolError } from '../errors';
import type { Migration } from '../folder/migration-folder';
import { type SchemaDifference, indexTextDifferences, schemaDifferences } from '../schema/compare';
import { introspect } from '../schema/live';
import { MASTER_QUERY, type SchemaObject, planRepair } from '../schema/repair';
import type { SchemaShape } from '../schema/shape';
import { tokenize } from '../sql/lexer';
import { type D1Transport, query, statements } from '../transports/transport';
import { type Ledger, type LedgerRow, readLedger } from './ledger';
import { computeStatus } from './status';

export interface DriftOptions {
  /** The live database. */
  transport: D1Transport;
  /** The folder's migrations. */
  migrations: readonly Migration[];
  /** Its ledger (left out of the comparison, with its lock). */
  ledger: Ledger;
  /** The ledger's rows, as read (readLedger). */
  rows: readonly LedgerRow[];
  /** Opens a fresh engine to replay the applied migrations on; default check/engines' openEngine. */
  openEngine?: (engine: EngineName) => Promise<D1Transport>;
}

/** One difference with the statements of the repair script that remove it. */
export interface DriftDifference extends SchemaDifference {
  repair: string[];
}

export interface DriftReport {
  /** Whether the schemas were compared; when not, `reason` says why. */
  checked: boolean;
  reason?: string;
  /**
   * Not compared because the ledger lists no migration while the database has tables: it was
   * built without them (`drizzle-kit push`, `wrangler d1 execute`) and is to be adopted with
   * `d1-evolve baseline`, not repaired (the repair would drop every table).
   */
  unadopted?: boolean;
  /** What the live schema was compared with, for people. */
  expected?: string;
  /** The applied migrations replayed, in the order they were applied. */
  replayed: string[];
  differences: DriftDifference[];
  /** The repair script, in order; run it as one transaction. */
  repair: string[];
  /** What to know before running it. */
  warnings: string[];
  /** Caveats of the comparison (an edited file replayed as it is now, an empty ledger). */
  notes: string[];
}

const LABELS = { actual: 'the database', expected: 'the applied migrations' };

/** Compares the live schema with what the applied migrations create; never writes to the live database. */
export async function computeDrift({ transport, migrations, ledger, rows, openEngine: open = openEngine }: DriftOptions): Promise<DriftReport> {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  const lacking = rows.filter((row) => !byName.has(row.name)).map((row) => row.name);
  const none = { replayed: [], differences: [], repair: [], warnings: [], notes: [] };
  if (lacking.length > 0) {
    return {
      ...none,
      checked: false,
      reason: `not compared: the ledger lists ${lacking.join(', ')}, which this checkout lacks, so the schema the database should have is unknown`,
    };
  }
  const applied = rows.map((row) => byName.get(row.name)!);
  const notes = applied
    .filter((m, i) => rows[i]!.checksum !== undefined && rows[i]!.checksum !== m.checksum)
    .map((m) => `${m.name} changed after it was applied: compared with what the file creates now`);

  const expected = await replayApplied(applied, open);
  if ('failure' in expected) return { ...none, checked: false, reason: `not compared: ${expected.failure}` };
  for (const name of expected.withoutData) {
    notes.push(
      `${name} fails on an empty database (its rows need rows this one had): its schema statements were replayed without its INSERT, UPDATE and DELETE`,
    );
  }
  const ignored = [ledger.table, ledger.lock.table];
  const live = await introspect(transport, { ignore: ignored });
  if (applied.length === 0 && Object.keys(live.tables).length + Object.keys(live.views).length > 0) {
    return {
      ...none,
      checked: false,
      unadopted: true,
      reason: 'not compared: the ledger lists no migration, but the database has tables: built without these migrations: adopt it with `d1-evolve baseline`',
    };
  }
  const objects = (await query<SchemaObject>(transport, MASTER_QUERY)).filter((o) => !ignored.some((t) => t.toLowerCase() === o.tbl_name.toLowerCase()));
  const shapes = schemaDifferences(live, expected.shape, LABELS);
  const found = [...shapes, ...indexTextDifferences(shapes, objects, expected.objects, LABELS)];
  const described = `the schema ${applied.length} applied migration(s) create (replayed on ${ENGINE_LABELS[expected.engine]})`;
  if (found.length === 0) return { ...none, checked: true, expected: described, replayed: applied.map((m) => m.name), notes };

  const plan = planRepair(found, { shape: live, objects }, { shape: expected.shape, objects: expected.objects });
  return {
    checked: true,
    expected: described,
    replayed: applied.map((m) => m.name),
    differences: found.map((difference, i) => ({ ...difference, repair: plan.repairs[i]! })),
    repair: plan.statements,
    warnings: plan.warnings,
    notes,
  };
}

type Replayed = { shape: SchemaShape; objects: SchemaObject[]; engine: EngineName; withoutData: string[] } | { failure: string };

/** Statements that change rows, not the schema. */
const DATA_VERBS = new Set(['insert', 'replace', 'update', 'delete', 'with']);
const changesRows = (sql: string) => DATA_VERBS.has(tokenize(sql)[0]?.text ?? '');

/**
 * The applied migrations on a fresh engine, each as one batch as D1 runs a file. A migration
 * whose rows need rows only the real database had (a seed referencing an existing parent)
 * fails on an empty one: it is replayed without its INSERT / UPDATE / DELETE, which change
 * no schema (`withoutData` names it). workerd's D1 is asked when better-sqlite3 refuses a
 * migration all the same (a double-quoted name D1 reads as a string).
 */
async function replayApplied(applied: readonly Migration[], open: (engine: EngineName) => Promise<D1Transport>): Promise<Replayed> {
  let failure = '';
  for (const engine of ['sqlite', 'd1'] as const) {
    let transport: D1Transport;
    try {
      transport = await open(engine);
    } catch (error) {
      failure = `${ENGINE_LABELS[engine]}, to replay the applied migrations on, did not start (${(error as Error).message})`;
      continue;
    }
    const withoutData: string[] = [];
    const run = (sqls: readonly string[]) => (sqls.length > 0 ? transport.batch(statements(sqls)) : Promise.resolve([]));
    try {
      for (const migration of applied) {
        try {
          await run(migration.statements);
        } catch (error) {
          const schemaOnly = migration.statements.filter((sql) => !changesRows(sql));
          const again =
            schemaOnly.length < migration.statements.length
              ? await run(schemaOnly).then(
                  () => undefined,
                  (e: unknown) => e,
                )
              : error;
          if (again)
            throw new ToolError(`${migration.name} fails on an empty ${ENGINE_LABELS[engine]} database (${(error as Error).message})`, { cause: error });
          withoutData.push(migration.name);
        }
      }
      const shape = await introspect(transport);
      return { shape, objects: await query<SchemaObject>(transport, MASTER_QUERY), engine, withoutData };
    } catch (error) {
      if (!(error instanceof ToolError)) throw error;
      failure = `replaying the applied migrations to learn the schema they create failed: ${error.message}; run \`d1-evolve check\``;
    } finally {
      await transport.close?.();
    }
  }
  return { failure };
}

/** `apply` refuses a database that drifted: its migrations were checked on the schema the migrations create, not on this one. */
export class DriftRefusedError extends ToolError {
  override name = 'DriftRefusedError';
  constructor(
    readonly drift: DriftReport,
    statusCommand: string,
  ) {
    super(
      `Nothing was applied: the database differs from what its applied migrations create (drift), and the pending migrations were checked on that schema, not on this one:\n${listDifferences(drift.differences)}\n` +
        `Run \`${statusCommand}\` for the repair SQL that undoes the hand-made changes, review it, and run it with \`${repairCommand(statusCommand)}\`. ` +
        `To keep a change instead (a repair would drop a hand-added column with its values): ${KEEP_ADVICE}. ` +
        `${drift.notes.length ? `(${drift.notes.join('; ')}.) ` : ''}To apply anyway, run with \`--allow-drift\`.`,
    );
  }
}

/** How to keep a change made by hand, in the words of the error, status and the README. */
export const KEEP_ADVICE =
  "put it into the schema, run `d1-evolve generate`, then adopt the new migration on this database without running it: `d1-evolve baseline --to <the new migration> --force` (it checks that the database matches that migration's snapshot first)";

/** `d1-evolve repair …` with the options of the given `d1-evolve status …`. */
const repairCommand = (statusCommand: string) => statusCommand.replace(/^d1-evolve status/, 'd1-evolve repair');

/** The differences as a list for people, at most `limit` of them. */
export function listDifferences(differences: readonly SchemaDifference[], limit = 10): string {
  const lines = differences.slice(0, limit).map((d) => `- ${d.message.split('\n')[0]}`);
  if (differences.length > limit) lines.push(`- and ${differences.length - limit} more`);
  return lines.join('\n');
}

export interface DriftGateOptions extends Omit<DriftOptions, 'rows'> {
  /** `--allow-drift`: apply anyway, with a warning. */
  allow: boolean;
  /** Where the warning goes. */
  warn: (text: string) => void;
  /** `d1-evolve status [--local]`, for the message. */
  statusCommand: string;
}

/**
 * Before an apply writes anything (the lock included): reads the ledger and, when migrations
 * are pending, throws DriftRefusedError on drift, unless `allow` (then warns). With nothing
 * pending the apply writes nothing, and status reports the drift.
 */
export async function driftGate(options: DriftGateOptions): Promise<DriftReport | undefined> {
  const rows = await readLedger(options.transport, options.ledger);
  if (computeStatus(options.migrations, rows).pending.length === 0) return undefined;
  const drift = await computeDrift({ ...options, rows });
  if (drift.unadopted && !options.allow) {
    throw new ToolError(
      `Nothing was applied: the ledger lists no migration, but the database has tables: it was built without these migrations (\`drizzle-kit push\`, \`wrangler d1 execute\`), and applying would run every migration on them. Adopt it with \`${options.statusCommand.replace(/^d1-evolve status/, 'd1-evolve baseline')}\` first; to apply anyway, run with \`--allow-drift\`.`,
    );
  }
  if (drift.differences.length === 0) return drift;
  if (!options.allow) throw new DriftRefusedError(drift, options.statusCommand);
  options.warn(
    `warning: applying although the database drifted from its applied migrations (--allow-drift); the pending migrations were not checked on this schema:\n${listDifferences(drift.differences)}`,
  );
  return drift;
}
