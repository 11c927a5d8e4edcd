/**
 * `d1-evolve check --format markdown` (and `--summary <file>`): the check as a pull-request
 * summary, for `$GITHUB_STEP_SUMMARY` or a PR comment. An overview table of the migrations
 * checked, the findings about the chain and the schema, then per migration: what it changes,
 * the rows checked on each engine, its findings (with their lines), the losses and changes
 * it declares, its down's proof, and a Mermaid diagram of the tables it touches. Text from
 * the migrations and the findings is escaped, so a comment in a migration cannot add a link
 * or an image to the summary.
 */
import { cellCode, cellMd, code, md } from '../../docs/markdown-text';
import { slashRelative } from '../../docs/paths';
import { ENGINE_LABELS, type EngineName } from '../engines';
import type { CheckFinding, CheckReport, DownReport, MigrationReport } from '../index';
import { changePhrase, changeSummary, neighbours } from './changes';
import { mermaidErDiagram } from './mermaid';
import { type ChainEntry, type ReportSource, countPhrase, migrationFindings, plural } from './source';

/** Diagrams of more tables than this are folded in a <details>. */
const FOLD_DIAGRAM = 12;

/** The summary's lines, one part per database. */
export function markdownSummary(sources: readonly ReportSource[], root: string): string[] {
  const lines: string[] = [];
  for (const source of sources) {
    if (lines.length > 0) lines.push('');
    lines.push(...databaseSummary(source, root, sources.length > 1));
  }
  return lines;
}

function databaseSummary(source: ReportSource, root: string, several: boolean): string[] {
  const { report } = source;
  const path = (p: string) => slashRelative(root, p) || '.';
  const engines = report.engines.map((e) => ENGINE_LABELS[e]).join(' and ');
  const verdict = report.ok ? `✓ safe on D1 (${countPhrase(report.findings)})` : `✗ ${countPhrase(report.findings)}`;
  const lines = [
    `## d1-evolve check${several && source.database ? ` of ${md(source.database)}` : ''}: ${verdict}`,
    '',
    `${code(`${path(report.dir)}/`)} · ${plural(report.migrations.length, 'migration')} checked on ${engines} · ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  if (report.schemaNote) lines.push('', `> ℹ The schema was not compared: ${md(report.schemaNote)}`);
  if (report.data) {
    const total = Object.values(report.data.rows).reduce((a, b) => a + b, 0);
    lines.push(
      '',
      `> ℹ Replayed on the rows of ${md(report.data.label)} (${total.toLocaleString('en')} rows in ${plural(Object.keys(report.data.rows).length, 'table')}); ${plural(report.data.applied.length, 'migration')} already applied there.`,
    );
  }
  if (source.chain.length > 0) lines.push('', ...overview(source.chain, report));
  if (source.chainFindings.length > 0) {
    lines.push('', `### Chain and schema (${countPhrase(source.chainFindings)})`, '');
    for (const finding of source.chainFindings) lines.push(...findingItem(finding, source, path));
  }
  for (const entry of source.chain) if (entry.report) lines.push('', ...migrationPart(entry, entry.report, report, source, path));
  if (report.migrations.length === 0 && !report.ok) lines.push('', 'Nothing was replayed: fix the chain first.');
  return lines;
}

function overview(chain: readonly ChainEntry[], report: CheckReport): string[] {
  const rows = chain.map(({ step, changes, report: migration }) => {
    if (!migration)
      return `| · | ${cellCode(step.migration.name)} | ${cellMd(changeSummary(changes))} | already applied${report.data ? ` on ${cellMd(report.data.label)}` : ''}, not replayed | |`;
    const findings = migrationFindings(migration);
    const mark = findings.some((f) => f.severity === 'error') ? '✗' : findings.length > 0 ? '⚠' : '✓';
    const runs = report.engines.map((e) => `${ENGINE_LABELS[e]} ${runPhrase(migration, e)}`).join(' · ');
    return `| ${mark} | ${cellCode(step.migration.name)} | ${cellMd(changeSummary(changes))} | ${cellMd(runs)} | ${findings.length > 0 ? countPhrase(findings) : '—'} |`;
  });
  return ['| | Migration | Changes | Rows checked | Findings |', '|---|---|---|---|---|', ...rows];
}

function runPhrase(migration: MigrationReport, engine: EngineName): string {
  const run = migration.engines[engine];
  if (!run) return 'not run';
  return run.status === 'ran' ? String(run.rowsChecked) : run.status;
}

