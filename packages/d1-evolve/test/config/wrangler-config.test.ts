import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findWranglerConfig, readWranglerConfig, selectDatabases, WRANGLER_CONFIG_FILES, type WranglerConfig } from '../../src/config/wrangler-config';
import { ConfigError, UsageError } from '../../src/errors';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A fresh project folder holding `files` (path → content). */
function project(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'wrangler-config-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** The ConfigError `run` throws (fails the test when it throws nothing or something else). */
function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

const TWO_DATABASES = `
name = "shop"
[[d1_databases]]
binding = "DB"
database_name = "shop-db"
database_id = "id-1"
[[d1_databases]]
binding = "AUDIT"
database_name = "audit-db"
database_id = "id-2"
migrations_table = "audit_migrations"
`;

describe('readWranglerConfig', () => {
  it('reads D1 from wrangler.jsonc with comments and trailing commas', () => {
    const cwd = project({
      'wrangler.jsonc': `// the Worker
{
  "name": "shop", /* block comment */
  "d1_databases": [
    { "binding": "DB", "database_name": "shop-db", "database_id": "id-1", "preview_database_id": "id-p", },
  ],
}`,
    });
    const config = readWranglerConfig({ cwd });
    expect(config).toEqual({
      path: join(cwd, 'wrangler.jsonc'),
      dir: cwd,
      label: 'wrangler.jsonc',
      env: undefined,
      name: 'shop',
      databases: [
        {
          binding: 'DB',
          databaseName: 'shop-db',
          databaseId: 'id-1',
          previewDatabaseId: 'id-p',
          migrationsDir: 'migrations',
          migrationsPath: join(cwd, 'migrations'),
          migrationsTable: 'd1_migrations',
          key: 'd1_databases[0]',
        },
      ],
    });
  });

  it('reads D1 from wrangler.json', () => {
    const cwd = project({ 'wrangler.json': JSON.stringify({ d1_databases: [{ binding: 'DB', database_name: 'a', migrations_dir: 'sql' }] }) });
    const config = readWranglerConfig({ cwd });
    expect(config.label).toBe('wrangler.json');
    expect(config.databases.map((d) => [d.binding, d.databaseName, d.migrationsPath])).toEqual([['DB', 'a', join(cwd, 'sql')]]);
  });

  it('reads single-quoted (literal) TOML strings', () => {
    const cwd = project({
      'wrangler.toml': `[[d1_databases]]\nbinding = 'DB'\ndatabase_name = 'shop-db'\nmigrations_dir = 'db/migrations'\nmigrations_table = 'ledger'\n`,
    });
    const [db] = readWranglerConfig({ cwd }).databases;
    expect(db).toMatchObject({
      binding: 'DB',
      databaseName: 'shop-db',
      migrationsDir: 'db/migrations',
      migrationsPath: join(cwd, 'db/migrations'),
      migrationsTable: 'ledger',
    });
  });

  it('keeps a custom migrations_table and a binding not named DB', () => {
    const cwd = project({ 'wrangler.toml': TWO_DATABASES });
    const audit = readWranglerConfig({ cwd }).databases[1];
    expect(audit).toMatchObject({ binding: 'AUDIT', databaseName: 'audit-db', migrationsTable: 'audit_migrations' });
  });

  it('reads D1 defined only under [env.production] with env production, and names the Worker <name>-<env>', () => {
    const cwd = project({ 'wrangler.toml': `name = "shop"\n[env.production]\n[[env.production.d1_databases]]\nbinding = "DB"\ndatabase_name = "shop-prod"\n` });
    const config = readWranglerConfig({ cwd, env: 'production' });
    expect(config.env).toBe('production');
    expect(config.name).toBe('shop-production');
    expect(config.databases.map((d) => d.databaseName)).toEqual(['shop-prod']);
    expect(config.databases[0]!.key).toBe('env.production.d1_databases[0]');
  });

  it('uses the name an environment sets for its Worker', () => {
    const cwd = project({ 'wrangler.json': JSON.stringify({ name: 'shop', env: { staging: { name: 'shop-stage', d1_databases: [{ binding: 'DB' }] } } }) });
    expect(readWranglerConfig({ cwd, env: 'staging' }).name).toBe('shop-stage');
  });

  it('without --env, says to pass --env <name> when only environments define d1_databases', () => {
    const cwd = project({ 'wrangler.toml': `[[env.production.d1_databases]]\nbinding = "DB"\n[env.dev]\nname = "x"\n` });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('wrangler.toml');
    expect(error.message).toContain('--env production');
    expect(error.message).not.toContain('--env dev');
  });

  it('does not inherit top-level d1_databases into an environment that has none', () => {
    const cwd = project({ 'wrangler.toml': `[[d1_databases]]\nbinding = "DB"\n[env.production]\nname = "shop-prod"\n` });
    const error = configError(() => readWranglerConfig({ cwd, env: 'production' }));
    expect(error.problems).toEqual([expect.stringContaining('wrangler.toml: env.production.d1_databases')]);
    expect(error.message).toContain('[[env.production.d1_databases]]');
    expect(error.message).toContain('not inherited');
  });

  it('says what to add in JSON syntax when a JSON environment has no d1_databases', () => {
    const cwd = project({ 'wrangler.jsonc': `{ "d1_databases": [{ "binding": "DB" }], "env": { "production": {} } }` });
    const error = configError(() => readWranglerConfig({ cwd, env: 'production' }));
    expect(error.message).toContain('"env": { "production": { "d1_databases": [');
  });

  it('reports an unknown environment with the environments defined', () => {
    const cwd = project({ 'wrangler.toml': `[env.production]\n[env.staging]\n` });
    const error = configError(() => readWranglerConfig({ cwd, env: 'prod' }));
    expect(error.message).toContain('env.prod');
    expect(error.message).toContain('production, staging');
  });

  it('reports a config without any D1 database and says what to add', () => {
    const cwd = project({ 'wrangler.toml': `name = "shop"\n` });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.problems).toEqual([expect.stringContaining('[[d1_databases]] with binding = "DB"')]);
  });

  it('reports every problem of one file together in one ConfigError', () => {
    const cwd = project({
      'wrangler.jsonc': `{
        "d1_databases": [
          { "binding": "DB", "database_id": 42 },
          { "database_name": "no-binding" },
          { "binding": "DB", "migrations_dir": ["a"], "migrations_table": true },
        ],
      }`,
    });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.exitCode).toBe(2);
    expect(error.problems).toHaveLength(4);
    expect(error.problems[0]).toBe('wrangler.jsonc: d1_databases[0].database_id must be a string, found a number (42): write "database_id": "<id>".');
    expect(error.problems[1]).toContain('wrangler.jsonc: d1_databases[1].binding must be a non-empty string (missing): write "binding": "DB"');
    expect(error.problems[2]).toContain('d1_databases[2].migrations_dir must be a string, found an array');
    expect(error.problems[3]).toContain('d1_databases[2].migrations_table must be a string, found a boolean');
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('reports a duplicate binding', () => {
    const cwd = project({ 'wrangler.toml': `[[d1_databases]]\nbinding = "DB"\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "other"\n` });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.problems).toEqual([
      'wrangler.toml: d1_databases[1].binding: "DB" is already the binding of d1_databases[0]: give each database its own binding.',
    ]);
  });

  it('reports d1_databases that is not an array', () => {
    const cwd = project({ 'wrangler.toml': `[d1_databases]\nbinding = "DB"\n` });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.message).toContain('d1_databases must be an array of tables ([[d1_databases]]), found a table');
  });

  it('reports a JSON parse error with its line and column', () => {
    const cwd = project({ 'wrangler.jsonc': `{\n  "name": "shop",\n  "d1_databases": [\n    { "binding": }\n  ]\n}\n` });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.problems).toEqual(['wrangler.jsonc:4:18: ValueExpected: fix the JSON there.']);
  });

  it('reports a TOML parse error with its line and column', () => {
    const cwd = project({ 'wrangler.toml': `name = "shop"\n[[d1_databases]]\nbinding = "DB\n` });
    const error = configError(() => readWranglerConfig({ cwd }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^wrangler\.toml:3:\d+: Invalid TOML document/);
  });

  it('reports a JSON config whose root is not an object', () => {
    const cwd = project({ 'wrangler.json': '[1, 2]' });
    expect(configError(() => readWranglerConfig({ cwd })).message).toContain('must be an object');
  });

  it('reports a missing --config file with the path looked for', () => {
    const cwd = project({ 'wrangler.toml': TWO_DATABASES });
    const error = configError(() => readWranglerConfig({ cwd, config: 'conf/wrangler.toml' }));
    expect(error.message).toContain('--config conf/wrangler.toml');
    expect(error.message).toContain(join(cwd, 'conf/wrangler.toml'));
  });

  it('reports a --config file of an unknown format', () => {
    const cwd = project({ 'wrangler.yaml': 'd1_databases: []\n' });
    expect(configError(() => readWranglerConfig({ cwd, config: 'wrangler.yaml' })).message).toContain('unknown config format');
  });

  it('reads the file given by --config, resolving migrations_dir against its directory', () => {
    const cwd = project({ 'deploy/wrangler.staging.toml': `[[d1_databases]]\nbinding = "DB"\nmigrations_dir = "../db"\n` });
    const config = readWranglerConfig({ cwd, config: 'deploy/wrangler.staging.toml' });
    expect(config.label).toBe(join('deploy', 'wrangler.staging.toml'));
    expect(config.databases[0]!.migrationsPath).toBe(join(cwd, 'db'));
  });

  it('finds the config in a parent directory and resolves the default migrations dir next to it', () => {
    const cwd = project({ 'wrangler.toml': `[[d1_databases]]\nbinding = "DB"\n`, 'src/worker/.keep': '' });
    const config = readWranglerConfig({ cwd: join(cwd, 'src/worker') });
    expect(config.label).toBe(join('..', '..', 'wrangler.toml'));
    expect(config.dir).toBe(cwd);
    expect(config.databases[0]).toMatchObject({ migrationsDir: 'migrations', migrationsPath: join(cwd, 'migrations') });
  });

  it('reports no config found, naming the files and the folder looked in', () => {
    const cwd = project({ 'README.md': '' });
    const error = configError(() => readWranglerConfig({ cwd }));
    // A wrangler config above the temp folder would make this test meaningless.
    expect(findWranglerConfig(cwd)).toBeUndefined();
    expect(error.problems).toEqual([
      `No wrangler.json, wrangler.jsonc or wrangler.toml in ${cwd} or its parents: create one (npx wrangler init) or pass --config <file>.`,
    ]);
  });
});

