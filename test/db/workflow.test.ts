/**
 * The workspace's scripts on a fresh copy of the project, run as a user runs them: the
 * committed chain matches the schema, and the local apply leaves nothing pending for wrangler.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../packages/d1-evolve/src/transports/transport';
import { MiniflareTransport } from '../../packages/d1-evolve/src/transports/miniflare';
import { copyProject, type ProjectCopy } from '../support/project';
import { runCli } from '../../packages/d1-evolve/test/support/run';
import { runWrangler } from '../../packages/d1-evolve/test/support/wrangler';

const DATABASE_ID = '00000000-0000-4000-8000-000000000000';

describe('on a fresh copy of the project', () => {
  let project: ProjectCopy;
  beforeAll(() => {
    project = copyProject();
  });
  afterAll(() => project.remove());

  it('db:generate reports no schema changes and writes nothing, without credentials', async () => {
    const before = readdirSync(join(project.root, 'drizzle'), { recursive: true }).sort();
    const run = await runCli(['generate'], { cwd: project.root });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/No schema changes/);
    expect(readdirSync(join(project.root, 'drizzle'), { recursive: true }).sort()).toEqual(before);
  });

  it('db:apply:local applies the chain to the local D1 and wrangler then lists nothing pending', async () => {
    const apply = await runCli(['apply', '--local'], { cwd: project.root });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout + apply.stderr).toMatch(/0000_baseline/);

    const list = await runWrangler(['d1', 'migrations', 'list', 'DB', '--local'], { cwd: project.root });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/No migrations to apply/);

    const db = new MiniflareTransport({ databaseId: DATABASE_ID, persistDir: join(project.root, '.wrangler', 'state') });
    try {
      const [row] = await query<{ n: number }>(
        db,
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_migrations%'",
      );
      expect(row?.n).toBe(38);
    } finally {
      await db.close();
    }
  });
});
