/**
 * The CLI end to end on small projects built from scratch (test/fixtures/project.ts): each
 * kind of wrangler config (json, jsonc, toml), environments, several databases, a custom
 * migrations_table, unusual paths, remote D1 over the loopback API, and wrong input. Each
 * test asserts which database was touched, which folder was read and which ledger was
 * written, and, for wrong input, one clear error (exit 2, `error: `, file and key named,
 * no stack, no token).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startD1ApiServer, type D1ApiServer } from '../../src/testing/d1-api/index';
import {
  ACCOUNTS_NOTES,
  BOARDS_CARDS,
  IDENTITIES_SESSIONS,
  TEAMS_MEMBERS,
  type ProjectSpec,
  type TestProject,
  addColumn,
  makeProject,
} from '../fixtures/project';
import { type CommandRun, runCli } from '../support/run';
import { remoteEnv, runWrangler } from '../support/wrangler';

/** Given to every command that should fail on its input: it must never be printed. */
const SECRET = `cf-secret-${randomUUID()}`;
const SECRET_ENV = { CLOUDFLARE_API_TOKEN: SECRET, CLOUDFLARE_ACCOUNT_ID: 'a'.repeat(32) };

const projects: TestProject[] = [];

/** A project removed after the test (or, from a beforeAll, after its describe: see `shared`). */
async function project(spec: ProjectSpec): Promise<TestProject> {
  const made = await makeProject(spec);
  projects.push(made);
  return made;
}

afterEach(() => {
  for (const made of projects.splice(0)) made.remove();
});

const cli = (p: TestProject, args: string[], env?: Record<string, string | undefined>) => runCli(args, { cwd: p.dir, env });

