/**
 * `d1-evolve check --html <file>`: the check as one self-contained page that works from disk:
 * inline CSS and SVG, no script, no URL (a Content-Security-Policy of `default-src 'none'`
 * holds the page to that). It shows the chain (each migration, its state and its findings),
 * the ER diagram of the schema after the chain with the tables the checked migrations touch
 * highlighted, and per migration: its SQL with each finding at its line, the rows checked on
 * each engine, what it declares, its down, the before and after of every table it touches,
 * and a diagram of those tables and their neighbours. Every text from the folder (SQL,
 * names, messages) is escaped: a comment in a migration is shown, never parsed as HTML.
 */
import { renderDiagram } from '../../docs/diagram';
import { slashRelative } from '../../docs/paths';
import type { SchemaShape, TableShape } from '../../schema/shape';
import { ENGINE_LABELS } from '../engines';
import type { CheckFinding, CheckReport, DownReport, MigrationReport } from '../index';
import { type TableChange, changeSummary, describeColumn, neighbours } from './changes';
import { type ChainEntry, type ReportSource, countPhrase, migrationFindings, plural } from './source';

/** A migration that changes more tables than this shows their before and after folded. */
const FOLD_TABLES = 8;

/** The page's HTML text; `root` shortens the paths shown. */
export async function htmlReport(sources: readonly ReportSource[], root: string): Promise<string> {
  const path = (p: string) => slashRelative(root, p) || '.';
  const parts: string[] = [];
  for (const source of sources) parts.push(await databasePart(source, path, sources.length > 1));
  const ok = sources.every((s) => s.report.ok);
  const findings = sources.flatMap((s) => s.report.findings);
  const title = `d1-evolve check: ${ok ? 'safe on D1' : countPhrase(findings)}`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // No request may leave the page: nothing but its own inline styles and data: images.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${esc(title)}</h1><p class="verdict ${ok ? 'ok' : 'fail'}">${ok ? '✓ every migration is safe on D1' : `✗ ${esc(countPhrase(findings))}`}</p></header>`,
    ...parts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

async function databasePart(source: ReportSource, path: (p: string) => string, several: boolean): Promise<string> {
  const { report } = source;
  const prefix = anchor(source.database ?? 'db');
  const out: string[] = [`<section class="database" id="${prefix}">`];
  if (several) out.push(`<h2>${esc(source.database ?? '')}</h2>`);
  const engines = report.engines.map((e) => ENGINE_LABELS[e]).join(' and ');
  out.push(
    `<p class="meta"><code>${esc(path(report.dir))}/</code> · ${plural(report.migrations.length, 'migration')} checked on ${esc(engines)} · ${(report.durationMs / 1000).toFixed(1)} s</p>`,
  );
  if (report.schemaNote) out.push(`<p class="note">ℹ The schema was not compared: ${esc(report.schemaNote)}</p>`);
  if (report.data)
    out.push(
      `<p class="note">ℹ Replayed on the rows of ${esc(report.data.label)}; ${plural(report.data.applied.length, 'migration')} already applied there.</p>`,
    );

  out.push('<h2>Chain</h2>', chainTable(source, prefix));
  if (source.chainFindings.length > 0) {
    out.push(`<h3>Chain and schema (${esc(countPhrase(source.chainFindings))})</h3>`, '<div class="findings">');
    for (const finding of source.chainFindings) out.push(findingBox(finding, source, path));
    out.push('</div>');
  }

  const last = source.chain.at(-1);
  if (last) {
    const after = last.changes.after;
    if (Object.keys(after.tables).length > 0) {
      const { tables: highlight, caption } = schemaHighlight(source.chain, after);
      out.push(
        '<h2>Schema after the chain</h2>',
        `<p class="meta">${caption}</p>`,
        `<figure class="diagram">${inlineSvg(await renderDiagram(after, { highlight }), `${prefix}-schema-`)}</figure>`,
      );
    }
  }
  for (const [i, entry] of source.chain.entries()) {
    if (entry.report) out.push(await migrationPart(entry, entry.report, report, source, path, `${prefix}-m${i}`));
  }
  out.push('</section>');
  return out.join('\n');
}

/**
 * The tables the schema's diagram highlights, and the sentence that says why: those touched by
 * the checked migrations with findings (where a reviewer looks first), else those the last
 * checked migration touches. When that is every table (a first migration creates them all),
 * highlighting says nothing: none is, and the sentence says so.
 */
function schemaHighlight(chain: readonly ChainEntry[], after: SchemaShape): { tables: string[]; caption: string } {
  const checked = chain.filter((e) => e.report);
  const withFindings = checked.filter((e) => migrationFindings(e.report!).length > 0);
  const basis = withFindings.length > 0 ? withFindings : checked.slice(-1);
  const names = (entries: readonly ChainEntry[]) => entries.map((e) => `<code>${esc(e.step.migration.name)}</code>`).join(', ');
  const by =
    withFindings.length > 0
      ? `the ${withFindings.length === 1 ? 'migration' : 'migrations'} with findings (${names(withFindings)})`
      : basis.length > 0
        ? `the last migration checked (${names(basis)})`
        : '';
  const tables = touchedTables(basis).filter((t) => after.tables[t]);
  if (!by || tables.length === 0) return { tables: [], caption: 'No table is highlighted: the migrations checked touch none.' };
  if (tables.length === Object.keys(after.tables).length) {
    return { tables: [], caption: `Every table is touched by ${by}, so none is highlighted.` };
  }
  return { tables, caption: `Highlighted: the tables touched by ${by}: ${tables.map((t) => `<code>${esc(t)}</code>`).join(', ')}.` };
}

function touchedTables(entries: readonly ChainEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => e.changes.tables.filter((c) => c.kind !== 'dropped').map((c) => c.table)))].sort();
}

