/**
 * What a project's drizzle config needs to know of the drizzle-kit command that loaded it,
 * and what d1-evolve refuses to let drizzle-kit do to D1.
 */
import { ToolError } from '../errors';

/**
 * Tables that are not the data model, as drizzle-kit's `tablesFilter`: wrangler's ledger and
 * this tooling's lock (`<migrations_table>*`), D1's internal `_cf_*` tables, SQLite's
 * `sqlite_sequence`, drizzle's own migrations table.
 */
export function tablesFilter(migrationsTable = 'd1_migrations'): string[] {
  return [`!${migrationsTable}*`, '!_cf_*', '!sqlite_sequence', '!__drizzle_migrations'];
}

/** The drizzle-kit sub-command being run (`generate`, `push`, `pull`, `studio` ...). */
export function drizzleKitCommand(argv: readonly string[] = process.argv): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

/**
 * Set while d1-evolve loads a drizzle config to learn its `schema` and `out`: the config's
 * credentials are not needed then, and reading them must not end the command.
 */
export const READING_CONFIG = 'D1_EVOLVE_READING_CONFIG';

/** Commands that read only the schema and the migration folder, never a database. */
export const OFFLINE_COMMANDS = new Set(['generate', 'check', 'up', 'export']);

export class RemotePushRefused extends ToolError {
  override name = 'RemotePushRefused';
  constructor() {
    super(
      'Refusing to push to remote D1: drizzle-kit push applies changes by rebuilding tables, and on D1 a ' +
        'rebuild deletes every row below the table through ON DELETE CASCADE (foreign keys cannot be turned off ' +
        'there). Generate a migration instead (`d1-evolve generate`), check it (`d1-evolve check`) and apply it ' +
        '(`d1-evolve apply`). `d1-evolve push` works on the local database.',
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
