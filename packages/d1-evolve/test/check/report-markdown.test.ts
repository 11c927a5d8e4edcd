/**
 * `d1-evolve check --format markdown`: the pull-request summary. One section per migration
 * checked, in chain order, with what it changes, the rows checked on each engine, its findings
 * at their lines, what it declares, and a Mermaid erDiagram of the tables it touches that
 * keeps to the grammar Mermaid parses; text from the folder cannot add links or HTML.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_LABELS } from '../../src/check/engines';
import { type CheckReport, runCheck } from '../../src/check/index';
import { markdownSummary } from '../../src/check/report/markdown';
import { md } from '../../src/docs/markdown-text';
import { mermaidErDiagram } from '../../src/check/report/mermaid';
import { reportSource } from '../../src/check/report/source';
import type { SchemaShape, TableShape } from '../../src/schema/shape';
import { runCli } from '../support/run';
import { HAND_WRITTEN, REBUILD, type ReportFixture, makeCustomFixture, makeReportFixture } from './report-fixture';

let fixture: ReportFixture;
let report: CheckReport;
let markdown: string;

beforeAll(async () => {
  fixture = makeReportFixture();
  report = await runCheck({ dir: fixture.dir, schema: false });
  markdown = markdownSummary([reportSource({ report })], fixture.root).join('\n');
});
afterAll(() => fixture.remove());

/** The summary's part under `### … \`<name>\`` up to the next heading of that level. */
function section(name: string): string {
  const parts = markdown.split(/^(?=### )/m);
  const found = parts.find((p) => p.split('\n')[0]!.includes(`\`${name}\``));
  expect(found, `a section for ${name}`).toBeDefined();
  return found!;
}

/** The lines of each ```mermaid block of `text`. */
function mermaidBlocks(text: string): string[][] {
  return [...text.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!.split('\n'));
}

/** Mermaid erDiagram statements as mermaidErDiagram writes them; a line outside these would not parse. */
const GRAMMAR = [
  /^erDiagram$/,
  /^ {2}[A-Za-z_][A-Za-z0-9_]* \{$/,
  /^ {4}[A-Za-z_][A-Za-z0-9_]* [A-Za-z_][A-Za-z0-9_]*( (PK|FK|UK)(, (PK|FK|UK))*)?( "[^";\n]*")?$/,
  /^ {2}\}$/,
  /^ {2}[A-Za-z_][A-Za-z0-9_]* (\|\||\|o)--o\{ [A-Za-z_][A-Za-z0-9_]* : "[^";\n]*"$/,
];

describe('check --format markdown', () => {
  it('has a section per migration, in chain order, with its rows checked on each engine and its findings at their lines', () => {
    const headings = markdown.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual(['### Chain and schema (1 warning)', '### ✓ `0000_baseline.sql`', `### ✗ \`${REBUILD}\``, `### ⚠ \`${HAND_WRITTEN}\``]);
    for (const migration of report.migrations) {
      const part = section(migration.name);
      for (const engine of report.engines) {
        const run = migration.engines[engine]!;
        expect(part).toContain(`| ${ENGINE_LABELS[engine]} | ${run.status} | ${run.seeded} | ${run.rowsChecked} | ${run.durationMs} ms |`);
      }
      for (const finding of migration.findings) expect(part).toContain(`**${finding.severity}** \`${finding.rule}\` (line `);
      expect(mermaidBlocks(part)).toHaveLength(1);
    }
    const rebuild = section(REBUILD);
    expect(report.migrations[1]!.engines.sqlite!.rowsChecked).toBeGreaterThan(0);
    expect(rebuild).toContain('- users rebuilt\n  - column name: NOT NULL → nullable');
    expect(rebuild).toContain('`rebuild-cascade` (line 11)');
    expect(rebuild).toContain('**Declared**');
    expect(rebuild).toContain('rows of reactions (declared with -- allow-data-loss: reactions)');
    expect(section(HAND_WRITTEN)).toContain('- posts altered\n  - column note added (text)\n- tags added');
    expect(markdown).toMatch(/^## d1-evolve check: ✗ 3 errors, 4 warnings$/m);
  });

  it('draws the tables a migration touches and their neighbours in a Mermaid erDiagram that keeps to the grammar', () => {
    const [rebuild] = mermaidBlocks(section(REBUILD));
    // users is rebuilt; posts references it; comments and reactions are further away and not drawn.
    expect(rebuild).toContain('  users {');
    expect(rebuild).toContain('  posts {');
    expect(rebuild!.join('\n')).not.toMatch(/comments|reactions/);
    expect(rebuild).toContain('  users ||--o{ posts : "user_id (on delete cascade)"');
    expect(rebuild).toContain('    text name');
    const [tags] = mermaidBlocks(section(HAND_WRITTEN));
    expect(tags).toContain('  posts |o--o{ tags : "post_id (on delete cascade)"');
    for (const block of mermaidBlocks(markdown)) {
      for (const line of block)
        expect(
          GRAMMAR.some((rule) => rule.test(line)),
          `mermaid line ${JSON.stringify(line)}`,
        ).toBe(true);
    }
    // Names and types Mermaid cannot read are spelled with plain words, and stay distinct.
    const odd: SchemaShape = {
      tables: {
        'my table': table('my table', { '2nd col': 'numeric(10,2)', 'a"b': '' }),
        'my-table': table('my-table', { id: 'integer' }, { '(my_ref) -> my table()': 'my table' }),
      },
      views: {},
    };
    const lines = mermaidErDiagram(odd, ['my table', 'my-table']);
    expect(lines).toContain('  my_table {');
    expect(lines).toContain('  my_table_2 {');
    expect(lines).toContain('    numeric_10_2_ _2nd_col');
    expect(lines).toContain('    any a_b');
    for (const line of lines)
      expect(
        GRAMMAR.some((rule) => rule.test(line)),
        `mermaid line ${JSON.stringify(line)}`,
      ).toBe(true);
  });

  it('shows text from the folder as written: no link, image or HTML gets through', () => {
    const hostile = 'see [the docs](https://example.com) ![x](https://example.com/p.png) <img src=x onerror=alert(1)> *bold* `a|b`';
    const text = md(hostile);
    expect(text).not.toMatch(/(?<!\\)[[\]<>*]/);
    expect(text).toContain('`a|b`');
  });

  it('prints to stdout even where GITHUB_STEP_SUMMARY is set: `>>` decides where it goes', async () => {
    const stepSummary = join(fixture.root, 'step-summary.md');
    const run = await runCli(['check', '--dir', 'drizzle', '--format', 'markdown', '--fast'], {
      cwd: fixture.root,
      env: { GITHUB_STEP_SUMMARY: stepSummary },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^## d1-evolve check: ✗ /);
    expect(run.stdout).toContain('```mermaid\nerDiagram\n');
    expect(run.stdout).not.toContain('::error');
    expect(existsSync(stepSummary)).toBe(false);
  });
});

function table(name: string, columns: Record<string, string>, foreignKeys: Record<string, string> = {}): TableShape {
  return {
    name,
    columns: Object.fromEntries(Object.entries(columns).map(([column, type]) => [column, { name: column, type, notNull: false }])),
    primaryKey: [],
    autoincrement: false,
    indexes: {},
    uniques: {},
    foreignKeys: Object.fromEntries(
      Object.entries(foreignKeys).map(([key, to]) => [
        key,
        { columnsFrom: ['id'], tableTo: to, columnsTo: ['2nd col'], onDelete: 'no action', onUpdate: 'no action' },
      ]),
    ),
    checks: {},
    strict: false,
    withoutRowid: false,
  };
}

describe('check --format markdown on a custom migration (its snapshot a copy of the one before)', () => {
  it('says what its statements create, not "no schema change (data only)"', async () => {
    const custom = makeCustomFixture(
      'CREATE INDEX idx_posts_title ON posts (title);\n--> statement-breakpoint\nCREATE VIEW post_counts AS SELECT user_id, COUNT(*) AS n FROM posts GROUP BY user_id;\n--> statement-breakpoint\nUPDATE posts SET title = trim(title);\n',
    );
    try {
      const checked = await runCheck({ dir: custom.dir, schema: false });
      const summary = markdownSummary([reportSource({ report: checked })], custom.root).join('\n');
      const part = summary.split(/^(?=### )/m).find((p) => p.split('\n')[0]!.includes('`0002_extras.sql`'))!;
      expect(part).toContain(
        '- the snapshots before and after it are equal; its statements:\n  - creates index idx\\_posts\\_title\n  - creates view post\\_counts',
      );
      expect(part).not.toContain('no schema change');
      expect(summary).toMatch(/\| `0002_extras\.sql` \| creates index idx\\_posts\\_title, creates view post\\_counts \|/);
    } finally {
      custom.remove();
    }
  }, 120_000);
});

describe('check --format markdown of a large check', () => {
  it('folds migrations without findings, groups repeated findings with one fix, labels the row counts', () => {
    const baseline = section('0000_baseline.sql');
    expect(baseline).toContain('<details><summary>No findings: what it changes, the rows checked, its diagram</summary>');
    expect(section(REBUILD)).not.toContain('<details><summary>No findings');
    expect(markdown).toContain('| Engine | Result | New rows seeded for it | Rows present and checked | Time |');
    expect(markdown).toContain('Rows present and checked: every row the tables held when it ran');

    const losses = Array.from({ length: 34 }, (_, i) => ({
      rule: 'data-loss' as const,
      severity: 'error' as const,
      migration: REBUILD,
      path: join(fixture.dir, REBUILD),
      table: `t${i}`,
      message: `${REBUILD} deleted 3 of 3 rows of t${i}`,
      hint: `keep the rows, or declare \`-- allow-data-loss: t${i}\` in the migration.`,
    }));
    const big = { ...report, migrations: report.migrations.map((m) => (m.name === REBUILD ? { ...m, findings: losses } : m)) };
    const text = markdownSummary([reportSource({ report: big })], fixture.root).join('\n');
    expect(text).toContain('`data-loss` (line 11): 34 findings, one fix<br>');
    for (const loss of losses) expect(text).toContain(`${md(loss.message)}<br>`);
    expect(text.split('allow-data-loss: <table>').length - 1).toBe(1);
    expect(text).not.toContain('allow-data-loss: t3');
  });

  it('stops before 60,000 characters, outside any code block or <details>, with a note saying where the rest is', () => {
    const findings = Array.from({ length: 120 }, (_, i) => ({
      rule: `rule-${i}` as 'data-loss',
      severity: 'error' as const,
      migration: REBUILD,
      message: `finding ${i} ${'x'.repeat(600)}`,
      hint: `fix ${i}`,
    }));
    const big = { ...report, migrations: report.migrations.map((m) => (m.name === REBUILD ? { ...m, findings } : m)) };
    const full = markdownSummary([reportSource({ report: big })], fixture.root);
    const text = full.join('\n');
    expect(text.length).toBeLessThanOrEqual(60_000);
    expect(text).toContain('finding 0 ');
    expect(text).not.toContain('finding 119 ');
    expect(full.at(-1)).toMatch(/^> ✂ The summary stops here: .*`d1-evolve check --html <file>`/);
    expect(text.split('```').length % 2).toBe(1);
    expect(text.split('<details').length).toBe(text.split('</details>').length);
  });
});
