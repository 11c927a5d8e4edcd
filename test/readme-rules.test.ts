/**
 * The README's tables of lint rules and findings are the code's: every rule the check can
 * report is listed with its severity, in the code's order, and nothing else is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_RULES } from '../packages/d1-evolve/src/check/finding';
import { LINT_RULES } from '../packages/d1-evolve/src/check/lint';
import { PROJECT_ROOT } from './support/project';

const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

/** The rows `| \`id\` | severity | ... |` of the table whose header starts with `| <first> |`. */
function tableRows(first: string): [string, string][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  expect(start, `a table headed "| ${first} |" in README.md`).toBeGreaterThan(-1);
  const rows: [string, string][] = [];
  for (const line of lines.slice(start + 2)) {
    const cells = /^\| `([a-z0-9-]+)` \| (error|warning) \|/.exec(line);
    if (!cells) break;
    rows.push([cells[1]!, cells[2]!]);
  }
  return rows;
}

describe('the README', () => {
  it('lists every lint rule with its severity, as the check does', () => {
    expect(tableRows('lint rule')).toEqual(LINT_RULES.map((r) => [r.id, r.severity]));
  });

  it('lists every other finding with its severity, as the check does', () => {
    expect(tableRows('finding')).toEqual(FINDING_RULES.map((r) => [r.id, r.severity]));
  });
});
