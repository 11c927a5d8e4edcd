/**
 * `d1-evolve docs` in real projects (the real drizzle-kit writes the migrations): the
 * Markdown reference and the SVG diagram it writes, `--check` on fresh and stale docs, the
 * refresh by `generate`, and a folder without snapshots (replayed on better-sqlite3) for a
 * config with two databases.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fkId } from '../../src/docs/diagram';
import { shapeFromSnapshot } from '../../src/schema/from-snapshot';
import { readSnapshot } from '../../src/schema/snapshot';
import { type TestProject, addColumn, makeProject } from '../fixtures/project';
import { PACKAGE_ROOT, runCli } from '../support/run';
import { foreignKeysIn, parseSvg, tablesIn } from './svg-xml';

/** authors ← posts (CASCADE) ← comments (CASCADE); authors ← audit (SET NULL); a CHECK, an index, a view. */
const BLOG = `import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, sqliteView, text } from 'drizzle-orm/sqlite-core';

export const authors = sqliteTable(
  'authors',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'),
  },
  (t) => [check('authors_status_check', sql\`\${t.status} IN ('active', 'retired')\`)],
);

export const posts = sqliteTable(
  'posts',
  {
    id: integer('id').primaryKey(),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
  },
  (t) => [index('posts_author_id_idx').on(t.authorId)],
);

export const comments = sqliteTable('comments', {
  id: integer('id').primaryKey(),
  postId: integer('post_id')
    .notNull()
    .references(() => posts.id, { onDelete: 'cascade' }),
  body: text('body').notNull(),
});

export const audit = sqliteTable('audit', {
  id: integer('id').primaryKey(),
  authorId: integer('author_id').references(() => authors.id, { onDelete: 'set null' }),
  event: text('event').notNull(),
});

export const postTitles = sqliteView('post_titles', { id: integer('id'), title: text('title'), author: text('author') }).as(
  sql\`SELECT p.id AS id, p.title AS title, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id\`,
);
`;

const toml = (bindings: [string, string][]) =>
  [
    'name = "blog"',
    ...bindings.flatMap(([binding, dir]) => ['', '[[d1_databases]]', `binding = "${binding}"`, `database_id = "${randomUUID()}"`, `migrations_dir = "${dir}"`]),
    '',
  ].join('\n');

/**
 * The project's node_modules as a real folder with a drizzle-kit shim of its own: pnpm's
 * .bin shims reach the store by a path relative to the workspace, which the symlinked
 * folder of makeProject breaks (as in the generate tests).
 */
function ownNodeModules(dir: string): void {
  const from = join(PACKAGE_ROOT, 'node_modules');
  rmSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  for (const entry of readdirSync(from).filter((e) => e !== '.bin')) symlinkSync(join(from, entry), join(dir, 'node_modules', entry));
  const shim = join(dir, 'node_modules', '.bin', 'drizzle-kit');
  writeFileSync(shim, `#!/bin/sh\nexec node ${JSON.stringify(join(from, 'drizzle-kit', 'bin.cjs'))} "$@"\n`);
  chmodSync(shim, 0o755);
}

function latestShape(project: TestProject) {
  const meta = project.path('drizzle', 'meta');
  const last = readdirSync(meta)
    .filter((f) => /^\d+_snapshot\.json$/.test(f))
    .sort()
    .at(-1)!;
  return shapeFromSnapshot(readSnapshot(join(meta, last)));
}

