/**
 * Reading drizzle-kit configs and loading their schema, on small projects built from scratch in a
 * temp folder (its node_modules links to this package's, for drizzle-orm and drizzle-kit).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRIZZLE_CONFIG_FILES, findDrizzleConfigs, loadDrizzleConfig, loadSchema } from '../../src/config/drizzle-config';
import { ConfigError } from '../../src/errors';

const PACKAGE_NODE_MODULES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules');

let roots: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

/** A project folder holding `files` (path → content). */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'd1-evolve-drizzle-config-'));
  roots.push(root);
  symlinkSync(PACKAGE_NODE_MODULES, join(root, 'node_modules'), 'dir');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function config(body: string): string {
  return `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig(${body});\n`;
}

const table = (name: string, exportName = name) =>
  `export const ${exportName} = sqliteTable('${name}', { id: integer('id').primaryKey(), label: text('label') });\n`;
const tables = (...names: string[]) => `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\n${names.map((name) => table(name)).join('')}`;

/** The ConfigError `run` throws. */
async function configError(run: () => Promise<unknown>): Promise<ConfigError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadDrizzleConfig', () => {
  it('reads schema, out and dialect from a drizzle.config.ts that exports defineConfig(...)', async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', driver: 'd1-http', schema: './src/db/schema.ts', out: './migrations/sql' }`),
      'src/db/schema.ts': tables('users'),
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded).toEqual({
      path: join(root, 'drizzle.config.ts'),
      label: 'drizzle.config.ts',
      schema: ['./src/db/schema.ts'],
      schemaFiles: [join(root, 'src/db/schema.ts')],
      out: join(root, 'migrations/sql'),
      dialect: 'sqlite',
      driver: 'd1-http',
    });
  });

  it('defaults out to ./drizzle in the project root, as drizzle-kit does', async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/db/schema.ts' }`),
      'src/db/schema.ts': tables('users'),
    });
    const loaded = await loadDrizzleConfig(root, join(root, 'drizzle.config.ts'));
    expect(loaded.out).toBe(join(root, 'drizzle'));
    expect(loaded.driver).toBeUndefined();
  });

  it('expands a schema folder to the files directly in it, not those in subfolders', async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/schema' }`),
      'src/schema/users.ts': tables('users'),
      'src/schema/posts.ts': tables('posts'),
      'src/schema/nested/ignored.ts': tables('ignored'),
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded.schemaFiles).toEqual([join(root, 'src/schema/posts.ts'), join(root, 'src/schema/users.ts')]);
  });

  it('expands a glob against the project root', async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/**/*.schema.ts' }`),
      'src/users.schema.ts': tables('users'),
      'src/blog/posts.schema.ts': tables('posts'),
      'src/blog/posts.ts': tables('not_schema'),
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded.schema).toEqual(['./src/**/*.schema.ts']);
    expect(loaded.schemaFiles).toEqual([join(root, 'src/blog/posts.schema.ts'), join(root, 'src/users.schema.ts')]);
  });

  it('accepts an array of paths and lists each file once, sorted', async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: ['./src/b.ts', './src/a.ts', './src/*.ts'] }`),
      'src/a.ts': tables('a'),
      'src/b.ts': tables('b'),
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded.schema).toEqual(['./src/b.ts', './src/a.ts', './src/*.ts']);
    expect(loaded.schemaFiles).toEqual([join(root, 'src/a.ts'), join(root, 'src/b.ts')]);
  });

  it('resolves schema and out against the project root even when the config lives in a subfolder', async () => {
    const root = project({
      'config/drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/db/schema.ts', out: './migrations' }`),
      'src/db/schema.ts': tables('users'),
    });
    expect(process.cwd()).not.toBe(root);
    const loaded = await loadDrizzleConfig(root, 'config/drizzle.config.ts');
    expect(loaded.label).toBe('config/drizzle.config.ts');
    expect(loaded.schemaFiles).toEqual([join(root, 'src/db/schema.ts')]);
    expect(loaded.out).toBe(join(root, 'migrations'));
  });

  it('loads a JavaScript config from drizzle.config.mjs', async () => {
    const root = project({
      'drizzle.config.mjs': config(`{ dialect: 'sqlite', schema: './src/schema.js', out: './sql' }`),
      'src/schema.js': tables('users'),
    });
    const [path] = findDrizzleConfigs(root);
    expect(path).toBe(join(root, 'drizzle.config.mjs'));
    const loaded = await loadDrizzleConfig(root, path!);
    expect(loaded.schemaFiles).toEqual([join(root, 'src/schema.js')]);
    expect(loaded.out).toBe(join(root, 'sql'));
  });

  it('loads a module.exports config from drizzle.config.cjs and a drizzle.config.json', async () => {
    const root = project({
      'drizzle.config.cjs': `module.exports = { dialect: 'sqlite', schema: './src/schema.ts', out: './from-cjs' };\n`,
      'drizzle.config.json': JSON.stringify({ dialect: 'sqlite', schema: './src/schema.ts', out: './from-json' }),
      'src/schema.ts': tables('users'),
    });
    expect((await loadDrizzleConfig(root, 'drizzle.config.cjs')).out).toBe(join(root, 'from-cjs'));
    expect((await loadDrizzleConfig(root, 'drizzle.config.json')).out).toBe(join(root, 'from-json'));
  });

  it('loads an ESM drizzle.config.ts in a "type": "module" project that imports a helper by its .js name', async () => {
    const root = project({
      'package.json': JSON.stringify({ type: 'module' }),
      'drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';\nimport { SCHEMA } from './src/paths.js';\nexport default defineConfig({ dialect: 'sqlite', schema: SCHEMA });\n`,
      'src/paths.ts': `export const SCHEMA: string = './src/schema.ts';\n`,
      'src/schema.ts': tables('users'),
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded.schemaFiles).toEqual([join(root, 'src/schema.ts')]);
  });

  it("resolves the project's tsconfig paths aliases in the config, even when the process runs elsewhere", async () => {
    const root = project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'] } } }),
      'drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';\nimport { SCHEMA } from '@/paths';\nexport default defineConfig({ dialect: 'sqlite', schema: SCHEMA });\n`,
      'src/paths.ts': `export const SCHEMA = './src/schema.ts';\n`,
      'src/schema.ts': tables('users'),
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded.schemaFiles).toEqual([join(root, 'src/schema.ts')]);
  });

  it('runs the config silently and without exiting, with process.env available', async () => {
    const root = project({
      'drizzle.config.ts': `import { defineConfig } from 'drizzle-kit';\nconsole.log('loading config');\nconsole.warn('a warning');\nexport default defineConfig({ dialect: 'sqlite', schema: process.env.D1_EVOLVE_TEST_SCHEMA! });\n`,
      'src/from-env.ts': tables('users'),
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exit = vi.spyOn(process, 'exit');
    vi.stubEnv('D1_EVOLVE_TEST_SCHEMA', './src/from-env.ts');
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    vi.unstubAllEnvs();
    expect(loaded.schemaFiles).toEqual([join(root, 'src/from-env.ts')]);
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(exit).not.toHaveBeenCalled();
    // The console is the caller's again afterwards.
    console.log('after');
    expect(log).toHaveBeenCalledWith('after');
  });

  it('turns a process.exit() in the config into a ConfigError instead of ending the process', async () => {
    const root = project({
      'drizzle.config.ts': `if (!process.env.NOT_SET_ANYWHERE_D1E) {\n  console.error('\\x1b[31merror:\\x1b[39m DATABASE_URL is not set');\n  process.exit(1);\n}\nexport default {};\n`,
    });
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.ts'));
    expect(exit).not.toHaveBeenCalled();
    expect(printed).not.toHaveBeenCalled();
    expect(error.problems).toEqual([
      'drizzle.config.ts: cannot be loaded: it called process.exit(1) after printing "error: DATABASE_URL is not set". ' +
        'Fix the file (drizzle-kit loads it the same way).',
    ]);
  });

  it('reports a syntax error as a ConfigError naming the file and line, without a stack trace', async () => {
    const root = project({ 'drizzle.config.ts': `export default { dialect: 'sqlite', schema: './x.ts' ;\n` });
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.ts'));
    expect(error.exitCode).toBe(2);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^drizzle\.config\.ts: cannot be loaded: drizzle\.config\.ts:1:\d+: ERROR: Expected "}" but found ";"/);
    expect(error.message).not.toMatch(/\n\s+at /);
    expect(error.message).not.toContain(root);
  });

  it('reports an error thrown while running the config with the line it came from', async () => {
    const root = project({ 'drizzle.config.ts': `const url: string = undefined as never;\nexport default { dialect: 'sqlite', schema: url.trim() };\n` });
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.ts'));
    expect(error.problems[0]).toMatch(/^drizzle\.config\.ts: cannot be loaded: .*undefined.* \(at drizzle\.config\.ts:2:\d+\)/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('reports a config without schema as a ConfigError naming the file and the key', async () => {
    const root = project({ 'drizzle.config.ts': config(`{ dialect: 'sqlite', out: './drizzle' }`) });
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.ts'));
    expect(error.problems).toEqual([expect.stringMatching(/^drizzle\.config\.ts: `schema` is missing\. Write `schema: '\.\/src\/db\/schema\.ts'`/)]);
  });

  it('reports a schema that names no files, quoting what was written', async () => {
    const root = project({ 'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/db/schema' }`), 'src/db/other.ts': '' });
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.ts'));
    expect(error.problems).toEqual([expect.stringMatching(/^drizzle\.config\.ts: `schema` \('\.\/src\/db\/schema'\) names no files\./)]);
  });

  it('reports every wrong key of one config together', async () => {
    const root = project({ 'drizzle.config.ts': `export default { dialect: 'sqlite', schema: [1], out: 42 };\n` });
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.ts'));
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toContain('drizzle.config.ts: `schema` must be a string or an array of strings');
    expect(error.problems[1]).toContain('drizzle.config.ts: `out` must be a folder path');
  });

  it('reports a config path that does not exist', async () => {
    const root = project({});
    const error = await configError(() => loadDrizzleConfig(root, 'drizzle.config.local.ts'));
    expect(error.problems).toEqual([expect.stringMatching(/^drizzle\.config\.local\.ts: no such file/)]);
  });
});

describe('findDrizzleConfigs', () => {
  it("lists drizzle-kit's default drizzle.config.ts first, then drizzle.config.local.ts and the other named configs", () => {
    const root = project({
      'drizzle.config.local.ts': '',
      'staging.drizzle.config.ts': '',
      'drizzle.prod.config.mjs': '',
      'drizzle.config.ts': '',
      'drizzle.config.mts': '',
      'drizzle.config.d.ts': '',
      'drizzle.ts': '',
      'vite.config.ts': '',
      'drizzle.config.yaml': '',
      'drizzle.config.dir.ts/file.ts': '',
    });
    expect(findDrizzleConfigs(root)).toEqual(
      ['drizzle.config.ts', 'drizzle.config.mts', 'drizzle.config.local.ts', 'drizzle.prod.config.mjs', 'staging.drizzle.config.ts'].map((name) =>
        join(root, name),
      ),
    );
  });

  it('orders the default names as drizzle-kit tries them: .ts, then .js, then .json', () => {
    expect(DRIZZLE_CONFIG_FILES).toEqual(['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.json']);
    const root = project({ 'drizzle.config.json': '{}', 'drizzle.config.js': '', 'drizzle.config.ts': '' });
    expect(findDrizzleConfigs(root)).toEqual(DRIZZLE_CONFIG_FILES.map((name) => join(root, name)));
  });

  it('returns only the explicit config, resolved against the root, when one is given', () => {
    const root = project({ 'drizzle.config.ts': '', 'config/custom.ts': '' });
    expect(findDrizzleConfigs(root, 'config/custom.ts')).toEqual([join(root, 'config/custom.ts')]);
  });

  it('finds nothing in a folder without drizzle configs', () => {
    const root = project({ 'package.json': '{}' });
    expect(findDrizzleConfigs(root)).toEqual([]);
  });
});

describe('loadSchema', () => {
  it('returns the drizzle tables, from the CommonJS drizzle-orm that drizzle-kit/api diffs', async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/db/schema.ts' }`),
      'src/db/schema.ts': `${tables('users', 'posts')}export const answer = 42;\n`,
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    const schema = await loadSchema(loaded.schemaFiles);
    expect(Object.keys(schema).sort()).toEqual(['answer', 'posts', 'users']);
    expect(is(schema.users, SQLiteTable)).toBe(true);
    expect(getTableName(schema.posts as SQLiteTable)).toBe('posts');

    const projectRequire = createRequire(join(root, 'package.json'));
    const cjsCore = projectRequire('drizzle-orm/sqlite-core') as typeof import('drizzle-orm/sqlite-core');
    expect(schema.users).toBeInstanceOf(cjsCore.SQLiteTable);
    const api = projectRequire('drizzle-kit/api') as typeof import('drizzle-kit/api');
    const json = await api.generateSQLiteDrizzleJson(schema);
    expect(Object.keys(json.tables).sort()).toEqual(['posts', 'users']);
  });

  it("merges a schema folder's files, counting a table re-exported by index.ts once", async () => {
    const root = project({
      'drizzle.config.ts': config(`{ dialect: 'sqlite', schema: './src/schema' }`),
      'src/schema/index.ts': `export * from './users';\nexport * from './posts';\n`,
      'src/schema/users.ts': tables('users'),
      'src/schema/posts.ts': `import { relations } from 'drizzle-orm';\nimport { users } from './users';\n${tables('posts')}export const postsRelations = relations(posts, ({ one }) => ({ author: one(users) }));\n`,
    });
    const loaded = await loadDrizzleConfig(root, 'drizzle.config.ts');
    expect(loaded.schemaFiles).toHaveLength(3);
    const schema = await loadSchema(loaded.schemaFiles);
    expect(Object.keys(schema).sort()).toEqual(['posts', 'postsRelations', 'users']);
    expect(is(schema.users, SQLiteTable) && is(schema.posts, SQLiteTable)).toBe(true);
    const api = createRequire(join(root, 'package.json'))('drizzle-kit/api') as typeof import('drizzle-kit/api');
    expect(Object.keys((await api.generateSQLiteDrizzleJson(schema)).tables).sort()).toEqual(['posts', 'users']);
  });

  it('keeps every table when two schema files export the same name, as drizzle-kit reads each file', async () => {
    const root = project({
      'src/a.ts': `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\n${table('a_items', 'items')}`,
      'src/b.ts': `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';\n${table('b_items', 'items')}`,
    });
    const schema = await loadSchema([join(root, 'src/a.ts'), join(root, 'src/b.ts')]);
    expect(getTableName(schema.items as SQLiteTable)).toBe('a_items');
    const names = Object.values(schema).map((value) => getTableName(value as SQLiteTable));
    expect(names.sort()).toEqual(['a_items', 'b_items']);
  });

  it('loads JavaScript and CommonJS schema files too', async () => {
    const root = project({
      'src/esm.mjs': tables('esm_table'),
      'src/common.cjs': `const { sqliteTable, integer } = require('drizzle-orm/sqlite-core');\nmodule.exports = { common: sqliteTable('common_table', { id: integer('id') }) };\n`,
    });
    const schema = await loadSchema([join(root, 'src/common.cjs'), join(root, 'src/esm.mjs')]);
    expect(Object.keys(schema).sort()).toEqual(['common', 'esm_table']);
    expect(is(schema.common, SQLiteTable) && is(schema.esm_table, SQLiteTable)).toBe(true);
  });

  it('reports a schema file that fails to load as a ConfigError naming that file', async () => {
    const root = project({
      'src/good.ts': tables('users'),
      'src/bad.ts': `import { missing } from './does-not-exist';\nexport const x = missing;\n`,
    });
    const error = await configError(() => loadSchema([join(root, 'src/good.ts'), join(root, 'src/bad.ts')]));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/src\/bad\.ts: the schema cannot be loaded: Cannot find module '\.\/does-not-exist'/);
    expect(error.problems[0]).not.toContain('Require stack');
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
