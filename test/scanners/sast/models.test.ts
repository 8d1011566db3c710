import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { TAINT_RULES } from '../../../src/scanners/sast/rules/taint.js';
import { apiMatches, splitApi } from '../../../src/scanners/sast/ir/api-names.js';
import type { SinkKind, SinkSpec, SourceLabel } from '../../../src/scanners/sast/models/types.js';

const KINDS = Object.keys(TAINT_RULES) as SinkKind[];
const LABELS: SourceLabel[] = ['http', 'browser', 'env', 'argv', 'message', 'library-input', 'stored'];
const sinks = MODELS.flatMap((m) => m.sinks ?? []);
const sources = MODELS.flatMap((m) => m.sources ?? []);
const sanitizers = MODELS.flatMap((m) => m.sanitizers ?? []);
const handlers = MODELS.flatMap((m) => m.handlers ?? []);
const propagators = MODELS.flatMap((m) => m.propagators ?? []);

/** Roles start with `@` like scoped packages (`@prisma/client`), but have no slash. */
function isRole(p: string): boolean {
  return p.startsWith('@') && !splitApi(p)[0]!.includes('/');
}

/** Problems with one API pattern, or [] when it is well-formed. */
function patternProblems(p: string): string[] {
  const out: string[] = [];
  if (p.trim() !== p || p.length === 0) out.push('blank or padded');
  let depth = 0;
  for (const c of p) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (depth < 0 || depth > 1) out.push('unbalanced or nested braces');
  }
  if (depth !== 0) out.push('unbalanced braces');
  // splitApi joins `@scope/pkg` (like a role) with the member after it into one segment.
  if (p.startsWith('@') && /[{*]/.test(splitApi(p)[0]!)) out.push('no alternatives or * right after a role or scoped package');
  for (const seg of splitApi(p)) {
    if (seg.startsWith('{')) {
      if (!seg.endsWith('}')) out.push(`alternatives are not a whole segment: ${seg}`);
      // A dot inside braces would never match: the path splits there.
      if (seg.includes('.') || seg.includes('(')) out.push(`alternatives must be single names: ${seg}`);
      // `@scope/pkg.member` is one segment in a path, so it cannot be one of several alternatives.
      if (seg.includes('@')) out.push(`scoped packages cannot be alternatives: ${seg}`);
      if (seg.slice(1, -1).split(',').some((a) => a === '')) out.push(`empty alternative: ${seg}`);
    } else if (seg !== '()' && seg !== '*' && !/^(@[\w/-]+\.([\w$-]+|\(\))|[\w$/-]+)$/.test(seg)) {
      out.push(`odd segment: ${seg}`);
    }
  }
  if (isRole(p) && splitApi(p)[0]!.split('.').length !== 2) out.push('a role is @family.name');
  return out;
}

