/**
 * The model index: every spec keyed by the last segment of its API pattern, so matching a call or a
 * member read costs one map lookup plus a few pattern compares instead of a scan of all specs.
 *
 * Pattern semantics beyond ir/api-names.ts `apiMatches`: a pattern whose FIRST segment is `*`
 * (`*.innerHTML`, `*.insertAdjacentHTML`) names a member on any receiver, so it matches by suffix
 * and also matches receivers the engine could not resolve (their path starts with `?`).
 */
import { lastSegment, splitApi } from '../ir/api-names.js';
import type {
  ContentTypeSpec, HandlerSpec, PropagatorSpec, SanitizerSpec, SinkKind, SinkSpec, SourceLabel, SourceSpec, TaintModel,
} from './types.js';

export interface Compiled<T> {
  spec: T;
  segs: string[];
  /** Insertion order: matches come back in it whichever lists they were found in. */
  order: number;
}

export interface MethodSink {
  spec: SinkSpec;
  receiver: RegExp;
}

/**
 * The patterns sharing a last segment, again by first segment: a common last segment (`query`,
 * `get`) has dozens of patterns, and a path is compared only with those that start as it does
 * (plus the few whose first segment is `*`, which match by suffix).
 */
interface Bucket<T> {
  byFirst: Map<string, Compiled<T>[]>;
  wild: Compiled<T>[];
}

const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;

/** Lookup table by last segment; `*` last segments go to `any`. */
export class SegIndex<T> {
  private readonly byLast = new Map<string, Bucket<T>>();
  private readonly any: Compiled<T>[] = [];
  /** First segments of the `any` patterns: a path matching one starts with it. */
  private readonly anyFirsts: string[] = [];
  size = 0;

  add(pattern: string, spec: T): void {
    const segs = splitApi(pattern);
    const last = segs[segs.length - 1];
    if (last === undefined) return;
    const entry = { spec, segs, order: this.size };
    this.size++;
    if (last === '*') {
      this.any.push(entry);
      this.anyFirsts.push(segs[0]!);
      return;
    }
    const first = segs[0]!;
    const firsts = segs.length === 1 ? undefined : first === '*' ? undefined : alternativesOf(first);
    for (const k of alternativesOf(last)) {
      let b = this.byLast.get(k);
      if (!b) this.byLast.set(k, (b = { byFirst: new Map(), wild: [] }));
      // A one-segment pattern's first segment is its last: listed under each alternative of it.
      const fs = segs.length === 1 ? [k] : firsts;
      if (fs === undefined) b.wild.push(entry);
      else for (const f of fs) push(b.byFirst, f, entry);
    }
  }

  /** Every spec whose pattern matches the path (given as segments). */
  match(segs: readonly string[]): T[] {
    if (this.size === 0 || segs.length === 0) return EMPTY as T[];
    const b = this.byLast.get(segs[segs.length - 1]!);
    let found: Compiled<T>[] | undefined;
    if (b) {
      const list = b.byFirst.get(segs[0]!);
      if (list) for (const e of list) if (segsMatch(e.segs, segs)) (found ??= []).push(e);
      const before = found?.length ?? 0;
      for (const e of b.wild) if (segsMatch(e.segs, segs)) (found ??= []).push(e);
      // Two lists: back into the order the patterns were added in.
      if (before > 0 && found!.length > before) found!.sort(byOrder);
    }
    if (found === undefined && this.any.length === 0) return EMPTY as T[];
    const out: T[] = found ? found.map((e) => e.spec) : [];
    for (const e of this.any) if (segsMatch(e.segs, segs)) out.push(e.spec);
    return out.length > 0 ? out : (EMPTY as T[]);
  }

  /**
   * Can any pattern match this path? A cheap test on the unsplit path: false means `match` of its
   * segments would find nothing (no pattern ends in its last segment, none ending in `*` starts
   * as it does), so the split and the compares can be skipped.
   */
  mayMatchPath(path: string): boolean {
    return this.size > 0 && this.mayMatchLast(path, lastSegment(path));
  }

  /** mayMatchPath when the caller knows the path's last segment (undefined: unknown). */
  mayMatchLast(path: string, last: string | undefined): boolean {
    if (this.size === 0) return false;
    if (last === undefined || this.byLast.has(last)) return true;
    for (const f of this.anyFirsts) if (f === '*' || path.startsWith(f)) return true;
    return false;
  }

