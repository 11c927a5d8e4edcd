/**
 * The loopback D1 HTTP API: Cloudflare's routes under `/client/v4`, its envelope
 * (`{success, errors: [{code, message}], messages, result}`), Bearer-token auth, the rate
 * limit per token (when asked for) and then the fault plan, both applied before anything runs.
 * Listens on 127.0.0.1 only, on an ephemeral port.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type Database from 'better-sqlite3';
import type { DumpOptions } from '../../check/data/dump';
import { D1ApiError, DatabaseRegistry, type EmulatedDatabase, type SqlRequest, type StatementOutcome } from './database';
import { faultError, FaultPlan, type FaultRule } from './faults';
import { busiestWindow, type RateLimit, RateLimiter, rateLimitHeaders } from './rate-limit';

export interface D1ApiServerOptions {
  accountId?: string;
  /** The only Bearer token accepted. */
  token?: string;
  /** Name of the default database; default 'd1-evolve-test'. */
  databaseName?: string;
  /** Id of the default database; default a random UUID. */
  databaseId?: string;
  /** Added to every response (a network round trip), in ms. */
  latencyMs?: number;
  /** How many polls of an export answer `active` before it is `complete`; default 1. */
  exportPolls?: number;
  /**
   * Extra databases created at start, besides the default one, named `tenant-0001`,
   * `tenant-0002` … (see `createDatabases`). Each opens its SQLite on first use, so a
   * thousand cost milliseconds.
   */
  databases?: number;
  /**
   * A budget per token and sliding window, shaped like Cloudflare's (1,200 requests per 5
   * minutes per token on the real API); off unless given. Every authenticated API request
   * counts, admitted or not is decided on arrival; one over budget is answered 429 with
   * `retry-after` (seconds, rounded up, until capacity is back) and Cloudflare's code 971,
   * and runs nothing (no fault is taken either). The presigned upload and export URLs do not count.
   */
  rateLimit?: RateLimit;
  /** More Bearer tokens accepted besides `token`, each with its own budget. */
  tokens?: string[];
}

/** One request as the server saw it; `status` 0 = no answer (dropped or hanging). */
export interface LoggedRequest {
  method: string;
  /** Path and query string, e.g. `/client/v4/accounts/<a>/d1/database/<id>/query`. */
  path: string;
  body?: unknown;
  status: number;
}

export interface D1ApiServer {
  /** API base, e.g. `http://127.0.0.1:PORT/client/v4` — what CLOUDFLARE_API_BASE_URL takes. */
  url: string;
  accountId: string;
  token: string;
  /** The default database's id. */
  databaseId: string;
  /** The live better-sqlite3 handle of a database (default: the default one). A restore replaces it: ask again after one. */
  database(id?: string): Database.Database;
  /** Creates another database (fleet tests). */
  createDatabase(name: string): { uuid: string };
  /**
   * Creates `count` databases named `<prefix>0001` … (zero-padded to 4 digits), numbering on
   * after the highest taken by earlier calls with that prefix; in creation order.
   */
  createDatabases(count: number, prefix?: string): { uuid: string; name: string }[];
  /** How many requests the rate limit answered 429 (injected 429 faults are not counted). */
  readonly rateLimited: number;
  /**
   * When each counted request arrived (admitted by the rate limit, or every authenticated API
   * request when there is none), in ms since the server started, in arrival order.
   */
  requestTimes: number[];
  /**
   * The most counted requests of one token that arrived within any `windowMs` (default the
   * rate limit's window): a run kept to its budget never makes this exceed `rateLimit.requests`.
   */
  busiestWindow(windowMs?: number, token?: string): number;
  /** Every request, in the order they finished (a hang is logged when it starts). */
  requests: LoggedRequest[];
  /** Routes the server does not know (method and path), e.g. a wrangler call not emulated yet. */
  unhandled: string[];
  /** Arms a fault; rules apply in the order given to the next matching requests. */
  fault(rule: FaultRule): void;
  clearFaults(): void;
  /** Ends hanging requests, frees the port, closes the databases. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  /** An envelope, or raw text for the upload route. */
  body: unknown;
  headers?: Record<string, string>;
}

