import { describe, expect, it } from 'vitest';
import { remoteCredentials, secretValues } from '../../src/config/credentials';
import { ConfigError } from '../../src/errors';

const ACCOUNT = '0123456789abcdef0123456789abcdef';
const DATABASE = '3f8a1c2e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const TOKEN = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0h';

/** The ConfigError `run` throws. */
function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('remote credentials', () => {
  it('names every missing variable and the file to put it in, in one line', () => {
    expect(problems(() => remoteCredentials({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT }))).toEqual([
      expect.stringMatching(/^Missing CLOUDFLARE_DATABASE_ID, CLOUDFLARE_D1_TOKEN: put them in \.dev\.vars or export them \(or set database_id in/),
    ]);
  });

  it("takes the database id from the wrangler config and wrangler's token name as fallbacks", () => {
    const credentials = remoteCredentials({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_API_TOKEN: TOKEN }, DATABASE);
    expect(credentials).toEqual({ accountId: ACCOUNT, databaseId: DATABASE, token: TOKEN, apiBaseUrl: 'https://api.cloudflare.com/client/v4' });
  });

  it('does not take the placeholder id for a real one', () => {
    expect(
      problems(() => remoteCredentials({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_D1_TOKEN: TOKEN }, '00000000-0000-4000-8000-000000000000'))[0],
    ).toMatch(/Missing CLOUDFLARE_DATABASE_ID/);
  });

  it('notices an account id and a token swapped, without printing the token', () => {
    const found = problems(() => remoteCredentials({ CLOUDFLARE_ACCOUNT_ID: TOKEN, CLOUDFLARE_API_TOKEN: ACCOUNT }, DATABASE));
    expect(found).toEqual([expect.stringMatching(/^CLOUDFLARE_ACCOUNT_ID is not an account id .*are the account id and the token swapped\?$/)]);
    expect(found.join('\n')).not.toContain(TOKEN);
  });

  it('names the variable of a token pasted with typographic quotes', () => {
    expect(problems(() => remoteCredentials({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_D1_TOKEN: `“${TOKEN}”` }, DATABASE))).toEqual([
      expect.stringMatching(/^CLOUDFLARE_D1_TOKEN holds characters no API token has/),
    ]);
  });

  it('refuses an API base URL without a scheme, and a database id that is no UUID, together', () => {
    const found = problems(() =>
      remoteCredentials({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_D1_TOKEN: TOKEN, CLOUDFLARE_API_BASE_URL: '127.0.0.1:8787/client/v4' }, 'my-database'),
    );
    expect(found).toEqual([
      expect.stringMatching(/^The database id "my-database" \(database_id in the wrangler config\) is not a D1 database id/),
      expect.stringMatching(/^CLOUDFLARE_API_BASE_URL is not an http\(s\) URL/),
    ]);
  });
});

describe('what output masks', () => {
  it('masks the tokens, and a credential of the wrong shape, but not a well-formed account or database id', () => {
    expect(secretValues({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_ACCOUNT_ID: ACCOUNT, CLOUDFLARE_DATABASE_ID: DATABASE })).toEqual([TOKEN]);
    expect(secretValues({ CLOUDFLARE_API_TOKEN: ACCOUNT, CLOUDFLARE_ACCOUNT_ID: TOKEN })).toEqual([ACCOUNT, TOKEN]);
  });
});
