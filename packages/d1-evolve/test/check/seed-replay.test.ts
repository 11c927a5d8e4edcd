/**
 * The seed rows find failures in the replay that rows without NULLs hide: drizzle-kit's
 * rebuild of a table whose nullable column becomes NOT NULL copies the NULL and fails, on
 * both engines, as wrangler fails on a real row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainSteps, replayChain, type StepResult } from '../../src/check/replay';
import { readMigrationFolder } from '../../src/folder/migration-folder';
import { MiniflareTransport } from '../../src/transports/miniflare';
import { SqliteTransport } from '../../src/transports/sqlite';
import type { D1Transport } from '../../src/transports/transport';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';

const ENGINES = [
  ['better-sqlite3', () => new SqliteTransport()],
  ['workerd D1', () => new MiniflareTransport({ databaseId: 'seed-replay-test' })],
] as const;

const notesColumns = { id: text('id').primaryKey(), title: text('title').notNull() };
const nullable = { notes: sqliteTable('notes', { ...notesColumns, body: text('body') }) };
const required = { notes: sqliteTable('notes', { ...notesColumns, body: text('body').notNull() }) };

const bigColumns = { id: text('id').primaryKey() };
const integers = { counters: sqliteTable('counters', { ...bigColumns, n: integer('n').notNull() }) };
const reals = { counters: sqliteTable('counters', { ...bigColumns, n: real('n').notNull() }) };

async function replay(chain: BuiltChain, open: () => D1Transport, rowsPerTable?: number): Promise<StepResult[]> {
  const transport = open();
  try {
    return await replayChain(transport, chainSteps(readMigrationFolder(chain.dir).migrations), { rowsPerTable });
  } finally {
    await transport.close?.();
  }
}

let notNull: BuiltChain;
let toReal: BuiltChain;
beforeAll(async () => {
  notNull = await buildChain([
    { name: 'notes', schema: nullable },
    { name: 'body_required', schema: required },
  ]);
  toReal = await buildChain([
    { name: 'counters', schema: integers },
    { name: 'n_real', schema: reals },
  ]);
});
afterAll(() => {
  notNull.remove();
  toReal.remove();
});

it("is a drizzle-kit rebuild that copies body as it is (drizzle-kit's own SQL)", () => {
  const sql = readFileSync(join(notNull.dir, '0001_body_required.sql'), 'utf8');
  expect(sql).toMatch(
    /CREATE TABLE `__new_notes`[\s\S]*`body` text NOT NULL[\s\S]*INSERT INTO `__new_notes`\("id", "title", "body"\) SELECT "id", "title", "body" FROM `notes`/,
  );
});

describe.each(ENGINES)('a nullable column made NOT NULL by a rebuild, on %s', (_engine, open) => {
  it('fails the replay on the row whose column is NULL', async () => {
    const [first, rebuild] = await replay(notNull, open);
    expect(first!.status).toBe('ran');
    expect(rebuild!.status).toBe('failed');
    const finding = rebuild!.findings.find((f) => f.rule === 'replay-failed');
    expect(finding).toMatchObject({ severity: 'error', migration: '0001_body_required.sql' });
    expect(finding!.message).toMatch(/NOT NULL constraint failed: __new_notes\.body/);
  });

  it('passes with the filled row alone, as the seeder without NULLs did (the hazard is invisible to it)', async () => {
    const [first, rebuild] = await replay(notNull, open, 1);
    expect([first!.status, rebuild!.status]).toEqual(['ran', 'ran']);
    expect(rebuild!.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe.each(ENGINES)('a 64-bit integer column turned REAL, on %s', (_engine, open) => {
  it('is reported as changed: the 64-bit edge loses its last digits as a double', async () => {
    const [, rebuild] = await replay(toReal, open);
    expect(rebuild!.status).toBe('ran');
    const changed = rebuild!.findings.find((f) => f.rule === 'data-changed');
    expect(changed).toMatchObject({ table: 'counters' });
    expect(changed!.message).toMatch(/changed counters\.n in 1 of 3 rows: was 9223372036854775805, now 922337203685478\d{4}/);
  });

  it('passes with the filled row alone: a small integer survives as a real (the hazard is invisible without edges)', async () => {
    const [, rebuild] = await replay(toReal, open, 1);
    expect(rebuild!.findings).toEqual([]);
  });
});
