import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, enumColumn, id, json, oneOf } from './columns';
import { integrationStatuses, tracePlatforms } from './enums';
import { workspaces } from './users';

export const integrations = sqliteTable(
  'integrations',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    platform: enumColumn('platform', tracePlatforms).notNull(),
    /** Encrypted by the application; the plain key is never stored. */
    apiKeyEncrypted: text('api_key_encrypted').notNull(),
    /** Platform-specific connection settings. */
    config: json<Record<string, unknown>>('config'),
    status: enumColumn('status', integrationStatuses).notNull().default('active'),
    lastSyncedAt: text('last_synced_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_integrations_workspace_id').on(t.workspaceId),
    index('idx_integrations_platform').on(t.platform),
    oneOf('integrations', 'platform', tracePlatforms),
    oneOf('integrations', 'status', integrationStatuses),
  ],
);

export type Integration = typeof integrations.$inferSelect;
export type NewIntegration = typeof integrations.$inferInsert;