describe('d1-evolve docs', () => {
  let project: TestProject;
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir, timeoutMs: 180_000 });

  beforeAll(async () => {
    project = await makeProject({ wrangler: { file: 'wrangler.toml', content: toml([['DB', 'drizzle']]) }, drizzle: [{ source: BLOG }] });
    ownNodeModules(project.dir);
  }, 120_000);
  afterAll(() => project?.remove());

  it('writes docs/schema.svg: well-formed XML naming every table and foreign key of the latest snapshot', async () => {
    const run = await cli('docs');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote docs/schema.md and docs/schema.svg.');
    const svg = parseSvg(project.read('docs/schema.svg'));
    const shape = latestShape(project);
    expect(tablesIn(svg).sort()).toEqual(['audit', 'authors', 'comments', 'posts']);
    const keys = Object.values(shape.tables).flatMap((t) => Object.values(t.foreignKeys).map((fk) => fkId(t.name, fk)));
    expect(keys).toHaveLength(3);
    expect(
      foreignKeysIn(svg)
        .map((g) => g.id)
        .sort(),
    ).toEqual(keys.sort());
    expect(foreignKeysIn(svg).find((g) => g.id === 'fk:posts(author_id)->authors(id)')?.class).toBe('edge fk cascade');
    expect(foreignKeysIn(svg).find((g) => g.id === 'fk:audit(author_id)->authors(id)')?.class).toBe('edge fk set-null');
  }, 180_000);

  it('writes docs/schema.md: every table, its CHECK and index, the view with its SELECT, and what a delete cascades to', () => {
    const md = project.read('docs/schema.md');
    expect(md.split('\n')[0]).toBe(
      '<!-- Generated by `d1-evolve docs` from drizzle/ (its latest snapshot, meta/0000_snapshot.json). Do not edit: change the schema, then run `d1-evolve docs`. -->',
    );
    for (const name of ['audit', 'authors', 'comments', 'posts']) expect(md).toContain(`### Table \`${name}\``);
    expect(md).toContain('4 tables, 1 view, 3 foreign keys (2 ON DELETE CASCADE, 1 SET NULL or SET DEFAULT)');
    // The CHECK as drizzle-kit wrote it into the snapshot (and the migration).
    expect(md).toContain('- `authors_status_check`: `"authors"."status" IN (\'active\', \'retired\')`');
    expect(md).toContain('- `posts_author_id_idx` on (`author_id`)');
    expect(md).toContain("| `status` | text | yes | `'active'` |  |");
    expect(md).toContain('| `author_id` | integer | yes |  | FK → `authors(id)` |');
    expect(md).toContain('- (`author_id`) → [`authors`](#table-authors) (`id`): ON DELETE SET NULL, ON UPDATE NO ACTION');
    expect(md).toContain(
      '### View `post_titles`\n\n```sql\nSELECT p.id AS id, p.title AS title, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id\n```',
    );
    const authors = md.slice(md.indexOf('### Table `authors`'), md.indexOf('### Table `comments`'));
    expect(authors).toContain(
      'A delete of one row here cascades: it deletes the rows that reference it in `comments`, `posts` (ON DELETE CASCADE, recursively); ' +
        'it sets the references to the deleted rows to NULL in `audit`.',
    );
    const comments = md.slice(md.indexOf('### Table `comments`'), md.indexOf('### Table `posts`'));
    expect(comments).toContain('A delete of one row here cascades to no other table.');
  });

  it('--check passes on the docs it wrote, and a second run rewrites nothing', async () => {
    const check = await cli('docs', '--check');
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('The schema docs are fresh.');
    const again = await cli('docs');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('docs/schema.md and docs/schema.svg are up to date.');
  }, 180_000);

  it('--check passes on docs a Windows checkout turned to CRLF', async () => {
    const lf = { md: project.read('docs/schema.md'), svg: project.read('docs/schema.svg') };
    expect(lf.md).not.toContain('\r');
    project.write('docs/schema.md', lf.md.replace(/\n/g, '\r\n'));
    project.write('docs/schema.svg', lf.svg.replace(/\n/g, '\r\n'));
    const check = await cli('docs', '--check');
    project.write('docs/schema.md', lf.md);
    project.write('docs/schema.svg', lf.svg);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('The schema docs are fresh.');
  }, 180_000);

  it('--check fails after a schema change, naming both stale files, writes nothing, and passes after docs', async () => {
    const before = project.read('docs/schema.md');
    project.write('src/db/schema.ts', addColumn(BLOG, 'posts', "subtitle: text('subtitle'),"));
    await project.generate('drizzle.config.ts', 'add_subtitle');
    const stale = await cli('docs', '--check');
    expect(stale.code, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stdout).toContain('docs/schema.md is stale: it differs from what the migrations now produce. Run `d1-evolve docs` and commit it.');
    expect(stale.stdout).toContain('docs/schema.svg is stale');
    expect(project.read('docs/schema.md')).toBe(before);
    expect((await cli('docs')).code).toBe(0);
    expect(project.read('docs/schema.md')).toContain('| `subtitle` | text |');
    expect(project.read('docs/schema.md')).toContain('meta/0001_snapshot.json');
    expect((await cli('docs', '--check')).code).toBe(0);
  }, 180_000);

  it('--check fails when a file is missing and says so; --out checks another folder', async () => {
    rmSync(project.path('docs', 'schema.svg'));
    const missing = await cli('docs', '--check');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('docs/schema.svg is missing. Run `d1-evolve docs` and commit the diagram.');
    expect(missing.stdout).not.toContain('docs/schema.md');
    expect(existsSync(project.path('docs', 'schema.svg'))).toBe(false);
    const elsewhere = await cli('docs', '--check', '--out', 'site');
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toContain('site/schema.md is missing. Run `d1-evolve docs --out site` and commit it.');
    expect((await cli('docs')).code).toBe(0);
  }, 180_000);

  it('is refreshed by generate when the project has docs in the default folder, and docs --help says an --out folder is not', async () => {
    expect((await cli('docs', '--out', 'site')).code).toBe(0);
    const site = project.read('site/schema.md');
    project.write('src/db/schema.ts', addColumn(addColumn(BLOG, 'posts', "subtitle: text('subtitle'),"), 'authors', "bio: text('bio'),"));
    const run = await cli('generate', '--name', 'add_bio');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote docs/schema.md and docs/schema.svg.');
    expect(project.read('docs/schema.md')).toContain('| `bio` | text |');
    expect((await cli('docs', '--check')).code).toBe(0);
    // Nothing remembers --out: site/ keeps the schema before the generate, and --check there says it is stale.
    expect(run.stdout).not.toContain('site/');
    expect(project.read('site/schema.md')).toBe(site);
    expect((await cli('docs', '--check', '--out', 'site')).code).toBe(1);
    const help = await cli('docs', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'It does not know a folder given with --out: after a generate, run `d1-evolve docs --out <folder>` again',
    );
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('only the default folder is refreshed by `d1-evolve generate`');
  }, 300_000);
});

