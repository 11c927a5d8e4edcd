import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStatement, cloneSnapshot } from '../../../packages/d1-evolve/src/check/ddl';
import { LINT_RULES, lintMigration } from '../../../packages/d1-evolve/src/check/lint';
import { type Migration, checksum, readMigrationFolder, splitMigration } from '../../../packages/d1-evolve/src/folder/migration-folder';
import { EMPTY_SNAPSHOT, type Snapshot, readSnapshot } from '../../../packages/d1-evolve/src/schema/snapshot';
import { PROJECT_ROOT } from '../../support/project';

const own = readSnapshot(join(PROJECT_ROOT, 'drizzle', 'meta', '0000_snapshot.json'));

function migration(sql: string): Migration {
  return {
    index: 1,
    tag: '0001_x',
    name: '0001_x.sql',
    path: 'drizzle/0001_x.sql',
    sql,
    statements: splitMigration(sql),
    checksum: checksum(sql),
    snapshotPath: '',
  };
}

const rules = (sql: string, before: Snapshot = own, after: Snapshot = own, last?: Snapshot) =>
  lintMigration(migration(sql), before, after, last).map((f) => f.rule);

/** `own` with agents.owner_id → users, a foreign key without an index. */
function withOwnerKey(): Snapshot {
  const after = structuredClone(own);
  after.tables.agents!.foreignKeys.agents_owner_fk = {
    name: 'agents_owner_fk',
    tableFrom: 'agents',
    tableTo: 'users',
    columnsFrom: ['owner_id'],
    columnsTo: ['id'],
    onDelete: 'set null',
  };
  return after;
}

/** A schema of `sql` alone (CREATE TABLE statements), with no other table to cascade to. */
function schemaOf(...sql: string[]): Snapshot {
  const model = cloneSnapshot(EMPTY_SNAPSHOT);
  for (const statement of sql) applyStatement(model, statement);
  return model;
}

/** A rebuild of `t(id)` into `t(id, n NOT NULL)` whose copy is `copy`. */
const rebuildT = (copy: string) =>
  [
    'CREATE TABLE `__new_t` (`id` integer PRIMARY KEY NOT NULL, `n` integer NOT NULL);',
    `INSERT INTO \`__new_t\`${copy} FROM \`t\`;`,
    'DROP TABLE `t`;',
    'ALTER TABLE `__new_t` RENAME TO `t`;',
  ].join('--> statement-breakpoint\n');

