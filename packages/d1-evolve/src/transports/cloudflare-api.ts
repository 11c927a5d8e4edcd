/**
 * The plumbing every call to Cloudflare's REST API shares: the request, the envelope, the
 * typed errors and the retries. The D1 HTTP transport (http.ts), Time Travel (restore) and
 * database info all go through `CloudflareApi.request`.
 *
 * What is retried here is only what is safe to retry: 429 and 5xx, which the API answers
 * before it runs anything. A request that ends without an answer (timeout, connection
 * dropped) may have committed; it is surfaced as AmbiguousError for the caller to resolve.
 */
import type { D1Credentials } from '../config/credentials';
import { maskSecrets } from '../errors';
import type { Budget } from './budget';
import { TransportError } from './transport';

export type Fetch = typeof globalThis.fetch;

export interface CloudflareApiOptions extends D1Credentials {
  /** Default globalThis.fetch. */
  fetch?: Fetch;
  /** Waits between retries; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch, for Retry-After dates; default Date.now. */
  now?: () => number;
  /** Per-attempt timeout in ms (the whole request, body included); default 60 s (D1 stops a query at 30 s). */
  timeoutMs?: number;
  /** Attempts for 429/5xx, the first included; default 5. */
  maxAttempts?: number;
  /** First backoff in ms, doubled per attempt, capped at maxDelayMs; default 500. */
  baseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included; default 30 s. */
  maxDelayMs?: number;
  /**
   * A request budget shared with other clients (budget.ts): every attempt waits for a slot,
   * and a 429 pauses all of them for its Retry-After (then not capped by maxDelayMs).
   */
  budget?: Budget;
}

export interface ApiMessage {
  code?: number;
  message: string;
}

interface Envelope<T> {
  success?: boolean;
  errors?: ApiMessage[];
  messages?: ApiMessage[];
  result?: T;
}

