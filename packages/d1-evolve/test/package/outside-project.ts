/**
 * A project outside this repository that uses d1-evolve the way a user's would: its own
 * package.json (d1-evolve from a tarball, drizzle-kit, drizzle-orm and wrangler from the
 * registry), wrangler.jsonc, drizzle.config.ts and schema. Nothing in it names a file of this
 * repository; only the install borrows the workspace's pnpm store and lockfile resolutions
 * (see `seedLockfile`), so it runs offline in seconds.
 */
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The versions the package's devDependencies pin (and the workspace's store holds). */
export const OUTSIDE_VERSIONS = { 'drizzle-kit': '0.31.11', 'drizzle-orm': '0.45.4', wrangler: '4.86.0' } as const;

export const OUTSIDE_DATABASE_ID = '6f0c4d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
export const OUTSIDE_MIGRATIONS_DIR = 'migrations';

/** Writes the project's files (not node_modules, not its migrations) into `dir`. */
export function writeOutsideProject(dir: string, tarball: string): void {
  const write = (path: string, text: string) => {
    mkdirSync(resolve(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write(
    'package.json',
    `${JSON.stringify(
      {
        name: 'outside-app',
        private: true,
        type: 'module',
        dependencies: { 'd1-evolve': `file:${tarball}`, ...OUTSIDE_VERSIONS },
      },
      null,
      2,
    )}\n`,
  );
  // Its own workspace root (so pnpm looks no further up), allowing the builds a D1 project needs.
  write(
    'pnpm-workspace.yaml',
    ['onlyBuiltDependencies:', '  - better-sqlite3', '  - esbuild', '  - workerd', 'ignoredBuiltDependencies:', '  - sharp', ''].join('\n'),
  );
  write(
    'wrangler.jsonc',
    `// An app that is not part of the d1-evolve repository: one D1 database.
{
  "name": "outside-app",
  "main": "src/worker.ts",
  "compatibility_date": "2026-04-01",
  "d1_databases": [
    {
      "binding": "DB",
      "database_name": "outside-app",
      "database_id": "${OUTSIDE_DATABASE_ID}",
      "migrations_dir": "${OUTSIDE_MIGRATIONS_DIR}", // drizzle.config.ts writes here
    },
  ],
}
`,
  );
  write(
    'drizzle.config.ts',
    `import { defineConfig } from 'drizzle-kit';
import { d1TablesFilter } from 'd1-evolve/drizzle';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/schema.ts',
  out: './${OUTSIDE_MIGRATIONS_DIR}',
  tablesFilter: d1TablesFilter(),
});
`,
  );
  write(
    'src/schema.ts',
    `import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const authors = sqliteTable('authors', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
});

export const books = sqliteTable('books', {
  id: integer('id').primaryKey(),
  authorId: integer('author_id')
    .notNull()
    .references(() => authors.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
});
`,
  );
  write('src/worker.ts', `export default { fetch: () => new Response('ok') };\n`);
}

/**
 * Gives the project a pnpm-lock.yaml with the workspace lockfile's package resolutions and
 * no importers: pnpm then resolves the project's own dependencies to the versions the
 * workspace already installed (all in the store, so `--offline` works without the registry's
 * metadata) and better-sqlite3's build comes from the store's side-effects cache, whose key
 * includes the exact versions of its dependency tree (a fresh resolution picks newer
 * node-abi / tar-fs and compiles it from source: ~100 s here). Returns false when the
 * workspace has no lockfile.
 */
export function seedLockfile(projectDir: string, workspaceLockfile: string): boolean {
  if (!existsSync(workspaceLockfile)) return false;
  const text = readFileSync(workspaceLockfile, 'utf8');
  const importers = text.indexOf('\nimporters:\n');
  const packages = text.indexOf('\npackages:\n');
  if (importers < 0 || packages < importers) return false;
  writeFileSync(join(projectDir, 'pnpm-lock.yaml'), `${text.slice(0, importers)}\nimporters:\n\n  .: {}\n${text.slice(packages)}`);
  return true;
}

/**
 * Removes what the install left in the shared pnpm store about these throw-away folders
 * only: the store's `projects/` link to each, and the `file+…` entry pnpm keeps for a local
 * tarball (named after its path relative to the project). Content-addressed files stay.
 */
export function forgetInStore(storeDir: string, folders: string[]): void {
  const names = folders.map((folder) => basename(folder));
  const projects = join(storeDir, 'projects');
  if (existsSync(projects)) {
    for (const entry of readdirSync(projects)) {
      const path = join(projects, entry);
      try {
        if (lstatSync(path).isSymbolicLink() && folders.includes(resolve(projects, readlinkSync(path)))) rmSync(path, { force: true });
      } catch {
        // gone already
      }
    }
  }
  if (existsSync(storeDir)) {
    for (const entry of readdirSync(storeDir)) {
      if (entry.startsWith('file+') && names.some((name) => entry.includes(name))) rmSync(join(storeDir, entry), { recursive: true, force: true });
    }
  }
}

/** Every file under `dir` (relative, `/`-separated), not following symbolic links. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(join(dir, entry.name), relative);
    return [relative];
  });
}
