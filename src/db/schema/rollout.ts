import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { createdAt, enumColumn, id, json, oneOf } from './columns';
import { rolloutBatchStatuses, rolloutResultStatuses } from './enums';
import { workspaces } from './users';

/** Options of a rollout batch; `model_id` overrides the agent's model. */
export type RolloutBatchConfig = { parallelism?: number; timeout?: number; model_id?: string };

export const rolloutBatches = sqliteTable(
  'rollout_batches',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    systemPrompt: text('system_prompt').notNull(),
    taskCount: integer('task_count').notNull(),
    status: enumColumn('status', rolloutBatchStatuses).notNull().default('queued'),
    config: json<RolloutBatchConfig>('config').default(sql`'{}'`),
    createdAt: createdAt(),
    completedAt: text('completed_at'),
  },
  (t) => [
    index('idx_rollout_batches_workspace_id_status').on(t.workspaceId, t.status),
    index('idx_rollout_batches_agent_id').on(t.agentId),
    index('idx_rollout_batches_created_at').on(t.createdAt),
    oneOf('rollout_batches', 'status', rolloutBatchStatuses),
  ],
);

export const rolloutResults = sqliteTable(
  'rollout_results',
  {
    id: id(),
    batchId: text('batch_id')
      .notNull()
      .references(() => rolloutBatches.id, { onDelete: 'cascade' }),
    // No FK: a rollout's tasks come from several sources, not from one table.
    taskId: text('task_id').notNull(),
    status: enumColumn('status', rolloutResultStatuses).notNull(),
    /** The steps the agent took on the task, in order. */
    trace: json<Array<Record<string, unknown>>>('trace'),
    error: text('error'),
    executionTimeMs: integer('execution_time_ms'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rollout_results_batch_id_task_id_unique').on(t.batchId, t.taskId), oneOf('rollout_results', 'status', rolloutResultStatuses)],
);

export type RolloutBatch = typeof rolloutBatches.$inferSelect;
export type NewRolloutBatch = typeof rolloutBatches.$inferInsert;
export type RolloutResult = typeof rolloutResults.$inferSelect;
export type NewRolloutResult = typeof rolloutResults.$inferInsert;
