import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkChain } from '../../../packages/d1-evolve/src/check/chain';
import { PROJECT_ROOT } from '../../support/project';

describe("the platform's migration chain", () => {
  it('has no chain finding: journal, files and snapshots agree', () => {
    expect(checkChain(join(PROJECT_ROOT, 'drizzle'))).toEqual([]);
  });
});
