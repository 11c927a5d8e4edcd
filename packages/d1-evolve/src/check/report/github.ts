/**
 * `d1-evolve check --format github`: one GitHub Actions workflow command per finding, which
 * GitHub shows as an annotation on the migration file and line in the pull request:
 *   ::error file=drizzle/0004_x.sql,line=12,title=rebuild-cascade::<message>%0Afix: <hint>
 * A finding without a file (the schema is not generated, a table the seeder cannot fill) is an
 * annotation of the run. Escaping as GitHub's toolkit does: `%`, CR and LF in the message,
 * and also `:` and `,` in a property.
 *
 * Findings of one rule in one migration are one annotation (a lossy rebuild loses the rows of
 * 34 tables at one DROP): GitHub shows ten errors per step, and those ten should be distinct
 * problems. Its message names the tables, the first few findings and how many more there are;
 * the text log and the Markdown summary keep every finding.
 */
import { slashRelative } from '../../docs/paths';
import type { CheckFinding } from '../index';
import type { ReportSource } from './source';

/** The workflow commands for every finding of the checked databases; paths relative to `repoRoot` (GITHUB_WORKSPACE). */
export function githubAnnotations(sources: readonly ReportSource[], repoRoot: string): string[] {
  const groups = sources.flatMap((source) => groupFindings(source.report.findings).map((group) => ({ group, source })));
  const lines = groups.map(({ group, source }) => annotation(group, source, sources.length > 1 ? source.database : undefined, repoRoot));
  const errors = groups.filter(({ group }) => group[0]!.severity === 'error').length;
  const warnings = groups.length - errors;
  if (errors > STEP_LIMIT || warnings > STEP_LIMIT) {
    const message = `${errors} error(s) and ${warnings} warning(s) in all, more than the ${STEP_LIMIT} of each kind GitHub shows for one step: every one is in the log below and in the summary.`;
    lines.push(`::notice title=d1-evolve check::${escapeData(message)}`);
  }
  return lines;
}

/** GitHub shows at most this many error (and as many warning) annotations of one step. */
const STEP_LIMIT = 10;

/** How many findings of a group its annotation quotes; how many tables it names. */
const QUOTED = 3;
const NAMED = 8;

/** The findings by (migration, rule, severity), in the order of their first finding. */
export function groupFindings(findings: readonly CheckFinding[]): CheckFinding[][] {
  const groups = new Map<string, CheckFinding[]>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.path ?? '', finding.migration ?? '', finding.rule, finding.severity]);
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()];
}

function annotation(group: readonly CheckFinding[], source: ReportSource, database: string | undefined, repoRoot: string): string {
  const finding = group[0]!;
  const places = group.map((f) => source.locator.place(f)).filter((p) => p !== undefined);
  const place = places.sort((a, b) => a.line - b.line)[0];
  const properties: [string, string][] = [];
  if (place) properties.push(['file', slashRelative(repoRoot, place.path)], ['line', String(place.line)]);
  properties.push(['title', database ? `${finding.rule} (${database})` : finding.rule]);
  const message = group.length === 1 ? `${finding.message}\nfix: ${finding.hint}` : groupMessage(group);
  const level = finding.severity === 'error' ? 'error' : 'warning';
  return `::${level} ${properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}::${escapeData(message)}`;
}

/** One message for the findings of one rule in one migration: the tables, the first findings, one fix. */
function groupMessage(group: readonly CheckFinding[]): string {
  const tables = [...new Set(group.flatMap((f) => (f.table ? [f.table] : [])))];
  const named =
    tables.length > 0
      ? ` on ${plural(tables.length, 'table')}: ${tables.slice(0, NAMED).join(', ')}${tables.length > NAMED ? ` and ${tables.length - NAMED} more` : ''}`
      : '';
  const quoted = group.slice(0, QUOTED).map((f) => `- ${f.message.split('\n')[0]}`);
  const more = group.length > QUOTED ? [`- and ${group.length - QUOTED} more like them: every one is in the log below and in the summary`] : [];
  // A hint that names its table (`-- allow-data-loss: posts`) is one fix for all, with the table left open.
  const hints = [...new Set(group.map((f) => (f.table ? f.hint.replace(wordOf(f.table), '<table>') : f.hint)))];
  const fix = hints.length === 1 ? hints[0]! : `${group[0]!.hint} (the others' fixes are in the log)`;
  return [`${group.length} ${group[0]!.rule} findings${named}:`, ...quoted, ...more, `fix: ${fix}`].join('\n');
}

/** A name as a whole word, for replacing it in text. */
export const wordOf = (name: string) => new RegExp(String.raw`(?<![\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\w$])`, 'g');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The annotation of a run the check could not finish (a usage or configuration error): CI shows it beside the log. */
export function githubErrorAnnotation(message: string): string {
  return `::error title=d1-evolve::${escapeData(message)}`;
}

/** A workflow command's message (its data). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
