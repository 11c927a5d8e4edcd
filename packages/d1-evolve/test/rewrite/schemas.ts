/**
 * Drizzle schemas for the rewrite's D1 tests: users, rebuilt in the second version (its name
 * made nullable), below it one table for each way a child can hang on a parent.
 */
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const userColumns = { id: text('id').primaryKey() };
const users = sqliteTable('users', { ...userColumns, name: text('name').notNull() });
const usersNullableName = sqliteTable('users', { ...userColumns, name: text('name') });

/** The children of `parent`: NO ACTION, RESTRICT, a self-referencing grandchild, a triggered and a generated-column table. */
function children(parent: typeof users | typeof usersNullableName) {
  const notes = sqliteTable('notes', {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => parent.id),
    body: text('body').notNull(),
  });
  const pins = sqliteTable('pins', {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => parent.id, { onDelete: 'restrict' }),
  });
  const replies = sqliteTable('replies', {
    id: text('id').primaryKey(),
    noteId: text('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    parentId: text('parent_id').references((): AnySQLiteColumn => replies.id, { onDelete: 'restrict' }),
  });
  const audited = sqliteTable('audited', {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => parent.id, { onDelete: 'cascade' }),
    stamped: text('stamped'),
  });
  const scored = sqliteTable('scored', {
    id: text('id').primaryKey(),
    userId: text('user_id').references(() => parent.id, { onDelete: 'set null' }),
    points: integer('points').notNull(),
    doubled: integer('doubled').generatedAlwaysAs(sql`points * 2`, { mode: 'virtual' }),
    tripled: integer('tripled').generatedAlwaysAs(sql`points * 3`, { mode: 'stored' }),
  });
  const auditLog = sqliteTable('audit_log', { id: integer('id').primaryKey({ autoIncrement: true }), what: text('what').notNull() });
  return { notes, pins, replies, audited, scored, auditLog };
}

export const withChildren = { users, ...children(users) };
export const withChildrenRebuilt = { users: usersNullableName, ...children(usersNullableName) };

/**
 * Hand-written in the first migration (drizzle-kit has no triggers): an audit row per insert
 * and delete, and a timestamp set on insert. A restore that fires them adds rows and changes values.
 */
export const TRIGGERS = [
  "CREATE TRIGGER `audited_insert` AFTER INSERT ON `audited` BEGIN INSERT INTO `audit_log` (`what`) VALUES ('insert ' || NEW.id); UPDATE `audited` SET `stamped` = 'stamped again' WHERE `id` = NEW.id; END;",
  "CREATE TRIGGER `audited_delete` AFTER DELETE ON `audited` BEGIN INSERT INTO `audit_log` (`what`) VALUES ('delete ' || OLD.id); END;",
];

const legacy = sqliteTable('legacy', { id: text('id').primaryKey() });
const legacyRefs = sqliteTable('legacy_refs', {
  id: text('id').primaryKey(),
  legacyId: text('legacy_id')
    .notNull()
    .references(() => legacy.id),
});
const posts = (parent: typeof users | typeof usersNullableName) =>
  sqliteTable('posts', {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => parent.id, { onDelete: 'cascade' }),
  });

/** users, posts below it, and two legacy tables (legacy_refs references legacy). */
export const withLegacy = { users, posts: posts(users), legacy, legacyRefs };
/** The legacy tables gone and users rebuilt, in one migration. */
export const legacyGoneUsersRebuilt = { users: usersNullableName, posts: posts(usersNullableName) };
