import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents, agentVersions } from './agents';
import { between, createdAt, enumColumn, id, json, oneOf } from './columns';
import { jobErrorCategories, jobStatuses, jobTypes } from './enums';
import { workspaces } from './users';

export const jobs = sqliteTable(
  'jobs',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: enumColumn('type', jobTypes).notNull(),
    status: enumColumn('status', jobStatuses).notNull().default('queued'),
    /** Percent done, 0..100. */
    progress: integer('progress').notNull().default(0),
    metadata: json<Record<string, unknown>>('metadata'),
    result: json<Record<string, unknown>>('result'),
    error: text('error'),
    retryCount: integer('retry_count').notNull().default(0),
    maxRetries: integer('max_retries').notNull().default(5),
    errorCategory: enumColumn('error_category', jobErrorCategories),
    lastErrorAt: text('last_error_at'),
    nextRetryAt: text('next_retry_at'),
    priority: integer('priority').notNull().default(0),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    agentVersionId: text('agent_version_id').references(() => agentVersions.id, { onDelete: 'set null' }),
    triggerEvent: text('trigger_event'),
    triggerThreshold: text('trigger_threshold'),
    createdAt: createdAt(),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
  },
  (t) => [
    index('idx_jobs_workspace_id_status').on(t.workspaceId, t.status),
    index('idx_jobs_type').on(t.type),
    index('idx_jobs_created_at').on(t.createdAt),
    index('idx_jobs_agent_id').on(t.agentId),
    index('idx_jobs_agent_version_id').on(t.agentVersionId),
    // The queue poll: next runnable job by priority, skipping those waiting for a retry.
    index('idx_jobs_status_priority_next_retry_at').on(t.status, t.priority, t.nextRetryAt),
    oneOf('jobs', 'type', jobTypes),
    oneOf('jobs', 'status', jobStatuses),
    oneOf('jobs', 'error_category', jobErrorCategories),
    between('jobs', 'progress', 0, 100),
  ],
);

export const jobRetryHistory = sqliteTable(
  'job_retry_history',
  {
    id: id(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    error: text('error').notNull(),
    errorCategory: enumColumn('error_category', jobErrorCategories).notNull(),
    /** Backoff before the next attempt, in milliseconds. */
    delayMs: integer('delay_ms').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_job_retry_history_job_id').on(t.jobId),
    index('idx_job_retry_history_created_at').on(t.createdAt),
    oneOf('job_retry_history', 'error_category', jobErrorCategories),
  ],
);

export type Job = typeof jobs.$inferSelect;
export type NewJob = typeof jobs.$inferInsert;
export type JobRetryHistory = typeof jobRetryHistory.$inferSelect;
export type NewJobRetryHistory = typeof jobRetryHistory.$inferInsert;
