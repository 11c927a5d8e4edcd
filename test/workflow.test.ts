/**
 * The ready workflow, .github/workflows/db.yml, read line by line (no YAML parser is among the
 * dependencies): every `pnpm <script>` it runs is a script of package.json, every option it
 * passes is one the d1-evolve command has, every secret is one wrangler reads, handed to the
 * step under the same name, and the jobs run check, docs and status on a pull request and
 * check then apply on a push to main.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCacheDir } from '../packages/d1-evolve/src/check/cache';
import { downProofsFile } from '../packages/d1-evolve/src/check/down-proofs';
import { commands } from '../packages/d1-evolve/src/cli/commands';
import { PROJECT_ROOT } from './support/project';

const workflow = readFileSync(join(PROJECT_ROOT, '.github', 'workflows', 'db.yml'), 'utf8');
const lines = workflow.split('\n');
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; packageManager: string };

/** The jobs: name → their lines (from `  <name>:` to the next job). */
function jobs(): Map<string, string[]> {
  const start = lines.indexOf('jobs:');
  expect(start).toBeGreaterThan(-1);
  const found = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    const job = /^ {2}([\w-]+):\s*$/.exec(line);
    if (job) {
      current = [];
      found.set(job[1]!, current);
    } else current?.push(line);
  }
  return found;
}

/** Every `run:` of some lines, a `run: |` block as its lines, in order. */
function runs(of: string[]): string[] {
  const commandsRun: string[] = [];
  of.forEach((line, i) => {
    const m = /^(\s*)(?:- )?run: (.*)$/.exec(line);
    if (!m) return;
    if (m[2] !== '|') {
      commandsRun.push(m[2]!);
      return;
    }
    const indent = m[1]!.length;
    for (const next of of.slice(i + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
      if (next.trim()) commandsRun.push(next.trim());
    }
  });
  return commandsRun;
}

/** `pnpm <script> <args>` calls in a shell line (not pnpm's own install). */
function pnpmCalls(line: string): { script: string; args: string[] }[] {
  return [...line.matchAll(/\bpnpm\s+([\w:.-]+)((?:\s+(?:"[^"]*"|[^\s;&|]+))*)/g)]
    .filter((m) => m[1] !== 'install')
    .map((m) => ({ script: m[1]!, args: (m[2] ?? '').trim().split(/\s+/).filter(Boolean) }));
}

describe('.github/workflows/db.yml', () => {
  it('runs only scripts package.json has, with options their d1-evolve command has', () => {
    const calls = runs(lines).flatMap(pnpmCalls);
    expect(calls.map((c) => c.script)).toEqual(['db:check', 'db:docs', 'db:status', 'db:check', 'db:apply']);
    for (const { script, args } of calls) {
      const text = pkg.scripts[script];
      expect(text, `package.json script ${script}`).toBeDefined();
      const [bin, name] = text!.split(/\s+/);
      expect(bin).toBe('d1-evolve');
      const command = commands.find((c) => c.name === name);
      expect(command, `d1-evolve ${name}`).toBeDefined();
      for (const flag of args.filter((a) => a.startsWith('--'))) {
        expect(Object.keys(command!.options), `${script} ${flag}`).toContain(flag.slice(2));
      }
    }
  });

  it('names every secret as wrangler reads it, and hands it to its step under that name', () => {
    const wrangler = readFileSync(join(PROJECT_ROOT, 'node_modules', 'wrangler', 'wrangler-dist', 'cli.js'), 'utf8');
    const secrets = [...new Set([...workflow.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]!))];
    expect(secrets.sort()).toEqual(['CLOUDFLARE_ACCOUNT_ID', 'CLOUDFLARE_API_TOKEN']);
    for (const secret of secrets) {
      expect(wrangler, `wrangler reads ${secret}`).toContain(`variableName: "${secret}"`);
      for (const line of lines.filter((l) => l.includes(`secrets.${secret} }}`) && !l.includes('!='))) {
        expect(line.trim()).toBe(`${secret}: \${{ secrets.${secret} }}`);
      }
    }
    // No token in a job's environment, where every step (and every install script) would see it.
    for (const [name, body] of jobs()) {
      const start = body.indexOf('    env:');
      const end = body.findIndex((l, i) => i > start && !l.startsWith('      '));
      const jobEnv = start < 0 ? [] : body.slice(start + 1, end);
      expect(jobEnv.length, `${name} has a job env`).toBeGreaterThan(0);
      for (const line of jobEnv) expect(line, `${name}'s env`).not.toMatch(/^\s+CLOUDFLARE_(API_TOKEN|ACCOUNT_ID):/);
    }
  });

  it('checks, documents and reads the status on a pull request; checks then applies on a push to main', () => {
    expect(workflow).toMatch(/^on:\n {2}pull_request:\n {2}push:\n {4}branches: \[main\]$/m);
    const byJob = jobs();
    expect([...byJob.keys()]).toEqual(['check', 'apply']);
    const check = byJob.get('check')!;
    const apply = byJob.get('apply')!;
    expect(check).toContain("    if: github.event_name == 'pull_request'");
    expect(apply).toContain("    if: github.event_name == 'push'");
    expect(runs(check)).toEqual([
      'pnpm install --frozen-lockfile',
      'pnpm db:check --format github --summary "$GITHUB_STEP_SUMMARY" --html d1-evolve-report/check.html',
      'pnpm db:docs --check',
      'set +e',
      'pnpm db:status',
      'code=$?',
      expect.stringContaining('if [ "$code" -eq 3 ]'),
      'exit "$code"',
      expect.stringContaining('skipped, no CLOUDFLARE_API_TOKEN'),
    ]);
    expect(runs(apply)).toEqual(['pnpm install --frozen-lockfile', 'pnpm db:check --format github --summary "$GITHUB_STEP_SUMMARY"', 'pnpm db:apply --yes']);
  });

  it("takes pnpm's version from package.json, Node 20, and caches the folders the check writes", () => {
    expect(pkg.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    // pnpm/action-setup refuses a `version:` that differs from packageManager: give none.
    const setup = lines.flatMap((l, i) => (l.includes('uses: pnpm/action-setup@') ? [lines[i + 1] ?? ''] : []));
    expect(setup).toHaveLength(2);
    for (const next of setup) expect(next).not.toMatch(/^\s+with:/);
    expect(lines.filter((l) => l.includes('node-version:')).map((l) => l.trim())).toEqual(['node-version: 20', 'node-version: 20']);
    const cached = lines.filter((l) => /^\s+\.wrangler\//.test(l)).map((l) => l.trim());
    const relative = (path: string) => path.slice(PROJECT_ROOT.length + 1);
    expect([...new Set(cached)]).toEqual([relative(checkCacheDir(PROJECT_ROOT)), relative(downProofsFile(PROJECT_ROOT))]);
  });
});
