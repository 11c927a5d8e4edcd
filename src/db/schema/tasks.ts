import { index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { between, createdAt, enumColumn, id, json, oneOf, updatedAt } from './columns';
import { taskDifficulties } from './enums';
import { traces } from './traces';

export const taskMetadata = sqliteTable(
  'task_metadata',
  {
    id: id(),
    traceId: text('trace_id')
      .notNull()
      .references(() => traces.id, { onDelete: 'cascade' }),
    userMessage: text('user_message').notNull(),
    expectedOutput: text('expected_output'),
    expectedAction: text('expected_action'),
    successCriteria: json<string[]>('success_criteria'),
    taskType: text('task_type'),
    difficulty: enumColumn('difficulty', taskDifficulties),
    domain: text('domain'),
    customMetadata: json<Record<string, unknown>>('custom_metadata'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One task description per trace.
    uniqueIndex('task_metadata_trace_id_unique').on(t.traceId),
    index('idx_task_metadata_task_type').on(t.taskType),
    index('idx_task_metadata_updated_at').on(t.updatedAt),
    oneOf('task_metadata', 'difficulty', taskDifficulties),
  ],
);

export const taskSimilarTraces = sqliteTable(
  'task_similar_traces',
  {
    id: id(),
    taskMetadataId: text('task_metadata_id')
      .notNull()
      .references(() => taskMetadata.id, { onDelete: 'cascade' }),
    similarTraceId: text('similar_trace_id')
      .notNull()
      .references(() => traces.id, { onDelete: 'cascade' }),
    /** 0 (unrelated) to 1 (identical). */
    similarityScore: real('similarity_score').notNull(),
    humanScore: real('human_score'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('task_similar_traces_task_metadata_id_similar_trace_id_unique').on(t.taskMetadataId, t.similarTraceId),
    index('idx_task_similar_traces_similar_trace_id').on(t.similarTraceId),
    index('idx_task_similar_traces_similarity_score').on(t.similarityScore),
    between('task_similar_traces', 'similarity_score', 0, 1),
  ],
);

export type TaskMetadata = typeof taskMetadata.$inferSelect;
export type NewTaskMetadata = typeof taskMetadata.$inferInsert;
export type TaskSimilarTrace = typeof taskSimilarTraces.$inferSelect;
export type NewTaskSimilarTrace = typeof taskSimilarTraces.$inferInsert;
