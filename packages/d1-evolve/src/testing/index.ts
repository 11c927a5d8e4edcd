/**
 * `d1-evolve/testing`: what a project needs to test its migrations against real engines
 * without a Cloudflare account: the loopback D1 HTTP API (Cloudflare's envelope, rate limit,
 * Time Travel, export, injected faults) and the engines `d1-evolve check` replays on.
 */
export {
  startD1ApiServer,
  type D1ApiServer,
  type D1ApiServerOptions,
  type LoggedRequest,
  type FaultAction,
  type FaultMatch,
  type FaultRule,
  type RateLimit,
} from './d1-api';
export { ENGINES, ENGINE_LABELS, openEngine, type EngineName } from '../check/engines';
export { SqliteTransport } from '../transports/sqlite';
export { MiniflareTransport, type MiniflareTransportOptions } from '../transports/miniflare';