  has(segs: readonly string[]): boolean {
    return this.match(segs).length > 0;
  }
}

const EMPTY: unknown[] = [];

/** `{get,post}` → [get, post]; any other segment → [itself]. */
function alternativesOf(seg: string): string[] {
  return seg.length > 2 && seg.startsWith('{') && seg.endsWith('}') ? seg.slice(1, -1).split(',') : [seg];
}

/** `{get,post}` → its alternatives, split once per distinct segment (matching runs per call evaluated). */
const alternatives = new Map<string, Set<string>>();

function segMatch(p: string, x: string): boolean {
  if (p === x) return true;
  if (p === '*') return x !== '()';
  if (p.length > 2 && p.charCodeAt(0) === 123 /* { */ && p.endsWith('}')) {
    let alts = alternatives.get(p);
    if (!alts) alternatives.set(p, (alts = new Set(p.slice(1, -1).split(','))));
    return alts.has(x);
  }
  return false;
}

/** Segment-wise match; a leading `*` matches any (possibly unresolved) prefix of one or more segments. */
export function segsMatch(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern[0] === '*' && pattern.length > 1) {
    if (path.length < pattern.length) return false;
    const off = path.length - pattern.length;
    for (let i = 1; i < pattern.length; i++) if (!segMatch(pattern[i]!, path[off + i]!)) return false;
    return true;
  }
  if (pattern.length !== path.length) return false;
  for (let i = 0; i < pattern.length; i++) if (!segMatch(pattern[i]!, path[i]!)) return false;
  return true;
}

export interface CompiledModels {
  sourcesRead: SegIndex<SourceSpec>;
  sourcesCall: SegIndex<SourceSpec>;
  /** Calls whose callback's first parameter is the source (`req.on('data', cb)`). */
  sourcesCallback: SegIndex<SourceSpec>;
  sinksCall: SegIndex<SinkSpec>;
  sinksAssign: SegIndex<SinkSpec>;
  sinksJsx: Map<string, SinkSpec[]>;
  sinksMethod: Map<string, MethodSink[]>;
  /** `x.pipe(dest)` sinks, by the destination's pattern (segments). */
  sinksPipe: { spec: SinkSpec; segs: string[] }[];
  sanitizersCall: SegIndex<SanitizerSpec>;
  sanitizersMethod: Map<string, SanitizerSpec[]>;
  propagatorsCall: SegIndex<PropagatorSpec>;
  propagatorsMethod: Map<string, PropagatorSpec[]>;
  handlersRegister: SegIndex<HandlerSpec>;
  /** Calls that set a response's content type. */
  contentTypes: SegIndex<ContentTypeSpec>;
  /** Every call pattern above (sinks, sources, sanitizers, propagators, registrations): `mayMatchPath` before splitting a callee's path. */
  callPatterns: SegIndex<true>;
  handlersExports: { re: RegExp; spec: HandlerSpec }[];
  handlersClassDecorator: Map<string, HandlerSpec[]>;
  handlersParamNames: HandlerSpec[];
  /** Decorator name → parameter role/label, over all handler specs. */
  paramDecorators: Map<string, { label?: SourceLabel; role?: string; description?: string; text?: boolean }>;
  /** Every API root a source or role mentions, for the cheap "is there anything to do" test. */
  roots: Set<string>;
  /** Bit per sink kind. */
  kindBit: (k: SinkKind) => number;
  /** Folder → its package is a library (TaintModel `packages`; empty: no package.json was looked at). */
  packages: Map<string, boolean>;
  /** Ids of response-body sinks that send an object as JSON (SinkSpec `bodyJson`). */
  bodySinks: Set<string>;
}

const KINDS: SinkKind[] = [
  'sql-injection', 'nosql-injection', 'command-injection', 'code-injection', 'xss', 'path-traversal', 'ssrf',
  'open-redirect', 'prototype-pollution', 'redos', 'deserialization', 'xxe', 'header-injection', 'log-injection',
  'template-injection', 'ldap-injection', 'xpath-injection', 'argument-injection',
];
const KIND_BIT = new Map<SinkKind, number>(KINDS.map((k, i) => [k, 1 << i]));
export const ALL_KINDS_MASK = (1 << KINDS.length) - 1;