describe('lintMigration', () => {
  it('exports each rule once with a severity, a summary and a hint', () => {
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length);
    for (const rule of LINT_RULES) expect(rule.summary && rule.hint && ['error', 'warning'].includes(rule.severity)).toBeTruthy();
  });

  it('finds nothing in the own baseline migration', () => {
    const [baseline] = readMigrationFolder(join(PROJECT_ROOT, 'drizzle')).migrations;
    expect(lintMigration(baseline!, EMPTY_SNAPSHOT, own)).toEqual([]);
  });

  it('reports ADD COLUMN NOT NULL without a default, and not with one', () => {
    expect(rules('ALTER TABLE `agents` ADD `owner` text NOT NULL;')).toEqual(['not-null-without-default']);
    expect(rules("ALTER TABLE `agents` ADD `owner` text DEFAULT 'x' NOT NULL;")).toEqual([]);
  });

  it('reports a double-quoted name that is not a column of the table selected from', () => {
    expect(rules('INSERT INTO `users` ("id", "email") SELECT "id", "mail" FROM `users`;')).toEqual(['quoted-identifier']);
    expect(rules('INSERT INTO `users` ("id", "email") SELECT "id", "email" FROM `users`;')).toEqual([]);
  });

  it('warns about PRAGMA foreign_keys without also calling it refused', () => {
    expect(lintMigration(migration('PRAGMA foreign_keys=OFF;'), own, own).map((f) => [f.rule, f.severity])).toEqual([['pragma-foreign-keys', 'warning']]);
  });

  it('reports statements D1 refuses and statements over its size limit', () => {
    expect(rules('BEGIN TRANSACTION;--> statement-breakpoint\nPRAGMA journal_mode = WAL;')).toEqual(['d1-refused', 'd1-refused']);
    expect(rules(`INSERT INTO \`users\` (id, email) VALUES ('${'x'.repeat(100_001)}', 'a');`)).toEqual(['statement-too-large']);
  });

  it('reports a DROP without the marker, for the table and for what it cascades to', () => {
    const drop = rules('DROP TABLE `eval_candidates`;');
    expect(drop).toEqual(['drop-without-marker', 'drop-without-marker']);
    expect(rules('-- allow-data-loss: eval_candidates, eval_cv_results\nDROP TABLE `eval_candidates`;')).toEqual([]);
    expect(rules('ALTER TABLE `agents` DROP COLUMN `description`;')).toEqual(['drop-without-marker']);
    expect(rules('-- allow-data-loss: agents\nALTER TABLE `agents` DROP COLUMN `description`;')).toEqual([]);
  });

  it('reports a new foreign key that leads no index, once, in the migration that introduces it', () => {
    const after = withOwnerKey();
    expect(rules('SELECT 1;', own, after)).toEqual(['fk-without-index']);
    expect(rules('SELECT 1;', after, after)).toEqual([]);
  });

  it('keeps the fk-without-index warning while the end of the chain still lacks the index', () => {
    const after = withOwnerKey();
    expect(rules('SELECT 1;', own, after, after)).toEqual(['fk-without-index']);
    const otherColumnFirst = structuredClone(after);
    otherColumnFirst.tables.agents!.indexes.agents_name_owner_idx = { name: 'agents_name_owner_idx', columns: ['name', 'owner_id'], isUnique: false };
    expect(rules('SELECT 1;', own, after, otherColumnFirst)).toEqual(['fk-without-index']);
  });

  it('drops the fk-without-index warning when a later migration indexes the columns or removes the key or the table', () => {
    const after = withOwnerKey();
    const indexed = structuredClone(after);
    indexed.tables.agents!.indexes.agents_owner_idx = { name: 'agents_owner_idx', columns: ['owner_id', 'name'], isUnique: false };
    const tableGone = structuredClone(after);
    delete tableGone.tables.agents;
    expect(rules('SELECT 1;', own, after, indexed)).toEqual([]);
    expect(rules('SELECT 1;', own, after, own)).toEqual([]);
    expect(rules('SELECT 1;', own, after, tableGone)).toEqual([]);
  });

  it("takes a NOT NULL column a rebuild's copy gives a value (an expression, a literal, a renamed column) as no not-null-without-default", () => {
    const t = schemaOf('CREATE TABLE `t` (`id` integer PRIMARY KEY NOT NULL, `m` integer)');
    const rebuild = (copy: string) => rules(rebuildT(copy), t, t);
    expect(rebuild('("id", "n") SELECT "id", coalesce("m", 0)')).toEqual([]);
    expect(rebuild('("id", "n") SELECT "id", 0')).toEqual([]);
    expect(rebuild('("id", "n") SELECT "id", "m"')).toEqual([]);
    expect(rebuild(' SELECT "id", coalesce("m", 0) AS "n"')).toEqual([]);
  });

  it('still reports the NOT NULL column a rebuild copies nothing, NULL, or an unknown quoted name into', () => {
    const t = schemaOf('CREATE TABLE `t` (`id` integer PRIMARY KEY NOT NULL, `m` integer)');
    const rebuild = (copy: string) => rules(rebuildT(copy), t, t);
    expect(rebuild('("id") SELECT "id"')).toEqual(['not-null-without-default']);
    expect(rebuild('("id", "n") SELECT "id", NULL')).toEqual(['not-null-without-default']);
    expect(rebuild('("id", "n") SELECT "id", "n"')).toEqual(['not-null-without-default', 'quoted-identifier']);
    expect(rebuild(' SELECT *')).toEqual(['not-null-without-default']);
  });

  it('names the migration, the statement, the table and the descendants in a rebuild-cascade finding', () => {
    const sql = [
      'CREATE TABLE `__new_workspaces` (`id` text PRIMARY KEY NOT NULL, `user_id` text NOT NULL, `name` text, `created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL, FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade);',
      'INSERT INTO `__new_workspaces`("id", "user_id", "name", "created_at") SELECT "id", "user_id", "name", "created_at" FROM `workspaces`;',
      'DROP TABLE `workspaces`;',
      'ALTER TABLE `__new_workspaces` RENAME TO `workspaces`;',
    ].join('--> statement-breakpoint\n');
    const [finding] = lintMigration(migration(sql), own, own);
    expect(finding).toMatchObject({ rule: 'rebuild-cascade', severity: 'error', migration: '0001_x.sql', path: 'drizzle/0001_x.sql', table: 'workspaces' });
    expect(finding!.message).toMatch(/^0001_x\.sql \(statement 3\): rebuilding workspaces .*agents.*traces/);
    expect(finding!.hint).toContain('d1-evolve rewrite');
  });
});
