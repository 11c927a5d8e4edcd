/**
 * What drizzle.config.ts and drizzle.config.local.ts share, and what they need to know of
 * the drizzle-kit command that loaded them.
 */
import { ToolError } from '../errors';

export const SCHEMA = './src/db/schema/index.ts';
export const MIGRATIONS_DIR = './drizzle';
/** `drizzle-kit pull` writes a schema.ts and a snapshot of its own: keep them apart from the chain. */
export const PULL_DIR = './drizzle-pull';

/**
 * Tables that are not the data model: wrangler's ledger and this tooling's lock
 * (`d1_migrations*`), D1's internal `_cf_*` tables, SQLite's `sqlite_sequence`.
 */
export const TABLES_FILTER = ['!d1_migrations*', '!_cf_*', '!sqlite_sequence', '!__drizzle_migrations'];

/** The drizzle-kit sub-command being run (`generate`, `push`, `pull`, `studio` ...). */
export function drizzleKitCommand(argv: readonly string[] = process.argv): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/** Commands that read only the schema and the migration folder, never a database. */
export const OFFLINE_COMMANDS = new Set(['generate', 'check', 'up', 'export']);

export class RemotePushRefused extends ToolError {
  override name = 'RemotePushRefused';
  constructor() {
    super(
      'Refusing to push to remote D1: drizzle-kit push applies changes by rebuilding tables, and on D1 a ' +
        'rebuild deletes every row below the table through ON DELETE CASCADE (foreign keys cannot be turned off ' +
        'there). Generate a migration instead (`pnpm db:generate`), check it (`pnpm db:check`) and apply it ' +
        '(`pnpm db:apply`). `pnpm db:push` works on the local database.',
    );
  }
}

/**
 * drizzle-kit loads its config in its own process, where this file is the entry point:
 * a configuration problem is printed as one line, with no stack trace, and ends the command
 * before any network attempt.
 */
export function orExit<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    console.error(`error: ${error.message}`);
    process.exit(error.exitCode);
  }
}
