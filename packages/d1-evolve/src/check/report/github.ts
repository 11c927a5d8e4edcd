/**
 * `d1-evolve check --format github`: one GitHub Actions workflow command per finding, which
 * GitHub shows as an annotation on the migration file and line in the pull request:
 *   ::error file=drizzle/0004_x.sql,line=12,title=rebuild-cascade::<message>%0Afix: <hint>
 * A finding without a file (the schema is not generated, a table the seeder cannot fill) is an
 * annotation of the run. Escaping as GitHub's toolkit does: `%`, CR and LF in the message,
 * and also `:` and `,` in a property.
 */
import { slashRelative } from '../../docs/paths';
import type { CheckFinding } from '../index';
import type { ReportSource } from './source';

/** The workflow commands for every finding of the checked databases; paths relative to `repoRoot` (GITHUB_WORKSPACE). */
export function githubAnnotations(sources: readonly ReportSource[], repoRoot: string): string[] {
  const lines = sources.flatMap((source) =>
    source.report.findings.map((finding) => annotation(finding, source, sources.length > 1 ? source.database : undefined, repoRoot)),
  );
  const findings = sources.flatMap((s) => s.report.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (errors > STEP_LIMIT || warnings > STEP_LIMIT) {
    const message = `${errors} error(s) and ${warnings} warning(s) in all, more than the ${STEP_LIMIT} of each kind GitHub shows for one step: every one is in the log below and in the summary.`;
    lines.push(`::notice title=d1-evolve check::${escapeData(message)}`);
  }
  return lines;
}

/** GitHub shows at most this many error (and as many warning) annotations of one step. */
const STEP_LIMIT = 10;

function annotation(finding: CheckFinding, source: ReportSource, database: string | undefined, repoRoot: string): string {
  const place = source.locator.place(finding);
  const properties: [string, string][] = [];
  if (place) properties.push(['file', slashRelative(repoRoot, place.path)], ['line', String(place.line)]);
  properties.push(['title', database ? `${finding.rule} (${database})` : finding.rule]);
  const message = `${finding.message}\nfix: ${finding.hint}`;
  const level = finding.severity === 'error' ? 'error' : 'warning';
  return `::${level} ${properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}::${escapeData(message)}`;
}

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
