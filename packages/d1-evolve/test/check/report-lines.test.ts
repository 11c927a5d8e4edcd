/**
 * Where the report formats place a finding: a row lost to a cascade goes on the DROP TABLE
 * of the table it hangs from (in the schema the file ran on: before the migration, or after
 * the up for its down), not on the file's first DROP TABLE.
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
  // 0002 adds two columns; its down rebuilds both tables without them, and so loses every post too.
  writeFileSync(join(dir, '0002_columns.sql'), 'ALTER TABLE `tags` ADD `note` text;\n--> statement-breakpoint\nALTER TABLE `users` ADD `bio` text;\n');
  mkdirSync(join(dir, 'down'));
  writeFileSync(join(dir, 'down', '0002_columns.sql'), `${REBUILDS}\n`);
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

  it("places a down's lost rows by the schema after its up", () => {
    const down = report.migrations.find((m) => m.name === '0002_columns.sql')?.down;
    const lost = down?.findings.find((f) => f.rule === 'down-data-loss' && f.table === 'posts');
    expect(lost, JSON.stringify(down?.findings.map((f) => [f.rule, f.table]))).toBeDefined();
    const annotation = githubAnnotations([reportSource({ report })], root).find((l) => l.includes('title=down-data-loss') && l.includes('posts'));
    expect(annotation).toContain('file=migrations/down/0002_columns.sql,');
    const line = Number(/,line=(\d+)/.exec(annotation ?? '')?.[1]);
    expect(readFileSync(join(dir, 'down', '0002_columns.sql'), 'utf8').split('\n')[line - 1]).toBe('DROP TABLE `users`;');
  });
});
