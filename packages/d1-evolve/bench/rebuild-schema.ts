/**
 * The eval platform's shape around its root table, cut down for `bench:rebuild`: `workspaces`
 * (under `users`) with two child tables and a grandchild under each, all ON DELETE CASCADE,
 * and one SET NULL reference across the tree (traces → agent_versions), with the platform's
 * columns, CHECKs and indexes. `before` has workspaces.name NOT NULL; `after` makes it
 * nullable, which drizzle-kit turns into a rebuild of workspaces.
 */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`CURRENT_TIMESTAMP`);
const oneOf = (table: string, column: string, values: string[]) =>
  check(`${table}_${column}_check`, sql.raw(`"${column}" IN (${values.map((v) => `'${v}'`).join(', ')})`));

const users = sqliteTable('users', { id: text('id').primaryKey(), email: text('email').notNull(), createdAt: createdAt() }, (t) => [
  uniqueIndex('users_email_unique').on(t.email),
]);

function workspacesTable(nameNullable: boolean) {
  return sqliteTable(
    'workspaces',
    {
      id: text('id').primaryKey(),
      userId: text('user_id')
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      name: nameNullable ? text('name') : text('name').notNull(),
      createdAt: createdAt(),
    },
    (t) => [index('idx_workspaces_user_id').on(t.userId)],
  );
}

function tree(workspaces: ReturnType<typeof workspacesTable>) {
  const agents = sqliteTable(
    'agents',
    {
      id: text('id').primaryKey(),
      workspaceId: text('workspace_id')
        .notNull()
        .references(() => workspaces.id, { onDelete: 'cascade' }),
      name: text('name').notNull(),
      status: text('status').notNull().default('discovered'),
      createdAt: createdAt(),
    },
    (t) => [
      index('idx_agents_workspace_id').on(t.workspaceId),
      index('idx_agents_status').on(t.status),
      oneOf('agents', 'status', ['discovered', 'confirmed', 'archived']),
    ],
  );
  const agentVersions = sqliteTable(
    'agent_versions',
    {
      id: text('id').primaryKey(),
      agentId: text('agent_id')
        .notNull()
        .references(() => agents.id, { onDelete: 'cascade' }),
      version: integer('version').notNull(),
      promptTemplate: text('prompt_template').notNull(),
      status: text('status').notNull().default('candidate'),
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex('agent_versions_agent_id_version_unique').on(t.agentId, t.version),
      oneOf('agent_versions', 'status', ['candidate', 'active', 'rejected', 'archived']),
    ],
  );
  const traces = sqliteTable(
    'traces',
    {
      id: text('id').primaryKey(),
      workspaceId: text('workspace_id')
        .notNull()
        .references(() => workspaces.id, { onDelete: 'cascade' }),
      agentVersionId: text('agent_version_id').references((): AnySQLiteColumn => agentVersions.id, { onDelete: 'set null' }),
      source: text('source').notNull(),
      steps: text('steps').notNull(),
      inputPreview: text('input_preview'),
      importedAt: text('imported_at').notNull().default(sql`CURRENT_TIMESTAMP`),
    },
    (t) => [
      index('idx_traces_workspace_id').on(t.workspaceId),
      index('idx_traces_agent_version_id').on(t.agentVersionId),
      index('idx_traces_workspace_id_imported_at').on(t.workspaceId, t.importedAt),
      oneOf('traces', 'source', ['langfuse', 'langsmith', 'openai', 'playground', 'taskset']),
    ],
  );
  const feedback = sqliteTable(
    'feedback',
    {
      id: text('id').primaryKey(),
      traceId: text('trace_id')
        .notNull()
        .references(() => traces.id, { onDelete: 'cascade' }),
      agentId: text('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
      rating: text('rating').notNull(),
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex('feedback_trace_id_unique').on(t.traceId),
      index('idx_feedback_agent_id_created_at').on(t.agentId, t.createdAt),
      oneOf('feedback', 'rating', ['positive', 'negative', 'neutral']),
    ],
  );
  return { users, workspaces, agents, agentVersions, traces, feedback };
}

/** workspaces.name NOT NULL. */
export const before = tree(workspacesTable(false));
/** workspaces.name nullable: drizzle-kit rebuilds workspaces. */
export const after = tree(workspacesTable(true));
