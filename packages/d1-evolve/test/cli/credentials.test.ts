/**
 * Credentials as a user gets them wrong, through the CLI against the loopback D1 API: each
 * is refused before any request with a message naming the variable, and the token never
 * appears in any output, --json included.
 */
import { describe, expect, it } from 'vitest';
import { type CommandRun, runCli } from '../support/run';
import { useRemoteProject } from '../support/remote-project';
import { remoteEnv } from '../support/wrangler';

const remote = useRemoteProject('credentials-');

const cli = (args: string[], env: Record<string, string>) => runCli(args, { cwd: remote.dir, env });
/** Every byte the command wrote. */
const everything = (run: CommandRun) => `${run.stdout}\n${run.stderr}`;

describe('wrong credentials', () => {
  it('refuses an account id and a token swapped before any request, and prints neither the token nor a stack', async () => {
    const env = { ...remoteEnv(remote.server), CLOUDFLARE_ACCOUNT_ID: remote.server.token, CLOUDFLARE_API_TOKEN: remote.server.accountId };
    for (const args of [['status'], ['apply', '--json', '--skip-check']]) {
      const run = await cli(args, env);
      expect(run.code, everything(run)).toBe(2);
      expect(run.stderr).toContain('CLOUDFLARE_ACCOUNT_ID is not an account id');
      expect(everything(run)).not.toContain(remote.server.token);
      expect(everything(run)).not.toMatch(/^\s+at /m);
    }
    expect(remote.server.requests).toEqual([]);
  });

  it('names the variable for an API base URL without a scheme and a token in typographic quotes', async () => {
    const run = await cli(['status'], {
      ...remoteEnv(remote.server),
      CLOUDFLARE_API_BASE_URL: remote.server.url.replace(/^http:\/\//, ''),
      CLOUDFLARE_API_TOKEN: `“${remote.server.token}”`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CLOUDFLARE_API_BASE_URL is not an http(s) URL');
    expect(run.stderr).toContain('CLOUDFLARE_API_TOKEN holds characters no API token has');
    expect(everything(run)).not.toContain(remote.server.token);
  });

  it('names the database id when the API knows no such database', async () => {
    const run = await cli(['status'], { ...remoteEnv(remote.server), CLOUDFLARE_DATABASE_ID: '11111111-2222-4333-8444-555555555555' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 404.*database_id in the wrangler config \(or CLOUDFLARE_DATABASE_ID\)/);
    expect(everything(run)).not.toContain(remote.server.token);
  });

  it('refuses a remote drizzle-kit pull or studio while CLOUDFLARE_API_BASE_URL points elsewhere, so the token never goes to api.cloudflare.com', async () => {
    for (const args of [['pull'], ['studio', '--remote']]) {
      const run = await cli(args, remoteEnv(remote.server));
      expect(run.code, everything(run)).toBe(2);
      expect(run.stderr).toContain("drizzle-kit's d1-http driver always talks to https://api.cloudflare.com/client/v4");
      expect(everything(run)).not.toContain(remote.server.token);
    }
  });
});

describe('a lost answer to a read', () => {
  it('says that status wrote nothing and can simply run again', async () => {
    remote.server.fault({ match: { pathIncludes: '/query' }, drop: 'before-commit', times: 2 });
    const run = await cli(['status'], remoteEnv(remote.server));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('status only reads: nothing was written; run it again.');
    expect(run.stderr).not.toContain('may or may not');
    remote.server.clearFaults();
    expect((await cli(['status'], remoteEnv(remote.server))).code).toBe(3);
  });
});
