import { index, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { createdAt, enumColumn, id, oneOf } from './columns';
import { feedbackRatings } from './enums';
import { taskMetadata } from './tasks';
import { traces } from './traces';

export const feedback = sqliteTable(
  'feedback',
  {
    id: id(),
    traceId: text('trace_id')
      .notNull()
      .references(() => traces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    rating: enumColumn('rating', feedbackRatings).notNull(),
    ratingDetail: text('rating_detail'),
    createdAt: createdAt(),
  },
  (t) => [
    // One feedback per trace.
    uniqueIndex('feedback_trace_id_unique').on(t.traceId),
    index('idx_feedback_rating').on(t.rating),
    index('idx_feedback_agent_id_created_at_trace_id').on(t.agentId, t.createdAt, t.traceId),
    oneOf('feedback', 'rating', feedbackRatings),
  ],
);

export const taskFeedbackPairs = sqliteTable(
  'task_feedback_pairs',
  {
    id: id(),
    taskMetadataId: text('task_metadata_id')
      .notNull()
      .references(() => taskMetadata.id, { onDelete: 'cascade' }),
    feedbackTraceId: text('feedback_trace_id')
      .notNull()
      .references(() => traces.id, { onDelete: 'cascade' }),
    humanFeedback: text('human_feedback').notNull(),
    humanScore: real('human_score'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('task_feedback_pairs_task_metadata_id_feedback_trace_id_unique').on(t.taskMetadataId, t.feedbackTraceId),
    index('idx_task_feedback_pairs_feedback_trace_id').on(t.feedbackTraceId),
  ],
);

export type Feedback = typeof feedback.$inferSelect;
export type NewFeedback = typeof feedback.$inferInsert;
export type TaskFeedbackPair = typeof taskFeedbackPairs.$inferSelect;
export type NewTaskFeedbackPair = typeof taskFeedbackPairs.$inferInsert;
