import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents } from './agents';
import { createdAt, enumColumn, json, oneOf } from './columns';
import { toolCategories } from './enums';

export const tools = sqliteTable(
  'tools',
  {
    /** A readable key such as `execute_python`, not a generated id. */
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    /** JSON Schema kept as plain text: it is handed to the model verbatim. */
    parametersSchema: text('parameters_schema').notNull(),
    handlerKey: text('handler_key').notNull(),
    category: enumColumn('category', toolCategories).notNull().default('general'),
    createdAt: createdAt(),
  },
  (t) => [index('idx_tools_category').on(t.category), index('idx_tools_handler_key').on(t.handlerKey), oneOf('tools', 'category', toolCategories)],
);

export const agentTools = sqliteTable(
  'agent_tools',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    toolId: text('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    /** Per-agent settings of the tool. */
    config: json<Record<string, unknown>>('config'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.toolId] }), index('idx_agent_tools_tool_id').on(t.toolId)],
);

export type Tool = typeof tools.$inferSelect;
export type NewTool = typeof tools.$inferInsert;
export type AgentTool = typeof agentTools.$inferSelect;
export type NewAgentTool = typeof agentTools.$inferInsert;