/** Everything a run printed, for failure messages. */
const said = (run: CommandRun) => `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

/** One configuration error: exit 2, one `error: ` line naming every part, no stack, no token, nothing on stdout. */
function expectOneError(run: CommandRun, ...parts: string[]): string {
  expect(run.code, said(run)).toBe(2);
  expect(run.stdout, said(run)).toBe('');
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, said(run)).toHaveLength(1);
  const [line = ''] = lines;
  expect(line).toMatch(/^error: /);
  for (const part of parts) expect(line).toContain(part);
  expect(run.stderr).not.toContain('    at ');
  expect(run.stderr).not.toContain('internal error');
  expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET);
  expect(`${run.stdout}${run.stderr}`).not.toContain('(masked)');
  return line;
}

/** The JSON lines of `apply --json`. */
function events(run: CommandRun): Record<string, unknown>[] {
  return run.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const json = <T = Record<string, unknown>>(run: CommandRun): T => JSON.parse(run.stdout) as T;

interface StatusJson {
  database: string;
  ledger: string;
  exitCode: number;
  target: string;
  migrations: { name: string; state: string; checksum?: string; ledgerChecksum?: string }[];
}

interface CheckJson {
  database?: string;
  ok: boolean;
  dir: string;
  engines: string[];
  schemaNote?: string;
  migrations: { name: string }[];
  findings: { rule: string; severity: string; message: string }[];
}

/** `[[d1_databases]]` of a wrangler.toml. */
function tomlDatabase(fields: Record<string, string>, section = 'd1_databases'): string {
  return [`[[${section}]]`, ...Object.entries(fields).map(([key, value]) => `${key} = "${value}"`), ''].join('\n');
}

const TOML_HEAD = 'name = "d1-evolve-e2e"\ncompatibility_date = "2026-04-01"\n\n';

describe('wrangler.jsonc with comments and trailing commas', () => {
  const databaseId = randomUUID();
  const jsonc = [
    '// The Worker of a small notes app.',
    '{',
    '  "name": "notes-app", // the Worker',
    '  /* D1 keeps',
    '     the accounts and their notes */',
    '  "compatibility_date": "2026-04-01",',
    '  "d1_databases": [',
    '    {',
    '      "binding": "NOTES",',
    '      "database_name": "notes-db",',
    `      "database_id": "${databaseId}", /* from wrangler d1 create */`,
    '      "migrations_dir": "drizzle", // what drizzle-kit writes',
    '    },',
    '  ],',
    '}',
    '',
  ].join('\n');
  const spec: ProjectSpec = { wrangler: { file: 'wrangler.jsonc', content: jsonc }, drizzle: [{ source: ACCOUNTS_NOTES }] };

  it('check passes on both engines and compares the schema; apply --local fills the local D1 that wrangler then finds up to date', async () => {
    const p = await project(spec);

    const checked = await cli(p, ['check']);
    expect(checked.code, said(checked)).toBe(0);
    expect(checked.stdout).toContain('d1-evolve check drizzle/ — 1 migration(s) on better-sqlite3 and workerd D1');
    expect(checked.stdout).toContain('✓ 0000_init.sql');
    expect(checked.stdout).not.toContain('schema not compared');

    const applied = await cli(p, ['apply', '--local']);
    expect(applied.code, said(applied)).toBe(0);
    expect(applied.stderr).toContain(`Applying drizzle/ to local D1 ${databaseId}`);
    expect(applied.stderr).toContain('(ledger d1_migrations)');
    expect(applied.stderr).toMatch(/applying 0000_init\.sql … done/);

    expect(await p.localTables(databaseId)).toEqual(['accounts', 'd1_migrations', 'd1_migrations_lock', 'notes']);
    const ledger = await p.localQuery(databaseId, 'SELECT name, checksum FROM d1_migrations ORDER BY id');
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ name: '0000_init.sql', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The foreign key came through as generated: deleting an account deletes its notes.
    const fks = await p.localQuery(databaseId, 'SELECT "table", on_delete FROM pragma_foreign_key_list(\'notes\')');
    expect(fks).toEqual([{ table: 'accounts', on_delete: 'CASCADE' }]);

    const listed = await runWrangler(['d1', 'migrations', 'list', 'NOTES', '--local'], { cwd: p.dir });
    expect(listed.code, said(listed)).toBe(0);
    expect(listed.stdout).toContain('No migrations to apply');
  });

  it('check fails with schema-not-generated once the schema is edited without generating', async () => {
    const p = await project(spec);
    p.write('src/db/schema.ts', addColumn(ACCOUNTS_NOTES, 'accounts', "nickname: text('nickname'),"));

    const checked = await cli(p, ['check', '--fast']);
    expect(checked.code, said(checked)).toBe(1);
    expect(checked.stdout).toContain('error schema-not-generated');
    expect(checked.stdout).toContain('the schema of drizzle.config.ts (./src/db/schema.ts)');
    expect(checked.stdout).toContain('nickname');
  });
});

it('wrangler.json: check, apply --local and status --local work on its one database', async () => {
  const databaseId = randomUUID();
  const p = await project({
    wrangler: {
      file: 'wrangler.json',
      content: JSON.stringify(
        {
          name: 'teams-app',
          compatibility_date: '2026-04-01',
          d1_databases: [{ binding: 'TEAMS', database_name: 'teams', database_id: databaseId, migrations_dir: 'drizzle' }],
        },
        null,
        2,
      ),
    },
    drizzle: [{ source: TEAMS_MEMBERS }],
  });

  const checked = await cli(p, ['check', '--fast', '--json']);
  expect(checked.code, said(checked)).toBe(0);
  const report = json<CheckJson>(checked);
  expect(report).toMatchObject({ database: 'TEAMS', ok: true, dir: p.path('drizzle'), engines: ['sqlite'] });
  expect(report.schemaNote).toBeUndefined();
  expect(report.migrations.map((m) => m.name)).toEqual(['0000_init.sql']);

  const applied = await cli(p, ['apply', '--local', '--json']);
  expect(applied.code, said(applied)).toBe(0);
  const done = events(applied).find((e) => e.type === 'done');
  expect(done).toMatchObject({ database: 'TEAMS', ok: true, applied: 1 });
  expect(await p.localTables(databaseId)).toEqual(['d1_migrations', 'd1_migrations_lock', 'invites', 'members', 'teams']);

  const status = await cli(p, ['status', '--local', '--json']);
  expect(status.code, said(status)).toBe(0);
  expect(json<StatusJson>(status)).toMatchObject({
    database: 'TEAMS',
    ledger: 'd1_migrations',
    exitCode: 0,
    migrations: [{ name: '0000_init.sql', state: 'applied' }],
  });
});

it("wrangler.toml with single-quoted strings: check reads migrations_dir = 'db/migrations', not the default folder", async () => {
  const databaseId = randomUUID();
  const toml = [
    "name = 'boards-worker'",
    "compatibility_date = '2026-04-01'",
    '',
    '[[d1_databases]]',
    "binding = 'BOARDS'",
    "database_name = 'boards'",
    `database_id = '${databaseId}'`,
    "migrations_dir = 'db/migrations'",
    '',
  ].join('\n');
  const p = await project({
    wrangler: { file: 'wrangler.toml', content: toml },
    drizzle: [{ schema: 'src/schema.ts', out: 'db/migrations', source: BOARDS_CARDS }],
    // wrangler's default folder, broken: reading it instead would fail.
    files: { 'migrations/0000_decoy.sql': 'this is not SQL;' },
  });
  expect(p.migrations('db/migrations')).toEqual(['0000_init.sql']);

  const checked = await cli(p, ['check', '--fast', '--json']);
  expect(checked.code, said(checked)).toBe(0);
  const report = json<CheckJson>(checked);
  expect(report.dir).toBe(p.path('db', 'migrations'));
  expect(report.schemaNote).toBeUndefined();
  expect(report.migrations.map((m) => m.name)).toEqual(['0000_init.sql']);

  // The schema really is that of the drizzle config whose out is db/migrations.
  p.write('src/schema.ts', addColumn(BOARDS_CARDS, 'boards', "color: text('color'),"));
  const stale = await cli(p, ['check', '--fast']);
  expect(stale.code, said(stale)).toBe(1);
  expect(stale.stdout).toContain('d1-evolve check db/migrations/');
  expect(stale.stdout).toContain('schema-not-generated');
  expect(stale.stdout).not.toContain('decoy');

  const status = await cli(p, ['status', '--local', '--json']);
  expect(status.code, said(status)).toBe(3);
  expect(json<StatusJson>(status)).toMatchObject({ database: 'BOARDS', migrations: [{ name: '0000_init.sql', state: 'pending' }] });
});

it('D1 only under [env.production]: without --env one error names the file and --env production; with it, status and apply work', async () => {
  const prodId = randomUUID();
  const toml = [
    TOML_HEAD,
    '[env.production]',
    'name = "accounts-prod"',
    '',
    tomlDatabase({ binding: 'DB', database_name: 'accounts-prod', database_id: prodId, migrations_dir: 'drizzle' }, 'env.production.d1_databases'),
  ].join('\n');
  const p = await project({ wrangler: { file: 'wrangler.toml', content: toml }, drizzle: [{ source: ACCOUNTS_NOTES }] });

  for (const args of [
    ['status', '--local'],
    ['apply', '--local'],
    ['check', '--fast'],
  ]) {
    expectOneError(await cli(p, args, SECRET_ENV), 'wrangler.toml', 'd1_databases', '--env production');
  }
  expectOneError(await cli(p, ['status', '--local', '--env', 'staging'], SECRET_ENV), 'wrangler.toml', 'env.staging', 'defined: production');

  const before = await cli(p, ['status', '--local', '--env', 'production']);
  expect(before.code, said(before)).toBe(3);
  expect(before.stdout).toMatch(/0000_init\.sql\s+pending/);

  const applied = await cli(p, ['apply', '--local', '--env', 'production']);
  expect(applied.code, said(applied)).toBe(0);
  expect(applied.stderr).toContain(`local D1 ${prodId}`);
  expect(await p.localTables(prodId)).toEqual(['accounts', 'd1_migrations', 'd1_migrations_lock', 'notes']);

  const after = await cli(p, ['status', '--local', '--env', 'production', '--json']);
  expect(after.code, said(after)).toBe(0);
  expect(json<StatusJson>(after)).toMatchObject({ database: 'DB', exitCode: 0, migrations: [{ name: '0000_init.sql', state: 'applied' }] });

  const listed = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local', '--env', 'production'], { cwd: p.dir });
  expect(listed.code, said(listed)).toBe(0);
  expect(listed.stdout).toContain('No migrations to apply');
});

describe('two bindings, MAIN and AUTH, each with its folder and drizzle config', () => {
  const mainId = randomUUID();
  const authId = randomUUID();
  let p: TestProject;
  const shared: TestProject[] = [];

  beforeAll(async () => {
    p = await makeProject({
      wrangler: {
        file: 'wrangler.toml',
        content:
          TOML_HEAD +
          tomlDatabase({ binding: 'MAIN', database_name: 'main-db', database_id: mainId, migrations_dir: 'drizzle' }) +
          '\n' +
          tomlDatabase({ binding: 'AUTH', database_name: 'auth-db', database_id: authId, migrations_dir: 'drizzle-auth' }),
      },
      drizzle: [
        { config: 'drizzle.config.ts', schema: 'src/db/main.ts', out: 'drizzle', source: ACCOUNTS_NOTES },
        { config: 'drizzle.auth.config.ts', schema: 'src/db/auth.ts', out: 'drizzle-auth', source: IDENTITIES_SESSIONS, generate: 'auth_init' },
      ],
    });
    shared.push(p);
  });
  afterAll(() => {
    for (const made of shared) made.remove();
  });

  it('status --local without --database: one error naming both bindings and --all', async () => {
    expectOneError(await cli(p, ['status', '--local'], SECRET_ENV), 'wrangler.toml', 'd1_databases', 'MAIN', 'AUTH', '--database <binding>', '--all');
  });

  it('--database matches a database_name as well as a binding, as wrangler does', async () => {
    const run = await cli(p, ['status', '--local', '--database', 'auth-db', '--json']);
    expect(run.code, said(run)).toBe(3);
    expect(json<StatusJson>(run)).toMatchObject({ database: 'AUTH', migrations: [{ name: '0000_auth_init.sql', state: 'pending' }] });
    expect(json<StatusJson>(run).target).toContain(authId);
  });

  it('status --local --all prints one block per database, each with its own folder', async () => {
    const run = await cli(p, ['status', '--local', '--all']);
    expect(run.code, said(run)).toBe(3);
    const [, mainBlock = '', authBlock = ''] = run.stdout.split(/\n== (?:MAIN|AUTH) ==\n/);
    expect(run.stdout.indexOf('== MAIN ==')).toBeLessThan(run.stdout.indexOf('== AUTH =='));
    expect(mainBlock).toMatch(/0000_init\.sql\s+pending/);
    expect(mainBlock).not.toContain('auth_init');
    expect(authBlock).toMatch(/0000_auth_init\.sql\s+pending/);
    expect(run.stderr).toContain(`local D1 ${mainId}`);
    expect(run.stderr).toContain(`local D1 ${authId}`);
    expect(run.stderr).toContain('migrations in drizzle-auth/');
  });

  it('apply --local --all applies both, each into its own local D1, and every --json event names its database', async () => {
    const run = await cli(p, ['apply', '--local', '--all', '--json']);
    expect(run.code, said(run)).toBe(0);
    const all = events(run);
    expect(all.length).toBeGreaterThan(0);
    for (const event of all) expect(['MAIN', 'AUTH']).toContain(event.database);
    const done = all.filter((e) => e.type === 'migration-done').map((e) => [e.database, e.name, e.outcome]);
    expect(done).toEqual([
      ['MAIN', '0000_init.sql', 'applied'],
      ['AUTH', '0000_auth_init.sql', 'applied'],
    ]);
    expect(await p.localTables(mainId)).toEqual(['accounts', 'd1_migrations', 'd1_migrations_lock', 'notes']);
    expect(await p.localTables(authId)).toEqual(['d1_migrations', 'd1_migrations_lock', 'identities', 'sessions']);
    expect(await p.localQuery(authId, 'SELECT name FROM d1_migrations')).toEqual([{ name: '0000_auth_init.sql' }]);
  });

  it('check --all checks each folder against its own schema', async () => {
    const clean = await cli(p, ['check', '--all', '--fast', '--json']);
    expect(clean.code, said(clean)).toBe(0);
    const both = json<{ databases: CheckJson[] }>(clean).databases;
    expect(both.map((r) => [r.database, r.ok, r.dir, r.migrations.map((m) => m.name), r.schemaNote])).toEqual([
      ['MAIN', true, p.path('drizzle'), ['0000_init.sql'], undefined],
      ['AUTH', true, p.path('drizzle-auth'), ['0000_auth_init.sql'], undefined],
    ]);

    p.write('src/db/auth.ts', addColumn(IDENTITIES_SESSIONS, 'identities', "label: text('label'),"));
    const stale = await cli(p, ['check', '--all', '--fast', '--json']);
    expect(stale.code, said(stale)).toBe(1);
    const [main, auth] = json<{ databases: CheckJson[] }>(stale).databases;
    expect(main).toMatchObject({ database: 'MAIN', ok: true });
    expect(main!.findings.map((f) => f.rule)).not.toContain('schema-not-generated');
    expect(auth).toMatchObject({ database: 'AUTH', ok: false });
    const finding = auth!.findings.find((f) => f.rule === 'schema-not-generated');
    expect(finding?.message).toContain('drizzle.auth.config.ts');
    expect(finding?.message).toContain('label');

    const text = await cli(p, ['check', '--all', '--fast']);
    expect(text.code, said(text)).toBe(1);
    expect(text.stdout).toContain('\n== MAIN ==\n');
    expect(text.stdout).toContain('\n== AUTH ==\n');
  });
});

it('migrations_table = "schema_history": apply writes that ledger and its lock, and wrangler agrees both ways', async () => {
  const databaseId = randomUUID();
  const p = await project({
    wrangler: {
      file: 'wrangler.toml',
      content:
        TOML_HEAD +
        tomlDatabase({ binding: 'BOARDS', database_name: 'boards', database_id: databaseId, migrations_dir: 'drizzle', migrations_table: 'schema_history' }),
    },
    drizzle: [{ source: BOARDS_CARDS }],
  });

  const applied = await cli(p, ['apply', '--local']);
  expect(applied.code, said(applied)).toBe(0);
  expect(applied.stderr).toContain('(ledger schema_history)');
  expect(await p.localTables(databaseId)).toEqual(['boards', 'cards', 'schema_history', 'schema_history_lock']);
  expect(await p.localQuery(databaseId, 'SELECT name, checksum IS NOT NULL AS has_checksum FROM schema_history')).toEqual([
    { name: '0000_init.sql', has_checksum: 1 },
  ]);

  const listed = await runWrangler(['d1', 'migrations', 'list', 'BOARDS', '--local'], { cwd: p.dir });
  expect(listed.code, said(listed)).toBe(0);
  expect(listed.stdout).toContain('No migrations to apply');

  // The other way: wrangler applies a new migration first.
  p.write('src/db/schema.ts', addColumn(BOARDS_CARDS, 'boards', "color: text('color'),"));
  await p.generate('drizzle.config.ts', 'board_color');
  const byWrangler = await runWrangler(['d1', 'migrations', 'apply', 'BOARDS', '--local'], { cwd: p.dir });
  expect(byWrangler.code, said(byWrangler)).toBe(0);

  const status = await cli(p, ['status', '--local', '--json']);
  expect(status.code, said(status)).toBe(0);
  expect(json<StatusJson>(status)).toMatchObject({
    database: 'BOARDS',
    ledger: 'schema_history',
    migrations: [
      { name: '0000_init.sql', state: 'applied' },
      { name: '0001_board_color.sql', state: 'applied-no-checksum' },
    ],
  });
  const text = await cli(p, ['status', '--local']);
  expect(text.code, said(text)).toBe(0);
  expect(text.stdout).toMatch(/0001_board_color\.sql\s+applied \(no checksum\)/);
  expect(text.stderr).toContain('ledger schema_history');
  expect(await p.localTables(databaseId)).toEqual(['boards', 'cards', 'schema_history', 'schema_history_lock']);
});

it('binding APP_DB with schema ./lib/tables.ts and out ./sql: check compares that schema with that folder, apply fills that database', async () => {
  const databaseId = randomUUID();
  const p = await project({
    wrangler: {
      file: 'wrangler.jsonc',
      content: JSON.stringify({
        name: 'app',
        compatibility_date: '2026-04-01',
        d1_databases: [{ binding: 'APP_DB', database_name: 'app', database_id: databaseId, migrations_dir: 'sql' }],
      }),
    },
    drizzle: [{ schema: 'lib/tables.ts', out: 'sql', source: TEAMS_MEMBERS, generate: 'first' }],
  });
  expect(p.migrations('sql')).toEqual(['0000_first.sql']);

  const applied = await cli(p, ['apply', '--local']);
  expect(applied.code, said(applied)).toBe(0);
  expect(applied.stderr).toContain(`Applying sql/ to local D1 ${databaseId}`);
  expect(await p.localTables(databaseId)).toEqual(['d1_migrations', 'd1_migrations_lock', 'invites', 'members', 'teams']);
  expect(await p.localQuery(databaseId, 'SELECT name FROM d1_migrations')).toEqual([{ name: '0000_first.sql' }]);

  p.write('lib/tables.ts', addColumn(TEAMS_MEMBERS, 'members', "role: text('role').notNull().default('member'),"));
  const stale = await cli(p, ['check', '--fast']);
  expect(stale.code, said(stale)).toBe(1);
  expect(stale.stdout).toContain('d1-evolve check sql/');
  expect(stale.stdout).toContain('the schema of drizzle.config.ts (./lib/tables.ts)');
  expect(stale.stdout).toContain('schema-not-generated');
});

describe('remote D1 over the loopback API', () => {
  let server: D1ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("apply (no --yes, no TTY) applies into the database of the config's database_id, and status then finds it up to date", async () => {
    server = await startD1ApiServer();
    const p = await project({
      wrangler: {
        file: 'wrangler.toml',
        content: TOML_HEAD + tomlDatabase({ binding: 'DB', database_name: 'remote-notes', database_id: server.databaseId, migrations_dir: 'drizzle' }),
      },
      drizzle: [{ source: ACCOUNTS_NOTES }],
    });
    const env = remoteEnv(server);

    const applied = await cli(p, ['apply', '--json'], env);
    expect(applied.code, said(applied)).toBe(0);
    const all = events(applied);
    expect(all.find((e) => e.type === 'start')).toMatchObject({ database: 'DB', pending: ['0000_init.sql'], bookmark: expect.any(String) });
    expect(all.find((e) => e.type === 'done')).toMatchObject({ database: 'DB', ok: true, applied: 1 });
    expect(applied.stderr).toContain('Time Travel bookmark');

    const db = server.database();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT GLOB 'sqlite_*' AND name NOT GLOB '_cf_*' ORDER BY name").all();
    expect(tables).toEqual([{ name: 'accounts' }, { name: 'd1_migrations' }, { name: 'd1_migrations_lock' }, { name: 'notes' }]);
    expect(db.prepare('SELECT name, checksum IS NOT NULL AS has_checksum FROM d1_migrations').all()).toEqual([{ name: '0000_init.sql', has_checksum: 1 }]);
    // Nothing went to a local D1.
    expect(existsSync(p.path('.wrangler', 'state', 'v3', 'd1'))).toBe(false);

    const status = await cli(p, ['status'], env);
    expect(status.code, said(status)).toBe(0);
    expect(status.stdout).toMatch(/0000_init\.sql\s+applied/);
    expect(status.stdout).toContain('Up to date.');
    for (const run of [applied, status]) expect(`${run.stdout}${run.stderr}`).not.toContain(server.token);
  });
});

describe('wrong input: one clear error', () => {
  const twoDatabases =
    TOML_HEAD +
    tomlDatabase({ binding: 'MAIN', database_name: 'main-db', database_id: randomUUID(), migrations_dir: 'drizzle' }) +
    '\n' +
    tomlDatabase({ binding: 'AUTH', database_name: 'auth-db', database_id: randomUUID(), migrations_dir: 'drizzle' });

  it('--database that matches nothing lists the bindings there are', async () => {
    const p = await project({ wrangler: { file: 'wrangler.toml', content: twoDatabases } });
    const line = expectOneError(await cli(p, ['status', '--database', 'BILLING'], SECRET_ENV), 'wrangler.toml', 'd1_databases', '"BILLING"');
    expect(line).toContain('MAIN (main-db), AUTH (auth-db)');
  });

  it('a d1_databases entry without binding is named by its index', async () => {
    const p = await project({
      wrangler: {
        file: 'wrangler.json',
        content: JSON.stringify(
          {
            name: 'x',
            d1_databases: [
              { binding: 'DB', database_name: 'one', database_id: randomUUID() },
              { database_name: 'two', database_id: randomUUID() },
            ],
          },
          null,
          2,
        ),
      },
    });
    expectOneError(await cli(p, ['check', '--fast'], SECRET_ENV), 'wrangler.json', 'd1_databases[1].binding', 'missing');
  });

  it('--config missing.toml names the file and --config', async () => {
    const p = await project({ wrangler: { file: 'wrangler.toml', content: twoDatabases } });
    expectOneError(
      await cli(p, ['status', '--local', '--config', 'missing.toml'], SECRET_ENV),
      '--config missing.toml',
      'no such file',
      p.path('missing.toml'),
    );
  });

  it('a jsonc syntax error gives the line and column', async () => {
    const content = [
      '{',
      '  // one database',
      '  "name": "broken",',
      '  "d1_databases": [',
      '    { "binding": "DB" "database_name": "x" },',
      '  ],',
      '}',
      '',
    ].join('\n');
    const p = await project({ wrangler: { file: 'wrangler.jsonc', content } });
    const line = expectOneError(await cli(p, ['status', '--local'], SECRET_ENV), 'wrangler.jsonc:5:23:', 'fix the JSON there');
    expect(line).toContain('CommaExpected');
  });

  it("--drizzle-config whose out is not the database's migrations_dir: a ConfigError explaining both keys", async () => {
    const p = await project({
      wrangler: {
        file: 'wrangler.toml',
        content: TOML_HEAD + tomlDatabase({ binding: 'DB', database_name: 'notes', database_id: randomUUID(), migrations_dir: 'migrations' }),
      },
      drizzle: [{ source: ACCOUNTS_NOTES }],
    });
    expectOneError(
      await cli(p, ['check', '--fast', '--drizzle-config', 'drizzle.config.ts'], SECRET_ENV),
      'drizzle.config.ts writes migrations to ./drizzle (out)',
      'wrangler.toml (DB) applies ./migrations (migrations_dir)',
      'migrations_dir = "drizzle"',
      "out: './migrations'",
    );
  });

  it('a migrations_table that cannot be a table name is a config error naming the file and the key', async () => {
    const p = await project({
      wrangler: {
        file: 'wrangler.toml',
        content:
          TOML_HEAD +
          tomlDatabase({ binding: 'DB', database_name: 'notes', database_id: randomUUID(), migrations_dir: 'drizzle', migrations_table: 'schema-history' }),
      },
      drizzle: [{ source: ACCOUNTS_NOTES }],
    });
    expectOneError(await cli(p, ['status', '--local'], SECRET_ENV), 'wrangler.toml', 'd1_databases[0].migrations_table', '"schema-history"');
  });

  it("a migrations_dir that does not exist (wrangler's default, migrations/, beside drizzle/) is a config error naming the file and migrations_dir", async () => {
    const p = await project({
      wrangler: { file: 'wrangler.toml', content: TOML_HEAD + tomlDatabase({ binding: 'DB', database_name: 'notes', database_id: randomUUID() }) },
      drizzle: [{ source: ACCOUNTS_NOTES }],
    });
    expectOneError(await cli(p, ['status', '--local'], SECRET_ENV), 'wrangler.toml', 'migrations_dir', 'migrations');
  });

  it('check --dir <folder> says that the schema is not compared', async () => {
    const p = await project({ wrangler: { file: 'wrangler.toml', content: twoDatabases }, drizzle: [{ source: ACCOUNTS_NOTES }] });
    // Out of sync, which a check with the config would report: --dir does not look.
    p.write('src/db/schema.ts', addColumn(ACCOUNTS_NOTES, 'notes', "pinned: integer('pinned'),"));
    const run = await cli(p, ['check', '--dir', 'drizzle', '--fast']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toContain('d1-evolve check drizzle/ — 1 migration(s)');
    expect(run.stdout).toContain('ℹ schema not compared: --dir names a folder without a drizzle config');
    expect(run.stdout).not.toContain('schema-not-generated');

    const withDatabase = await cli(p, ['check', '--dir', 'drizzle', '--database', 'MAIN'], SECRET_ENV);
    expectOneError(withDatabase, '--dir', '--database');
  });
});

it('the fixture builder writes its projects under the temp folder, and remove() deletes them', async () => {
  const p = await makeProject({ wrangler: { file: 'wrangler.toml', content: TOML_HEAD } });
  p.write('extra/file.txt', 'x');
  expect(p.dir.startsWith(tmpdir())).toBe(true);
  expect(p.read('extra/file.txt')).toBe('x');
  p.remove();
  expect(existsSync(p.dir)).toBe(false);
});
