import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCheck } from '../../src/check/index';
import { BREAKPOINT, readMigrationFolder } from '../../src/folder/migration-folder';
import { rewriteFolder } from '../../src/rewrite/keep-children';

const file = (...statements: string[]) => `${statements.join(`;\n${BREAKPOINT}\n`)};\n`;

describe('a rebuild of a table with its own trigger (migrations by hand, no snapshots)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'check-triggers-'));
    mkdirSync(join(dir, 'meta'));
    writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries: [] }));
    writeFileSync(
      join(dir, '0000_init.sql'),
      file(
        'CREATE TABLE `users` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL)',
        'CREATE TABLE `audit` (`id` integer PRIMARY KEY, `note` text)',
        "CREATE TRIGGER `users_audit` AFTER UPDATE ON `users` BEGIN INSERT INTO `audit` (`note`) VALUES ('u ' || new.id); END",
      ),
    );
    writeFileSync(
      join(dir, '0001_rebuild.sql'),
      file(
        'PRAGMA foreign_keys=OFF',
        'CREATE TABLE `__new_users` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL, `email` text)',
        'INSERT INTO `__new_users`("id", "name") SELECT "id", "name" FROM `users`',
        'DROP TABLE `users`',
        'ALTER TABLE `__new_users` RENAME TO `users`',
        'PRAGMA foreign_keys=ON',
      ),
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loses the trigger as drizzle-kit writes it, and the check says so on both engines', async () => {
    const report = await runCheck({ dir });
    const lost = report.findings.find((f) => f.rule === 'trigger-lost');
    expect(lost).toMatchObject({ severity: 'error', migration: '0001_rebuild.sql', table: 'users' });
    expect(lost!.message).toContain('removes trigger users_audit of users');
    expect(lost!.message).toContain('(on better-sqlite3 and workerd D1)');
  });

  it('keeps the trigger once rewritten', async () => {
    const [, rewritten] = rewriteFolder(readMigrationFolder(dir));
    expect(rewritten!.result.changes?.some((c) => c.includes('re-creates trigger users_audit of users'))).toBe(true);
    const report = await runCheck({ dir });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
