/** One thing `d1-evolve check` has to say about a migration: a lint hit, a lost row, a broken chain. */
import type { LintRuleId } from './lint';

export type Severity = 'error' | 'warning';

/** A finding that is not a lint rule (lint.ts LINT_RULES lists those), in the order the README lists them. */
export interface FindingRule {
  id: string;
  severity: Severity;
  summary: string;
}

const finding = (id: string, severity: Severity, summary: string): FindingRule => ({ id, severity, summary });

/** Every finding of the check besides the lint rules: the chain's, the schema's, the replay's and the data's. */
export const FINDING_RULES = [
  finding('chain-journal', 'error', 'meta/_journal.json is missing or unreadable: the only chain problem that stops the check'),
  finding('chain-no-journal', 'warning', "no meta/_journal.json: wrangler's own layout; every .sql file is replayed in name order"),
  finding('chain-missing-file', 'warning', 'the journal lists a .sql file the folder lacks'),
  finding('chain-extra-file', 'warning', 'a .sql file the journal does not list: wrangler applies it, in name order'),
  finding('chain-duplicate-number', 'warning', 'two files share a number (merged branches): wrangler applies both, in name order'),
  finding('chain-order', 'warning', "the journal's order differs from the file names' order, which wrangler uses"),
  finding('chain-journal-order', 'warning', 'journal idx values that do not run 0, 1, 2 ...'),
  finding('chain-missing-snapshot', 'warning', 'a migration without its snapshot (the check reads that schema from the engine)'),
  finding('chain-extra-snapshot', 'warning', 'a snapshot no journal entry owns'),
  finding('chain-snapshot-json', 'warning', 'a snapshot that is not valid JSON'),
  finding('chain-snapshot-link', 'warning', "a snapshot whose prevId is not the previous snapshot's id"),
  finding('schema-not-generated', 'error', 'the schema has a change no migration was generated for'),
  finding('replay-failed', 'error', "a migration fails on an engine: the failing statement and the engine's message"),
  finding('snapshot-mismatch', 'error', "the database after a migration differs from the migration's snapshot"),
  finding('data-loss', 'error', 'a migration deletes rows, or drops a table or column that held values, undeclared'),
  finding('data-changed', 'error', 'a migration changes values it does not declare (the first one, was → now)'),
  finding('trigger-lost', 'error', "a trigger gone after a migration that did not drop it (a rebuild's DROP TABLE takes the table's triggers)"),
  finding(
    'migration-too-slow',
    'error',
    "a migration that takes longer than D1's 30 s per batch at the rate measured (for a rebuild: the rows it moves and those its DROP cascades to)",
  ),
  finding('migration-near-limit', 'warning', "a migration that takes over a third of D1's 30 s here: D1 is rarely faster than a local engine"),
  finding('down-failed', 'error', "a migration's down fails on an engine right after the up: the failing statement and the engine's message"),
  finding('down-schema-mismatch', 'error', 'up then down does not give back the schema the engine held before the up (custom SQL included)'),
  finding('down-data-loss', 'error', 'up then down loses or changes rows that were there before the up, and neither file declares it'),
  finding('down-redo-failed', 'error', 'up, down, up again fails, or leaves another schema than the first up'),
  finding('seed-incomplete', 'warning', 'a table the seeder could not fill, once for the whole check'),
  finding('lint-failed', 'warning', 'the lint could not read a migration (the replay still decides)'),
] as const satisfies readonly FindingRule[];

export type FindingRuleId = (typeof FINDING_RULES)[number]['id'];

export interface Finding {
  /** Stable id: a lint rule (`rebuild-cascade`) or one of FINDING_RULES (`data-loss`, `chain-extra-file`). */
  rule: LintRuleId | FindingRuleId;
  severity: Severity;
  /** The migration's file name (`0004_x.sql`); absent for findings about the whole chain. */
  migration?: string;
  path?: string;
  table?: string;
  /** What is wrong, where. */
  message: string;
  /** What to do about it. */
  hint: string;
}

export const hasErrors = (findings: readonly Finding[]) => findings.some((f) => f.severity === 'error');
