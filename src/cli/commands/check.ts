import { resolve } from 'node:path';
import { readD1Database } from '../../migrate/config/wrangler';
import { ENGINES } from '../../migrate/check/engines';
import { runCheck } from '../../migrate/check/index';
import { LINT_RULES } from '../../migrate/check/lint';
import { formatReport } from '../../migrate/check/summary';
import { UsageError } from '../../migrate/errors';
import type { Command } from '../command';

export const check: Command = {
  name: 'check',
  summary: 'Prove every migration is safe on D1: chain, schema in sync, lint, replay with seeded rows on two engines',
  help: `Usage: pnpm db:check [--json] [--dir <folder>] [--fast] [--rows <n>]

Checks the migration folder before anything runs against a database:
  1. chain      journal, .sql files and snapshots agree (no missing, extra or duplicate numbers)
  2. in sync    src/db/schema has no change that was not generated
  3. lint       rules for what goes wrong on D1, each with a fix hint
  4. replay     every migration in one transaction with foreign keys on, as D1 runs it,
                on better-sqlite3 and on workerd's own D1 (miniflare, in memory)
  5. data       before each migration every table holds seeded rows; after it every row
                is still there, unchanged, and added columns hold their default
A deliberate loss is declared in the migration with a line \`-- allow-data-loss: <table>\`.
Exits 1 when any error is found, 0 otherwise. Touches no real database.

Options:
  --json          print one JSON object (the full report) on stdout
  --dir <folder>  the migration folder (default: migrations_dir of wrangler.toml, drizzle/);
                  another folder is not compared with src/db/schema (step 2 is skipped)
  --fast          replay on better-sqlite3 only (skips workerd's D1; CI must not use it)
  --rows <n>      seed rows per table before each migration (default 3)
  -h, --help      show this help

Lint rules:
${LINT_RULES.map((r) => `  ${r.id.padEnd(26)} ${r.severity.padEnd(8)} ${r.summary}`).join('\n')}`,
  options: { json: { type: 'boolean' }, dir: { type: 'string' }, fast: { type: 'boolean' }, rows: { type: 'string' } },
  async run({ values }, { root, out }) {
    const projectDir = resolve(root, readD1Database(root).migrationsDir);
    const dir = typeof values.dir === 'string' ? resolve(root, values.dir) : projectDir;
    const rowsPerTable = values.rows === undefined ? undefined : Number(values.rows);
    if (rowsPerTable !== undefined && !(Number.isInteger(rowsPerTable) && rowsPerTable >= 1)) {
      throw new UsageError(`--rows must be a whole number of at least 1 (got ${String(values.rows)}).`);
    }
    // src/db/schema describes the project's own chain only: another folder is not compared with it.
    const schema = dir === projectDir ? undefined : false;
    const report = await runCheck({ dir, schema, engines: values.fast ? ['sqlite'] : ENGINES, rowsPerTable });
    if (values.json) out.line(JSON.stringify(report, null, 2));
    else for (const line of formatReport(report, root)) out.line(line);
    return report.ok ? 0 : 1;
  },
};
