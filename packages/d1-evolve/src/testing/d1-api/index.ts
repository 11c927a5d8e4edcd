/**
 * A faithful loopback emulation of Cloudflare's D1 HTTP API for tests: start it, point a
 * client (the runner, wrangler through CLOUDFLARE_API_BASE_URL) at `url`, inject faults,
 * and assert on the database through `database()` and on the traffic through `requests`.
 *
 *   const api = await startD1ApiServer();
 *   api.fault({ match: { pathIncludes: '/query' }, drop: 'after-commit' });
 *   ...
 *   await api.close();
 *
 * For fleets: `startD1ApiServer({ databases: 1000, rateLimit: { requests: 1200, windowMs: 3000 } })`
 * serves tenant-0001 … tenant-1000 besides the default database, answers 429 over the budget,
 * and `api.busiestWindow()` tells whether a run ever went over it.
 */
export { startD1ApiServer, type D1ApiServer, type D1ApiServerOptions, type LoggedRequest } from './server';
export type { FaultAction, FaultMatch, FaultRule } from './faults';
export type { RateLimit } from './rate-limit';
