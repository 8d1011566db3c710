import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Principal } from '../auth.js';

/**
 * The lean path of the hot vault read (issue 7: 20,000 reads/s): GET
 * /api/v1/projects/:project/secrets/<path>[?version=N] answered from the node:http request
 * listener, before Fastify builds its request, reply, hook chain and child logger (most of a read's
 * event-loop time). It answers ONLY a read it can answer exactly as the Fastify route would, through
 * the same functions: the token's cached principal (auth.ts authenticate.cached), the cached
 * permission decision (app.ts requirePermission's cache), the route's path-scope check, vault read,
 * audit entry (audit/plugin.ts, committed before the answer) and answer body (vault/routes.ts), with
 * the same security headers in the same order. Anything else goes to Fastify untouched, before any
 * side effect: other methods (HEAD), paths or queries needing decoding or unknown to it, a token or
 * project not in the caches, a refusal of any kind (401, 403, 404, 410...: Fastify writes those
 * answers and their entries), a server closing, or an entry that could not be written (Fastify
 * then reads again and answers the error as usual).
 *
 * The login limiter (identity/login-limit.ts) never refuses a token that authenticates, and this
 * path serves only such tokens; it counts 401s only, which this path never answers.
 */

/** The request fields the route's read and its audit entry use (a subset of FastifyRequest's). */
export interface LeanRequest {
  id: string;
  /** The socket's peer, as Fastify's req.ip without a trusted proxy (undefined once the socket is gone). */
  ip: string | undefined;
  method: 'GET';
  url: string;
  principal: Principal;
  projectId: string;
  secretPaths: readonly string[] | undefined;
  params: { project: string; '*': string };
  query: { version?: number };
  audited: boolean;
}

/** What the vault routes hand the lean path (app.ts LEAN_READ). */
export interface LeanReadRoute {
  /** The permission the Fastify route's preHandler requires. */
  permission: string;
  /**
   * Reads and audits, then `send(json)`; `fail(err)` when the entry could not be written. Returns
   * false, having done nothing, when Fastify must answer instead (out of path scope, any vault error).
   */
  read(req: LeanRequest, send: (json: string) => void, fail: (err: Error) => void): boolean;
}

export interface LeanReadOptions {
  /** The security headers every answer carries (app.ts apiSecurityHeaders), in their order. */
  headers: Record<string, string>;
  /** The route, once the vault routes registered it. */
  route(): LeanReadRoute | undefined;
  /** The token's principal when cached, else undefined (auth.ts Authenticate.cached). */
  principalOf(token: string): Principal | undefined;
  /** The cached allow decision of `permission` on project `name`, else undefined (not cached, denied, unknown project). */
  permitNow(principal: Principal, permission: string, name: string): { projectId: string; paths: readonly string[] | undefined } | undefined;
  newId(): string;
  closing(): boolean;
  /** Called after a lean answer is sent (the request log line at info), if set. */
  answered?(req: LeanRequest, startedAt: number): void;
}

// Exactly what the router hands the route unchanged: a project name (app.ts PROJECT_NAME_PATTERN),
// a wildcard path of characters that need no percent-decoding (the schema's 256 at most), and at
// most the one query parameter the route knows, in the form the schema's coercion reads the same.
const READ_URL = /^\/api\/v1\/projects\/([a-z0-9][a-z0-9-]{0,62})\/secrets\/([A-Za-z0-9._~/-]{1,256})(?:\?version=([1-9][0-9]{0,8}))?$/;
// Bearer syntax of app.ts's authentication hook.
const BEARER = /^Bearer +([\x21-\x7e]{1,1024})$/i;
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Marks a request whose message the parser has fully read, with no body bytes waiting, as already
 * dumped, so node:http does not "dump" it once the answer is sent (_http_server resOnFinish calls
 * req._dump() for a request nobody read: resume(), then read, 'end', destroy and 'close' over four
 * ticks; ~2-5 µs of a ~30 µs bare keep-alive request on this VM). The dump exists to pull unread
 * body bytes off the wire so the connection can go on; here there are none: the parser has read
 * the whole message (complete) and nothing is buffered, so node never paused the socket for it
 * (it does so only when a body fills the stream's buffer). A request with body bytes is dumped as
 * usual. `_dumped` is node's own flag for this (Node 20's IncomingMessage#_dump sets it and does
 * nothing when it is set); a node that ignored it would dump as before, which is only slower.
 * Heap after 155k such requests on a bare server: 4.7 MB, as with the dump (nothing kept alive).
 */
function skipDump(raw: IncomingMessage): void {
  (raw as IncomingMessage & { _dumped?: boolean })._dumped = true;
}

/**
 * Puts the lean path in front of the server's request listener (Fastify's), which gets every
 * request the lean path does not answer.
 */
export function installLeanRead(server: Server, o: LeanReadOptions): { answered: number } {
  const stats = { answered: 0 };
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (listeners.length !== 1) throw new Error(`lean read path: expected one request listener, found ${listeners.length}`);
  const fastify = listeners[0]!;
  const names = Object.keys(o.headers);
  const values = names.map((n) => o.headers[n]!);

  const lean = (raw: IncomingMessage, res: ServerResponse): boolean => {
    if (raw.method !== 'GET' || o.closing()) return false;
    const url = raw.url;
    if (url === undefined || !url.startsWith('/api/v1/projects/')) return false;
    const m = READ_URL.exec(url);
    if (m === null) return false;
    const route = o.route();
    if (route === undefined) return false;
    const headers = raw.headers;
    // A version constraint header is the router's business.
    if (headers['accept-version'] !== undefined) return false;
    const h = headers.authorization;
    const b = typeof h === 'string' ? BEARER.exec(h) : null;
    if (b === null) return false;
    const principal = o.principalOf(b[1]!);
    if (principal === undefined) return false;
    const permit = o.permitNow(principal, route.permission, m[1]!);
    if (permit === undefined) return false;
    const startedAt = o.answered === undefined ? 0 : performance.now();
    const req: LeanRequest = {
      id: o.newId(),
      ip: raw.socket.remoteAddress,
      method: 'GET',
      url,
      principal,
      projectId: permit.projectId,
      secretPaths: permit.paths,
      params: { project: m[1]!, '*': m[2]! },
      query: m[3] === undefined ? {} : { version: Number(m[3]) },
      audited: false,
    };
    const send = (json: string): void => {
      const out: string[] = [];
      for (let i = 0; i < names.length; i++) out.push(names[i]!, values[i]!);
      out.push('x-request-id', req.id, 'content-type', JSON_TYPE, 'content-length', String(Buffer.byteLength(json)));
      res.writeHead(200, out);
      if (raw.complete && raw.readableLength === 0) skipDump(raw);
      res.end(json);
      stats.answered++;
      o.answered?.(req, startedAt);
    };
    // The entry could not be written: nothing was sent; Fastify handles the request from the start.
    const fail = (): void => fastify(raw, res);
    return route.read(req, send, fail);
  };

  server.removeListener('request', fastify);
  server.on('request', (raw: IncomingMessage, res: ServerResponse) => {
    let answered: boolean;
    try {
      answered = lean(raw, res);
    } catch {
      // Nothing was sent and no entry written (a vault error returns false; the route's read
      // reports an entry's failure through fail): Fastify answers it, errors included.
      answered = res.headersSent;
    }
    if (!answered) fastify(raw, res);
  });
  return stats;
}
