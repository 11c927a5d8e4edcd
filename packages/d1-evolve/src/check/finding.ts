/** One thing `d1-evolve check` has to say about a migration: a lint hit, a lost row, a broken chain. */
export type Severity = 'error' | 'warning';

export interface Finding {
  /** Stable id, e.g. `rebuild-cascade`, `data-loss`, `chain-missing-file`. */
  rule: string;
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