describe('d1-evolve docs after a custom migration (generate --custom) with a CREATE INDEX and a CREATE VIEW', () => {
  let project: TestProject;
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir, timeoutMs: 180_000 });

  beforeAll(async () => {
    project = await makeProject({ wrangler: { file: 'wrangler.toml', content: toml([['DB', 'drizzle']]) }, drizzle: [{ source: BLOG }] });
    ownNodeModules(project.dir);
  }, 120_000);
  afterAll(() => project?.remove());

  it('documents what the migrations create, not only the latest snapshot (which has neither), and --check sees the change', async () => {
    expect((await cli('docs')).code).toBe(0);
    const generate = await cli('generate', '--custom', '--name', 'extras');
    expect(generate.code, generate.stdout + generate.stderr).toBe(0);
    const file = readdirSync(project.path('drizzle')).find((f) => f.endsWith('_extras.sql'))!;
    writeFileSync(
      project.path('drizzle', file),
      'CREATE INDEX idx_authors_name ON authors (name);\n--> statement-breakpoint\nCREATE VIEW post_counts AS\n  SELECT a.id AS author_id,\n         COUNT(p.id) AS posts\n  FROM authors a LEFT JOIN posts p ON p.author_id = a.id\n  GROUP BY a.id;\n',
    );
    // Before the fix the docs read the latest snapshot (a copy of the one before) and called the old docs fresh.
    const stale = await cli('docs', '--check');
    expect(stale.code, stale.stdout + stale.stderr).toBe(1);
    expect((await cli('docs')).code).toBe(0);
    const md = project.read('docs/schema.md');
    expect(md.split('\n')[0]).toContain(
      'its migrations replayed on better-sqlite3: they create index idx_authors_name, view post_counts, which the latest snapshot',
    );
    expect(md).toContain('- `idx_authors_name` on (`name`)');
    // The SELECT as written (indentation normalised), not the lower-cased comparison text.
    expect(md).toContain(
      '### View `post_counts`\n\n```sql\nSELECT a.id AS author_id,\n       COUNT(p.id) AS posts\nFROM authors a LEFT JOIN posts p ON p.author_id = a.id\nGROUP BY a.id\n```',
    );
    // The CHECK and the default as the migration wrote them.
    expect(md).toContain("| `status` | text | yes | `'active'` |");
    expect(md).toContain('- `authors_status_check`: `"authors"."status" IN (\'active\', \'retired\')`');
    expect((await cli('docs', '--check')).code).toBe(0);
  }, 300_000);
});

