import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptNames } from '../../src/cli/script-names';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function project(scripts: Record<string, string>, lockfile?: string): string {
  root = mkdtempSync(join(tmpdir(), 'script-names-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', scripts }));
  if (lockfile) writeFileSync(join(root, lockfile), '');
  return root;
}

const SCRIPTS = {
  'db:generate': 'd1-evolve generate --bundle src/migrations.ts',
  'db:apply': 'd1-evolve apply',
  'db:apply:local': 'd1-evolve apply --local',
  'db:check': 'd1-evolve check',
  test: 'vitest run',
};

describe("hints name the project's own scripts", () => {
  it('names the script that runs a command, with the package manager of the lockfile', () => {
    const rename = scriptNames(project(SCRIPTS, 'pnpm-lock.yaml'), undefined);
    expect(rename('run `d1-evolve check` again')).toBe('run `pnpm db:check` again');
    expect(rename('then `d1-evolve apply --local`')).toBe('then `pnpm db:apply:local`');
    expect(rename('then `d1-evolve apply`')).toBe('then `pnpm db:apply`');
  });

  it("keeps the hint's own arguments and the script's options", () => {
    const rename = scriptNames(project(SCRIPTS, 'pnpm-lock.yaml'), undefined);
    expect(rename('`d1-evolve apply --accept-checksum 0004_x`')).toBe('`pnpm db:apply --accept-checksum 0004_x`');
    expect(rename('`d1-evolve generate --custom --name <name>`')).toBe('`pnpm db:generate --custom --name <name>`');
  });

  it('never swaps a local command for a remote script, or the reverse', () => {
    const rename = scriptNames(project({ 'db:status': 'd1-evolve status' }, 'pnpm-lock.yaml'), undefined);
    expect(rename('`d1-evolve status --local`')).toBe('`d1-evolve status --local`');
    expect(rename('`d1-evolve status`')).toBe('`pnpm db:status`');
  });

  it('passes extra arguments after -- with npm, and follows the package manager that runs it', () => {
    const dir = project(SCRIPTS);
    expect(scriptNames(dir, undefined)('`d1-evolve apply --to 0003`')).toBe('`npm run db:apply -- --to 0003`');
    expect(scriptNames(dir, 'yarn/1.22.22 npm/? node/v20.20.2')('`d1-evolve check`')).toBe('`yarn db:check`');
  });

  it('leaves hints as they are without a package.json or d1-evolve scripts', () => {
    expect(scriptNames(project({ test: 'vitest' }), undefined)('`d1-evolve check`')).toBe('`d1-evolve check`');
    expect(scriptNames(join(tmpdir(), 'no-such-project-folder'), undefined)('`d1-evolve check`')).toBe('`d1-evolve check`');
  });
});
