import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agentVersions } from './agents';
import { bool, createdAt, enumColumn, id, json, oneOf, timestamp } from './columns';
import { traceAssignmentStatuses, tracePlatforms } from './enums';
import { integrations } from './integrations';
import { systemPrompts } from './prompts';
import { workspaces } from './users';

/** One step of an agent run as imported from the source platform; the shape varies by platform. */
export interface TraceStep {
  type?: string;
  name?: string;
  input?: unknown;
  output?: unknown;
  [key: string]: unknown;
}

/** One span of the source platform's trace tree. */
export interface TraceSpan {
  id?: string;
  name?: string;
  [key: string]: unknown;
}

export const traces = sqliteTable(
  'traces',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    integrationId: text('integration_id').references(() => integrations.id, { onDelete: 'cascade' }),
    /** The trace's id on the source platform. */
    traceId: text('trace_id').notNull(),
    source: enumColumn('source', tracePlatforms).notNull(),
    /** When the run happened on the source platform (UTC). */
    timestamp: text('timestamp').notNull(),
    metadata: json<Record<string, unknown>>('metadata'),
    steps: json<TraceStep[]>('steps').notNull(),
    spans: json<TraceSpan[]>('spans'),
    /** The payload exactly as the source platform returned it. */
    rawData: json<unknown>('raw_data'),
    totalTokens: integer('total_tokens'),
    totalDurationMs: integer('total_duration_ms'),
    spanCount: integer('span_count'),
    inputPreview: text('input_preview'),
    outputPreview: text('output_preview'),
    stepCount: integer('step_count').default(0),
    hasErrors: bool('has_errors').default(false),
    agentVersionId: text('agent_version_id').references(() => agentVersions.id, { onDelete: 'set null' }),
    assignmentStatus: enumColumn('assignment_status', traceAssignmentStatuses).notNull().default('unassigned'),
    systemPromptId: text('system_prompt_id').references(() => systemPrompts.id, { onDelete: 'set null' }),
    importedAt: timestamp('imported_at'),
  },
  (t) => [
    // An import must not store the same source trace twice.
    uniqueIndex('traces_integration_id_trace_id_unique').on(t.integrationId, t.traceId),
    index('idx_traces_workspace_id').on(t.workspaceId),
    index('idx_traces_agent_version_id').on(t.agentVersionId),
    index('idx_traces_assignment_status').on(t.assignmentStatus),
    index('idx_traces_system_prompt_id').on(t.systemPromptId),
    index('idx_traces_imported_at').on(t.importedAt),
    // Newest traces of a workspace.
    index('idx_traces_workspace_id_imported_at').on(t.workspaceId, t.importedAt),
    oneOf('traces', 'source', tracePlatforms),
    oneOf('traces', 'assignment_status', traceAssignmentStatuses),
  ],
);

export const traceSummaries = sqliteTable(
  'trace_summaries',
  {
    traceId: text('trace_id')
      .primaryKey()
      .references(() => traces.id, { onDelete: 'cascade' }),
    summary: text('summary').notNull(),
    keyBehaviors: json<string[]>('key_behaviors'),
    createdAt: createdAt(),
  },
  (t) => [index('idx_trace_summaries_created_at').on(t.createdAt)],
);

export type Trace = typeof traces.$inferSelect;
export type NewTrace = typeof traces.$inferInsert;
export type TraceSummary = typeof traceSummaries.$inferSelect;
export type NewTraceSummary = typeof traceSummaries.$inferInsert;
