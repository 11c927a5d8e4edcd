import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents, agentVersions } from './agents';
import { createdAt, enumColumn, id, json, oneOf, timestamp, updatedAt } from './columns';
import { modelProviders, playgroundStepTypes } from './enums';
import { traces } from './traces';
import { workspaces } from './users';

export const playgroundSessions = sqliteTable(
  'playground_sessions',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    agentVersionId: text('agent_version_id')
      .notNull()
      .references(() => agentVersions.id, { onDelete: 'cascade' }),
    /** The conversation so far, in the order it happened. */
    messages: json<Array<{ role: string; content: unknown }>>('messages').notNull().default(sql`'[]'`),
    /** Values for the agent version's prompt-template variables, by variable name. */
    variables: json<Record<string, string>>('variables').notNull().default(sql`'{}'`),
    /** The session's virtual file system: path → file content. */
    files: json<Record<string, string>>('files').notNull().default(sql`'{}'`),
    modelProvider: enumColumn('model_provider', modelProviders).notNull(),
    modelId: text('model_id').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_playground_sessions_workspace_id').on(t.workspaceId),
    index('idx_playground_sessions_agent_id').on(t.agentId),
    index('idx_playground_sessions_agent_version_id').on(t.agentVersionId),
    index('idx_playground_sessions_updated_at').on(t.updatedAt),
    oneOf('playground_sessions', 'model_provider', modelProviders),
  ],
);

export const playgroundSteps = sqliteTable(
  'playground_steps',
  {
    id: id(),
    sessionId: text('session_id')
      .notNull()
      .references(() => playgroundSessions.id, { onDelete: 'cascade' }),
    traceId: text('trace_id')
      .notNull()
      .references(() => traces.id, { onDelete: 'cascade' }),
    stepIndex: integer('step_index').notNull(),
    stepType: enumColumn('step_type', playgroundStepTypes).notNull(),
    input: text('input'),
    output: text('output'),
    toolName: text('tool_name'),
    toolArgs: text('tool_args'),
    toolResult: text('tool_result'),
    toolError: text('tool_error'),
    latencyMs: integer('latency_ms'),
    tokensInput: integer('tokens_input'),
    tokensOutput: integer('tokens_output'),
    timestamp: timestamp('timestamp'),
  },
  (t) => [
    uniqueIndex('playground_steps_session_id_step_index_unique').on(t.sessionId, t.stepIndex),
    index('idx_playground_steps_trace_id').on(t.traceId),
    oneOf('playground_steps', 'step_type', playgroundStepTypes),
  ],
);

export type PlaygroundSession = typeof playgroundSessions.$inferSelect;
export type NewPlaygroundSession = typeof playgroundSessions.$inferInsert;
export type PlaygroundStep = typeof playgroundSteps.$inferSelect;
export type NewPlaygroundStep = typeof playgroundSteps.$inferInsert;
