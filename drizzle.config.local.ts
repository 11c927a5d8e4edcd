/**
 * drizzle-kit against the local D1 database: the SQLite file that `wrangler dev` uses for
 * the binding DB (created, empty, when wrangler has not made it yet), so that
 * `npx drizzle-kit studio --config drizzle.config.local.ts` shows the data the local Worker sees.
 */
import { d1TablesFilter, drizzleKitCommand, localD1Url } from 'd1-evolve/drizzle';
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: drizzleKitCommand() === 'pull' ? './drizzle-pull' : './drizzle',
  dbCredentials: { url: localD1Url() },
  tablesFilter: d1TablesFilter(),
  strict: true,
  verbose: true,
});
