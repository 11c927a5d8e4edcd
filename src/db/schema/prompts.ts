import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumColumn, id, json, oneOf } from './columns';
import { bestPracticeCategories, modelProviders } from './enums';
import { workspaces } from './users';

/** A distinct system prompt seen in a workspace's traces, deduplicated by content hash. */
export const systemPrompts = sqliteTable(
  'system_prompts',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentName: text('agent_name').notNull(),
    /** SHA-256 of `content`. */
    promptHash: text('prompt_hash').notNull(),
    content: text('content').notNull(),
    metadata: json<Record<string, unknown>>('metadata'),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    traceCount: integer('trace_count').default(1),
  },
  (t) => [
    uniqueIndex('system_prompts_workspace_id_prompt_hash_unique').on(t.workspaceId, t.promptHash),
    index('idx_system_prompts_prompt_hash').on(t.promptHash),
    index('idx_system_prompts_workspace_id_agent_name').on(t.workspaceId, t.agentName),
  ],
);

export const promptIterations = sqliteTable(
  'prompt_iterations',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentName: text('agent_name').notNull(),
    parentPromptId: text('parent_prompt_id').references(() => systemPrompts.id, { onDelete: 'set null' }),
    currentPromptId: text('current_prompt_id')
      .notNull()
      .references(() => systemPrompts.id, { onDelete: 'cascade' }),
    iterationNumber: integer('iteration_number').notNull().default(1),
    changeSummary: text('change_summary'),
    /** How the current prompt compares with its parent, by metric name. */
    improvementMetrics: json<Record<string, number>>('improvement_metrics'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_prompt_iterations_parent_prompt_id').on(t.parentPromptId),
    index('idx_prompt_iterations_current_prompt_id').on(t.currentPromptId),
    index('idx_prompt_iterations_workspace_id_agent_name').on(t.workspaceId, t.agentName),
  ],
);

export const promptBestPractices = sqliteTable(
  'prompt_best_practices',
  {
    id: id(),
    /** The vendor whose guidance this is. */
    source: enumColumn('source', modelProviders).notNull(),
    category: enumColumn('category', bestPracticeCategories).notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    url: text('url'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_prompt_best_practices_category').on(t.category),
    oneOf('prompt_best_practices', 'source', modelProviders),
    oneOf('prompt_best_practices', 'category', bestPracticeCategories),
  ],
);

export type SystemPrompt = typeof systemPrompts.$inferSelect;
export type NewSystemPrompt = typeof systemPrompts.$inferInsert;
export type PromptIteration = typeof promptIterations.$inferSelect;
export type NewPromptIteration = typeof promptIterations.$inferInsert;
export type PromptBestPractice = typeof promptBestPractices.$inferSelect;
export type NewPromptBestPractice = typeof promptBestPractices.$inferInsert;
