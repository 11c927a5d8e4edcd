import { readMigrationFolder } from '../../migrate/folder';
import { baseline as runBaseline } from '../../migrate/runner/baseline';
import { cliHolder, openTarget } from '../../migrate/runner/target';
import type { Command } from '../command';

export const baseline: Command = {
  name: 'baseline',
  summary: 'Adopt a database built without these migrations: record them as applied if its schema matches',
  help: `Usage: pnpm db:baseline [--to <migration>] [--force]          remote D1
       pnpm db:baseline:local [--to <migration>] [--force]    the local D1 database of \`wrangler dev\`

For a database built outside these migrations (raw SQL, \`drizzle-kit push\`, a copy):
compares its live schema (tables, columns with type, NOT NULL, default and primary key,
indexes, UNIQUE constraints, foreign keys with their actions, CHECKs, views) with the
snapshot of a migration, and only if they match records that migration and every one
before it in the ledger d1_migrations as applied, with their checksums. \`pnpm db:apply\`
then continues with the next one. If anything differs, it prints the differences table by
table, writes nothing, and exits 1.

Options:
  --to <migration>  the migration the database should match (name, tag or number, e.g.
                    0003); default the latest
  --force           go on although the ledger already has rows (normally baseline refuses:
                    such a database is managed already). The schema is still compared;
                    existing rows are kept and only the missing ones are added.
  --local           the local database (.wrangler/state, or D1_PERSIST_TO)
  -h, --help        show this help`,
  options: { to: { type: 'string' }, force: { type: 'boolean' }, local: { type: 'boolean' } },
  async run({ values }, { root, env, out }) {
    const target = openTarget({ root, env, local: values.local === true });
    try {
      const { migrations } = readMigrationFolder(target.migrationsDir);
      const result = await runBaseline({ transport: target.transport, migrations, to: values.to as string | undefined, force: values.force === true, holder: cliHolder() });
      const where = target.transport.target;
      if (!result.ok) {
        out.line(`${where} does not match ${result.migration.name}'s snapshot; nothing was written. ${result.differences.length} difference(s):`);
        for (const line of result.differences) out.line(`  - ${line}`);
        out.line(
          '\nMake the database match (or name the migration it does match with --to <migration>) and run again. ' +
            'To see the schema as drizzle reads it, run `pnpm db:pull`.',
        );
        return 1;
      }
      out.line(`${where} matches ${result.migration.name}'s snapshot.`);
      if (result.recorded.length > 0) out.line(`Recorded as applied: ${result.recorded.join(', ')}.`);
      if (result.alreadyRecorded.length > 0) out.line(`Already in the ledger, kept: ${result.alreadyRecorded.join(', ')}.`);
      const next = migrations[migrations.indexOf(result.migration) + 1];
      out.line(next ? `\`pnpm db:apply${target.local ? ':local' : ''}\` continues with ${next.name}.` : 'The database is up to date with the migrations.');
      return 0;
    } finally {
      await target.transport.close?.();
    }
  },
};
