/**
 * Where the report formats place a finding: a row lost to a cascade goes on the DROP TABLE
 * of the table it hangs from (in the schema before the migration), not on the file's first
 * DROP TABLE.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckReport, runCheck } from '../../src/check/index';
import { githubAnnotations } from '../../src/check/report/github';
import { findingStatement } from '../../src/check/report/lines';
import { reportSource } from '../../src/check/report/source';
import { splitMigration } from '../../src/folder/migration-folder';

const TABLES =
  'CREATE TABLE `users` (`id` text PRIMARY KEY NOT NULL, `name` text NOT NULL);\n--> statement-breakpoint\n' +
  'CREATE TABLE `posts` (`id` text PRIMARY KEY NOT NULL, `user_id` text NOT NULL REFERENCES `users`(`id`) ON DELETE cascade);\n--> statement-breakpoint\n' +
  'CREATE TABLE `tags` (`id` text PRIMARY KEY NOT NULL, `label` text NOT NULL);\n';

/** drizzle-kit's rebuild of `tags`, then of `users`: the DROP TABLE `users` deletes every post. */
const REBUILDS = ['tags', 'users']
  .map((table) => {
    const columns = table === 'tags' ? '`id`, `label`' : '`id`, `name`';
    const definition = table === 'tags' ? '`id` text PRIMARY KEY NOT NULL, `label` text' : '`id` text PRIMARY KEY NOT NULL, `name` text';
    return [
      `CREATE TABLE \`__new_${table}\` (${definition});`,
      `INSERT INTO \`__new_${table}\`(${columns}) SELECT ${columns} FROM \`${table}\`;`,
      `DROP TABLE \`${table}\`;`,
      `ALTER TABLE \`__new_${table}\` RENAME TO \`${table}\`;`,
    ].join('\n--> statement-breakpoint\n');
  })
  .join('\n--> statement-breakpoint\n');

let root: string;
let dir: string;
let report: CheckReport;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'd1-evolve-report-lines-'));
  dir = join(root, 'migrations');
  mkdirSync(dir);
  writeFileSync(join(dir, '0000_tables.sql'), TABLES);
  writeFileSync(join(dir, '0001_rebuilds.sql'), `${REBUILDS}\n`);
  report = await runCheck({ dir, schema: false });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('finding lines', () => {
  it("places rows lost to a cascade on the DROP TABLE of the lost table's parent, not the file's first DROP TABLE", () => {
    const lost = report.migrations.flatMap((m) => m.findings).find((f) => f.rule === 'data-loss' && f.table === 'posts');
    expect(lost, JSON.stringify(report.migrations.flatMap((m) => m.findings).map((f) => f.message))).toBeDefined();
    const sql = readFileSync(join(dir, '0001_rebuilds.sql'), 'utf8');
    const lines = sql.split('\n');

    // Without the schema the only guess is the first DROP TABLE, which is `tags`'s: the wrong one.
    const statements = splitMigration(sql);
    expect(statements[findingStatement(lost!, statements)!]).toContain('DROP TABLE `tags`');

    const annotation = githubAnnotations([reportSource({ report })], root).find((l) => l.includes('posts') && l.includes('title=data-loss'));
    const line = Number(/,line=(\d+)/.exec(annotation ?? '')?.[1]);
    expect(lines[line - 1]).toBe('DROP TABLE `users`;');
  });
});
