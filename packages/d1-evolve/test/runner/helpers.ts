/**
 * Support for the runner's tests: a migration folder written to a temp dir, and a hash of a
 * database's whole content to prove that something changed nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Migration, readMigrationFolder } from '../../src/folder/migration-folder';
import type { D1ApiServer } from '../../src/testing/d1-api';
import { HttpTransport, type HttpTransportOptions } from '../../src/transports/http';

export interface TempFolder {
  dir: string;
  migrations: Migration[];
  /** Rewrites one file (by tag) and re-reads the folder. */
  edit(tag: string, sql: string): Migration[];
  remove(): void;
}

/** A drizzle-kit style folder (journal + SQL files) holding `files`, tag → SQL, in order. */
export function migrationFolder(files: Record<string, string>): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), 'runner-migrations-'));
  const write = (entries: Record<string, string>) => {
    mkdirSync(join(dir, 'meta'), { recursive: true });
    const tags = Object.keys(entries);
    const journal = {
      version: '7',
      dialect: 'sqlite',
      entries: tags.map((tag, idx) => ({ idx, version: '6', when: 1_700_000_000_000 + idx, tag, breakpoints: true })),
    };
    writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
    for (const [tag, sql] of Object.entries(entries)) writeFileSync(join(dir, `${tag}.sql`), sql);
  };
  write(files);
  const folder: TempFolder = {
    dir,
    migrations: readMigrationFolder(dir).migrations,
    edit(tag, sql) {
      files = { ...files, [tag]: sql };
      write(files);
      folder.migrations = readMigrationFolder(dir).migrations;
      return folder.migrations;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return folder;
}

/** Three small migrations: two tables and a data row in a table without a unique key. */
export const THREE = {
  '0000_users':
    'CREATE TABLE `users` (`id` text PRIMARY KEY NOT NULL, `email` text NOT NULL);\n--> statement-breakpoint\nCREATE UNIQUE INDEX `users_email` ON `users` (`email`);',
  '0001_events': 'CREATE TABLE `events` (`user_id` text REFERENCES `users`(`id`) ON DELETE CASCADE, `kind` text NOT NULL);',
  // No unique constraint: running it twice would leave two rows.
  '0002_seed_event': "INSERT INTO `events` (`user_id`, `kind`) VALUES (NULL, 'seeded');",
};

/** Resolves at once: retries and backoff in tests cost no time. */
export const noWait = async (): Promise<void> => {};

/** The D1 HTTP transport aimed at a loopback API `server`, with backoff that does not wait. */
export function loopbackTransport(server: D1ApiServer, options: Partial<HttpTransportOptions> = {}): HttpTransport {
  return new HttpTransport({
    apiBaseUrl: server.url,
    accountId: server.accountId,
    databaseId: server.databaseId,
    token: server.token,
    sleep: noWait,
    baseDelayMs: 1,
    ...options,
  });
}
