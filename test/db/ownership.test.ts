/**
 * Deleting a workspace removes everything it owns, in every table, through the cascades of
 * the data model; rows of another workspace that referenced its rows through set-null
 * foreign keys stay, with the reference cleared. Run on better-sqlite3 with the chain
 * applied the way D1 applies it.
 */
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { readMigrationFolder } from '../../packages/d1-evolve/src/folder/migration-folder';
import { statements } from '../../packages/d1-evolve/src/transports/transport';
import { SqliteTransport } from '../../packages/d1-evolve/src/transports/sqlite';
import { populateShared, populateWorkspace } from '../fixtures/workspace-data';
import { PROJECT_ROOT } from '../support/project';
import { tables } from '../support/schema-tables';

/** Every table's rows whose key starts with `prefix`: the key is `id`, or the first primary-key column. */
function countByPrefix(db: SqliteTransport, prefix: string): Record<string, number> {
  return Object.fromEntries(
    tables.map((table) => {
      const key = table.columns.find((c) => c.name === 'id' && c.primary)?.name ?? table.primaryKeys[0]?.columns[0]?.name ?? table.columns[0]!.name;
      const row = db.db.prepare(`SELECT count(*) AS n FROM "${table.name}" WHERE "${key}" LIKE ?`).get(`${prefix}-%`) as { n: number };
      return [table.name, row.n];
    }),
  );
}

describe('deleting a workspace', () => {
  const engine = new SqliteTransport();
  const db = drizzle(engine.db, { schema });
  let w1Before: Record<string, number>;
  let w2Before: Record<string, number>;

  beforeAll(async () => {
    for (const migration of readMigrationFolder(join(PROJECT_ROOT, 'drizzle')).migrations) await engine.batch(statements(migration.statements));
    populateShared(db);
    populateWorkspace(db, 'w1', 'user-1');
    populateWorkspace(db, 'w2', 'user-2', { agentVersionId: 'w1-agent-version', traceId: 'w1-trace', agentId: 'w1-agent' });
    w1Before = countByPrefix(engine, 'w1');
    w2Before = countByPrefix(engine, 'w2');
    db.delete(schema.workspaces).where(eq(schema.workspaces.id, 'w1-workspace')).run();
  });

  it('had rows of the workspace in every table it owns', () => {
    const owned = Object.entries(w1Before)
      .filter(([, n]) => n > 0)
      .map(([table]) => table);
    const global = ['users', 'tools', 'prompt_best_practices'];
    expect(owned.sort()).toEqual(
      tables
        .map((t) => t.name)
        .filter((t) => !global.includes(t))
        .sort(),
    );
  });

  it('removes every row the workspace owned, in every table', () => {
    expect(Object.entries(countByPrefix(engine, 'w1')).filter(([, n]) => n > 0)).toEqual([]);
  });

  it("keeps every row of the other workspace, even those that referenced the deleted one's rows", () => {
    expect(countByPrefix(engine, 'w2')).toEqual(w2Before);
  });

  it('clears the set-null references into the deleted workspace', () => {
    expect(db.select({ v: schema.traces.agentVersionId }).from(schema.traces).where(eq(schema.traces.id, 'w2-trace')).get()).toEqual({ v: null });
    expect(db.select({ a: schema.jobs.agentId, v: schema.jobs.agentVersionId }).from(schema.jobs).where(eq(schema.jobs.id, 'w2-job')).get()).toEqual({
      a: null,
      v: null,
    });
    expect(db.select({ t: schema.tasksetTasks.sourceTraceId }).from(schema.tasksetTasks).where(eq(schema.tasksetTasks.id, 'w2-taskset-task')).get()).toEqual({
      t: null,
    });
  });

  it('keeps the users and the shared tools and best practices', () => {
    expect(db.select({ n: sql<number>`count(*)` }).from(schema.users).get()).toEqual({ n: 2 });
    expect(db.select({ n: sql<number>`count(*)` }).from(schema.tools).get()).toEqual({ n: 1 });
    expect(db.select({ n: sql<number>`count(*)` }).from(schema.promptBestPractices).get()).toEqual({ n: 1 });
  });

  it('resolves the relational query API across the graph', async () => {
    const workspace = await db.query.workspaces.findFirst({
      where: eq(schema.workspaces.id, 'w2-workspace'),
      with: { agents: { with: { evals: { with: { executions: true } } } }, traces: { with: { feedback: true } } },
    });
    expect(workspace?.agents[0]?.evals[0]?.executions).toHaveLength(1);
    expect(workspace?.traces[0]?.feedback?.rating).toBe('negative');
  });
});
