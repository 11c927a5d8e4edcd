/**
 * drizzle-kit against the remote D1 database over the HTTP API (driver d1-http). The
 * database id comes from wrangler.toml, the account and token from the environment or
 * .dev.vars (the environment wins); generate and check need none, push is refused.
 */
import { d1HttpCredentials, d1TablesFilter, drizzleKitCommand } from 'd1-evolve/drizzle';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  driver: 'd1-http',
  schema: './src/db/schema/index.ts',
  // `drizzle-kit pull` writes a schema and a snapshot of its own: keep them apart from the chain.
  out: drizzleKitCommand() === 'pull' ? './drizzle-pull' : './drizzle',
  dbCredentials: d1HttpCredentials(),
  tablesFilter: d1TablesFilter(),
  strict: true,
  verbose: true,
});
