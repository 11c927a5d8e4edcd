import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumColumn, id, json, oneOf, timestamp } from './columns';
import { alertAutoActions, alertSeverities, alertTypes } from './enums';
import { evals } from './evals';
import { jobs } from './jobs';
import { systemPrompts } from './prompts';

export const performanceSnapshots = sqliteTable(
  'performance_snapshots',
  {
    id: id(),
    evalId: text('eval_id')
      .notNull()
      .references(() => evals.id, { onDelete: 'cascade' }),
    /** The UTC day the snapshot covers, `YYYY-MM-DD`: one snapshot per eval per day. */
    snapshotDate: text('snapshot_date').notNull(),
    accuracy: real('accuracy'),
    executionCount: integer('execution_count').default(0),
    contradictionCount: integer('contradiction_count').default(0),
    errorCount: integer('error_count').default(0),
    passCount: integer('pass_count').default(0),
    failCount: integer('fail_count').default(0),
    /** Executions of the day per system prompt: system_prompts.id → count. */
    promptDistribution: json<Record<string, number>>('prompt_distribution'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('performance_snapshots_eval_id_snapshot_date_unique').on(t.evalId, t.snapshotDate)],
);

export const performanceAlerts = sqliteTable(
  'performance_alerts',
  {
    id: id(),
    evalId: text('eval_id')
      .notNull()
      .references(() => evals.id, { onDelete: 'cascade' }),
    alertType: enumColumn('alert_type', alertTypes).notNull(),
    severity: enumColumn('severity', alertSeverities).notNull().default('warning'),
    currentValue: real('current_value'),
    thresholdValue: real('threshold_value'),
    message: text('message').notNull(),
    promptId: text('prompt_id').references(() => systemPrompts.id, { onDelete: 'set null' }),
    triggeredAt: timestamp('triggered_at'),
    acknowledgedAt: text('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
    autoActionTaken: enumColumn('auto_action_taken', alertAutoActions),
    autoActionJobId: text('auto_action_job_id').references(() => jobs.id, { onDelete: 'set null' }),
    metadata: json<Record<string, unknown>>('metadata'),
  },
  (t) => [
    index('idx_performance_alerts_alert_type_triggered_at').on(t.alertType, t.triggeredAt),
    index('idx_performance_alerts_eval_id_resolved_at').on(t.evalId, t.resolvedAt),
    index('idx_performance_alerts_prompt_id').on(t.promptId),
    index('idx_performance_alerts_auto_action_job_id').on(t.autoActionJobId),
    oneOf('performance_alerts', 'alert_type', alertTypes),
    oneOf('performance_alerts', 'severity', alertSeverities),
    oneOf('performance_alerts', 'auto_action_taken', alertAutoActions),
  ],
);

export type PerformanceSnapshot = typeof performanceSnapshots.$inferSelect;
export type NewPerformanceSnapshot = typeof performanceSnapshots.$inferInsert;
export type PerformanceAlert = typeof performanceAlerts.$inferSelect;
export type NewPerformanceAlert = typeof performanceAlerts.$inferInsert;
