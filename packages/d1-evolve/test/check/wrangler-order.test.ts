import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckReport } from '../../src/check/index';
import { formatReport } from '../../src/check/summary';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { buildChain, mergeBranch, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v3 } from '../fixtures/chains/schemas';

const tags = sqliteTable('tags', { id: text('id').primaryKey(), label: text('label').notNull() });

describe('a folder wrangler applies though its chain is irregular', () => {
  let chain: BuiltChain;
  let report: CheckReport;
  beforeAll(async () => {
    // main: users, posts, post_views (0002); a branch generated its own 0002 (tags) from posts.
    chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'post_views', schema: v3 },
    ]);
    await mergeBranch(chain, 1, 'tags', { ...v2, tags });
    // And a file by hand, outside the journal, that deletes the rows of posts.
    writeFileSync(join(chain.dir, '0003_cleanup.sql'), 'DELETE FROM `posts` WHERE 1;');
    report = await runCheck({ dir: chain.dir });
  }, 120_000);
  afterAll(() => chain.remove());

  it('reads the folder in the order wrangler applies it: every .sql file, by name', () => {
    expect(readMigrationFolder(chain.dir).migrations.map((m) => m.name)).toEqual([
      '0000_users.sql',
      '0001_posts.sql',
      '0002_post_views.sql',
      '0002_tags.sql',
      '0003_cleanup.sql',
    ]);
  });

  it('replays, lints and checks every migration on both engines, in that order', () => {
    expect(report.migrations.map((m) => m.name)).toEqual(['0000_users.sql', '0001_posts.sql', '0002_post_views.sql', '0002_tags.sql', '0003_cleanup.sql']);
    for (const migration of report.migrations) {
      expect(Object.values(migration.engines).map((run) => run.status)).toEqual(['ran', 'ran']);
    }
    // The tags of the branch were seeded and kept through the migration after it.
    expect(report.migrations[4]!.engines.sqlite!.rowsChecked).toBeGreaterThanOrEqual(9);
  });

  it('warns of the chain problems, saying which order is used', () => {
    const chainFindings = report.findings.filter((f) => f.rule.startsWith('chain-'));
    expect(chainFindings.every((f) => f.severity === 'warning')).toBe(true);
    expect(chainFindings.map((f) => f.rule).sort()).toEqual(['chain-duplicate-number', 'chain-extra-file', 'chain-snapshot-link']);
    expect(chainFindings.find((f) => f.rule === 'chain-duplicate-number')!.message).toContain('0002_post_views.sql, then 0002_tags.sql');
    // Both branches' snapshots name the parent's id: drizzle-kit's "collision".
    expect(chainFindings.find((f) => f.rule === 'chain-snapshot-link')!.message).toContain('drizzle-kit generate stops at the "collision"');
  });

  it('prints every chain warning in the summary, before the migrations', () => {
    const lines = formatReport(report, chain.dir);
    const head = lines.indexOf('⚠ chain and schema');
    expect(head).toBeGreaterThan(0);
    expect(lines.findIndex((l) => l.startsWith('✓ 0000_users.sql'))).toBeGreaterThan(head);
    for (const rule of ['chain-extra-file', 'chain-duplicate-number', 'chain-snapshot-link'])
      expect(lines.some((l) => l.includes(`warning ${rule}`))).toBe(true);
  });

  it('finds the loss in the file outside the journal, and nothing else is an error', () => {
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.rule, f.migration, f.table])).toEqual([['data-loss', '0003_cleanup.sql', 'posts']]);
    expect(report.ok).toBe(false);
  });
});

describe("a folder of wrangler's own: .sql files, no journal", () => {
  let dir: string;
  let report: CheckReport;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'check-wrangler-layout-'));
    writeFileSync(join(dir, '0001_init.sql'), 'CREATE TABLE `users` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL);\n');
    writeFileSync(join(dir, '0002_cleanup.sql'), 'DELETE FROM `users`;\n');
    report = await runCheck({ dir });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replays every file in name order, with one warning that there is no journal', () => {
    expect(report.migrations.map((m) => m.name)).toEqual(['0001_init.sql', '0002_cleanup.sql']);
    expect(report.findings.filter((f) => f.rule.startsWith('chain-')).map((f) => [f.rule, f.severity])).toEqual([['chain-no-journal', 'warning']]);
  });

  it('finds what the files do to the rows', () => {
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => [f.rule, f.migration])).toEqual([['data-loss', '0002_cleanup.sql']]);
  });
});
