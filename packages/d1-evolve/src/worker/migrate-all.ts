/**
 * `migrateAll(databases, migrations)`: migrate() over several D1 bindings of one Worker in one
 * request (a database per tenant), through the bindings, so the REST API's rate limit does
 * not apply. Each database gets migrate()'s guarantees (its own lock, ledger and checksums);
 * one that fails or is locked is reported and does not stop the others.
 *
 * Two limits of a Worker invocation shape it (Cloudflare, Workers and D1 platform limits):
 * - at most 6 connections may wait for an answer at once ("simultaneous open connections":
 *   6 per invocation on every plan; a 7th is queued). Each database sends one batch at a time,
 *   so at most MAX_PARALLEL_DATABASES databases run at once: more would only queue.
 * - at most 1,000 D1 queries per invocation on Workers Paid, 50 on Free ("queries per Worker
 *   invocation"). A database is started only when the queries it may still need fit in what
 *   is left; the rest is left for the next request (`continueAfter`), never cut off halfway,
 *   where a refused batch could leave its lock held until the lease runs out.
 */
import { ToolError } from '../errors';
import { newHolder } from '../runner/lock';
import type { D1DatabaseBinding } from '../transports/binding';
import { type BundledMigration, type MigrateOptions, type MigrateResult, migrate } from './migrate';

/** Databases migrated at once: Cloudflare's 6 simultaneous open connections per invocation. */
export const MAX_PARALLEL_DATABASES = 6;
/** D1 queries one invocation may send: Cloudflare's limit on Workers Paid (Free: 50). */
export const DEFAULT_MAX_QUERIES = 1000;

export interface MigrateAllOptions extends Omit<MigrateOptions, 'binding' | 'listener'> {
  /** Databases at once, 1 to MAX_PARALLEL_DATABASES (the default). */
  concurrency?: number;
  /** The D1 queries this request may send in all; default DEFAULT_MAX_QUERIES (50 on Workers Free). */
  maxQueries?: number;
  /** Start after this binding (bindings run in name order): the `continueAfter` of the previous answer. */
  after?: string;
}

/** One database's outcome: migrate()'s result, named by its binding. */
export interface DatabaseMigrateResult extends MigrateResult {
  binding: string;
}

export interface MigrateAllResult {
  /** Every database started was migrated (or up to date). */
  ok: boolean;
  /** One entry per database started, in binding name order. */
  databases: DatabaseMigrateResult[];
  /** Databases not started in this request because its query budget was spent. */
  remaining: number;
  /** When `remaining` > 0: send it as `after` to go on. */
  continueAfter?: string;
}

/**
 * Migrates `databases` (binding name → binding), at most `concurrency` at a time, in name order.
 * Never throws for one database: its error is in its result.
 */
export async function migrateAll(
  databases: Readonly<Record<string, D1DatabaseBinding>>,
  migrations: readonly BundledMigration[],
  options: MigrateAllOptions = {},
): Promise<MigrateAllResult> {
  const { concurrency = MAX_PARALLEL_DATABASES, maxQueries = DEFAULT_MAX_QUERIES, after, ...migrateOptions } = options;
  const bindings = Object.keys(databases)
    .sort()
    .filter((name) => after === undefined || name > after);
  const perDatabase = worstCaseQueries(migrations.length, migrateOptions.waitSeconds);
  if (bindings.length > 0 && perDatabase > maxQueries) {
    throw new QueryBudgetError(
      `One database may need up to ${perDatabase} D1 queries (${migrations.length} migration(s), the lock and the ledger), more than the ${maxQueries} this request may send (maxQueries). ` +
        'Raise maxQueries to what your plan allows (Workers Paid: 1,000 queries per invocation), or lower waitSeconds.',
    );
  }
  const budget = new QueryBudget(maxQueries, perDatabase);
  // One holder for the whole request: each database's lock row then names the same run.
  const holder = migrateOptions.holder ?? newHolder('worker');
  const results: (DatabaseMigrateResult | undefined)[] = [];
  let next = 0;

  const lane = async (): Promise<void> => {
    while (next < bindings.length && budget.fits()) {
      const index = next++;
      const binding = bindings[index]!;
      const reservation = budget.reserve();
      const db = countingBatches(databases[binding]!, () => reservation.spend());
      results[index] = await migrateOne(binding, db, migrations, { ...migrateOptions, holder });
      reservation.settle();
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(concurrency), MAX_PARALLEL_DATABASES));
  await Promise.all(Array.from({ length: lanes }, lane));

  const done = results.filter((r): r is DatabaseMigrateResult => r !== undefined);
  const remaining = bindings.length - done.length;
  return {
    ok: done.every((r) => r.ok),
    databases: done,
    remaining,
    ...(remaining > 0 ? { continueAfter: bindings[done.length - 1] } : {}),
  };
}