describe('findWranglerConfig', () => {
  it('prefers wrangler.json over wrangler.jsonc over wrangler.toml', () => {
    expect(WRANGLER_CONFIG_FILES).toEqual(['wrangler.json', 'wrangler.jsonc', 'wrangler.toml']);
    const cwd = project({ 'wrangler.json': '{}', 'wrangler.jsonc': '{}', 'wrangler.toml': '' });
    expect(findWranglerConfig(cwd)).toBe(join(cwd, 'wrangler.json'));
    rmSync(join(cwd, 'wrangler.json'));
    expect(findWranglerConfig(cwd)).toBe(join(cwd, 'wrangler.jsonc'));
  });

  it('like wrangler, looks for each name up to the root before the next name', () => {
    const cwd = project({ 'wrangler.json': '{}', 'app/wrangler.toml': '' });
    expect(findWranglerConfig(join(cwd, 'app'))).toBe(join(cwd, 'wrangler.json'));
  });
});

describe('selectDatabases', () => {
  const twoDatabases = (): WranglerConfig => readWranglerConfig({ cwd: project({ 'wrangler.toml': TWO_DATABASES }) });

  it('gives every database with all', () => {
    expect(selectDatabases(twoDatabases(), { all: true }).map((d) => d.binding)).toEqual(['DB', 'AUDIT']);
  });

  it('picks a database by binding', () => {
    expect(selectDatabases(twoDatabases(), { database: 'AUDIT' }).map((d) => d.databaseName)).toEqual(['audit-db']);
  });

  it('picks a database by database_name', () => {
    expect(selectDatabases(twoDatabases(), { database: 'shop-db' }).map((d) => d.binding)).toEqual(['DB']);
  });

  it('gives the only database when none is named', () => {
    const cwd = project({ 'wrangler.toml': `[[d1_databases]]\nbinding = "MAIN"\n` });
    expect(selectDatabases(readWranglerConfig({ cwd }), {}).map((d) => d.binding)).toEqual(['MAIN']);
  });

  it('asks for --database or --all when there are several and none is named', () => {
    const error = configError(() => selectDatabases(twoDatabases(), {}));
    expect(error.message).toContain('DB (shop-db), AUDIT (audit-db)');
    expect(error.message).toContain('--database <binding>');
    expect(error.message).toContain('--all');
  });

  it('lists the bindings there are when the database matches nothing', () => {
    const error = configError(() => selectDatabases(twoDatabases(), { database: 'nope' }));
    expect(error.problems).toEqual([expect.stringMatching(/^wrangler\.toml: no D1 database .*"nope".*DB \(shop-db\), AUDIT \(audit-db\)/)]);
  });

  it('refuses --database together with --all', () => {
    expect(() => selectDatabases(twoDatabases(), { database: 'DB', all: true })).toThrow(UsageError);
  });
});
