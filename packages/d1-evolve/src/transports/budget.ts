/**
 * One request budget shared by every client of a run: Cloudflare's REST API allows a token
 * 1,200 requests per 5 minutes, counted over a sliding window, and answers 429 past it. A
 * fleet run sends from many databases at once; each request waits here for a free slot, so
 * the run as a whole stays inside the window instead of provoking 429s. A 429 that comes
 * anyway (another client on the same token) pauses every sender for its Retry-After.
 */

export interface RequestBudgetOptions {
  /** Requests allowed per window. */
  requests: number;
  /** The window, ms. */
  windowMs: number;
  /**
   * Added to the window, for clocks that do not tick alike. A slot is held from the send until
   * `window + margin` after the answer came, and the server counted the request before it
   * answered: however slow the network, no two requests of one slot arrive inside one window.
   * Default 1% of the window.
   */
  marginMs?: number;
  /** Milliseconds, monotonic enough; default Date.now. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The part of a budget the API client needs (cloudflare-api.ts). */
export interface Budget {
  /** Resolves when one more request may be sent now, and counts it; call what it gives once the answer came (or the request failed). */
  take(): Promise<() => void>;
  /** A 429 said to wait `ms`: no request of the run is sent before then. */
  pause(ms: number): void;
}

/** A sliding-window limiter; takes are served in the order they were asked for. */
export class RequestBudget implements Budget {
  readonly requests: number;
  readonly windowMs: number;
  /** Requests let through so far. */
  taken = 0;
  /** 429s reported through pause(). */
  throttled = 0;
  private readonly span: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The slots taken: when each answer came (Infinity while the request is on its way). */
  private readonly slots: { answered: number }[] = [];
  private pausedUntil = 0;
  /** Wakes a take that waits for an answer to free a slot. */
  private onAnswer?: () => void;
  /** The tail of the queue: each take waits for the one asked before it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RequestBudgetOptions) {
    if (!(options.requests >= 1) || !(options.windowMs > 0)) throw new RangeError('A request budget needs at least 1 request per window of more than 0 ms.');
    this.requests = Math.floor(options.requests);
    this.windowMs = options.windowMs;
    this.span = options.windowMs + (options.marginMs ?? options.windowMs * 0.01);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  take(): Promise<() => void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.then(() => undefined);
    return turn;
  }

  pause(ms: number): void {
    this.throttled += 1;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(0, ms));
  }

  /** Waits until a slot is free and no pause holds, then holds one until its answer comes and a window has passed. */
  private async wait(): Promise<() => void> {
    for (;;) {
      const now = this.now();
      for (let i = this.slots.length - 1; i >= 0; i -= 1) if (this.slots[i]!.answered + this.span <= now) this.slots.splice(i, 1);
      if (this.slots.length < this.requests && this.pausedUntil <= now) {
        const slot = { answered: Number.POSITIVE_INFINITY };
        this.slots.push(slot);
        this.taken += 1;
        return () => {
          slot.answered = this.now();
          this.onAnswer?.();
        };
      }
      // Only a pause holds a take back while a slot is free; else the first slot to leave the window.
      const slotFreeAt = this.slots.length < this.requests ? now : Math.min(...this.slots.map((s) => s.answered + this.span));
      const freeAt = Math.max(this.pausedUntil, slotFreeAt);
      const answer = new Promise<void>((resolve) => {
        this.onAnswer = resolve;
      });
      // Every slot may still be on its way (Infinity): then the first answer is what frees one.
      await (Number.isFinite(freeAt) ? Promise.race([this.sleep(freeAt - now), answer]) : answer);
    }
  }
}

/** `--rate <requests>/<seconds>` (e.g. `1200/300`), or undefined when it does not read so. */
export function parseRate(text: string): { requests: number; windowMs: number } | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*(s|m)?\s*$/.exec(text);
  if (!match) return undefined;
  const requests = Number(match[1]);
  const windowMs = Number(match[2]) * (match[3] === 'm' ? 60_000 : 1000);
  return requests >= 1 && windowMs > 0 ? { requests, windowMs } : undefined;
}
