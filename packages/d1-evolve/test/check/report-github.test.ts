/**
 * `d1-evolve check --format github`: one workflow command per finding, in GitHub's syntax, on
 * the migration file and the line of the statement the finding is about; the CLI prints them
 * before the text summary, and `--summary <file>` appends the Markdown summary in the same run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckReport, runCheck } from '../../src/check/index';
import { escapeData, escapeProperty, githubAnnotations } from '../../src/check/report/github';
import { htmlReport } from '../../src/check/report/html';
import { markdownSummary } from '../../src/check/report/markdown';
import { statementLines } from '../../src/check/report/lines';
import { reportSource } from '../../src/check/report/source';
import { splitMigration } from '../../src/folder/migration-folder';
import { runCli } from '../support/run';
import { HAND_WRITTEN, REBUILD, type ReportFixture, makeReportFixture } from './report-fixture';

const ANNOTATION = /^::(error|warning) file=[^,]+,line=\d+(,title=[^:]+)?::.+$/;

let fixture: ReportFixture;
let report: CheckReport;

beforeAll(async () => {
  fixture = makeReportFixture();
  report = await runCheck({ dir: fixture.dir, schema: false });
});
afterAll(() => fixture.remove());

/** A workflow command read back: level, properties, and the message unescaped. */
function parse(line: string) {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line)!;
  const properties = Object.fromEntries(m[2]!.split(',').map((p) => p.split('=') as [string, string]));
  const decode = (s: string) => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return { level: m[1]!, file: properties.file, line: Number(properties.line), title: properties.title, message: decode(m[3]!) };
}

describe('check --format github', () => {
  it('writes one annotation per rule and migration, on the line of the statement it is about', () => {
    // The fixture's findings: the lossy rebuild, its pragma warnings, the hand-written file's two warnings.
    expect(report.findings.map((f) => f.rule).sort()).toEqual(
      ['chain-extra-file', 'data-loss', 'data-loss', 'fk-without-index', 'pragma-foreign-keys', 'pragma-foreign-keys', 'rebuild-cascade'].sort(),
    );
    const lines = githubAnnotations([reportSource({ report })], fixture.root);
    // data-loss (2) and pragma-foreign-keys (2) are one annotation each.
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(ANNOTATION);

    const textAt = (file: string, line: number) => readFileSync(join(fixture.root, file), 'utf8').split('\n')[line - 1] ?? '';
    const annotations = lines.map(parse);
    const of = (rule: string) => annotations.filter((a) => a.title === rule);
    for (const a of annotations) expect(a.level).toBe(report.findings.find((f) => f.rule === a.title)!.severity);

    const [cascade] = of('rebuild-cascade');
    expect(cascade!.file).toBe(`drizzle/${REBUILD}`);
    expect(textAt(cascade!.file!, cascade!.line)).toContain('DROP TABLE `users`');
    // Rows of posts and comments, which no statement names, are lost at the DROP of their parent.
    for (const loss of of('data-loss')) expect(textAt(loss.file!, loss.line)).toContain('DROP TABLE `users`');
    // The pragma statement starts after three comment lines: its annotation is on its code, line 4.
    const [pragma, ...others] = of('pragma-foreign-keys');
    expect(others).toEqual([]);
    expect(pragma!.line).toBe(4);
    expect(pragma!.message).toMatch(
      /^2 pragma-foreign-keys findings:\n- .*`PRAGMA foreign_keys=OFF` does nothing on D1.*\n- .*`PRAGMA foreign_keys=ON` does nothing/,
    );
    expect(textAt(pragma!.file!, pragma!.line)).toContain('PRAGMA foreign_keys=OFF');
    const [index] = of('fk-without-index');
    expect(index!.file).toBe(`drizzle/${HAND_WRITTEN}`);
    expect(textAt(index!.file!, index!.line)).toContain('CREATE TABLE `tags`');
    expect(of('chain-extra-file')[0]).toMatchObject({ file: `drizzle/${HAND_WRITTEN}`, line: 1 });
    // Its message names the file from the migrations folder, not by the checkout's absolute path.
    expect(of('chain-extra-file')[0]!.message).toMatch(new RegExp(`^drizzle/${HAND_WRITTEN} is not listed in meta/_journal.json`));
    for (const a of annotations) expect(a.message).not.toContain(fixture.workspace);

    // The message of a single finding reads back whole: the finding's message, then its fix.
    for (const rule of ['rebuild-cascade', 'fk-without-index', 'chain-extra-file']) {
      const finding = report.findings.find((f) => f.rule === rule)!;
      expect(of(rule)[0]!.message).toBe(`${finding.message}\nfix: ${finding.hint}`);
    }
  });

  it("escapes as GitHub's toolkit does: %, CR and LF in the message, and also : and , in a property", () => {
    expect(escapeData('100% sure\r\nnext: a, b')).toBe('100%25 sure%0D%0Anext: a, b');
    expect(escapeProperty('drizzle/a:b,c%.sql')).toBe('drizzle/a%3Ab%2Cc%25.sql');
    // Without the escape, the second line of a message would be a line of the log, not of the annotation.
    const multiLine = githubAnnotations([reportSource({ report })], fixture.root).filter((l) => l.includes('%0Afix: '));
    expect(multiLine).toHaveLength(5);
  });

  it('finds where each statement starts in a file with comments, breakpoints and a trigger body', () => {
    const sql = [
      '-- a comment line',
      'CREATE TABLE `a` (`id` integer);--> statement-breakpoint',
      '',
      '/* block',
      '   comment */ CREATE TABLE `b` (`id` integer);',
      '-- DROP TABLE `b`',
      ';',
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN',
      '  INSERT INTO b VALUES (1);',
      'END;',
      'DROP TABLE `b`;',
    ].join('\n');
    expect(splitMigration(sql)).toHaveLength(4);
    // The DROP is on line 11, not in the comment on line 6 that spells it too.
    expect(statementLines(sql)).toEqual([2, 5, 8, 11]);
  });
});

