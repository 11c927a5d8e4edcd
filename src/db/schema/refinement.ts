import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, createdAt, enumColumn, id, json, oneOf, updatedAt } from './columns';
import { refinementStatuses, refinementTriggerTypes } from './enums';
import { evals } from './evals';
import { jobs } from './jobs';
import { performanceAlerts } from './monitoring';

export const refinementHistory = sqliteTable(
  'refinement_history',
  {
    id: id(),
    evalId: text('eval_id')
      .notNull()
      .references(() => evals.id, { onDelete: 'cascade' }),
    parentVersion: integer('parent_version'),
    newVersion: integer('new_version').notNull(),
    triggerType: enumColumn('trigger_type', refinementTriggerTypes).notNull(),
    triggerAlertId: text('trigger_alert_id').references(() => performanceAlerts.id, { onDelete: 'set null' }),
    /** The eval's metrics when the refinement was triggered, by metric name. */
    triggerMetrics: json<Record<string, number>>('trigger_metrics'),
    includeContradictions: bool('include_contradictions').default(true),
    customInstructions: text('custom_instructions'),
    resultAccuracy: real('result_accuracy'),
    improvementDelta: real('improvement_delta'),
    status: enumColumn('status', refinementStatuses).notNull().default('pending'),
    jobId: text('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    rejectedAt: text('rejected_at'),
    rejectedBy: text('rejected_by'),
    rejectionReason: text('rejection_reason'),
    deployedAt: text('deployed_at'),
    deployedBy: text('deployed_by'),
    createdAt: createdAt(),
    completedAt: text('completed_at'),
  },
  (t) => [
    index('idx_refinement_history_eval_id_created_at').on(t.evalId, t.createdAt),
    index('idx_refinement_history_status_created_at').on(t.status, t.createdAt),
    index('idx_refinement_history_trigger_alert_id').on(t.triggerAlertId),
    index('idx_refinement_history_job_id').on(t.jobId),
    oneOf('refinement_history', 'trigger_type', refinementTriggerTypes),
    oneOf('refinement_history', 'status', refinementStatuses),
  ],
);

/** One row per eval: when auto-refine may next try it, backing off after failures. */
export const autoRefineCooldowns = sqliteTable(
  'auto_refine_cooldowns',
  {
    id: id(),
    evalId: text('eval_id')
      .notNull()
      .references(() => evals.id, { onDelete: 'cascade' }),
    lastAttemptAt: text('last_attempt_at').notNull(),
    nextAllowedAt: text('next_allowed_at').notNull(),
    consecutiveFailures: integer('consecutive_failures').default(0),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('auto_refine_cooldowns_eval_id_unique').on(t.evalId)],
);

export type RefinementHistory = typeof refinementHistory.$inferSelect;
export type NewRefinementHistory = typeof refinementHistory.$inferInsert;
export type AutoRefineCooldown = typeof autoRefineCooldowns.$inferSelect;
export type NewAutoRefineCooldown = typeof autoRefineCooldowns.$inferInsert;