function chainTable(source: ReportSource, prefix: string): string {
  const rows = source.chain.map((entry, i) => {
    const name = esc(entry.step.migration.name);
    const changes = esc(changeSummary(entry.changes));
    if (!entry.report)
      return `<tr class="applied"><td>${i + 1}</td><td><code>${name}</code></td><td>already applied, not replayed</td><td>${changes}</td><td></td><td></td><td></td></tr>`;
    const findings = migrationFindings(entry.report);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const state = migrationState(entry.report, errors, findings.length - errors);
    const down = entry.report.down ? (entry.report.down.proven ? 'proven' : 'not proven') : '—';
    return (
      `<tr class="${state.cls}"><td>${i + 1}</td><td><a href="#${prefix}-m${i}"><code>${name}</code></a></td><td>${esc(state.text)}</td>` +
      `<td>${changes}</td><td class="num">${errors}</td><td class="num">${findings.length - errors}</td><td>${down}</td></tr>`
    );
  });
  if (rows.length === 0) return '<p class="note">The chain could not be read: see the findings below.</p>';
  return `<table class="chain"><thead><tr><th>#</th><th>Migration</th><th>State</th><th>Changes</th><th>Errors</th><th>Warnings</th><th>Down</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function migrationState(migration: MigrationReport, errors: number, warnings: number): { text: string; cls: string } {
  const failed = Object.entries(migration.engines)
    .filter(([, run]) => run.status === 'failed')
    .map(([engine]) => ENGINE_LABELS[engine as keyof typeof ENGINE_LABELS]);
  if (failed.length > 0) return { text: `fails on ${failed.join(' and ')}`, cls: 'error' };
  if (errors > 0) return { text: 'unsafe on D1', cls: 'error' };
  return warnings > 0 ? { text: 'safe, with warnings', cls: 'warning' } : { text: 'safe', cls: 'ok' };
}

async function migrationPart(
  entry: ChainEntry,
  migration: MigrationReport,
  report: CheckReport,
  source: ReportSource,
  path: (p: string) => string,
  id: string,
): Promise<string> {
  const findings = migrationFindings(migration);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const state = migrationState(migration, errors, findings.length - errors);
  const out = [
    `<section class="migration ${state.cls}" id="${id}">`,
    `<h2><code>${esc(migration.name)}</code> <span class="state">${esc(state.text)}</span></h2>`,
    `<p class="meta"><code>${esc(path(migration.path))}</code> · ${plural(migration.statements, 'statement')} · ${esc(countPhrase(findings))}</p>`,
  ];
  if (migration.afterFailure) out.push('<p class="note">After an earlier failure: replayed from the schema it expects, on fresh seed rows.</p>');

  const runs = report.engines.flatMap((engine) => {
    const run = migration.engines[engine];
    return run
      ? [
          `<tr><td>${esc(ENGINE_LABELS[engine])}</td><td>${run.status}</td><td class="num">${run.seeded}</td><td class="num">${run.rowsChecked}</td><td class="num">${run.durationMs} ms</td></tr>`,
        ]
      : [];
  });
  out.push(
    '<h3>Rows checked</h3>',
    `<table class="runs"><thead><tr><th>Engine</th><th>Result</th><th title="seed rows inserted right before it (0 when the rows seeded for earlier migrations already fill its tables)">New rows seeded for it</th><th title="every row the tables held when it ran, compared before and after it">Rows present and checked</th><th>Time</th></tr></thead><tbody>${runs.join('')}</tbody></table>`,
  );

  // Findings at their lines; any the file cannot place (another file's) below the SQL.
  const atLine = new Map<number, CheckFinding[]>();
  const elsewhere: CheckFinding[] = [];
  for (const finding of migration.findings) {
    const place = source.locator.place(finding);
    if (place && place.path === migration.path) atLine.set(place.line, [...(atLine.get(place.line) ?? []), finding]);
    else elsewhere.push(finding);
  }
  out.push(`<h3>SQL and findings (${esc(countPhrase(migration.findings))})</h3>`, sqlListing(entry.step.migration.sql, atLine, source, path, id));
  if (elsewhere.length > 0) out.push('<div class="findings">', ...elsewhere.map((f) => findingBox(f, source, path)), '</div>');
  if (migration.declared.length > 0) {
    out.push('<h3>Declared</h3>', `<ul class="declared">${migration.declared.map((d) => `<li>ℹ ${esc(d)}</li>`).join('')}</ul>`);
  }
  if (migration.down) out.push(downPart(migration.down, source, path));

  const { changes } = entry;
  out.push('<h3>What it changes</h3>');
  if (changes.statements.length > 0) {
    out.push(
      '<p class="note">The snapshots before and after it are equal; its statements:</p>',
      `<ul>${changes.statements.map((phrase) => `<li>${esc(phrase)}</li>`).join('')}</ul>`,
    );
  } else if (changes.tables.length === 0 && changes.views.length === 0) out.push('<p class="note">No schema change (data only).</p>');
  else {
    // Many tables (a first migration) fold away: the page opens on the findings.
    out.push(`<details${changes.tables.length > FOLD_TABLES ? '' : ' open'}><summary>${esc(changeSummary(changes))}: before and after</summary>`);
    for (const change of changes.tables) out.push(beforeAfter(change));
    if (changes.views.length > 0) out.push(`<ul>${changes.views.map((v) => `<li>view <code>${esc(v.view)}</code> ${v.kind}</li>`).join('')}</ul>`);
    out.push('</details>');
  }

  const touched = changes.tables.filter((c) => c.kind !== 'dropped').map((c) => c.table);
  const drawn = [...touched, ...neighbours(changes.after, touched)];
  const last = source.chain.at(-1)?.changes.after;
  if (last && drawn.length === Object.keys(changes.after.tables).length && sameTables(changes.after, last)) {
    // It touches every table of the schema the page draws already: no second copy of that diagram.
    out.push('<h3>Tables it touches</h3>', '<p class="note">Every table of the schema: see the diagram of the schema after the chain.</p>');
  } else if (touched.length > 0) {
    const shape: SchemaShape = { tables: Object.fromEntries(drawn.map((t) => [t, changes.after.tables[t]!])), views: {} };
    const context = drawn.filter((t) => !touched.includes(t));
    const diagram = await renderDiagram(shape, { highlight: touched, muted: context, schema: changes.after, legend: false });
    out.push(
      '<h3>Tables it touches</h3>',
      `<figure class="diagram">${inlineSvg(diagram, `${id}-`)}<figcaption>highlighted: touched by ${esc(migration.name)}; greyed: tables that reference them or that they reference (their keys to tables not drawn are left out)</figcaption></figure>`,
    );
  }
  out.push('</section>');
  return out.join('\n');
}

function sameTables(a: SchemaShape, b: SchemaShape): boolean {
  const names = (s: SchemaShape) => Object.keys(s.tables).sort().join('\n');
  return names(a) === names(b);
}

/** The file's lines, numbered, each finding right below the line it is about. */
function sqlListing(sql: string, atLine: Map<number, CheckFinding[]>, source: ReportSource, path: (p: string) => string, id: string): string {
  const rows = sql.split('\n').map((text, i) => {
    const line = i + 1;
    const here = atLine.get(line) ?? [];
    const level = here.some((f) => f.severity === 'error') ? ' error' : here.length > 0 ? ' warning' : '';
    const row = `<tr class="line${level}" id="${id}-L${line}"><td class="ln">${line}</td><td class="src"><code>${esc(text) || ' '}</code></td></tr>`;
    const notes = here.length > 0 ? `<tr class="notes"><td></td><td>${here.map((f) => findingBox(f, source, path)).join('')}</td></tr>` : '';
    return row + notes;
  });
  return `<div class="sql"><table>${rows.join('')}</table></div>`;
}

function downPart(down: DownReport, source: ReportSource, path: (p: string) => string): string {
  const origin = down.generated ? 'generated' : 'hand-written';
  const verdict = down.proven ? '✓ proven: up, down, up again keep the schema and every row' : '✗ not proven';
  const findings = down.findings.map((f) => findingBox(f, source, path)).join('');
  const declared = down.declared.map((d) => `<li>ℹ ${esc(d)}</li>`).join('');
  return `<h3>Down</h3><p><code>${esc(path(down.path))}</code> (${origin}): ${verdict}</p>${findings ? `<div class="findings">${findings}</div>` : ''}${declared ? `<ul>${declared}</ul>` : ''}`;
}

function findingBox(finding: CheckFinding, source: ReportSource, path: (p: string) => string): string {
  const place = source.locator.place(finding);
  const where = place ? `<span class="where">${esc(path(place.path))}:${place.line}</span>` : '';
  return (
    `<div class="finding ${finding.severity}" data-rule="${esc(finding.rule)}">` +
    `<span class="sev">${finding.severity}</span> <code class="rule">${esc(finding.rule)}</code> ${where}` +
    `<div class="msg">${withCode(finding.message)}</div><div class="fix">fix: ${withCode(finding.hint)}</div></div>`
  );
}

/** A table before and after the migration, side by side, differences marked. */
function beforeAfter(change: TableChange): string {
  const details = change.details.length > 0 ? `<ul class="details">${change.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : '';
  return (
    `<div class="change ${change.kind}"><h4><code>${esc(change.table)}</code> ${esc(change.kind === 'renamed' ? `renamed from ${change.from}` : change.kind)}</h4>${details}` +
    `<div class="pair"><div class="side"><h5>before</h5>${tableBox(change.before, change.after, 'removed')}</div>` +
    `<div class="side"><h5>after</h5>${tableBox(change.after, change.before, 'added')}</div></div></div>`
  );
}

/** One side: columns, then keys, indexes, uniques and CHECKs; what the other side lacks is marked `mark`, what differs `changed`. */
function tableBox(table: TableShape | undefined, other: TableShape | undefined, mark: 'added' | 'removed'): string {
  if (!table) return `<p class="none">${mark === 'added' ? 'dropped' : 'did not exist'}</p>`;
  const cls = (mine: string, theirs: string | undefined) => (!other ? '' : theirs === undefined ? mark : theirs !== mine ? 'changed' : '');
  const columns = Object.values(table.columns).map((c) => {
    const key = [table.primaryKey.includes(c.name) ? 'PK' : '', Object.values(table.foreignKeys).some((fk) => fk.columnsFrom.includes(c.name)) ? 'FK' : '']
      .filter(Boolean)
      .join(' ');
    const theirs = other?.columns[c.name];
    return `<tr class="${cls(describeColumn(c), theirs && describeColumn(theirs))}"><td><code>${esc(c.name)}</code></td><td>${esc(describeColumn(c))}</td><td>${key}</td></tr>`;
  });
  const facts = tableFacts(table);
  const otherFacts = new Set(other ? tableFacts(other) : []);
  const items = facts.map((fact) => `<li class="${!other || otherFacts.has(fact) ? '' : mark}">${esc(fact)}</li>`);
  return (
    `<table class="columns"><thead><tr><th>Column</th><th>Type</th><th>Key</th></tr></thead><tbody>${columns.join('')}</tbody></table>` +
    (items.length > 0 ? `<ul class="facts">${items.join('')}</ul>` : '')
  );
}

function tableFacts(table: TableShape): string[] {
  return [
    ...(table.primaryKey.length > 1 ? [`primary key (${table.primaryKey.join(', ')})`] : []),
    ...Object.values(table.foreignKeys).map(
      (fk) => `foreign key (${fk.columnsFrom.join(', ')}) → ${fk.tableTo}(${fk.columnsTo.join(', ')}) on delete ${fk.onDelete}`,
    ),
    ...Object.values(table.indexes).map(
      (i) => `${i.unique ? 'unique index' : 'index'} ${i.name} (${i.columns.join(', ')})${i.where ? ` where ${i.where}` : ''}`,
    ),
    ...Object.keys(table.uniques).map((key) => `unique (${key})`),
    ...Object.keys(table.checks).map((check) => `check (${check})`),
    ...(table.strict ? ['STRICT'] : []),
    ...(table.withoutRowid ? ['WITHOUT ROWID'] : []),
  ];
}

/**
 * Graphviz's SVG document as an element of the page: no XML prolog, DOCTYPE (which names a
 * URL), comments or namespace URLs (HTML knows the SVG namespace), and its ids prefixed so
 * that several diagrams on one page keep them distinct.
 */
export function inlineSvg(svg: string, idPrefix: string): string {
  const start = svg.indexOf('<svg');
  return svg
    .slice(Math.max(start, 0))
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s+xmlns(?::\w+)?="[^"]*"/g, '')
    .replace(/\bid="/g, `id="${idPrefix}`)
    .trim();
}

/** Escaped text whose `backtick spans` show as code. */
function withCode(text: string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return esc(text);
  return parts.map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

/** Text (or an attribute value) as HTML shows it, never as markup. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A fragment id made of a name. */
function anchor(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

const CSS = `
:root { color-scheme: light; --error: #c62828; --warning: #b26a00; --ok: #2e7d32; --line: #e0e0e0; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #212121; background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { margin: 10px 0 4px; font-size: 14px; } h5 { margin: 4px 0; font-size: 12px; text-transform: uppercase; color: #616161; }
code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.verdict.ok { color: var(--ok); font-weight: 600; } .verdict.fail { color: var(--error); font-weight: 600; }
.meta { color: #616161; margin: 2px 0 8px; } .note { background: #e3f2fd; padding: 6px 10px; border-radius: 4px; }
table { border-collapse: collapse; background: white; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.chain tr.error td:nth-child(3) { color: var(--error); font-weight: 600; }
table.chain tr.warning td:nth-child(3) { color: var(--warning); } table.chain tr.ok td:nth-child(3) { color: var(--ok); }
table.chain tr.applied { color: #9e9e9e; }
section.migration { background: white; border: 1px solid var(--line); border-left: 5px solid var(--ok); border-radius: 4px; padding: 4px 16px 16px; margin: 24px 0; }
section.migration.error { border-left-color: var(--error); } section.migration.warning { border-left-color: var(--warning); }
.state { font-size: 13px; font-weight: normal; color: #616161; }
.sql { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; }
.sql table { width: 100%; } .sql td { border: none; padding: 0 8px; }
.sql td.ln { text-align: right; color: #9e9e9e; user-select: none; border-right: 1px solid var(--line); }
.sql table { table-layout: fixed; } .sql td.ln { width: 4.5em; }
.sql td.src code { white-space: pre-wrap; overflow-wrap: anywhere; }
.sql tr.line.error { background: #ffebee; } .sql tr.line.warning { background: #fff8e1; }
.sql tr.notes td { padding: 4px 8px 8px; }
.finding { border-left: 4px solid var(--warning); background: #fffaf0; padding: 6px 10px; margin: 4px 0; border-radius: 3px; white-space: normal; overflow-wrap: anywhere; }
.finding.error { border-left-color: var(--error); background: #fff5f5; }
.finding .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; color: var(--warning); }
.finding.error .sev { color: var(--error); }
.finding .where { color: #757575; font-size: 12px; }
.finding .msg { white-space: pre-wrap; margin-top: 2px; } .finding .fix { color: #424242; margin-top: 4px; font-size: 13px; }
.change { margin: 10px 0 16px; } .change ul.details { margin: 2px 0 6px; }
.pair { display: flex; gap: 16px; flex-wrap: wrap; } .side { flex: 1 1 360px; min-width: 0; }
.side table { width: 100%; } .none { color: #9e9e9e; font-style: italic; }
tr.added, li.added { background: #e8f5e9; } tr.removed, li.removed { background: #ffebee; text-decoration: line-through; } tr.changed { background: #fff8e1; }
details > summary { cursor: pointer; color: #424242; margin: 4px 0; }
ul.facts { margin: 6px 0; padding-left: 18px; font-size: 13px; }
figure.diagram { margin: 8px 0; overflow-x: auto; background: white; border: 1px solid var(--line); border-radius: 4px; padding: 8px; }
figure.diagram svg { max-width: 100%; height: auto; } figcaption { color: #616161; font-size: 12px; }
`;