describe('d1-evolve docs on folders without snapshots, for a config with two databases', () => {
  let project: TestProject;
  const cli = (...args: string[]) => runCli(args, { cwd: project.dir, timeoutMs: 180_000 });

  beforeAll(async () => {
    project = await makeProject({
      wrangler: {
        file: 'wrangler.toml',
        content: toml([
          ['MAIN', 'migrations/main'],
          ['AUTH', 'migrations/auth'],
        ]),
      },
      files: {
        'migrations/main/0001_init.sql':
          'CREATE TABLE lists (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\nCREATE TABLE items (id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE, done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)));\n',
        // A comment before AS: SQLite keeps it in sqlite_master, and the docs show the SELECT alone.
        'migrations/main/0002_view.sql': 'CREATE VIEW open_items -- the items still to do\nAS SELECT id, list_id FROM items WHERE done = 0;\n',
        'migrations/auth/0001_init.sql': 'CREATE TABLE identities (id TEXT PRIMARY KEY, provider TEXT NOT NULL);\n',
      },
    });
  }, 120_000);
  afterAll(() => project?.remove());

  it('replays the migrations on better-sqlite3 and writes docs/<binding>/ for each database with --all', async () => {
    const run = await cli('docs', '--all');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Wrote docs/MAIN/schema.md and docs/MAIN/schema.svg.');
    expect(run.stdout).toContain('Wrote docs/AUTH/schema.md and docs/AUTH/schema.svg.');
    const main = readFileSync(project.path('docs', 'MAIN', 'schema.md'), 'utf8');
    expect(main.split('\n')[0]).toContain('from migrations/main/ (its migrations replayed on better-sqlite3');
    expect(main).toContain('### Table `items`');
    expect(main).toContain('- `done IN (0, 1)`');
    expect(main).toContain('### View `open_items`\n\n```sql\nSELECT id, list_id FROM items WHERE done = 0\n```');
    expect(main).toContain('it deletes the rows that reference it in `items` (ON DELETE CASCADE, recursively).');
    expect(tablesIn(parseSvg(readFileSync(project.path('docs', 'AUTH', 'schema.svg'), 'utf8')))).toEqual(['identities']);
    const one = await cli('docs', '--check', '--database', 'AUTH');
    expect(one.code, one.stdout + one.stderr).toBe(0);
  }, 180_000);

  it('refuses --out naming an existing file (exit 2 and the path, not an internal error)', async () => {
    writeFileSync(project.path('notes.txt'), 'mine\n');
    const run = await cli('docs', '--all', '--out', 'notes.txt');
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`--out notes.txt: ${project.path('notes.txt')} is a file, not a folder.`);
    expect(run.stderr).not.toContain('internal error');
    expect(project.read('notes.txt')).toBe('mine\n');
  }, 60_000);

  it('asks which database when there are several and none is named', async () => {
    const run = await cli('docs');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --database <binding> to choose one, or --all for every one');
  }, 60_000);
});