describe('taint models', () => {
  it('has a rule for every sink kind, with distinct sast/js ids and complete metadata', () => {
    const ids = KINDS.map((k) => TAINT_RULES[k].id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of KINDS) {
      const r = TAINT_RULES[k];
      expect(r.id).toMatch(/^sast\/js\/[a-z-]+$/);
      expect(r.cwe.length).toBeGreaterThan(0);
      expect(r.title.length).toBeGreaterThan(3);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.remediation.length).toBeGreaterThan(40);
      expect(r.references?.length ?? 0).toBeGreaterThan(0);
      expect(['critical', 'high', 'medium', 'low']).toContain(r.severity);
    }
    expect(TAINT_RULES['command-injection'].severity).toBe('critical');
    expect(TAINT_RULES['log-injection'].severity).toBe('low');
  });

  it('every sink is well-formed: one trigger, valid kind and labels, unique id, a description', () => {
    const seen = new Map<string, number>();
    for (const s of sinks) {
      seen.set(s.id, (seen.get(s.id) ?? 0) + 1);
      const triggers = [s.call, s.assign, s.jsxAttribute, s.method, s.pipeInto].filter((t) => t !== undefined);
      expect(triggers, s.id).toHaveLength(1);
      expect(KINDS, s.id).toContain(s.kind);
      expect(s.description.length, s.id).toBeGreaterThan(8);
      for (const l of s.labels ?? []) expect(LABELS, s.id).toContain(l);
      if (s.call) expect(patternProblems(s.call), `${s.id}: ${s.call}`).toEqual([]);
      if (s.assign) expect(patternProblems(s.assign), `${s.id}: ${s.assign}`).toEqual([]);
      if (s.pipeInto) expect(patternProblems(s.pipeInto), `${s.id}: ${s.pipeInto}`).toEqual([]);
      if (s.method) {
        expect(s.method.name, s.id).toMatch(/^[\w$]+$/);
        expect(() => new RegExp(s.method!.receiver), s.id).not.toThrow();
      }
      if (Array.isArray(s.args)) for (const a of s.args) expect(Number.isInteger(a) && a >= -1, s.id).toBe(true);
      // A `when` names an options property, or (no property) a literal the argument must equal (or a list of them).
      if (s.when) expect(s.when.property !== undefined ? s.when.property.length > 0 : typeof s.when.equals === 'string' || Array.isArray(s.when.equals), s.id).toBe(true);
    }
    const dups = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    expect(dups).toEqual([]);
  });

  it('covers every sink kind with at least one model sink', () => {
    const covered = new Set(sinks.map((s) => s.kind));
    expect(KINDS.filter((k) => !covered.has(k))).toEqual([]);
  });

  it('sources, sanitizers, propagators and handlers are well-formed', () => {
    for (const s of sources) {
      expect(patternProblems(s.api), s.api).toEqual([]);
      expect(LABELS, s.api).toContain(s.label);
      expect(s.description.length, s.api).toBeGreaterThan(3);
    }
    for (const z of sanitizers) {
      expect((z.call === undefined) !== (z.method === undefined), JSON.stringify(z)).toBe(true);
      if (z.call) expect(patternProblems(z.call), z.call).toEqual([]);
      if (z.method) expect(z.method).toMatch(/^[\w$]+$/);
      if (z.kinds !== 'all') for (const k of z.kinds) expect(KINDS).toContain(k);
    }
    for (const p of propagators) {
      expect((p.call === undefined) !== (p.method === undefined)).toBe(true);
      if (p.call) expect(patternProblems(p.call), p.call).toEqual([]);
      expect(p.from.length).toBeGreaterThan(0);
    }
    for (const h of handlers) {
      const ways = [h.register, h.exports, h.classDecorator, h.paramNames].filter((w) => w !== undefined);
      expect(ways.length, h.framework).toBeGreaterThan(0);
      if (h.register) expect(patternProblems(h.register), h.register).toEqual([]);
      if (h.exports) expect(() => new RegExp(h.exports!.file)).not.toThrow();
      for (const r of h.params ?? []) if (r !== null) expect(r, h.framework).toMatch(/^@[\w-]+\.[\w-]+$/);
      for (const alts of h.paramNames ?? []) for (const n of alts) expect(n).toBe(n.toLowerCase());
      if (h.paramNames) expect(h.params?.length ?? 0).toBeGreaterThanOrEqual(h.paramNames.length);
      for (const d of Object.values(h.paramDecorators ?? {})) expect(d.label !== undefined || d.role !== undefined).toBe(true);
    }
  });

  it('every role a handler gives has sources or sinks, and every role used is given by a handler', () => {
    const given = new Set<string>();
    for (const h of handlers) {
      for (const r of h.params ?? []) if (r) given.add(r);
      for (const d of Object.values(h.paramDecorators ?? {})) if (d.role) given.add(d.role);
    }
    const used = new Set<string>();
    const roleOf = (p: string | undefined): void => {
      if (p !== undefined && isRole(p)) used.add(splitApi(p)[0]!);
    };
    for (const s of sources) roleOf(s.api);
    for (const s of sinks) roleOf(s.call ?? s.assign);
    for (const h of handlers) roleOf(h.register);
    expect([...given].filter((r) => !used.has(r))).toEqual([]);
    expect([...used].filter((r) => !given.has(r))).toEqual([]);
  });

  it('the patterns match the API paths api-names produces for real code', () => {
    const sinkFor = (path: string): SinkSpec[] => sinks.filter((s) => s.call !== undefined && apiMatches(s.call, path));
    const kindsFor = (path: string): SinkKind[] => [...new Set(sinkFor(path).map((s) => s.kind))];
    expect(kindsFor('child_process.exec')).toEqual(['command-injection']);
    expect(kindsFor('fs.promises.readFile')).toEqual(['path-traversal']);
    expect(kindsFor('mysql2.promise.createPool().query')).toEqual(['sql-injection']);
    expect(kindsFor('@http.response.status().send')).toEqual(['xss']);
    expect(kindsFor('@http.response.redirect')).toEqual(['open-redirect']);
    expect(kindsFor('axios.get')).toEqual(['ssrf']);
    expect(kindsFor('mongoose.model().findOne')).toEqual(['nosql-injection']);
    expect(kindsFor('lodash.merge')).toEqual(['prototype-pollution']);
    expect(kindsFor('js-yaml.load')).toEqual(['deserialization']);
    // reply.send is text/plain unless the handler set an HTML type: a sink only then.
    expect(sinkFor('@fastify.reply.send').every((s) => s.htmlOnly === true)).toBe(true);
    expect(kindsFor('@http.response.json')).toEqual([]);
    // The program (command injection), its argument array (option injection) and `node -e` code.
    expect(kindsFor('child_process.execFile')).toEqual(['command-injection', 'code-injection', 'argument-injection']);
    expect(handlers.some((h) => h.register && apiMatches(h.register, 'express.Router().post'))).toBe(true);
    expect(handlers.some((h) => h.register && apiMatches(h.register, '@koa/router().get'))).toBe(true);
    expect(sanitizers.some((z) => z.call && apiMatches(z.call, 'zod.z.coerce.number().int().parse'))).toBe(true);
    expect(sanitizers.some((z) => z.call && apiMatches(z.call, 'zod.z.string().parse'))).toBe(false);
  });

  it('method fallbacks recognise the receivers they are meant for, and not others', () => {
    // The engine compiles receiver patterns case-insensitively (models/compile.ts).
    const rx = (id: string): RegExp => new RegExp(sinks.find((s) => s.id === id)!.method!.receiver, 'i');
    const sql = rx('method.query');
    for (const r of ['db', 'pool', 'this.db', 'pgPool', 'connection', 'APP_DB', 'knex', 'conn', 'userRepository', 'mysqlDb', 'this.ds', 'this.dataSource', 'qr'])
      expect(sql.test(r), r).toBe(true);
    for (const r of ['elastic', 'graphql', 'router', 'cache', 'dbx', 'mongodb', 'influxdb', 'httpClient', 'ads', 'this.fds'])
      expect(sql.test(r), r).toBe(false);
    const mongo = rx('method.mongo.find');
    for (const r of ['User', 'Product', 'users', 'this.userModel', 'db.collection()', 'ordersCollection', 'allocationsCol'])
      expect(mongo.test(r), r).toBe(true);
    for (const r of ['list', 'arr', 'result', 'rows', 'this.cache']) expect(mongo.test(r), r).toBe(false);
    const log = rx('method.logger.info');
    for (const r of ['logger', 'this.logger', 'log', 'appLogger', 'this.log']) expect(log.test(r), r).toBe(true);
    for (const r of ['catalog', 'blog', 'dialog', 'backlog']) expect(log.test(r), r).toBe(false);
  });
});
