/**
 * The eval platform's kinds of change, on a small schema shaped like it: users → workspaces →
 * agents → agent_versions and traces → feedback, every foreign key ON DELETE CASCADE, so that
 * a rebuild of workspaces would reach four levels down. Each export is one version of the
 * schema (what `import * as schema` gives); `base` is where every case starts.
 */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const users = sqliteTable('users', { id: text('id').primaryKey(), email: text('email').notNull() });

const workspaceColumns = {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
};
const workspaces = sqliteTable('workspaces', workspaceColumns);

/** Whatever version of workspaces the tables below hang on. */
type Workspaces = { id: AnySQLiteColumn };

const tags = sqliteTable('tags', { id: text('id').primaryKey(), label: text('label').notNull() });

/** Everything below workspaces; `statuses` is the agents.status CHECK list. */
function below(parent: Workspaces, statuses = ['draft', 'live'], extra: { description?: boolean } = {}) {
  const list = statuses.map((s) => `'${s}'`).join(', ');
  const agents = sqliteTable(
    'agents',
    {
      id: text('id').primaryKey(),
      workspaceId: text('workspace_id')
        .notNull()
        .references(() => parent.id, { onDelete: 'cascade' }),
      status: text('status').notNull().default('draft'),
      ...(extra.description ? { description: text('description') } : {}),
    },
    (t) => [index('idx_agents_workspace_id').on(t.workspaceId), check('agents_status_check', sql.raw(`"status" IN (${list})`))],
  );
  const agentVersions = sqliteTable(
    'agent_versions',
    {
      id: text('id').primaryKey(),
      agentId: text('agent_id')
        .notNull()
        .references(() => agents.id, { onDelete: 'cascade' }),
      prompt: text('prompt').notNull(),
    },
    (t) => [index('idx_agent_versions_agent_id').on(t.agentId)],
  );
  return { agents, agentVersions };
}

/** traces and feedback below it; `tagged` makes traces.tag_id reference tags, `byDate` adds an index. */
function traces(parent: Workspaces, options: { tagged?: boolean; byDate?: boolean } = {}) {
  const table = sqliteTable(
    'traces',
    {
      id: text('id').primaryKey(),
      workspaceId: text('workspace_id')
        .notNull()
        .references(() => parent.id, { onDelete: 'cascade' }),
      tagId: options.tagged ? text('tag_id').references(() => tags.id, { onDelete: 'cascade' }) : text('tag_id'),
      createdAt: text('created_at').notNull().default(sql`CURRENT_TIMESTAMP`),
    },
    (t) => [index('idx_traces_workspace_id').on(t.workspaceId), ...(options.byDate ? [index('idx_traces_created_at').on(t.createdAt)] : [])],
  );
  const feedback = sqliteTable(
    'feedback',
    {
      id: text('id').primaryKey(),
      traceId: text('trace_id')
        .notNull()
        .references(() => table.id, { onDelete: 'cascade' }),
      score: text('score').notNull(),
    },
    (t) => [index('idx_feedback_trace_id').on(t.traceId)],
  );
  return { traces: table, feedback };
}

export const base = { users, workspaces, ...below(workspaces), ...traces(workspaces) };

/** agents.description added (ALTER TABLE ADD COLUMN). */
export const columnAdded = { ...base, ...below(workspaces, undefined, { description: true }) };

/** A notes table added below workspaces. */
export const tableAdded = {
  ...base,
  notes: sqliteTable('notes', {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
  }),
};

/** An index on traces.created_at. */
export const indexAdded = { ...base, ...traces(workspaces, { byDate: true }) };

/** workspaces.name made nullable: drizzle-kit rebuilds workspaces, the root of the data model. */
export const workspacesRebuilt = (() => {
  const rebuilt = sqliteTable('workspaces', { ...workspaceColumns, name: text('name') });
  return { users, workspaces: rebuilt, ...below(rebuilt), ...traces(rebuilt) };
})();

/** agents.status may also be 'archived': drizzle-kit rebuilds agents. */
export const checkExtended = { ...base, ...below(workspaces, ['draft', 'live', 'archived']) };

/**
 * A tags table, and traces.tag_id (a column already there) made to reference it: drizzle-kit
 * rebuilds traces and creates tags. Going back drops tags while traces still references it.
 */
export const referenceToNewTable = { ...base, tags, ...traces(workspaces, { tagged: true }) };