function migrationPart(entry: ChainEntry, migration: MigrationReport, report: CheckReport, source: ReportSource, path: (p: string) => string): string[] {
  const findings = migrationFindings(migration);
  const mark = findings.some((f) => f.severity === 'error') ? '✗' : findings.length > 0 ? '⚠' : '✓';
  const lines = [`### ${mark} ${code(migration.name)}`, '', `${code(path(migration.path))} · ${plural(migration.statements, 'statement')}`];
  if (migration.afterFailure) lines.push('', '> After an earlier failure: replayed from the schema it expects, on fresh seed rows.');

  lines.push('', '**What it changes**', '');
  const { changes } = entry;
  if (changes.statements.length > 0) {
    lines.push('- the snapshots before and after it are equal; its statements:');
    for (const phrase of changes.statements) lines.push(`  - ${md(phrase)}`);
  } else if (changes.tables.length === 0 && changes.views.length === 0) lines.push('- no schema change (data only)');
  for (const change of changes.tables) {
    lines.push(`- ${md(changePhrase(change))}`);
    for (const detail of change.details) lines.push(`  - ${md(detail)}`);
  }
  for (const view of changes.views) lines.push(`- view ${md(view.view)} ${view.kind}`);

  lines.push('', '**Rows checked**', '', '| Engine | Result | Rows seeded | Rows checked | Time |', '|---|---|---|---|---|');
  for (const engine of report.engines) {
    const run = migration.engines[engine];
    if (run) lines.push(`| ${ENGINE_LABELS[engine]} | ${run.status} | ${run.seeded} | ${run.rowsChecked} | ${run.durationMs} ms |`);
  }

  lines.push('', `**Findings** (${countPhrase(migration.findings)})`, '');
  if (migration.findings.length === 0) lines.push('- none');
  for (const finding of migration.findings) lines.push(...findingItem(finding, source, path, migration.path));

  if (migration.declared.length > 0) {
    lines.push('', '**Declared**', '');
    for (const note of migration.declared) lines.push(`- ℹ ${md(note)}`);
  }
  if (migration.down) lines.push('', ...downPart(migration.down, source, path));

  const touched = changes.tables.filter((c) => c.kind !== 'dropped').map((c) => c.table);
  const around = neighbours(changes.after, touched);
  const drawn = [...touched, ...around];
  if (touched.length > 0) {
    const dropped = changes.tables.filter((c) => c.kind === 'dropped').map((c) => code(c.table));
    lines.push(
      '',
      `**Tables it touches**: ${touched.map(code).join(', ')}${around.length > 0 ? `, with the tables they reference or are referenced by: ${around.map(code).join(', ')}` : ''}${dropped.length > 0 ? ` (dropped, not drawn: ${dropped.join(', ')})` : ''}`,
      '',
      // A large diagram folds away (GitHub renders Mermaid inside <details> after a blank line).
      ...(drawn.length > FOLD_DIAGRAM ? [`<details><summary>Diagram of ${drawn.length} tables</summary>`, ''] : []),
      '```mermaid',
      ...mermaidErDiagram(changes.after, drawn),
      '```',
      ...(drawn.length > FOLD_DIAGRAM ? ['', '</details>'] : []),
    );
  }
  return lines;
}

function downPart(down: DownReport, source: ReportSource, path: (p: string) => string): string[] {
  const origin = down.generated ? 'generated' : 'hand-written';
  const head = down.proven
    ? `**Down** ${code(path(down.path))} (${origin}): ✓ proven: up, down, up again keep the schema and every row`
    : `**Down** ${code(path(down.path))} (${origin}): ✗ not proven`;
  const lines = [head];
  if (down.findings.length > 0) lines.push('');
  for (const finding of down.findings) lines.push(...findingItem(finding, source, path, down.path));
  for (const note of down.declared) lines.push(`- ℹ ${md(note)}`);
  return lines;
}

/** A finding as a list item: severity, rule, where, the message and the fix. */
function findingItem(finding: CheckFinding, source: ReportSource, path: (p: string) => string, file?: string): string[] {
  const place = source.locator.place(finding);
  const where = place ? (place.path === file ? `line ${place.line}` : `${code(path(place.path))} line ${place.line}`) : '';
  const [first = '', ...rest] = finding.message.split('\n');
  const icon = finding.severity === 'error' ? '✗' : '⚠';
  return [
    `- ${icon} **${finding.severity}** ${code(finding.rule)}${where ? ` (${where})` : ''}: ${md(first)}<br>`,
    // A continuation line that starts like a heading, quote or list item is kept a line of text.
    ...rest.map((line) => `  ${md(line.trim()).replace(/^([#>+-]|\d+[.)])/, '\\$1')}<br>`),
    `  *fix*: ${md(finding.hint)}`,
  ];
}
