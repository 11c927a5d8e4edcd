/**
 * The engines a chain is replayed on: better-sqlite3 with D1's rules (fast, strict about
 * double-quoted names) and workerd's own D1 through miniflare (D1's SQLite build, D1's
 * verdict). Each gets a fresh in-memory database.
 */
import type { D1Transport } from '../transports/transport';

export type EngineName = 'sqlite' | 'd1';

export const ENGINES: readonly EngineName[] = ['sqlite', 'd1'];

export const ENGINE_LABELS: Record<EngineName, string> = { sqlite: 'better-sqlite3', d1: 'workerd D1' };

/** A fresh, empty database on `engine`. Close it when done. */
export async function openEngine(engine: EngineName): Promise<D1Transport> {
  if (engine === 'sqlite') {
    const { SqliteTransport } = await import('../transports/sqlite');
    return new SqliteTransport();
  }
  // Loaded only when asked for: miniflare takes a while to import.
  const { MiniflareTransport } = await import('../transports/miniflare');
  return new MiniflareTransport({ databaseId: 'db-check' });
}