/** Any failure of a Cloudflare API request; `status` is absent when no answer came. */
export class CloudflareApiError extends TransportError {
  override name = 'CloudflareApiError';
  constructor(
    message: string,
    readonly status?: number,
    readonly errors: ApiMessage[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * HTTP 400 from `/query`: D1 ran the SQL and it failed, so nothing committed. A clear
 * answer. `retriedAfter` counts earlier attempts of the same request that got a 5xx: if
 * non-zero, an earlier attempt might have committed after all, and the caller should check.
 */
export class D1QueryError extends CloudflareApiError {
  override name = 'D1QueryError';
  override readonly failure = 'rejected';
  retriedAfter = 0;

  override get mayHaveCommitted(): boolean {
    return this.retriedAfter > 0;
  }
}

/** 401/403: the token is wrong or lacks D1 permission. Never retried. */
export class AuthError extends CloudflareApiError {
  override name = 'AuthError';
}

/** 429 after every attempt. */
export class RateLimitedError extends CloudflareApiError {
  override name = 'RateLimitedError';
  override readonly failure = 'throttled';
}

/** 5xx after every attempt. */
export class ServerError extends CloudflareApiError {
  override name = 'ServerError';
  override readonly failure = 'unavailable';
}

/** No answer (timeout, connection reset or dropped, unreadable body): the request may have committed. */
export class AmbiguousError extends CloudflareApiError {
  override name = 'AmbiguousError';
  override readonly failure = 'unanswered';
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** JSON body. */
  body?: unknown;
  query?: Record<string, string | undefined>;
  /** Handed the whole envelope of a successful answer (the list endpoints' `result_info`). */
  onEnvelope?: (envelope: Record<string, unknown>) => void;
}

/** A client for one account's API, with the retry policy above. */
export class CloudflareApi {
  readonly accountId: string;
  readonly apiBaseUrl: string;
  /** Requests sent, retries included (for benchmarks and tests). */
  requests = 0;
  private readonly token: string;
  private readonly fetch: Fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly budget?: Budget;

  constructor(options: CloudflareApiOptions) {
    this.accountId = options.accountId;
    this.apiBaseUrl = options.apiBaseUrl.replace(/\/+$/, '');
    this.token = options.token;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.budget = options.budget;
  }

  /** `/accounts/<account>` + `path`. */
  accountPath(path: string): string {
    return `/accounts/${encodeURIComponent(this.accountId)}${path}`;
  }

  /**
   * Sends the request, retrying 429/5xx with backoff (Retry-After honoured), and returns the
   * envelope's `result`. `asQueryError` makes a 400 a D1QueryError (the `/query` endpoints).
   */
  async request<T>(path: string, options: RequestOptions = {}, asQueryError = false): Promise<T> {
    const url = new URL(this.apiBaseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    let serverErrors = 0;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.attempt<T>(url, method, options.body);
      if (answer.ok) {
        options.onEnvelope?.(answer.envelope);
        return answer.result;
      }
      const { status, errors, retryAfterMs } = answer;
      const what = `${method} ${url.pathname}`;
      const detail = this.mask(errors.map((e) => (e.code ? `${e.message} (code ${e.code})` : e.message)).join('; ') || `HTTP ${status}`);
      if (status === 401 || status === 403) {
        throw new AuthError(
          `Cloudflare refused the API token (HTTP ${status}: ${detail}) for account ${this.accountId}. ` +
            'Check CLOUDFLARE_D1_TOKEN (or CLOUDFLARE_API_TOKEN) in .dev.vars or the environment: it must be valid and have D1 Edit permission on that account.',
          status,
          errors,
        );
      }
      if (status === 404) {
        throw new CloudflareApiError(
          `${what} failed: ${detail} (HTTP 404): no such database or account. Check database_id in the wrangler config (or CLOUDFLARE_DATABASE_ID) and CLOUDFLARE_ACCOUNT_ID.`,
          status,
          errors,
        );
      }
      const retryable = status === 429 || status >= 500;
      if (!retryable) {
        const error =
          asQueryError && status === 400 ? new D1QueryError(detail, status, errors) : new CloudflareApiError(`${what} failed: ${detail}`, status, errors);
        if (error instanceof D1QueryError) error.retriedAfter = serverErrors;
        throw error;
      }
      if (status >= 500) serverErrors += 1;
      if (attempt >= this.maxAttempts) {
        const message = `${what} failed after ${attempt} attempts: HTTP ${status} (${detail}).`;
        throw status === 429
          ? new RateLimitedError(`${message} The API rate limit is 1,200 requests per 5 minutes per token; wait and run again.`, status, errors)
          : new ServerError(`${message} Cloudflare's API is failing; try again later.`, status, errors);
      }
      const backoff = Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
      if (status === 429 && this.budget) {
        // The whole run waits, not just this request: the next attempt's take() holds it back.
        this.budget.pause(Math.max(retryAfterMs ?? 0, backoff));
        continue;
      }
      await this.sleep(Math.min(Math.max(backoff, retryAfterMs ?? 0), this.maxDelayMs));
    }
  }

  private async attempt<T>(
    url: URL,
    method: string,
    body: unknown,
  ): Promise<{ ok: true; result: T; envelope: Record<string, unknown> } | { ok: false; status: number; errors: ApiMessage[]; retryAfterMs?: number }> {
    const answered = await this.budget?.take();
    this.requests += 1;
    const what = `${method} ${url.pathname}`;
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.fetch(url, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (cause) {
      const reason = (cause as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : describeNetworkError(cause);
      throw new AmbiguousError(this.mask(`${what}: ${reason}; the request may or may not have been carried out.`), undefined, [], { cause });
    } finally {
      answered?.();
    }
    let envelope: Envelope<T> | undefined;
    try {
      envelope = JSON.parse(text) as Envelope<T>;
    } catch {
      envelope = undefined;
    }
    if (status >= 200 && status < 300) {
      if (envelope?.success !== false && envelope && 'result' in envelope) {
        return { ok: true, result: envelope.result as T, envelope: envelope as Record<string, unknown> };
      }
      if (!envelope) throw new AmbiguousError(`${what}: HTTP ${status} with an unreadable body; the request may or may not have been carried out.`, status);
      return { ok: false, status: 400, errors: envelope.errors ?? [] };
    }
    const errors = envelope?.errors?.length ? envelope.errors : [{ message: describeBody(text, status) }];
    return { ok: false, status, errors, retryAfterMs: parseRetryAfter(retryAfter, this.now()) };
  }

  /**
   * GETs a presigned URL (an export's `signed_url`) and returns its body as text. The URL
   * carries its own signature: the API token is NOT sent with it, and neither the URL nor its
   * query string reaches a message (the signature is a credential for an hour), only its host.
   */
  async download(url: string, timeoutMs = Math.max(this.timeoutMs, 600_000)): Promise<string> {
    this.requests += 1;
    let host: string;
    try {
      host = new URL(url).host;
    } catch (cause) {
      throw new CloudflareApiError('The API answered a download URL that is not a URL.', undefined, [], { cause });
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (cause) {
      const reason = (cause as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeNetworkError(cause);
      throw new AmbiguousError(`Downloading from ${host}: ${reason}.`, undefined, [], { cause });
    }
    if (!response.ok) {
      throw new CloudflareApiError(`Downloading from ${host} failed: ${describeBody(text, response.status)} (HTTP ${response.status}).`, response.status);
    }
    return text;
  }

  /** The token, and anything shaped like an API token in a server's answer, never reach a message. */
  private mask(text: string): string {
    return maskSecrets(text, [this.token]).replace(
      /\b(?=[A-Za-z0-9_-]{40}\b)(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])[A-Za-z0-9_-]{40}\b/g,
      '(token masked)',
    );
  }
}

/** Retry-After as seconds or an HTTP date, in ms from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A body that is not Cloudflare's envelope, in a few words: a proxy's or CDN's HTML error
 * page becomes its title, never the page itself.
 */
function describeBody(text: string, status: number): string {
  if (/^\s*</.test(text)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
    return `HTTP ${status}, an HTML page${title ? ` titled "${title.slice(0, 100)}"` : ''} instead of the API's answer`;
  }
  return text.trim().split('\n')[0]?.slice(0, 200) || `HTTP ${status}`;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

// --- D1 endpoints beyond /query ---------------------------------------------------------

/** `/accounts/<a>/d1/database/<id>` + `rest`. */
export function databasePath(api: CloudflareApi, databaseId: string, rest = ''): string {
  return api.accountPath(`/d1/database/${encodeURIComponent(databaseId)}${rest}`);
}

export interface D1DatabaseInfo {
  uuid: string;
  name: string;
  version?: string;
  num_tables?: number;
  file_size?: number;
  created_at?: string;
  [key: string]: unknown;
}

/** GET the database's info (name, size, ...). */
export function getDatabaseInfo(api: CloudflareApi, databaseId: string): Promise<D1DatabaseInfo> {
  return api.request<D1DatabaseInfo>(databasePath(api, databaseId));
}

/** The Time Travel bookmark for `timestamp` (default: now). Read-only. */
export async function getBookmark(api: CloudflareApi, databaseId: string, timestamp?: Date): Promise<string> {
  const result = await api.request<{ bookmark: string }>(databasePath(api, databaseId, '/time_travel/bookmark'), {
    query: { timestamp: timestamp?.toISOString() },
  });
  return result.bookmark;
}

export interface RestoreResult {
  bookmark: string;
  /** The bookmark of the state just before the restore: restoring it undoes the restore. */
  previous_bookmark?: string;
  message?: string;
}

/** Restores the database to a Time Travel bookmark (or a timestamp). */
export function restoreBookmark(api: CloudflareApi, databaseId: string, target: { bookmark: string } | { timestamp: Date }): Promise<RestoreResult> {
  const query = 'bookmark' in target ? { bookmark: target.bookmark } : { timestamp: target.timestamp.toISOString() };
  return api.request<RestoreResult>(databasePath(api, databaseId, '/time_travel/restore'), { method: 'POST', query });
}

/** The `dump_options` of an export: what to leave out. */
export interface ExportDumpOptions {
  no_schema?: boolean;
  no_data?: boolean;
  tables?: string[];
}

/** What one `POST .../export` answers in the envelope's `result` (wrangler's `d1 export` reads the same fields). */
export interface ExportPoll {
  success: boolean;
  type?: 'export';
  /** The point in time being exported: sent back as `current_bookmark` to continue. */
  at_bookmark?: string;
  /** `active` while the export runs; absent or anything else means: poll again. */
  status?: 'active' | 'complete' | 'error';
  messages?: string[];
  error?: string;
  result?: { filename?: string; signed_url?: string };
}

export interface DatabaseExport {
  /** The database as SQL. */
  sql: string;
  filename?: string;
  /** The Time Travel bookmark of the exported state. */
  bookmark?: string;
}

/**
 * The whole database as SQL through D1's export API, as `wrangler d1 export --remote` takes it:
 * POST `/export` with `output_format: "polling"`, again with `current_bookmark` (the answer's
 * `at_bookmark`) until the status is `complete` (D1 cancels an export that is not polled, and
 * serves no queries while it runs, so polls follow each other without a pause), then GET the
 * answer's `signed_url`. The SQL stays in memory.
 */
export async function exportDatabase(
  api: CloudflareApi,
  databaseId: string,
  { dumpOptions, maxPolls = 1_000 }: { dumpOptions?: ExportDumpOptions; maxPolls?: number } = {},
): Promise<DatabaseExport> {
  let bookmark: string | undefined;
  for (let poll = 1; poll <= maxPolls; poll += 1) {
    const answer = await api.request<ExportPoll>(databasePath(api, databaseId, '/export'), {
      method: 'POST',
      body: { output_format: 'polling', ...(dumpOptions ? { dump_options: dumpOptions } : {}), ...(bookmark ? { current_bookmark: bookmark } : {}) },
    });
    if (!answer || answer.success === false || answer.status === 'error') {
      const notes = answer?.messages?.length ? ` (${answer.messages.join('; ')})` : '';
      throw new CloudflareApiError(`D1's export of database ${databaseId} failed: ${answer?.error ?? 'the API gave no reason'}${notes}.`);
    }
    if (answer.status === 'complete') {
      const url = answer.result?.signed_url;
      if (!url) throw new CloudflareApiError(`D1's export of database ${databaseId} completed without a download URL (result.signed_url).`);
      return { sql: await api.download(url), filename: answer.result?.filename, bookmark: answer.at_bookmark };
    }
    bookmark = answer.at_bookmark ?? bookmark;
  }
  throw new CloudflareApiError(`D1's export of database ${databaseId} was still running after ${maxPolls} polls; try again when the database is less busy.`);
}
