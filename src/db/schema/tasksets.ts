import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { between, createdAt, enumColumn, id, json, oneOf, updatedAt } from './columns';
import { modelProviders, tasksetRunResultStatuses, tasksetRunStatuses, tasksetStatuses, tasksetTaskSources } from './enums';
import { traces } from './traces';
import { workspaces } from './users';

export const tasksets = sqliteTable(
  'tasksets',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    status: enumColumn('status', tasksetStatuses).notNull().default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_tasksets_workspace_id_status').on(t.workspaceId, t.status),
    index('idx_tasksets_agent_id').on(t.agentId),
    index('idx_tasksets_created_at').on(t.createdAt),
    oneOf('tasksets', 'status', tasksetStatuses),
  ],
);

export const tasksetTasks = sqliteTable(
  'taskset_tasks',
  {
    id: id(),
    tasksetId: text('taskset_id')
      .notNull()
      .references(() => tasksets.id, { onDelete: 'cascade' }),
    userMessage: text('user_message').notNull(),
    expectedOutput: text('expected_output'),
    source: enumColumn('source', tasksetTaskSources).notNull(),
    sourceTraceId: text('source_trace_id').references(() => traces.id, { onDelete: 'set null' }),
    /** Hash of the task's content: the same task is not added twice to a taskset. */
    contentHash: text('content_hash').notNull(),
    metadata: json<Record<string, unknown>>('metadata'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('taskset_tasks_taskset_id_content_hash_unique').on(t.tasksetId, t.contentHash),
    index('idx_taskset_tasks_source_trace_id').on(t.sourceTraceId),
    index('idx_taskset_tasks_content_hash').on(t.contentHash),
    oneOf('taskset_tasks', 'source', tasksetTaskSources),
  ],
);

export const tasksetRuns = sqliteTable(
  'taskset_runs',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    tasksetId: text('taskset_id')
      .notNull()
      .references(() => tasksets.id, { onDelete: 'cascade' }),
    status: enumColumn('status', tasksetRunStatuses).notNull().default('queued'),
    taskCount: integer('task_count').notNull(),
    modelProvider: enumColumn('model_provider', modelProviders).default('anthropic'),
    modelId: text('model_id'),
    /** Run options (parallelism, timeouts, ...), by option name. */
    config: json<Record<string, unknown>>('config').default(sql`'{}'`),
    createdAt: createdAt(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
    error: text('error'),
  },
  (t) => [
    index('idx_taskset_runs_workspace_id_status').on(t.workspaceId, t.status),
    index('idx_taskset_runs_agent_id').on(t.agentId),
    index('idx_taskset_runs_taskset_id').on(t.tasksetId),
    index('idx_taskset_runs_created_at').on(t.createdAt),
    oneOf('taskset_runs', 'status', tasksetRunStatuses),
    oneOf('taskset_runs', 'model_provider', modelProviders),
  ],
);

export const tasksetRunResults = sqliteTable(
  'taskset_run_results',
  {
    id: id(),
    runId: text('run_id')
      .notNull()
      .references(() => tasksetRuns.id, { onDelete: 'cascade' }),
    taskId: text('task_id')
      .notNull()
      .references(() => tasksetTasks.id, { onDelete: 'cascade' }),
    status: enumColumn('status', tasksetRunResultStatuses).notNull(),
    response: text('response'),
    expectedOutput: text('expected_output'),
    /** 0..1. */
    score: real('score'),
    scoreReason: text('score_reason'),
    traceId: text('trace_id').references(() => traces.id, { onDelete: 'set null' }),
    executionTimeMs: integer('execution_time_ms'),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('taskset_run_results_run_id_task_id_unique').on(t.runId, t.taskId),
    index('idx_taskset_run_results_task_id').on(t.taskId),
    index('idx_taskset_run_results_trace_id').on(t.traceId),
    oneOf('taskset_run_results', 'status', tasksetRunResultStatuses),
    between('taskset_run_results', 'score', 0, 1),
  ],
);

export type Taskset = typeof tasksets.$inferSelect;
export type NewTaskset = typeof tasksets.$inferInsert;
export type TasksetTask = typeof tasksetTasks.$inferSelect;
export type NewTasksetTask = typeof tasksetTasks.$inferInsert;
export type TasksetRun = typeof tasksetRuns.$inferSelect;
export type NewTasksetRun = typeof tasksetRuns.$inferInsert;
export type TasksetRunResult = typeof tasksetRunResults.$inferSelect;
export type NewTasksetRunResult = typeof tasksetRunResults.$inferInsert;
