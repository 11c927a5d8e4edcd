import { relations } from 'drizzle-orm';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { agents, functions } from './agents';
import { createdAt, id } from './columns';
import { gepaRuns } from './gepa';
import { integrations } from './integrations';
import { jobs } from './jobs';
import { playgroundSessions } from './playground';
import { promptIterations, systemPrompts } from './prompts';
import { rolloutBatches } from './rollout';
import { tasksetRuns, tasksets } from './tasksets';
import { traces } from './traces';

export const users = sqliteTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  createdAt: createdAt(),
});

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('idx_workspaces_user_id').on(t.userId)],
);

export const usersRelations = relations(users, ({ many }) => ({
  workspaces: many(workspaces),
}));

export const workspacesRelations = relations(workspaces, ({ one, many }) => ({
  user: one(users, { fields: [workspaces.userId], references: [users.id] }),
  agents: many(agents),
  functions: many(functions),
  integrations: many(integrations),
  traces: many(traces),
  jobs: many(jobs),
  playgroundSessions: many(playgroundSessions),
  systemPrompts: many(systemPrompts),
  promptIterations: many(promptIterations),
  tasksets: many(tasksets),
  tasksetRuns: many(tasksetRuns),
  gepaRuns: many(gepaRuns),
  rolloutBatches: many(rolloutBatches),
}));

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Workspace = typeof workspaces.$inferSelect;
export type NewWorkspace = typeof workspaces.$inferInsert;
