import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initServer } from '../../../src/server/init.js';
import { serverModules } from '../../../src/server/modules.js';
import { runServer } from '../../../src/server/run.js';
import { validationMessage } from '../../../src/server/validation-message.js';
import { openStore } from '../../../src/store/db.js';
import { startPostgres, type PrivatePostgres } from '../../helpers/postgres.js';

/**
 * Issue 7: "every request body and parameter validated", "deny by default", "security headers",
 * "limits on body size". Instead of trusting each route's own test, this walks the OpenAPI document
 * of the server as `rampart server` composes it (the production modules) and throws bad input at
 * EVERY operation it lists: anonymous calls, bodies of the wrong shape or with unknown fields,
 * oversized and hostile path parameters, out-of-range query parameters. Every one must be refused
 * with a 4xx in the one error shape, never run (2xx) or crash (5xx), and no answer or log line
 * may echo the hostile value.
 */

type Op = { method: string; path: string; params: { in: string; name: string; schema: Record<string, unknown> }[]; body: Record<string, unknown> | null; public: boolean };

/** Marks hostile bodies and query values: never echoed, never logged. */
const SENTINEL = 'SENTINEL-7f3a9c';
/** Marks hostile path segments: a path may be logged (method and path are) and named in a 404, never echoed in a 400. */
const PATH_MARK = 'PATHMARK-51c0';
/** The routes meant to answer anonymous clients (README: health, docs, the OIDC exchange and unseal). */
const PUBLIC = ['GET /api/v1/health', 'POST /api/v1/auth/oidc/exchange', 'GET /api/v1/sys/seal-status', 'POST /api/v1/sys/unseal'];

// Set by each store's beforeAll (the describe blocks run one after the other).
let url: string;
let token: string;
/** Every request sent through send(), with the id its answer carried (null = none). */
let sent: { id: string | null; what: string }[] = [];

/** A plausible value per parameter name, so that only the part under test is wrong. */
function sample(name: string): string {
  if (name === 'project') return 'shop';
  if (name === '*') return 'db/password';
  if (name === 'env' || name === 'name') return 'prod';
  return '0b7f4a52-3c1e-4d7a-9f00-5e2b1c9d8a61';
}

function urlOf(op: Op, over: Record<string, string> = {}, query = ''): string {
  const p = op.path.replace(/\{([^}]+)\}/g, (_m, n: string) => (n in over ? over[n]! : sample(n)).split('/').map(encodeURIComponent).join('/'));
  return `${url}${p}${query}`;
}