/** Not even one database fits in the request's query budget. */
export class QueryBudgetError extends ToolError {
  override name = 'QueryBudgetError';
}

/**
 * The most D1 queries migrate() can send to one database: the lock with the ledger read, one
 * poll per second of `waitSeconds`, the ledger's added columns, one batch per migration, and
 * the release of the lock when it was not folded into the last migration (a failure).
 */
export function worstCaseQueries(migrations: number, waitSeconds = 0): number {
  return migrations + 3 + Math.ceil(waitSeconds);
}

/** migrate() on one binding, its refusals and failures turned into its result. */
async function migrateOne(
  binding: string,
  db: D1DatabaseBinding,
  migrations: readonly BundledMigration[],
  options: MigrateOptions,
): Promise<DatabaseMigrateResult> {
  try {
    const result = await migrate(db, migrations, { ...options, binding });
    return { binding, ...result };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    // A ToolError says what to do already; anything else (the binding itself failing) names where.
    const text = error instanceof ToolError ? message : `D1 binding ${binding} could not be migrated: ${message}`;
    return { binding, ok: false, target: `D1 binding ${binding}`, applied: [], results: [], error: text, kind: name };
  }
}

/** The binding with every batch() counted, so the budget learns what a database really cost. */
function countingBatches(db: D1DatabaseBinding, counted: () => void): D1DatabaseBinding {
  return {
    prepare: (sql) => db.prepare(sql),
    batch: (statements) => {
      counted();
      return db.batch(statements);
    },
  };
}

/**
 * The request's D1 queries: a database reserves its worst case before it starts and gives
 * back what it did not use when it ends, so running databases can never overrun the limit.
 */
class QueryBudget {
  private committed = 0;

  constructor(
    private readonly limit: number,
    private readonly perDatabase: number,
  ) {}

  /** Whether one more database can start now. */
  fits(): boolean {
    return this.committed + this.perDatabase <= this.limit;
  }

  reserve(): { spend(): void; settle(): void } {
    this.committed += this.perDatabase;
    let spent = 0;
    return {
      spend: () => {
        spent += 1;
      },
      // Keep what was spent; free the rest of the reservation.
      settle: () => {
        this.committed -= this.perDatabase - Math.min(spent, this.perDatabase);
      },
    };
  }
}

/**
 * The D1 bindings among a Worker's `env` (what has prepare, batch and exec), by binding name:
 * `databases: d1Bindings(env)` for a Worker that binds a database per tenant.
 */
export function d1Bindings(env: Readonly<Record<string, unknown>>): Record<string, D1DatabaseBinding> {
  const found: Record<string, D1DatabaseBinding> = {};
  for (const [name, value] of Object.entries(env)) {
    const candidate = value as Partial<Record<'prepare' | 'batch' | 'exec', unknown>> | null;
    if (typeof candidate === 'object' && candidate !== null && [candidate.prepare, candidate.batch, candidate.exec].every((f) => typeof f === 'function')) {
      found[name] = value as D1DatabaseBinding;
    }
  }
  return found;
}
