import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChain } from '../../../packages/d1-evolve/src/check/chain';
import { PROJECT_ROOT } from '../../support/project';
import { buildChain, type BuiltChain } from '../../../packages/d1-evolve/test/fixtures/chains/build';
import { v1, v2, v3 } from '../../../packages/d1-evolve/test/fixtures/chains/schemas';

const journal = (dir: string) => join(dir, 'meta', '_journal.json');
const snapshot = (dir: string, idx: number) => join(dir, 'meta', `000${idx}_snapshot.json`);
/** A journal or snapshot, as far as these edits need it. */
interface MetaJson {
  prevId: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
}
const editJson = (path: string, edit: (value: MetaJson) => void) => {
  const value = JSON.parse(readFileSync(path, 'utf8')) as MetaJson;
  edit(value);
  writeFileSync(path, JSON.stringify(value, null, 2));
};

describe('checkChain', () => {
  let chain: BuiltChain;
  beforeEach(async () => {
    chain = await buildChain([
      { name: 'users', schema: v1 },
      { name: 'posts', schema: v2 },
      { name: 'post_views', schema: v3 },
    ]);
  });
  afterEach(() => chain.remove());

  it('finds nothing wrong in a chain drizzle-kit wrote, nor in the project chain', () => {
    expect(checkChain(chain.dir)).toEqual([]);
    expect(checkChain(join(PROJECT_ROOT, 'drizzle'))).toEqual([]);
  });

  it('reports a SQL file the journal lists but the folder lacks, with how to restore it', () => {
    rmSync(join(chain.dir, '0001_posts.sql'));
    const [finding, ...rest] = checkChain(chain.dir);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'chain-missing-file', severity: 'error', migration: '0001_posts.sql' });
    expect(finding!.message).toContain('0001_posts.sql is listed in meta/_journal.json');
    expect(finding!.hint).toContain('restore it from git');
  });

  it('reports a SQL file the journal does not list, because wrangler would still apply it', () => {
    writeFileSync(join(chain.dir, '0003_by_hand.sql'), 'DELETE FROM posts;');
    const findings = checkChain(chain.dir);
    expect(findings.map((f) => f.rule)).toEqual(['chain-extra-file']);
    expect(findings[0]!.message).toContain('wrangler applies every .sql file');
    expect(findings[0]!.hint).toContain('d1-evolve generate --custom');
  });

  it('reports two migrations with the same number from parallel branches, with the merge recipe', () => {
    // Branch B generated its own 0002 from the same parent; the merge kept both files and entries.
    writeFileSync(join(chain.dir, '0002_other_branch.sql'), 'CREATE TABLE `tags` (`id` text PRIMARY KEY NOT NULL);');
    editJson(journal(chain.dir), (j) => j.entries.push({ idx: 3, version: '6', when: 1, tag: '0002_other_branch', breakpoints: true }));
    const duplicate = checkChain(chain.dir).find((f) => f.rule === 'chain-duplicate-number');
    expect(duplicate?.message).toContain('0002_other_branch.sql and 0002_post_views.sql share the number 0002');
    expect(duplicate?.hint).toBe('two branches both generated 0002: delete one file+snapshot+journal entry, merge, and run `d1-evolve generate` again.');
  });

  it('reports a snapshot whose prevId is not the previous snapshot id', () => {
    editJson(snapshot(chain.dir, 2), (s) => {
      s.prevId = '11111111-1111-4111-8111-111111111111';
    });
    const findings = checkChain(chain.dir);
    expect(findings.map((f) => f.rule)).toEqual(['chain-snapshot-link']);
    expect(findings[0]).toMatchObject({ migration: '0002_post_views.sql', path: snapshot(chain.dir, 2) });
    expect(findings[0]!.message).toContain('prevId 11111111-1111-4111-8111-111111111111');
    expect(findings[0]!.hint).toContain('d1-evolve generate');
  });

  it('requires the first snapshot to start from the all-zero id', () => {
    editJson(snapshot(chain.dir, 0), (s) => {
      s.prevId = 'not-zero';
    });
    expect(checkChain(chain.dir).map((f) => f.rule)).toEqual(['chain-snapshot-link']);
  });

  it('reports a missing snapshot and a leftover one', () => {
    rmSync(snapshot(chain.dir, 1));
    writeFileSync(snapshot(chain.dir, 7), '{}');
    expect(
      checkChain(chain.dir)
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['chain-extra-snapshot', 'chain-missing-snapshot']);
  });

  it('reports journal idx values out of sequence', () => {
    editJson(journal(chain.dir), (j) => {
      j.entries[2]!.idx = 5;
    });
    expect(checkChain(chain.dir).map((f) => f.rule)).toContain('chain-journal-order');
  });
});