async function send(method: string, target: string, o: { auth?: boolean; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  if (o.auth !== false) headers.authorization = `Bearer ${token}`;
  if (o.raw !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(target, { method, headers, body: o.raw });
  const text = await r.text();
  sent.push({ id: r.headers.get('x-request-id'), what: `${method} ${target.slice(url.length, url.length + 80)} -> ${r.status}` });
  return { status: r.status, text, headers: r.headers };
}

/** Like expectRefused, but returns the problem instead of failing, so one run lists every route that misbehaves. */
function refusalProblem(what: string, r: { status: number; text: string }, statuses: number[]): string | null {
  try {
    expectRefused(what, r, statuses);
    return null;
  } catch (e) {
    return (e as Error).message.split('\n')[0]!.slice(0, 300);
  }
}

function expectRefused(what: string, r: { status: number; text: string }, statuses: number[]): void {
  expect(statuses, `${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`).toContain(r.status);
  const body = JSON.parse(r.text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, what).toBe('string');
  expect(typeof body.error?.message, what).toBe('string');
  expect(r.text, `${what} echoes the hostile value`).not.toContain(SENTINEL);
  if (r.status === 400 || r.status === 414) expect(r.text, `${what} echoes the invalid path value`).not.toContain(PATH_MARK);
}

describe.each(['sqlite', 'postgres'] as const)('issue 7 requirement on %s: every operation of the API validates its input (production modules)', (dialect) => {
  let dir: string;
  let pg: PrivatePostgres | undefined;
  let dbUrl: string | undefined;
  let ops: Op[] = [];
  let doc: any;
  let logText = '';
  const ac = new AbortController();
  let stopped: Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rampart-req-validation-'));
    const dataDir = join(dir, 'data');
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      pg = await startPostgres();
      databaseUrl = await pg.createDatabase();
    }
    dbUrl = databaseUrl;
  sent = [];
  const init = await initServer({ dataDir, databaseUrl });
    token = init.token;
    const logs = new Writable({
      write(chunk: Buffer, _enc, cb) {
        logText += chunk.toString('utf8');
        cb();
      },
    });
    url = await new Promise<string>((resolve, reject) => {
      stopped = runServer(
        { host: '127.0.0.1', port: 0, dataDir, databaseUrl },
        { signal: ac.signal, modules: serverModules, logger: { level: 'trace', stream: logs }, onListening: (u) => resolve(u) },
      );
      stopped.catch(reject);
    });
    const r = await fetch(`${url}/api/v1/projects`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'shop' }) });
    expect(r.status).toBe(201);
    doc = await (await fetch(`${url}/api/docs`)).json();
    for (const [path, byMethod] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, o] of Object.entries(byMethod)) {
        const body = o.requestBody?.content?.['application/json']?.schema ?? null;
        ops.push({ method: method.toUpperCase(), path, params: o.parameters ?? [], body, public: Array.isArray(o.security) && o.security.length === 0 });
      }
    }
  }, 60_000);

  afterAll(async () => {
    ac.abort();
    await stopped?.catch(() => undefined);
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every schema pattern of the API is explained in words where its schema defines it (describedPattern)', () => {
    const patterns = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === 'pattern' && typeof x === 'string') patterns.add(x); else walk(x);
      }
    };
    walk(doc.paths);
    expect(patterns.size).toBeGreaterThan(5);
    const generic = [...patterns].filter((pattern) => validationMessage('body', [{ keyword: 'pattern', instancePath: '/x', params: { pattern } }]).endsWith('has characters or a form not allowed here'));
    expect(generic).toEqual([]);
  });

  it('the OpenAPI document lists the whole API: identity, vault, findings, gate, admission, seal', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(ops.length).toBeGreaterThan(50);
    const paths = new Set(ops.map((o) => o.path));
    for (const p of ['/api/v1/projects', '/api/v1/projects/{project}/secrets/{*}', '/api/v1/projects/{project}/scans', '/api/v1/deployments/check', '/api/v1/admission/{project}/{env}', '/api/v1/auth/oidc/exchange', '/api/v1/sys/unseal', '/api/v1/projects/{project}/oidc-policies', '/api/v1/projects/{project}/waivers']) {
      expect(paths, p).toContain(p);
    }
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('deny by default: only the documented public operations answer without a token; all others 401', async () => {
    expect(ops.filter((o) => o.public).map((o) => `${o.method} ${o.path}`).sort()).toEqual([...PUBLIC].sort());
    for (const op of ops.filter((o) => !o.public)) {
      const r = await send(op.method, urlOf(op), { auth: false, raw: op.body ? '{}' : undefined });
      expectRefused(`${op.method} ${op.path} anonymous`, r, [401]);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
  });

  it('every body is schema-checked: wrong JSON types and unknown fields are 400, never run or crash', async () => {
    const withBody = ops.filter((o) => o.body);
    expect(withBody.length).toBeGreaterThan(20);
    for (const op of withBody) {
      // A closed object schema, or (admission's AdmissionReview) required fields that refuse junk.
      expect(op.body!.type, `${op.method} ${op.path}`).toBe('object');
      expect(op.body!.additionalProperties === false || Array.isArray(op.body!.required), `${op.method} ${op.path} accepts any object`).toBe(true);
      const target = urlOf(op);
      for (const raw of ['[]', '"text"', '42', 'null', JSON.stringify({ unexpected: SENTINEL })]) {
        const r = await send(op.method, target, { raw });
        expectRefused(`${op.method} ${op.path} body ${raw.slice(0, 20)}`, r, [400]);
      }
      const broken = await send(op.method, target, { raw: `{"a": "${SENTINEL}"` });
      expectRefused(`${op.method} ${op.path} broken JSON`, broken, [400]);
      const nonJson = await fetch(target, { method: op.method, headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: SENTINEL });
      expectRefused(`${op.method} ${op.path} text/plain`, { status: nonJson.status, text: await nonJson.text() }, [415]);
    }
  });

  it('every path parameter is bounded: oversized, traversal and control-character values are refused', async () => {
    const withParams = ops.filter((o) => o.params.some((p) => p.in === 'path'));
    expect(withParams.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const op of withParams) {
      for (const p of op.params.filter((x) => x.in === 'path')) {
        const s = p.schema;
        expect(typeof s.maxLength === 'number' || typeof s.pattern === 'string' || Array.isArray(s.enum), `${op.method} ${op.path} {${p.name}} is unbounded`).toBe(true);
        // Up to the router's 2,048-character segment limit the route's own schema decides; a longer
        // segment is refused by the router (414), in the same error shape, never echoed.
        const hostile = [`${PATH_MARK}-${'a'.repeat(80)}`, `..\u0000${PATH_MARK}`, `${PATH_MARK}<script>`, `${PATH_MARK}-${'b'.repeat(300)}`, `${PATH_MARK}-${'c'.repeat(2100)}`];
        for (const v of hostile) {
          const r = await send(op.method, urlOf(op, { [p.name]: v }), { raw: op.body ? '{}' : undefined });
          // 400 from the schema; 403/404 where a value is well-formed but names nothing the caller may see.
          const problem = refusalProblem(`${op.method} ${op.path} {${p.name}}=${JSON.stringify(v.slice(0, 24))}`, r, v.length > 2048 && p.name !== '*' ? [414] : [400, 403, 404]);
          if (problem) problems.push(problem);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every query parameter is typed and bounded: out-of-range and oversized values are 400', async () => {
    const queries = ops.flatMap((op) => op.params.filter((p) => p.in === 'query').map((p) => ({ op, p })));
    expect(queries.length).toBeGreaterThan(5);
    for (const { op, p } of queries) {
      const s = p.schema;
      const bad = s.type === 'integer' ? ['abc', '-5', '99999999999999999999'] : [`${SENTINEL}${'z'.repeat(5000)}`];
      for (const v of bad) {
        const r = await send(op.method, urlOf(op, {}, `?${p.name}=${encodeURIComponent(v)}`));
        expectRefused(`${op.method} ${op.path} ?${p.name}=${v.slice(0, 24)}`, r, [400]);
      }
    }
  });

  it('a body over the limit is 413 on any route, and every answer carries the security headers', async () => {
    // 1 MiB by default; scan uploads (8 MiB) and AdmissionReviews (3 MiB) have their own, larger limits.
    const limits: Record<string, number> = { '/api/v1/projects/{project}/scans': 8, '/api/v1/admission/{project}/{env}': 3 };
    for (const op of ops.filter((o) => o.body && !o.public)) {
      const mib = limits[op.path] ?? 1;
      const big = `{"value":"${'x'.repeat(mib * 1024 * 1024 + 10)}"}`;
      const r = await send(op.method, urlOf(op), { raw: big });
      expectRefused(`${op.method} ${op.path} body over ${mib} MiB`, r, [413]);
    }
    const r = await fetch(`${url}/api/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a NUL character anywhere in a JSON body is 400 (PostgreSQL text cannot hold one), and a token pasted into a path is not logged', async () => {
    const nul = JSON.stringify({ name: 'nul-test', description: `a\u0000${SENTINEL}` });
    const named = await send('POST', `${url}/api/v1/projects`, { raw: nul });
    expectRefused('POST /api/v1/projects with a NUL in description', named, [400]);
    expect(JSON.parse(named.text).error.message).toBe('body.description: contains a NUL character');
    const nulKey = `{"name":"nul-test","x\\u0000":1}`;
    expectRefused('POST /api/v1/projects with a NUL in a key', await send('POST', `${url}/api/v1/projects`, { raw: nulKey }), [400]);
    // The same body without the NUL is accepted: the refusal is about the NUL, not the fields.
    expect((await send('POST', `${url}/api/v1/projects`, { raw: JSON.stringify({ name: 'nul-test', description: 'plain' }) })).status).toBe(201);
    const pasted = await send('GET', `${url}/api/v1/tokens/${token}`);
    expect([400, 404]).toContain(pasted.status);
  });

  it('a JSON content type with an empty body is no body: a body-less route answers, one that needs a body refuses it by its schema', async () => {
    const missing = await send('DELETE', `${url}/api/v1/tokens/00000000-0000-4000-8000-000000000000`, { raw: '' });
    expectRefused('DELETE /api/v1/tokens/{unknown} with an empty JSON body', missing, [404]);
    const needsBody = await send('POST', `${url}/api/v1/projects`, { raw: '' });
    expectRefused('POST /api/v1/projects with an empty JSON body', needsBody, [400]);
    expect(JSON.parse(needsBody.text).error.message).toMatch(/body/);
    expect(JSON.parse(needsBody.text).error.message).not.toBe('the JSON body is empty');
  });

  it('zero trust: every one of those requests, refused or not, has its own audit entry', async () => {
    expect(sent.length).toBeGreaterThan(300);
    expect(sent.filter((s) => !s.id).map((s) => s.what)).toEqual([]);
    const reader = await openStore(dbUrl ? { databaseUrl: dbUrl } : { dataDir: join(dir, 'data') });
    try {
      // Entries are written as answers go out: wait (bounded) for the last ones, then name any missing.
      let missing: string[] = [];
      const end = Date.now() + 20_000;
      do {
        const ids = new Set((await reader.db.selectFrom('audit_entries').select('detail').execute()).map((r) => (JSON.parse(r.detail) as { requestId?: string }).requestId));
        missing = sent.filter((s) => !ids.has(s.id!)).map((s) => s.what);
        if (missing.length > 0) await new Promise((r) => setTimeout(r, 100));
      } while (missing.length > 0 && Date.now() < end);
      expect(missing.slice(0, 20)).toEqual([]);
    } finally {
      await reader.close();
    }
  });

  it('the server log (trace level) never holds the token or any hostile value it was sent', () => {
    expect(logText.length).toBeGreaterThan(1000);
    expect(logText).not.toContain(token);
    expect(logText.split('\n').filter((l) => l.includes(SENTINEL)).slice(0, 3)).toEqual([]);
    expect(logText).toContain(PATH_MARK); // paths are logged (method and path only), so the check above is not vacuous
    expect(logText).not.toMatch(/"statusCode":5\d\d/);
  });
});
