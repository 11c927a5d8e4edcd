import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents, agentVersions } from './agents';
import { createdAt, enumColumn, id, oneOf } from './columns';
import { gepaRunStatuses, gepaSplits } from './enums';
import { evals } from './evals';
import { tasksets, tasksetTasks } from './tasksets';
import { workspaces } from './users';

/** A GEPA prompt-optimisation run over a taskset's tasks. */
export const gepaRuns = sqliteTable(
  'gepa_runs',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    evalId: text('eval_id').references(() => evals.id, { onDelete: 'set null' }),
    tasksetId: text('taskset_id').references(() => tasksets.id, { onDelete: 'set null' }),
    seedPrompt: text('seed_prompt').notNull(),
    testCaseCount: integer('test_case_count').notNull(),
    maxMetricCalls: integer('max_metric_calls').default(50),
    parallelism: integer('parallelism').default(5),
    status: enumColumn('status', gepaRunStatuses).notNull().default('pending'),
    progressMetricCalls: integer('progress_metric_calls').default(0),
    bestPrompt: text('best_prompt'),
    bestScore: real('best_score'),
    totalCandidates: integer('total_candidates').default(0),
    /** Object key of the optimiser's checkpoint, to resume the run. */
    statePath: text('state_path'),
    error: text('error'),
    optimizedVersionId: text('optimized_version_id').references(() => agentVersions.id, { onDelete: 'set null' }),
    /** Fractions of the tasks used to train and to validate. */
    trainSplit: real('train_split').default(0.7),
    valSplit: real('val_split').default(0.3),
    randomSeed: integer('random_seed'),
    createdAt: createdAt(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
  },
  (t) => [
    index('idx_gepa_runs_workspace_id_status').on(t.workspaceId, t.status),
    index('idx_gepa_runs_agent_id').on(t.agentId),
    index('idx_gepa_runs_eval_id').on(t.evalId),
    index('idx_gepa_runs_taskset_id').on(t.tasksetId),
    index('idx_gepa_runs_optimized_version_id').on(t.optimizedVersionId),
    index('idx_gepa_runs_created_at').on(t.createdAt),
    oneOf('gepa_runs', 'status', gepaRunStatuses),
  ],
);

export const gepaRunTasks = sqliteTable(
  'gepa_run_tasks',
  {
    id: id(),
    runId: text('run_id')
      .notNull()
      .references(() => gepaRuns.id, { onDelete: 'cascade' }),
    taskId: text('task_id')
      .notNull()
      .references(() => tasksetTasks.id, { onDelete: 'cascade' }),
    split: enumColumn('split', gepaSplits).notNull(),
    score: real('score'),
  },
  (t) => [
    uniqueIndex('gepa_run_tasks_run_id_task_id_unique').on(t.runId, t.taskId),
    index('idx_gepa_run_tasks_task_id').on(t.taskId),
    index('idx_gepa_run_tasks_run_id_split').on(t.runId, t.split),
    oneOf('gepa_run_tasks', 'split', gepaSplits),
  ],
);

export type GepaRun = typeof gepaRuns.$inferSelect;
export type NewGepaRun = typeof gepaRuns.$inferInsert;
export type GepaRunTask = typeof gepaRunTasks.$inferSelect;
export type NewGepaRunTask = typeof gepaRunTasks.$inferInsert;
