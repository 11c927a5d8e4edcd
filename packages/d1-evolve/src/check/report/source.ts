/**
 * What the report formats need beyond the CheckReport: the folder itself, read again (each
 * migration's SQL and the schemas before and after it, as the check replayed them), what each
 * migration changes, and where each finding sits in its file.
 */
import { readMigrationFolder } from '../../folder/migration-folder';
import type { CheckFinding, CheckReport, MigrationReport } from '../index';
import { type ChainStep, chainSteps } from '../replay';
import { plural, type StepChanges, stepChanges } from './changes';

export { plural } from './changes';
import { FindingLocator } from './lines';

/** One database's check, as the CLI ran it (`database` with several of them). */
export interface CheckedDatabase {
  database?: string;
  report: CheckReport;
}

export interface ChainEntry {
  step: ChainStep;
  changes: StepChanges;
  /** Its report; absent for a migration the data (`--data`) had applied already, which was not replayed. */
  report?: MigrationReport;
}

export interface ReportSource extends CheckedDatabase {
  /** Every migration of the folder, in the order wrangler applies them (empty when the chain could not be read). */
  chain: ChainEntry[];
  /** The findings no migration or down shows: the chain's, the schema's, the seeder's. */
  chainFindings: CheckFinding[];
  locator: FindingLocator;
}

export function reportSource(checked: CheckedDatabase): ReportSource {
  const { report } = checked;
  const shown = new Set([...report.migrations.flatMap((m) => m.findings), ...report.downs.flatMap((d) => d.findings)]);
  const chain = readChain(report);
  // A row lost to a cascade is placed on the DROP TABLE it hangs from, in the schema the file ran on: a down runs after its up.
  const before = new Map(chain.map((entry) => [entry.step.migration.path, entry.step.before]));
  for (const { step, report: migration } of chain) if (migration?.down) before.set(migration.down.path, step.after);
  const locator = new FindingLocator((path) => before.get(path));
  return { ...checked, chain, chainFindings: report.findings.filter((f) => !shown.has(f)), locator };
}

function readChain(report: CheckReport): ChainEntry[] {
  let steps: ChainStep[];
  try {
    steps = chainSteps(readMigrationFolder(report.dir).migrations);
  } catch {
    return []; // a journal that cannot be read: the check says so, and replayed nothing
  }
  const byName = new Map(report.migrations.map((m) => [m.name, m]));
  return steps.map((step) => {
    const migration = byName.get(step.migration.name);
    return { step, changes: stepChanges(step), ...(migration ? { report: migration } : {}) };
  });
}

/** `2 errors, 1 warning`, or `no findings`. */
export function countPhrase(findings: readonly CheckFinding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const parts = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean);
  return parts.join(', ') || 'no findings';
}

/** Every finding of one migration: its own and its down's. */
export function migrationFindings(report: MigrationReport): CheckFinding[] {
  return [...report.findings, ...(report.down?.findings ?? [])];
}
