import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChain } from '../../src/check/chain';
import { buildChain, type BuiltChain } from '../fixtures/chains/build';
import { v1, v2, v3 } from '../fixtures/chains/schemas';

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

  it('finds nothing wrong in a chain drizzle-kit wrote', () => {
    expect(checkChain(chain.dir)).toEqual([]);
  });

  it('is an error only when the journal cannot be read', () => {
    writeFileSync(journal(chain.dir), '{ not json');
    const [finding, ...rest] = checkChain(chain.dir);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'chain-journal', severity: 'error' });
    expect(finding!.hint).toContain('restore meta/_journal.json from git');
  });

  it('warns of a SQL file the journal lists but the folder lacks, and how to restore it', () => {
    rmSync(join(chain.dir, '0001_posts.sql'));
    const [finding, ...rest] = checkChain(chain.dir);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'chain-missing-file', severity: 'warning', migration: '0001_posts.sql' });
    expect(finding!.message).toContain('wrangler has nothing to apply for it');
    expect(finding!.hint).toContain('restore it from git');
  });

  it('warns of a SQL file outside the journal, saying where wrangler applies it and how to record its schema without touching it', () => {
    writeFileSync(join(chain.dir, '0003_seed.sql'), "INSERT INTO users VALUES ('admin', 'Admin');");
    const findings = checkChain(chain.dir);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['chain-extra-file', 'warning']]);
    expect(findings[0]!.message).toContain('runs last, after 0002_post_views.sql');
    expect(findings[0]!.hint).toContain('Do not edit, rename or delete a migration a database may have applied');
    expect(findings[0]!.hint).toContain('d1-evolve generate --custom');
  });

  it('warns of two migrations with one number from merged branches, naming the order wrangler uses', () => {
    // Branch B generated its own 0002 from the same parent; the merge kept both files and entries.
    writeFileSync(join(chain.dir, '0002_other_branch.sql'), 'CREATE TABLE `tags` (`id` text PRIMARY KEY NOT NULL);');
    editJson(journal(chain.dir), (j) => j.entries.push({ idx: 3, version: '6', when: 1, tag: '0002_other_branch', breakpoints: true }));
    const findings = checkChain(chain.dir);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    const duplicate = findings.find((f) => f.rule === 'chain-duplicate-number');
    expect(duplicate?.message).toContain('0002_other_branch.sql and 0002_post_views.sql share the number 0002');
    expect(duplicate?.message).toContain('wrangler applies them in name order: 0002_other_branch.sql, then 0002_post_views.sql');
    expect(duplicate?.hint).toContain('keep both files');
    // The journal lists post_views first; wrangler's order puts other_branch first.
    const order = findings.find((f) => f.rule === 'chain-order');
    expect(order?.message).toContain('lists 0002_post_views.sql before 0002_other_branch.sql');
  });

  it('warns of a snapshot whose prevId is not the previous snapshot id, with the id to link it to', () => {
    editJson(snapshot(chain.dir, 2), (s) => {
      s.prevId = '11111111-1111-4111-8111-111111111111';
    });
    const findings = checkChain(chain.dir);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['chain-snapshot-link', 'warning']]);
    expect(findings[0]).toMatchObject({ migration: '0002_post_views.sql', path: snapshot(chain.dir, 2) });
    expect(findings[0]!.message).toContain('prevId 11111111-1111-4111-8111-111111111111');
    const parent = JSON.parse(readFileSync(snapshot(chain.dir, 1), 'utf8')) as { id: string };
    expect(findings[0]!.hint).toContain(`set its prevId to ${parent.id}`);
  });

  it('requires the first snapshot to start from the all-zero id', () => {
    editJson(snapshot(chain.dir, 0), (s) => {
      s.prevId = 'not-zero';
    });
    expect(checkChain(chain.dir).map((f) => f.rule)).toEqual(['chain-snapshot-link']);
  });

  it('warns of a missing snapshot and a leftover one, without judging the link after the gap', () => {
    rmSync(snapshot(chain.dir, 1));
    writeFileSync(snapshot(chain.dir, 7), '{}');
    expect(
      checkChain(chain.dir)
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['chain-extra-snapshot', 'chain-missing-snapshot']);
  });

  it('warns of journal idx values out of sequence', () => {
    editJson(journal(chain.dir), (j) => {
      j.entries[2]!.idx = 5;
    });
    expect(checkChain(chain.dir).find((f) => f.rule === 'chain-journal-order')?.severity).toBe('warning');
  });
});