export function kindBit(k: SinkKind): number {
  return KIND_BIT.get(k) ?? 0;
}

export function kindsMask(kinds: SinkKind[] | 'all'): number {
  if (kinds === 'all') return ALL_KINDS_MASK;
  let m = 0;
  for (const k of kinds) m |= kindBit(k);
  return m;
}

export function maskKinds(mask: number): SinkKind[] | 'all' {
  if ((mask & ALL_KINDS_MASK) === ALL_KINDS_MASK) return 'all';
  return KINDS.filter((k) => (mask & kindBit(k)) !== 0);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

export function compileModels(models: TaintModel[]): CompiledModels {
  const c: CompiledModels = {
    sourcesRead: new SegIndex(), sourcesCall: new SegIndex(), sourcesCallback: new SegIndex(), sinksCall: new SegIndex(), sinksAssign: new SegIndex(),
    sinksJsx: new Map(), sinksMethod: new Map(), sinksPipe: [], sanitizersCall: new SegIndex(), sanitizersMethod: new Map(),
    propagatorsCall: new SegIndex(), propagatorsMethod: new Map(), handlersRegister: new SegIndex(), contentTypes: new SegIndex(), callPatterns: new SegIndex(),
    handlersExports: [], handlersClassDecorator: new Map(), handlersParamNames: [], paramDecorators: new Map(),
    roots: new Set(), kindBit, packages: new Map(), bodySinks: new Set(),
  };
  for (const m of models) {
    for (const [dir, lib] of Object.entries(m.packages ?? {})) c.packages.set(dir, lib);
    for (const s of m.sources ?? []) {
      (s.on === 'call' ? c.sourcesCall : s.on === 'callback' ? c.sourcesCallback : c.sourcesRead).add(s.api, s);
      if (s.on === 'call' || s.on === 'callback') c.callPatterns.add(s.api, true);
      c.roots.add(splitApi(s.api)[0] ?? s.api);
    }
    for (const s of m.sinks ?? []) {
      if (s.call) {
        c.sinksCall.add(s.call, s);
        c.callPatterns.add(s.call, true);
      }
      if (s.assign) c.sinksAssign.add(s.assign, s);
      if (s.bodyJson) c.bodySinks.add(s.id);
      if (s.jsxAttribute) push(c.sinksJsx, s.jsxAttribute, s);
      if (s.pipeInto) c.sinksPipe.push({ spec: s, segs: splitApi(s.pipeInto) });
      if (s.method) {
        let re: RegExp;
        try {
          re = new RegExp(s.method.receiver, 'i');
        } catch {
          continue;
        }
        push(c.sinksMethod, s.method.name, { spec: s, receiver: re });
      }
    }
    for (const s of m.sanitizers ?? []) {
      if (s.call) {
        c.sanitizersCall.add(s.call, s);
        c.callPatterns.add(s.call, true);
      }
      if (s.method) push(c.sanitizersMethod, s.method, s);
    }
    for (const p of m.propagators ?? []) {
      if (p.call) {
        c.propagatorsCall.add(p.call, p);
        c.callPatterns.add(p.call, true);
      }
      if (p.method) push(c.propagatorsMethod, p.method, p);
    }
    for (const t of m.contentTypes ?? []) {
      c.contentTypes.add(t.call, t);
      c.callPatterns.add(t.call, true);
    }
    for (const h of m.handlers ?? []) {
      if (h.register) {
        c.handlersRegister.add(h.register, h);
        c.callPatterns.add(h.register, true);
      }
      if (h.exports) {
        try {
          c.handlersExports.push({ re: new RegExp(h.exports.file), spec: h });
        } catch {
          /* a bad file pattern disables only this spec */
        }
      }
      if (h.classDecorator) push(c.handlersClassDecorator, h.classDecorator, h);
      if (h.paramNames && h.paramNames.length > 0) c.handlersParamNames.push(h);
      for (const [name, d] of Object.entries(h.paramDecorators ?? {})) c.paramDecorators.set(name, d);
      for (const r of h.params ?? []) if (r) c.roots.add(r);
    }
  }
  return c;
}
