import { baseline as runBaseline } from '../../runner/baseline';
import { cliHolder, openTarget } from '../../runner/target';
import type { Command } from '../command';
import { LOCAL_OPTION, PROJECT_OPTIONS, openProject, selectedDatabases } from '../project-options';

export const baseline: Command = {
  name: 'baseline',
  summary: 'Adopt a database built without these migrations: record them as applied if its schema matches',
  usage: ['[--local] [--database <binding> | --all] [--to <migration>] [--force]'],
  description: `For a database built outside these migrations (raw SQL, \`drizzle-kit push\`, a copy):
compares its live schema (tables, columns with type, NOT NULL, default and primary key,
indexes, UNIQUE constraints, foreign keys with their actions, CHECKs, views) with the
snapshot of a migration, and only if they match records that migration and every one
before it in the database's ledger (migrations_table) as applied, with their checksums.
\`d1-evolve apply\` then continues with the next one. If anything differs, it prints the
differences table by table, writes nothing, and exits 1.`,
  options: {
    ...PROJECT_OPTIONS,
    ...LOCAL_OPTION,
    to: { type: 'string', value: '<migration>', description: 'the migration the database should match (name, tag or number, e.g.\n0003); default the latest' },
    'include-data': {
      type: 'boolean',
      description:
        'also record migrations that write rows (seeds, backfills), taking their\nrows to be in the database already; without it baseline refuses them',
    },
    force: {
      type: 'boolean',
      description:
        'go on although the ledger already has rows (normally baseline refuses:\nsuch a database is managed already). The schema is still compared;\nexisting rows are kept and only the missing ones are added.',
    },
  },
  async run(args, context) {
    const { values } = args;
    const { env, out } = context;
    const project = openProject(args, context);
    const databases = selectedDatabases(project, args, context, values.local !== true);
    let code = 0;
    for (const database of databases) {
      if (databases.length > 1) out.line(`\n== ${database.binding} ==`);
      const { migrations } = await project.migrationFolder(database);
      const target = openTarget({ project, database, env, local: values.local === true });
      try {
        const result = await runBaseline({
          transport: target.transport,
          migrations,
          ledger: target.ledger,
          to: values.to as string | undefined,
          force: values.force === true,
          includeData: values['include-data'] === true,
          holder: cliHolder(),
        });
        const where = target.transport.target;
        if (!result.ok) {
          out.line(`${where} does not match ${result.migration.name}'s snapshot; nothing was written. ${result.differences.length} difference(s):`);
          for (const line of result.differences) out.line(`  - ${line}`);
          out.line(
            '\nMake the database match (or name the migration it does match with --to <migration>) and run again. To see the schema as drizzle reads it, run `d1-evolve pull`.',
          );
          code = 1;
          continue;
        }
        out.line(`${where} matches ${result.migration.name}'s snapshot.`);
        if (result.recorded.length > 0) out.line(`Recorded as applied in ${target.ledger.table}: ${result.recorded.join(', ')}.`);
        if (result.alreadyRecorded.length > 0) out.line(`Already in the ledger, kept: ${result.alreadyRecorded.join(', ')}.`);
        const next = migrations[migrations.indexOf(result.migration) + 1];
        out.line(
          next ? `\`d1-evolve apply${target.local ? ' --local' : ''}\` continues with ${next.name}.` : 'The database is up to date with the migrations.',
        );
      } finally {
        await target.transport.close?.();
      }
    }
    return code;
  },
};
