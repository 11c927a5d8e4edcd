/**
 * `d1-evolve check --html <file>`: the report page, opened from disk in headless Chromium
 * (Debian's /usr/bin/chromium, driven by playwright-core). Every finding is visible at its
 * line, the diagram is there with the touched tables highlighted, nothing is logged as an
 * error, no request leaves the page, and HTML in a migration comment stays text. A screenshot
 * goes to test-output/report.png.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckReport, runCheck } from '../../src/check/index';
import { htmlReport } from '../../src/check/report/html';
import { reportSource } from '../../src/check/report/source';
import { PACKAGE_ROOT } from '../support/run';
import { HAND_WRITTEN, INJECTION, REBUILD, type ReportFixture, makeReportFixture } from './report-fixture';

const CHROMIUM = '/usr/bin/chromium';

/** What the tests read of a page's globals. */
type Page = { document: { documentElement: { clientWidth: number; scrollWidth: number } } };
const OUTPUT = join(PACKAGE_ROOT, 'test-output');

let fixture: ReportFixture;
let report: CheckReport;
let html: string;
let file: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the report page is tested in Debian's Chromium. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  fixture = makeReportFixture();
  report = await runCheck({ dir: fixture.dir, schema: false });
  html = await htmlReport([reportSource({ report })], fixture.root);
  file = join(fixture.root, 'report', 'check.html');
  mkdirSync(join(fixture.root, 'report'), { recursive: true });
  writeFileSync(file, html);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
});
afterAll(async () => {
  await browser?.close();
  fixture?.remove();
});

/** Opens the page from disk, recording console errors, page errors, dialogs and every request. */
async function open() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 30_000 });
  return { page, problems, requests };
}