const BASE_PATH = '/client/v4';
const UPLOAD_PATH = '/__d1-upload/';
/** Where an export's signed URL points: served by this server, without Authorization, as R2's presigned URLs are. */
const EXPORT_PATH = '/__d1-export/';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** The database list's page size when the request names none, and its cap (Cloudflare's documented maximum). */
const LIST_PER_PAGE = 100;
const LIST_MAX_PER_PAGE = 10_000;

const ok = (result: unknown, extra: Record<string, unknown> = {}): Reply => ({
  status: 200,
  body: { success: true, errors: [], messages: [], result, ...extra },
});
const fail = (status: number, code: number, message: string): Reply => ({
  status,
  body: { success: false, errors: [{ code, message }], messages: [], result: null },
});

class Aborted extends Error {}

/** An S3/R2 error document. */
const s3Error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** The export's `dump_options`, or what is wrong with them. */
function readDumpOptions(value: unknown): DumpOptions | string {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return 'dump_options must be an object.';
  const { no_schema: noSchema, no_data: noData, tables } = value as Record<string, unknown>;
  if (noSchema !== undefined && typeof noSchema !== 'boolean') return 'dump_options.no_schema must be a boolean.';
  if (noData !== undefined && typeof noData !== 'boolean') return 'dump_options.no_data must be a boolean.';
  if (tables !== undefined && !(Array.isArray(tables) && tables.every((t) => typeof t === 'string'))) return 'dump_options.tables must be an array of names.';
  return { noSchema, noData, tables: tables as string[] | undefined };
}

