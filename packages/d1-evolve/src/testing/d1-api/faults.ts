/**
 * Fault injection for the emulated D1 API: what a real network and a real Cloudflare do to
 * a client now and then — an error status, a slow answer, a connection that drops before
 * or after the database committed, an answer that never comes.
 */

/** Which requests a rule applies to; every given field must match. */
export interface FaultMatch {
  /** HTTP method, any case. */
  method?: string;
  /** Substring of the request path including its query string (`/query`, `time_travel`). */
  pathIncludes?: string;
  /** Substring of the request's SQL (any entry of a batch). A request without SQL never matches. */
  sqlIncludes?: string;
}

export type FaultAction =
  /** Answer with this status WITHOUT running anything (429, 500, 502, 503, 401, 403 ...). */
  | { status: number; retryAfter?: number; body?: unknown }
  /** Wait this long, then handle the request normally. */
  | { latencyMs: number }
  /** Destroy the connection without running anything. */
  | { drop: 'before-commit' }
  /** Run and commit the SQL, then destroy the connection without answering. */
  | { drop: 'after-commit' }
  /** Never answer; the client must time out. The server's close() ends it. */
  | { hang: true };

/** A fault for the next `times` (default 1) requests that match. */
export type FaultRule = { match?: FaultMatch; times?: number } & FaultAction;

export interface FaultRequest {
  method: string;
  /** Path and query string. */
  path: string;
  /** The SQL texts the request carries, if any. */
  sql: string[];
}

function matches(match: FaultMatch | undefined, request: FaultRequest): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (match.pathIncludes !== undefined && !request.path.includes(match.pathIncludes)) return false;
  if (match.sqlIncludes !== undefined && !request.sql.some((sql) => sql.includes(match.sqlIncludes!))) return false;
  return true;
}

/** The armed rules, consulted in the order they were added. */
export class FaultPlan {
  private readonly rules: { rule: FaultRule; left: number }[] = [];

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`fault times must be a positive integer, got ${times}`);
    this.rules.push({ rule, left: times });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The first armed rule matching `request`, used up by one; undefined when none. */
  take(request: FaultRequest): FaultRule | undefined {
    const index = this.rules.findIndex(({ rule }) => matches(rule.match, request));
    if (index === -1) return undefined;
    const armed = this.rules[index]!;
    armed.left -= 1;
    if (armed.left === 0) this.rules.splice(index, 1);
    return armed.rule;
  }
}

/** Cloudflare's error code and wording for a status a fault answers with. */
export function faultError(status: number): { code: number; message: string } {
  if (status === 429) return { code: 971, message: 'Please wait and consider throttling your request speed' };
  if (status === 401 || status === 403) return { code: 10000, message: 'Authentication error' };
  if (status >= 500) return { code: 7500, message: `Internal error (HTTP ${status} injected by the test)` };
  return { code: status, message: `HTTP ${status} injected by the test` };
}