describe('check --html', () => {
  it('shows every finding at its line and the diagram with the touched tables highlighted, logs no error and requests nothing', async () => {
    const { page, problems, requests } = await open();
    try {
      // Each finding's message is on the page, visible, in a box of its rule.
      for (const finding of report.findings) {
        const text = finding.message.split('\n')[0]!.replace(/`/g, '');
        const box = page.locator(`.finding[data-rule="${finding.rule}"]`, { hasText: text }).first();
        expect(await box.isVisible(), `${finding.rule}: ${text}`).toBe(true);
      }
      // The findings of the rebuild sit right below the line of their statement.
      const placed = await page.$$eval(`section.migration tr.notes`, (rows) =>
        rows.map((row) => ({
          line: row.previousElementSibling?.textContent ?? '',
          rules: [...row.querySelectorAll('.finding')].map((f) => f.getAttribute('data-rule')),
        })),
      );
      const at = (rule: string) => placed.filter((p) => p.rules.includes(rule)).map((p) => p.line);
      expect(at('rebuild-cascade')).toEqual([expect.stringContaining('DROP TABLE `users`')]);
      expect(at('pragma-foreign-keys')).toEqual([expect.stringContaining('PRAGMA foreign_keys=OFF'), expect.stringContaining('PRAGMA foreign_keys=ON')]);
      expect(at('fk-without-index')).toEqual([expect.stringContaining('CREATE TABLE `tags`')]);

      // The schema's diagram, and in the rebuild's section the one of users and its neighbour posts, users alone highlighted.
      expect(await page.locator('figure.diagram svg').count()).toBeGreaterThanOrEqual(2);
      const section = page.locator('section.migration', { has: page.locator(`h2:has-text("${REBUILD}")`) });
      const nodes = await section
        .locator('figure.diagram svg g.node')
        .evaluateAll((gs) => gs.map((g) => ({ table: g.querySelector('title')?.textContent, highlighted: g.classList.contains('highlight') })));
      expect(nodes).toEqual([
        { table: 'posts', highlighted: false },
        { table: 'users', highlighted: true },
      ]);
      expect(await section.locator('figure.diagram svg').isVisible()).toBe(true);
      // Before and after of the rebuilt table: name loses its NOT NULL.
      const change = section.locator('.change.rebuilt');
      const cells = (side: number, row: string) => change.locator('.side').nth(side).locator(row).first().locator('td').allTextContents();
      expect(await cells(0, 'tr:has(code:text-is("name"))')).toEqual(['name', 'text NOT NULL', '']);
      expect(await cells(1, 'tr.changed')).toEqual(['name', 'text', '']);

      expect(problems).toEqual([]);
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(html).not.toMatch(/https?:\/\//);

      mkdirSync(OUTPUT, { recursive: true });
      const screenshot = join(OUTPUT, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    } finally {
      await page.close();
    }
  });

  it('shows HTML from a migration comment as text: no script runs, no element is added', async () => {
    // The comment really is markup: put in a page as it is, it adds the script, the image and the bold text.
    const raw = await browser.newPage();
    try {
      await raw.setContent(`<pre>${INJECTION}</pre>`);
      expect(await raw.locator('script, img, #injected').count()).toBe(3);
    } finally {
      await raw.close();
    }
    const { page, problems } = await open();
    try {
      expect(await page.locator('script, img, #injected').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as { __injected?: number }).__injected)).toBeUndefined();
      const line = page.locator('section.migration tr.line', { hasText: '<script>window.__injected = 1</script>' });
      expect(await line.count()).toBe(1);
      expect(await line.textContent()).toContain(`-- ${INJECTION}`);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps finding boxes and long SQL lines inside the page, and highlights only the tables of the migrations with findings', async () => {
    // A line of 900 characters on the statement that has a finding: the SQL table used to widen to it and cut the box off.
    const wide = makeReportFixture();
    try {
      const long = `\t\`post_id\` text REFERENCES \`posts\`(\`id\`) ON DELETE cascade, -- ${'a very long comment '.repeat(45)}`;
      writeFileSync(
        join(wide.dir, HAND_WRITTEN),
        `CREATE TABLE \`tags\` (\n\t\`id\` text PRIMARY KEY NOT NULL,\n${long}\n\t\`label\` text\n);\n--> statement-breakpoint\nALTER TABLE \`posts\` ADD \`note\` text;\n`,
      );
      const checked = await runCheck({ dir: wide.dir, schema: false });
      const page = await htmlReport([reportSource({ report: checked })], wide.root);
      const pageFile = join(wide.root, 'check.html');
      writeFileSync(pageFile, page);
      const tab = await browser.newPage({ viewport: { width: 1000, height: 900 } });
      try {
        await tab.goto(pathToFileURL(pageFile).href, { waitUntil: 'load', timeout: 30_000 });
        // The page's own globals, typed here (the tests compile without the DOM library).
        const width = await tab.evaluate(() => (globalThis as unknown as Page).document.documentElement.clientWidth);
        const boxes = await tab.locator('section.migration .sql .finding').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
        expect(boxes.length).toBeGreaterThan(0);
        for (const right of boxes) expect(right).toBeLessThanOrEqual(width);
        const line = tab.locator('section.migration tr.line', { hasText: 'a very long comment' });
        expect((await line.boundingBox())!.x + (await line.boundingBox())!.width).toBeLessThanOrEqual(width);
        expect(await tab.evaluate(() => (globalThis as unknown as Page).document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        mkdirSync(OUTPUT, { recursive: true });
        await tab.screenshot({ path: join(OUTPUT, 'report-wide-line.png'), fullPage: true });
      } finally {
        await tab.close();
      }
      // Every migration with findings touches users or posts and tags; the baseline (no findings) created them all.
      expect(page).toMatch(
        /Highlighted: the tables touched by the migrations with findings \(<code>0001_cascade_three_levels\.sql<\/code>, <code>0002_tags\.sql<\/code>\): <code>posts<\/code>, <code>tags<\/code>, <code>users<\/code>\./,
      );
    } finally {
      wide.remove();
    }
  });

  it('says every table is touched instead of highlighting all of them, and draws no neighbour as (missing)', async () => {
    const first = makeReportFixture();
    try {
      rmSync(join(first.dir, REBUILD));
      rmSync(join(first.dir, HAND_WRITTEN));
      rmSync(join(first.dir, 'meta', '0001_snapshot.json'));
      const journal = join(first.dir, 'meta', '_journal.json');
      const parsed = JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] };
      writeFileSync(journal, JSON.stringify({ ...parsed, entries: parsed.entries.slice(0, 1) }));
      const checked = await runCheck({ dir: first.dir, schema: false });
      const page = await htmlReport([reportSource({ report: checked })], first.root);
      expect(page).toContain('Every table is touched by the last migration checked (<code>0000_baseline.sql</code>), so none is highlighted.');
      expect(page).not.toContain('class="node table highlight"');
    } finally {
      first.remove();
    }
    // The rebuild's diagram draws users and posts; posts' neighbours are not drawn as missing tables.
    expect(html).not.toContain('(missing)');
    expect(html).toContain('class="node table context"');
  });
});
