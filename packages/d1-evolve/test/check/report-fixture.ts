/**
 * The folder the report tests check: drizzle-kit's own lossy rebuild of `users` (the hazard
 * gallery's cascade-three-levels: rebuild-cascade and data-loss errors, pragma-foreign-keys
 * warnings), with comment lines on top of it (one declares the loss of `reactions`, one
 * carries HTML that must never reach a page as markup), and a hand-written 0002 outside the
 * journal (chain-extra-file, and a fk-without-index warning on the table it adds).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HAZARD = join(import.meta.dirname, '..', 'fixtures', 'hazards', 'cascade-three-levels', 'drizzle');

/** HTML in a migration comment: a page that shows it as markup runs the script and adds the image and the bold text. */
export const INJECTION = '</code></td></tr><script>window.__injected = 1</script><img src="x" onerror="window.__injected = 2"><b id="injected">bold</b>';

export const REBUILD = '0001_cascade_three_levels.sql';
export const HAND_WRITTEN = '0002_tags.sql';

export interface ReportFixture {
  /** The temporary folder (a repository root, as GITHUB_WORKSPACE). */
  workspace: string;
  /** The project folder inside it, where the commands run. */
  root: string;
  /** The migration folder. */
  dir: string;
  remove(): void;
}

export function makeReportFixture(): ReportFixture {
  const workspace = mkdtempSync(join(tmpdir(), 'd1-evolve-report-'));
  const root = join(workspace, 'project');
  const dir = join(root, 'drizzle');
  cpSync(HAZARD, dir, { recursive: true });
  const rebuild = readFileSync(join(dir, REBUILD), 'utf8');
  writeFileSync(join(dir, REBUILD), `-- Make users.name optional.\n-- allow-data-loss: reactions\n-- ${INJECTION}\n${rebuild}`);
  writeFileSync(
    join(dir, HAND_WRITTEN),
    'CREATE TABLE `tags` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`post_id` text REFERENCES `posts`(`id`) ON DELETE cascade\n);\n' +
      '--> statement-breakpoint\nALTER TABLE `posts` ADD `note` text;\n',
  );
  return { workspace, root, dir, remove: () => rmSync(workspace, { recursive: true, force: true }) };
}

/**
 * The hazard folder with a third migration as `generate --custom` writes it (its snapshot a
 * copy of the one before, in the journal), holding hand-written `sql`.
 */
export function makeCustomFixture(sql: string): ReportFixture {
  const workspace = mkdtempSync(join(tmpdir(), 'd1-evolve-report-'));
  const root = join(workspace, 'project');
  const dir = join(root, 'drizzle');
  cpSync(HAZARD, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const last = journal.entries.at(-1)!;
  const previous = JSON.parse(readFileSync(join(dir, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8')) as { id: string; prevId: string };
  const tag = '0002_extras';
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag });
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  writeFileSync(
    join(dir, 'meta', '0002_snapshot.json'),
    JSON.stringify({ ...previous, id: '5d3c8a52-7f3b-4d0e-9c1a-2b8e6f4a9d10', prevId: previous.id }, null, 2),
  );
  writeFileSync(join(dir, `${tag}.sql`), sql);
  return { workspace, root, dir, remove: () => rmSync(workspace, { recursive: true, force: true }) };
}
