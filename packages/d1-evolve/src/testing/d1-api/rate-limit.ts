/**
 * The API's rate limit as Cloudflare documents it: a budget of requests per token and window
 * (1,200 per 5 minutes on the real API), over which a request is answered 429 with
 * `retry-after` (seconds, rounded up, until capacity is back) and runs nothing.
 *
 * The window slides: a request is admitted when fewer than `requests` admitted requests of
 * the same token arrived within the last `windowMs`. A refused request takes no capacity, so
 * a client that waits its retry-after is admitted (unless others took the capacity first).
 */

/** A budget per token: at most `requests` admitted requests in any `windowMs`. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** What the limiter decided for one request. */
export type Admission = { admitted: true; remaining: number; resetMs: number } | { admitted: false; retryAfterMs: number };

export class RateLimiter {
  /** Arrival times (ms) of the admitted requests still inside the window, oldest first, per token. */
  private readonly recent = new Map<string, number[]>();

  constructor(readonly limit: RateLimit) {
    if (!Number.isInteger(limit.requests) || limit.requests < 1) throw new Error(`rateLimit.requests must be a positive integer, got ${limit.requests}`);
    if (!(limit.windowMs > 0)) throw new Error(`rateLimit.windowMs must be a positive number of ms, got ${limit.windowMs}`);
  }

  /** Admits (and counts) or refuses a request of `token` arriving at `now` (ms). */
  admit(token: string, now: number): Admission {
    const times = this.recent.get(token) ?? [];
    this.recent.set(token, times);
    // A request `windowMs` after another no longer shares a window with it.
    while (times.length > 0 && times[0]! <= now - this.limit.windowMs) times.shift();
    if (times.length >= this.limit.requests) return { admitted: false, retryAfterMs: times[0]! + this.limit.windowMs - now };
    times.push(now);
    return { admitted: true, remaining: this.limit.requests - times.length, resetMs: times[0]! + this.limit.windowMs - now };
  }
}

/**
 * The most requests among `times` (ms, any order) that fall within one window of `windowMs`,
 * i.e. in some span [t, t + windowMs). A limiter keeps this at or below its budget.
 */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * Cloudflare's headers for a counted request: `ratelimit` (remaining quota and seconds until the
 * oldest counted request leaves the window) and `ratelimit-policy` (quota and window in seconds), plus `retry-after` on a 429.
 */
export function rateLimitHeaders(limit: RateLimit, admission: Admission): Record<string, string> {
  const windowSeconds = Math.ceil(limit.windowMs / 1000);
  const policy = { 'ratelimit-policy': `"default";q=${limit.requests};w=${windowSeconds}` };
  if (admission.admitted) return { ...policy, ratelimit: `"default";r=${admission.remaining};t=${Math.ceil(admission.resetMs / 1000)}` };
  const retryAfter = String(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)));
  return { ...policy, ratelimit: `"default";r=0;t=${retryAfter}`, 'retry-after': retryAfter };
}