/** Starts the server on 127.0.0.1 with one database and resolves once it listens. */
export async function startD1ApiServer(options: D1ApiServerOptions = {}): Promise<D1ApiServer> {
  const accountId = options.accountId ?? createHash('sha256').update(randomUUID()).digest('hex').slice(0, 32);
  const token = options.token ?? `test-token-${randomUUID()}`;
  const latencyMs = options.latencyMs ?? 0;
  const registry = new DatabaseRegistry();
  const main = registry.create(options.databaseName ?? 'd1-evolve-test', options.databaseId);
  const faults = new FaultPlan();
  const requests: LoggedRequest[] = [];
  const unhandled: string[] = [];
  const closing = new AbortController();
  const uploads = new Map<string, { database: string; bytes?: Buffer }>();
  const imports = new Map<string, Record<string, unknown>>();
  const exportPolls = options.exportPolls ?? 1;
  const runningExports = new Map<string, { bookmark: string; polls: number }>();
  const exported = new Map<string, { sql: string; signature: string }>();
  const tokens = new Set([token, ...(options.tokens ?? [])]);
  const limiter = options.rateLimit ? new RateLimiter(options.rateLimit) : undefined;
  const startedAt = performance.now();
  const requestTimes: number[] = [];
  const timesByToken = new Map<string, number[]>();
  let rateLimited = 0;
  const tenantNumbers = new Map<string, number>();
  let origin = '';

  /** `<prefix>0001` … numbered on from the last taken with this prefix, skipping names in use. */
  function createDatabases(count: number, prefix = 'tenant-'): { uuid: string; name: string }[] {
    if (!Number.isInteger(count) || count < 0) throw new Error(`createDatabases: count must be a non-negative integer, got ${count}`);
    const created: { uuid: string; name: string }[] = [];
    let n = tenantNumbers.get(prefix) ?? 0;
    while (created.length < count) {
      n += 1;
      const name = `${prefix}${String(n).padStart(4, '0')}`;
      if (registry.has(name)) continue;
      created.push({ uuid: registry.create(name).uuid, name });
    }
    tenantNumbers.set(prefix, n);
    return created;
  }
  createDatabases(options.databases ?? 0);

  const sleep = (ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (closing.signal.aborted) return reject(new Aborted());
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Aborted());
      };
      closing.signal.addEventListener('abort', onAbort, { once: true });
    });

  function databaseOr404(id: string): EmulatedDatabase {
    const db = registry.get(id);
    if (!db) throw new D1ApiError(404, 7404, `The database ${id} could not be found`);
    return db;
  }

  /** The statements of a /query or /raw body: `{sql, params?}` or `{batch: [{sql, params?}]}`. */
  function sqlRequests(body: unknown): SqlRequest[] {
    const value = body as { sql?: unknown; params?: unknown; batch?: unknown } | undefined;
    const entries = Array.isArray(value?.batch) ? (value.batch as unknown[]) : [value];
    return entries.map((entry) => {
      const { sql, params } = (entry ?? {}) as { sql?: unknown; params?: unknown };
      if (typeof sql !== 'string' || sql.trim() === '') throw new D1ApiError(400, 7400, 'The request is malformed: sql is required and must be a string.');
      if (params !== undefined && !Array.isArray(params)) throw new D1ApiError(400, 7400, 'The request is malformed: params must be an array.');
      return { sql, params: params as unknown[] | undefined };
    });
  }

  const queryResult = (outcome: StatementOutcome) => ({ results: outcome.rows, success: true, meta: outcome.meta });
  const rawResult = (outcome: StatementOutcome) => ({
    results: { columns: outcome.columns, rows: outcome.rows.map((row) => outcome.columns.map((column) => row[column])) },
    success: true,
    meta: outcome.meta,
  });

  /** `d1 execute --remote --file`: init → upload (PUT) → ingest → poll, one transaction. */
  function handleImport(db: EmulatedDatabase, body: Record<string, unknown>): Reply {
    if (body.action === 'init') {
      const filename = `${db.uuid}-${String(body.etag)}.sql`;
      uploads.set(filename, { database: db.uuid });
      return ok({ success: true, filename, upload_url: `${origin}${UPLOAD_PATH}${encodeURIComponent(filename)}` });
    }
    if (body.action === 'ingest') {
      const upload = uploads.get(String(body.filename));
      if (!upload?.bytes || upload.database !== db.uuid) return ok({ success: false, status: 'error', error: 'File not uploaded', messages: [] });
      const started = performance.now();
      let reply: Record<string, unknown>;
      try {
        const outcomes = db.execute([{ sql: upload.bytes.toString('utf8') }]);
        const sum = (key: 'rows_read' | 'rows_written' | 'changes') => outcomes.reduce((total, outcome) => total + outcome.meta[key], 0);
        const bookmark = db.currentBookmark();
        reply = {
          success: true,
          type: 'import',
          status: 'complete',
          at_bookmark: bookmark,
          messages: ['Uploaded and processed.'],
          errors: [],
          result: {
            success: true,
            num_queries: outcomes.length,
            final_bookmark: bookmark,
            meta: {
              duration: performance.now() - started,
              rows_read: sum('rows_read'),
              rows_written: sum('rows_written'),
              changes: sum('changes'),
              size_after: db.fileSize(),
              changed_db: true,
            },
          },
        };
      } catch (error) {
        if (!(error instanceof D1ApiError)) throw error;
        reply = { success: false, type: 'import', status: 'error', error: error.message, messages: [], errors: [error.message] };
      }
      uploads.delete(String(body.filename));
      imports.set(db.uuid, reply);
      return ok(reply);
    }
    if (body.action === 'poll') {
      return ok(imports.get(db.uuid) ?? { success: false, status: 'error', error: 'No import in progress', messages: [] });
    }
    return fail(400, 7400, `Unknown import action '${String(body.action)}'`);
  }

  /**
   * `d1 export --remote`: POST `{output_format: "polling", dump_options?, current_bookmark?}`.
   * The first call starts an export of the current state and answers `active` with its
   * bookmark; polls with that bookmark answer `active` until `exportPolls`, then `complete`
   * with a signed URL of this server that serves the dump of the state at that bookmark.
   */
  function handleExport(db: EmulatedDatabase, body: Record<string, unknown>): Reply {
    if (body.output_format !== 'polling') return fail(400, 7400, 'The request is malformed: output_format must be "polling".');
    const dumpOptions = readDumpOptions(body.dump_options);
    if (typeof dumpOptions === 'string') return fail(400, 7400, `The request is malformed: ${dumpOptions}`);
    const current = body.current_bookmark;
    const reply = (fields: Record<string, unknown>) => ok({ success: true, type: 'export', messages: [], ...fields });
    if (current === undefined || current === null) {
      const bookmark = db.currentBookmark();
      runningExports.set(db.uuid, { bookmark, polls: 0 });
      return reply({ at_bookmark: bookmark, status: 'active', messages: [`Generating ${db.uuid}-${bookmark}.sql`] });
    }
    const running = runningExports.get(db.uuid);
    if (typeof current !== 'string' || running?.bookmark !== current) {
      return reply({
        success: false,
        at_bookmark: current,
        error: `No export in progress at bookmark ${String(current)}: start one without current_bookmark.`,
      });
    }
    running.polls += 1;
    if (running.polls < exportPolls) return reply({ at_bookmark: current, status: 'active', messages: [`Uploaded part ${running.polls}`] });
    runningExports.delete(db.uuid);
    let sql: string | undefined;
    try {
      sql = db.exportSql(current, dumpOptions);
    } catch (error) {
      return reply({ at_bookmark: current, status: 'error', error: (error as Error).message });
    }
    if (sql === undefined) return reply({ success: false, at_bookmark: current, error: `Invalid bookmark '${current}'.` });
    const filename = `${db.uuid}-${current}.sql`;
    const signature = createHash('sha256').update(randomUUID()).digest('hex');
    exported.set(filename, { sql, signature });
    const signedUrl = `${origin}${EXPORT_PATH}${encodeURIComponent(filename)}?X-Amz-Expires=3600&X-Amz-Signature=${signature}`;
    return reply({
      at_bookmark: current,
      status: 'complete',
      messages: [`Uploaded part ${running.polls}`, 'Export complete'],
      result: { filename, signed_url: signedUrl },
    });
  }

  /**
   * `GET /accounts/{a}/d1/database?name=&page=&per_page=`: the databases whose name contains
   * `name`, in creation order, one page at a time with Cloudflare's `result_info`. Cloudflare
   * documents page ≥ 1 and per_page 10–10,000 without a default; here per_page defaults to
   * LIST_PER_PAGE (a client must page either way), is capped at 10,000, and smaller values are
   * honoured so a test can page a handful of databases. A page past the end is empty.
   */
  function listDatabases(query: URLSearchParams): Reply {
    const whole = (key: string, fallback: number) => {
      const value = Number(query.get(key) ?? fallback);
      return Number.isInteger(value) && value >= 1 ? value : fallback;
    };
    const page = whole('page', 1);
    const perPage = Math.min(LIST_MAX_PER_PAGE, whole('per_page', LIST_PER_PAGE));
    const all = registry.list(query.get('name') || undefined);
    const slice = all.slice((page - 1) * perPage, page * perPage).map((db) => db.info());
    return ok(slice, { result_info: { page, per_page: perPage, count: slice.length, total_count: all.length } });
  }

  /** Routes an authenticated API request (path below /client/v4). */
  function route(method: string, path: string, query: URLSearchParams, body: unknown): Reply {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    // What wrangler asks when the token or the account is in doubt.
    if (method === 'GET' && path === '/user/tokens/verify') return ok({ id: 'emulated-token', status: 'active' });
    if (method === 'GET' && path === '/memberships')
      return ok([{ id: 'membership', status: 'accepted', account: { id: accountId, name: 'Emulated account' } }]);
    if (method === 'GET' && path === '/accounts') return ok([{ id: accountId, name: 'Emulated account' }]);
    // `wrangler d1 info` asks GraphQL analytics for the last 24 h: none here.
    if (method === 'POST' && path === '/graphql')
      return { status: 200, body: { data: { viewer: { accounts: [{ d1AnalyticsAdaptiveGroups: [] }] } }, errors: null } };
    if (parts[0] !== 'accounts' || parts[2] !== 'd1' || parts[3] !== 'database') return unknown();
    if (parts[1] !== accountId) return fail(403, 10000, 'Authentication error');
    const [, , , , id, action, sub] = parts;

    if (id === undefined) {
      if (method === 'GET') return listDatabases(query);
      if (method === 'POST') {
        const name = (body as { name?: unknown } | undefined)?.name;
        if (typeof name !== 'string' || !/^[\w-]+$/.test(name))
          return fail(400, 7400, 'The request is malformed: name is required (letters, digits and dashes).');
        const db = registry.create(name);
        return ok({ uuid: db.uuid, name: db.name, version: 'production', created_at: db.createdAt.toISOString() });
      }
      return unknown();
    }

    const db = databaseOr404(id);
    if (action === undefined) {
      if (method === 'GET') return ok(db.info());
      if (method === 'DELETE') {
        registry.delete(db.uuid);
        return ok(null);
      }
      return unknown();
    }
    if (method === 'POST' && (action === 'query' || action === 'raw') && sub === undefined) {
      const outcomes = db.execute(sqlRequests(body));
      return ok(action === 'query' ? outcomes.map(queryResult) : outcomes.map(rawResult));
    }
    if (method === 'POST' && action === 'import' && sub === undefined) return handleImport(db, (body ?? {}) as Record<string, unknown>);
    if (method === 'POST' && action === 'export' && sub === undefined) return handleExport(db, (body ?? {}) as Record<string, unknown>);
    if (action === 'time_travel' && method === 'GET' && sub === 'bookmark') {
      const timestamp = query.get('timestamp');
      if (!timestamp) return ok({ bookmark: db.currentBookmark() });
      const time = new Date(timestamp);
      if (Number.isNaN(time.getTime())) return fail(400, 7400, `Invalid timestamp '${timestamp}': expected RFC 3339.`);
      db.currentBookmark(); // a change made straight through the handle becomes a point in time too
      return ok({ bookmark: db.timeTravel.at(time) });
    }
    if (action === 'time_travel' && method === 'POST' && sub === 'restore') {
      let bookmark = query.get('bookmark');
      const timestamp = query.get('timestamp');
      if (!bookmark && timestamp) {
        const time = new Date(timestamp);
        if (Number.isNaN(time.getTime())) return fail(400, 7400, `Invalid timestamp '${timestamp}': expected RFC 3339.`);
        bookmark = db.timeTravel.at(time);
      }
      if (!bookmark) return fail(400, 7400, 'Provide a bookmark or a timestamp to restore to.');
      return ok(db.restore(bookmark));
    }
    return unknown();

    function unknown(): Reply {
      unhandled.push(`${method} ${BASE_PATH}${path}`);
      return fail(404, 7003, `No route for that URI: ${method} ${BASE_PATH}${path}`);
    }
  }

  function handle(method: string, url: URL, headers: IncomingMessage['headers'], raw: Buffer, body: unknown): Reply {
    if (url.pathname.startsWith(UPLOAD_PATH) && method === 'PUT') {
      // A presigned upload URL: no Authorization, answers the ETag (md5) as R2 does.
      const upload = uploads.get(decodeURIComponent(url.pathname.slice(UPLOAD_PATH.length)));
      if (!upload) return { status: 404, body: 'NoSuchUpload' };
      upload.bytes = raw;
      return { status: 200, body: '', headers: { etag: `"${createHash('md5').update(raw).digest('hex')}"` } };
    }
    if (url.pathname.startsWith(EXPORT_PATH) && method === 'GET') {
      // A presigned download URL: no Authorization, its signature in the query string, S3's errors.
      const file = exported.get(decodeURIComponent(url.pathname.slice(EXPORT_PATH.length)));
      const xml = { 'content-type': 'application/xml' };
      if (!file) return { status: 404, body: s3Error('NoSuchKey', 'The specified key does not exist.'), headers: xml };
      if (url.searchParams.get('X-Amz-Signature') !== file.signature) {
        return {
          status: 403,
          body: s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'),
          headers: xml,
        };
      }
      return { status: 200, body: file.sql, headers: { 'content-type': 'application/sql' } };
    }
    if (!url.pathname.startsWith(`${BASE_PATH}/`)) {
      unhandled.push(`${method} ${url.pathname}`);
      return fail(404, 7003, `No route for that URI: ${method} ${url.pathname}`);
    }
    if (bearer(headers) === undefined) return fail(401, 10000, 'Authentication error');
    if (body instanceof SyntaxError) return fail(400, 7400, 'The request is malformed: the body is not valid JSON.');
    try {
      return route(method, url.pathname.slice(BASE_PATH.length), url.searchParams, body);
    } catch (error) {
      if (error instanceof D1ApiError) return fail(error.status, error.code, error.message);
      throw error;
    }
  }

  /** The request's accepted Bearer token, or undefined. */
  function bearer(headers: IncomingMessage['headers']): string | undefined {
    const presented = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    return presented !== undefined && tokens.has(presented) ? presented : undefined;
  }

  /**
   * Counts an authenticated API request arriving now against its token's budget; the 429 to
   * answer when it is over, else undefined (and the headers to add to the answer in `admitted`).
   */
  function throttle(url: URL, headers: IncomingMessage['headers'], admitted: Record<string, string>): Reply | undefined {
    const presented = bearer(headers);
    if (!url.pathname.startsWith(`${BASE_PATH}/`) || presented === undefined) return undefined;
    const now = performance.now() - startedAt;
    const admission = limiter?.admit(presented, now) ?? { admitted: true as const, remaining: 0, resetMs: 0 };
    if (admission.admitted) {
      requestTimes.push(now);
      const own = timesByToken.get(presented) ?? [];
      own.push(now);
      timesByToken.set(presented, own);
    }
    const limitHeaders = limiter ? rateLimitHeaders(limiter.limit, admission) : {};
    if (admission.admitted) {
      Object.assign(admitted, limitHeaders);
      return undefined;
    }
    rateLimited += 1;
    const { code, message } = faultError(429);
    return { ...fail(429, code, message), headers: limitHeaders };
  }

  function send(response: ServerResponse, reply: Reply): void {
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    response.writeHead(reply.status, { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...reply.headers });
    response.end(text);
  }

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', origin);
    const path = `${url.pathname}${url.search}`;
    const log = (status: number, body: unknown) => requests.push({ method, path, body, status });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new Error('request body too large');
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    let body: unknown;
    if (raw.length > 0 && !url.pathname.startsWith(UPLOAD_PATH)) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        body = error;
      }
    }
    const loggedBody = body instanceof SyntaxError ? raw.toString('utf8') : body;
    let sql: string[] = [];
    try {
      sql = body && !(body instanceof SyntaxError) ? sqlRequests(body).map((entry) => entry.sql) : [];
    } catch {
      sql = [];
    }

    // The budget is decided on arrival, before any fault: a refused request reaches nothing.
    const limitHeaders: Record<string, string> = {};
    const refused = throttle(url, request.headers, limitHeaders);
    if (refused) {
      if (latencyMs > 0) await sleep(latencyMs);
      log(refused.status, loggedBody);
      return send(response, refused);
    }
    const fault = faults.take({ method, path, sql });
    if (latencyMs > 0) await sleep(latencyMs);
    if (fault && 'latencyMs' in fault) await sleep(fault.latencyMs);
    if (fault && 'status' in fault) {
      const reply =
        fault.body === undefined
          ? fail(fault.status, faultError(fault.status).code, faultError(fault.status).message)
          : { status: fault.status, body: fault.body };
      if (fault.retryAfter !== undefined) reply.headers = { 'retry-after': String(fault.retryAfter) };
      log(reply.status, loggedBody);
      return send(response, reply);
    }
    if (fault && 'hang' in fault) {
      log(0, loggedBody);
      return; // close() ends it
    }
    if (fault && 'drop' in fault && fault.drop === 'before-commit') {
      log(0, loggedBody);
      request.socket.destroy();
      return;
    }
    const reply = handle(method, url, request.headers, raw, body);
    if (fault && 'drop' in fault) {
      // after-commit: the SQL ran and committed above; the client never learns it.
      log(0, loggedBody);
      request.socket.destroy();
      return;
    }
    log(reply.status, loggedBody);
    send(response, { ...reply, headers: { ...limitHeaders, ...reply.headers } });
  }

  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      if (error instanceof Aborted || response.headersSent || request.socket.destroyed) {
        request.socket.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', status: 500 });
      send(response, fail(500, 7500, `Internal error in the emulated D1 API: ${message}`));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: `${origin}${BASE_PATH}`,
    accountId,
    token,
    databaseId: main.uuid,
    database(id = main.uuid) {
      return databaseOr404(id).handle;
    },
    createDatabase(name) {
      return { uuid: registry.create(name).uuid };
    },
    createDatabases,
    get rateLimited() {
      return rateLimited;
    },
    requestTimes,
    busiestWindow(windowMs = options.rateLimit?.windowMs, which = token) {
      if (windowMs === undefined) throw new Error('busiestWindow: give a window (ms): the server has no rateLimit to take it from.');
      return busiestWindow(timesByToken.get(which) ?? [], windowMs);
    },
    requests,
    unhandled,
    fault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => {
          registry.close();
          resolve();
        });
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
