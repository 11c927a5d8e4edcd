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
import { groupFindings, wordOf } from './github';
import { mermaidErDiagram } from './mermaid';
import { type ChainEntry, type ReportSource, countPhrase, migrationFindings, plural } from './source';

/** What the two row counts mean: a migration is checked on the rows seeded before earlier ones too. */
export const ROWS_NOTE =
  '<sub>New rows seeded for it: seed rows inserted right before it (0 when the rows seeded for earlier migrations already fill its tables). ' +
  'Rows present and checked: every row the tables held when it ran, compared before and after it.</sub>';

/** Diagrams of more tables than this are folded in a <details>. */
const FOLD_DIAGRAM = 12;

/** The summary's lines, one part per database. */
export function markdownSummary(sources: readonly ReportSource[], root: string): string[] {
  const lines: string[] = [];
  for (const source of sources) {
    if (lines.length > 0) lines.push('');
    lines.push(...databaseSummary(source, root, sources.length > 1));
  }
  return capped(lines);
}

/**
 * GitHub takes at most 65,536 characters in a comment (and 1 MiB in a step summary): a longer
 * summary is cut at the last line outside any code block and <details> that fits in this many,
 * with a note saying where the rest is.
 */
export const SUMMARY_LIMIT = 60_000;

function capped(lines: string[]): string[] {
  const note = [
    '',
    `> ✂ The summary stops here: the rest would take it past ${SUMMARY_LIMIT.toLocaleString('en')} characters (GitHub shows at most 65,536 in a comment). ` +
      'Every finding is in the log of `d1-evolve check` (its text report), and in the page `d1-evolve check --html <file>` writes.',
  ];
  if (lines.join('\n').length <= SUMMARY_LIMIT) return lines;
  const room = SUMMARY_LIMIT - note.join('\n').length - 1;
  let size = 0;
  let fenced = false;
  let depth = 0;
  let cut = 0;
  for (const [i, line] of lines.entries()) {
    size += line.length + 1;
    if (size > room) break;
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && line.startsWith('<details')) depth += 1;
    else if (!fenced && line.startsWith('</details>')) depth -= 1;
    if (!fenced && depth === 0) cut = i + 1;
  }
  return [...lines.slice(0, cut), ...note];
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
  for (const entry of source.chain) if (entry.report) lines.push('', ...folded(migrationPart(entry, entry.report, report, source, path), entry.report));
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

  lines.push('', '**Rows checked**', '', '| Engine | Result | New rows seeded for it | Rows present and checked | Time |', '|---|---|---|---|---|');
  for (const engine of report.engines) {
    const run = migration.engines[engine];
    if (run) lines.push(`| ${ENGINE_LABELS[engine]} | ${run.status} | ${run.seeded} | ${run.rowsChecked} | ${run.durationMs} ms |`);
  }
  lines.push('', ROWS_NOTE);

  lines.push('', `**Findings** (${countPhrase(migration.findings)})`, '');
  if (migration.findings.length === 0) lines.push('- none');
  for (const group of groupFindings(migration.findings)) lines.push(...findingItems(group, source, path, migration.path));

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

/** A migration without findings (nor its down) is its heading and one line; the rest opens on a click. */
function folded(part: string[], migration: MigrationReport): string[] {
  if (migrationFindings(migration).length > 0) return part;
  const [heading = '', blank = '', where = '', ...rest] = part;
  return [heading, blank, where, '', '<details><summary>No findings: what it changes, the rows checked, its diagram</summary>', ...rest, '', '</details>'];
}

function downPart(down: DownReport, source: ReportSource, path: (p: string) => string): string[] {
  const origin = down.generated ? 'generated' : 'hand-written';
  const head = down.proven
    ? `**Down** ${code(path(down.path))} (${origin}): ✓ proven: up, down, up again keep the schema and every row`
    : `**Down** ${code(path(down.path))} (${origin}): ✗ not proven`;
  const lines = [head];
  if (down.findings.length > 0) lines.push('');
  for (const group of groupFindings(down.findings)) lines.push(...findingItems(group, source, path, down.path));
  for (const note of down.declared) lines.push(`- ℹ ${md(note)}`);
  return lines;
}

/**
 * Findings of one rule with one fix (a hint naming each one's table counts as one) as one list
 * item: every message, the fix once. Others one item each.
 */
function findingItems(group: readonly CheckFinding[], source: ReportSource, path: (p: string) => string, file?: string): string[] {
  const hints = new Set(group.map((f) => (f.table ? f.hint.replace(wordOf(f.table), '<table>') : f.hint)));
  if (group.length < 3 || hints.size > 1) return group.flatMap((f) => findingItem(f, source, path, file));
  const first = group[0]!;
  const lines = group.map((f) => source.locator.place(f)?.line).filter((l) => l !== undefined);
  const at = lines.length > 0 ? (new Set(lines).size === 1 ? `line ${lines[0]}` : `lines ${Math.min(...lines)}–${Math.max(...lines)}`) : '';
  const icon = first.severity === 'error' ? '✗' : '⚠';
  return [
    `- ${icon} **${first.severity}** ${code(first.rule)}${at ? ` (${at})` : ''}: ${group.length} findings, one fix<br>`,
    ...group.map((f) => `  ${md(f.message.split('\n')[0]!)}<br>`),
    `  *fix*: ${md([...hints][0]!)}`,
  ];
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
