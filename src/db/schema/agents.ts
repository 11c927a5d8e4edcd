import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, enumColumn, id, json, oneOf, updatedAt } from './columns';
import { agentFunctionRoles, agentStatuses, agentVersionSources, agentVersionStatuses, functionStatuses, functionTypes } from './enums';
import { workspaces } from './users';

export const agents = sqliteTable(
  'agents',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    status: enumColumn('status', agentStatuses).notNull().default('discovered'),
    /** No FK: agent_versions already points here, and a cycle of FKs would block inserts and rebuilds. */
    activeVersionId: text('active_version_id'),
    /** No FK: evals already points here (evals.agent_id), the same cycle. */
    activeEvalId: text('active_eval_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_agents_workspace_id').on(t.workspaceId),
    index('idx_agents_status').on(t.status),
    index('idx_agents_active_eval_id').on(t.activeEvalId),
    oneOf('agents', 'status', agentStatuses),
  ],
);

export const agentVersions = sqliteTable(
  'agent_versions',
  {
    id: id(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    promptTemplate: text('prompt_template').notNull(),
    /** Template variable name → value. */
    variables: json<Record<string, unknown>>('variables'),
    source: enumColumn('source', agentVersionSources).notNull(),
    /** No FK: lineage only; deleting an old version must not touch its descendants. */
    parentVersionId: text('parent_version_id'),
    accuracy: real('accuracy'),
    status: enumColumn('status', agentVersionStatuses).notNull().default('candidate'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('agent_versions_agent_id_version_unique').on(t.agentId, t.version),
    index('idx_agent_versions_status').on(t.status),
    oneOf('agent_versions', 'source', agentVersionSources),
    oneOf('agent_versions', 'status', agentVersionStatuses),
  ],
);

export const functions = sqliteTable(
  'functions',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: enumColumn('type', functionTypes).notNull(),
    name: text('name').notNull(),
    /** Python source. */
    code: text('code').notNull(),
    /** JSON Schema of the function's input. */
    inputSchema: json<Record<string, unknown>>('input_schema'),
    /** JSON Schema of the function's output. */
    outputSchema: json<Record<string, unknown>>('output_schema'),
    modelUsed: text('model_used'),
    /** No FK: lineage only, like agent_versions.parent_version_id. */
    parentFunctionId: text('parent_function_id'),
    status: enumColumn('status', functionStatuses).notNull().default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_functions_workspace_id').on(t.workspaceId),
    index('idx_functions_type').on(t.type),
    oneOf('functions', 'type', functionTypes),
    oneOf('functions', 'status', functionStatuses),
  ],
);

export const agentFunctions = sqliteTable(
  'agent_functions',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    functionId: text('function_id')
      .notNull()
      .references(() => functions.id, { onDelete: 'cascade' }),
    role: enumColumn('role', agentFunctionRoles).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agentId, t.role] }),
    index('idx_agent_functions_function_id').on(t.functionId),
    oneOf('agent_functions', 'role', agentFunctionRoles),
  ],
);

export type Agent = typeof agents.$inferSelect;
export type NewAgent = typeof agents.$inferInsert;
export type AgentVersion = typeof agentVersions.$inferSelect;
export type NewAgentVersion = typeof agentVersions.$inferInsert;
/** Not `Function`, which would shadow the global type in every importing module. */
export type FunctionRow = typeof functions.$inferSelect;
export type NewFunctionRow = typeof functions.$inferInsert;
export type AgentFunction = typeof agentFunctions.$inferSelect;
export type NewAgentFunction = typeof agentFunctions.$inferInsert;