describe('many findings', () => {
  it('end with a notice that GitHub shows only ten of each kind, and where the others are', () => {
    const finding = (i: number) => ({
      rule: 'data-loss' as const,
      severity: 'error' as const,
      migration: `000${i}_x.sql`,
      message: `lost ${i}`,
      hint: 'keep them',
    });
    const many = { ...report, dir: join(fixture.workspace, 'no-such-folder'), findings: Array.from({ length: 11 }, (_, i) => finding(i)) };
    const lines = githubAnnotations([reportSource({ report: many })], fixture.root);
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('::error title=data-loss::lost 0%0Afix: keep them');
    expect(lines.at(-1)).toMatch(/^::notice title=d1-evolve check::11 error\(s\) and 0 warning\(s\) in all, more than the 10 of each kind/);
    expect(githubAnnotations([reportSource({ report: { ...many, findings: many.findings.slice(1) } })], fixture.root)).toHaveLength(10);
  });
});

describe('many findings of one rule in one migration (a lossy rebuild of a parent of 34 tables)', () => {
  it('are one annotation naming the tables, the first findings and how many more, with one fix; the log and the summary keep each', () => {
    const tables = Array.from({ length: 34 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const lossHint = (t: string) => `keep the rows, or declare \`-- allow-data-loss: ${t}\` in the migration.`;
    const losses = tables.map((t) => ({
      rule: 'data-loss' as const,
      severity: 'error' as const,
      migration: REBUILD,
      path: join(fixture.dir, REBUILD),
      table: t,
      message: `${REBUILD} deleted 3 of 3 rows of ${t}`,
      hint: lossHint(t),
    }));
    const cascade = report.findings.find((f) => f.rule === 'rebuild-cascade')!;
    const many = { ...report, findings: [cascade, ...losses] };
    const source = reportSource({ report: many });
    const lines = githubAnnotations([source], fixture.root);
    // Before grouping: 35 errors, 25 of them hidden by GitHub's 10 per step, and a notice.
    expect(lines).toHaveLength(2);
    const loss = parse(lines[1]!);
    expect(loss.title).toBe('data-loss');
    expect(loss.message).toBe(
      [
        '34 data-loss findings on 34 tables: t00, t01, t02, t03, t04, t05, t06, t07 and 26 more:',
        `- ${REBUILD} deleted 3 of 3 rows of t00`,
        `- ${REBUILD} deleted 3 of 3 rows of t01`,
        `- ${REBUILD} deleted 3 of 3 rows of t02`,
        '- and 31 more like them: every one is in the log below and in the summary',
        'fix: keep the rows, or declare `-- allow-data-loss: <table>` in the migration.',
      ].join('\n'),
    );
    const summary = markdownSummary([source], fixture.root).join('\n');
    for (const t of tables) expect(summary).toContain(`deleted 3 of 3 rows of ${t}`);
  });
});

describe('a chain that cannot be read', () => {
  it('is an annotation on the journal, and the summary and the page still say what to do', async () => {
    const broken = makeReportFixture();
    try {
      writeFileSync(join(broken.dir, 'meta', '_journal.json'), '{ not json');
      const failed = await runCheck({ dir: broken.dir, schema: false });
      expect(failed.findings.map((f) => f.rule)).toEqual(['chain-journal']);
      const source = reportSource({ report: failed });
      const [line, ...more] = githubAnnotations([source], broken.root);
      expect(more).toEqual([]);
      expect(line).toMatch(/^::error file=drizzle\/meta\/_journal\.json,line=1,title=chain-journal::.+$/);
      expect(markdownSummary([source], broken.root).join('\n')).toContain('Nothing was replayed: fix the chain first.');
      const page = await htmlReport([source], broken.root);
      expect(page).toContain('The chain could not be read');
      expect(page).toContain('data-rule="chain-journal"');
    } finally {
      broken.remove();
    }
  });
});

describe('the check command with --format github', () => {
  it('prints the annotations, then the text summary, appends the Markdown summary to --summary and writes the --html page', async () => {
    const summary = join(fixture.root, 'step-summary.md');
    writeFileSync(summary, '# an earlier step\n');
    const run = await runCli(['check', '--dir', 'drizzle', '--format', 'github', '--summary', 'step-summary.md', '--html', 'out/page/check.html'], {
      cwd: fixture.root,
      env: { GITHUB_WORKSPACE: fixture.workspace },
    });
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations.length).toBe(5);
    // Annotations first; paths from the repository root (GITHUB_WORKSPACE), not from the project folder.
    expect(lines.slice(0, annotations.length)).toEqual(annotations);
    for (const line of annotations) expect(line).toMatch(/^::(error|warning) file=project\/drizzle\/[^,]+,line=\d+(,title=[^:]+)?::.+$/);
    expect(lines[annotations.length]).toMatch(/^d1-evolve check drizzle\/ — 3 migration\(s\)/);
    expect(lines.at(-1)).toMatch(/^✗ 3 error\(s\), 4 warning\(s\)/);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.startsWith('# an earlier step\n## d1-evolve check: ✗ 3 errors, 4 warnings\n')).toBe(true);
    expect(markdown).toContain(`### ✗ \`${REBUILD}\``);
    // The page's folder is created; the notes go to stderr, keeping stdout the log's.
    const page = readFileSync(join(fixture.root, 'out', 'page', 'check.html'), 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain(`<code>drizzle/${REBUILD}</code>`);
    expect(run.stderr).toContain('Report page written to out/page/check.html');
    expect(run.stdout).not.toContain('Report page');
  });

  it('prints one error annotation, besides the error on stderr, when the check cannot run (a usage or configuration error)', async () => {
    const missing = await runCli(['check', '--dir', 'no-such-folder', '--format', 'github'], { cwd: fixture.root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: --dir no-such-folder: no such folder');
    expect(missing.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^::error title=d1-evolve::--dir no-such-folder: no such folder \(.+\)\. Give the folder/),
    ]);
    // Another format prints nothing on stdout for it.
    const text = await runCli(['check', '--dir', 'no-such-folder'], { cwd: fixture.root });
    expect(text.code).toBe(2);
    expect(text.stdout).toBe('');
  });

  it('refuses --json with another --format, and a format it does not know (exit 2, before any check)', async () => {
    const both = await runCli(['check', '--dir', 'drizzle', '--json', '--format', 'github'], { cwd: fixture.root });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--json is --format json');
    const unknown = await runCli(['check', '--dir', 'drizzle', '--format', 'yaml'], { cwd: fixture.root });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Give one of text, json, github, markdown');
    expect(unknown.stderr).toContain('Run `d1-evolve check --help` for its options.');
    expect(`${both.stderr}${unknown.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('refuses a folder as --html or --summary with exit 2 and the path, before the check runs (not exit 1, the code of an unsafe migration)', async () => {
    for (const option of ['--html', '--summary']) {
      const run = await runCli(['check', '--dir', 'drizzle', option, 'drizzle'], { cwd: fixture.root });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`${option} drizzle: ${fixture.dir} is a folder. Give the path of a file`);
      expect(run.stdout).toBe('');
    }
  });
});
