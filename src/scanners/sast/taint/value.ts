/**
 * The abstract value the taint engine computes for an expression. Values are immutable: every
 * change makes a new object, so environments can share them across branches.
 */
import type { SourceLabel } from '../models/types.js';
import type { AnyNode } from '../parse/walk.js';
import type { FlowStep } from './types.js';

/** Longest code-flow trace kept: the source, the latest hops, the sink. */
export const MAX_STEPS = 12;
/** Most flows one value carries (distinct sources); more are dropped, keeping the first. */
const MAX_FLOWS = 6;
/** Most fields tracked per object value. */
const MAX_FIELDS = 32;
const MAX_FNS = 4;
/** How deep `allFlows` looks into nested fields. */
const FIELD_DEPTH = 4;

/** A flow of untrusted data: from a real source (`label`) or, while summarising, a parameter. */
export interface Flow {
  label: SourceLabel | null;
  /** -2 for a real source; -1 `this`; 0.. the parameter index of the function being summarised. */
  param: number;
  /** Identity of the origin: "path:offset" of the source node, or "p<index>". */
  src: string;
  steps: FlowStep[];
  /** Sink kinds this flow has been made safe for (bit mask, models/compile.ts `kindBit`). */
  clean: number;
  /** The data is a part of a string built by concatenation, template or format. */
  built: boolean;
  /** Kinds whose earlier cleaning this path undid (a shell-quoted word quoted again): a summary passes it to callers. */
  unclean?: number;
  /** Checked to hold no '..' (`!x.includes('..')`) but maybe absolute: only joining under a fixed root confines it. */
  dotless?: boolean;
  /** What text it is (flags): built next to SQL words (T_SQL) or HTML markup (T_HTML), or plain text by its field's name (T_PLAIN). */
  text?: number;
}

export const T_SQL = 1;
export const T_HTML = 2;
/**
 * Library input read from a field whose name says it is plain text (`opts.closeText`, `itemTitle`,
 * `label`, `node.name`): inserted as HTML, even whole, that is XSS (context.ts).
 */
export const T_PLAIN = 4;
/**
 * Stored data (a database row) read as a field of its row (`row.bio`): text, which a response body
 * sends as HTML, while the row or the rows whole are sent as JSON (context.ts reportFlow).
 */
export const T_FIELD = 8;
/** SQL statement words in a literal part (`'SELECT * FROM t WHERE id = ' + id`). */
const SQL_WORDS = /\b(?:select|insert\s+into|update|delete\s+from|where|order\s+by|group\s+by|values|from)\b/i;
/** Markup in a literal part: a tag, or an attribute value opening (`title="`). */
const MARKUP = /<[a-z!/]|=\s*["']/i;

/** The text kinds any of these flows was built next to: one string shares them all. */
export function flowsText(flows: Flow[]): number {
  let t = 0;
  for (const f of flows) t |= f.text ?? 0;
  return t;
}

/** What kind of text a literal part is (T_SQL | T_HTML), 0 for neither. */
export function textKinds(s: string): number {
  return (SQL_WORDS.test(s) ? T_SQL : 0) | (MARKUP.test(s) ? T_HTML : 0);
}

/** A function value: its AST node and the analysis frame it closes over. */
export interface FnRef {
  node: AnyNode;
  /** Opaque closure frame (taint/state.ts Frame). */
  closure: unknown;
  /** For methods: the class node whose `this` they see. */
  cls?: AnyNode;
}

/** A binding imported from a project file: the specifier and the export name (undefined: the module). */
export interface ImportRef {
  spec: string;
  name?: string;
  /** An instance made with `new` from an imported class. */
  inst?: boolean;
}

export const F_PATH_NORM = 1; // result of path.resolve/normalize/join: a prefix check makes it safe
export const F_DEREF = 2; // read with a tainted computed key: `o[k]`
export const F_NULL_PROTO = 4; // Object.create(null) or a Map: no prototype to pollute
export const F_CLEAN_SCALAR = 8; // a number, boolean or comparison result: nothing to inject
export const F_REL_SLASH = 16; // checked to start with '/'
export const F_NOT_DSLASH = 32; // checked not to start with '//'
export const F_FIXED_ORIGIN = 64; // text that starts with a literal local path or http(s)://host/
export const F_ROOTED = 128; // a path that starts with '/': a URL's pathname, '/' + x
export const F_ROOTED_NORM = 256; // path.normalize of a rooted path: no '..' can climb above its start
export const F_CT_HTML = 512; // a response whose content type was set to HTML (or XML, SVG, script)
export const F_CT_OTHER = 1024; // a response whose content type was set to a type browsers do not render as a page (JSON, text/plain)
export const F_CT_MASK = F_CT_HTML | F_CT_OTHER;
export const F_ARRAY_LIT = 2048; // an array literal: a response body sends it as JSON
export const F_SENDER_CHECKED = 4096; // a postMessage event whose origin was checked exactly: its data is no other window's
export const F_ARRAY_MAPPED = 8192; // an array made by map/flatMap: a response body sends it as JSON

export interface Value {
  flows?: Flow[];
  fields?: Map<string, Value>;
  api?: string;
  fns?: FnRef[];
  lit?: string | number | boolean | null;
  imp?: ImportRef;
  /** A class value (`cls`) or an instance of a local class (`inst`). */
  cls?: AnyNode;
  inst?: AnyNode;
  flags?: number;
  /** The env key of the string a `new URL(x)` value was built from (for URL allow-lists). */
  urlOf?: string;
  /** The variable a one-argument `path.resolve(x)` / `path.normalize(x)` was made from: a path guard on this value holds for it (fs resolves it the same way). */
  normOf?: string;
}

/**
 * Every Value is made here with all its fields, in this order (undefined when absent), and copies
 * are spreads of such values, so they all share one hidden class (plus its frozen twin). Made as
 * ad-hoc literals ({ flows }, { api }, { lit, flags } …) values reached merge points in about 15
 * shapes, which made the engine's reads of them megamorphic and deoptimised its hot functions.
 * An absent field and an undefined one read and serialise the same.
 */
export function valueOf(o: Value): Value {
  return { flows: o.flows, fields: o.fields, api: o.api, fns: o.fns, lit: o.lit, imp: o.imp, cls: o.cls, inst: o.inst, flags: o.flags, urlOf: o.urlOf, normOf: o.normOf };
}

/** valueOf for the common few-field values, without an argument object (hot paths). */
export function makeValue(flows: Flow[] | undefined, api?: string, lit?: string | number | boolean | null, flags?: number): Value {
  return { flows, fields: undefined, api, fns: undefined, lit, imp: undefined, cls: undefined, inst: undefined, flags, urlOf: undefined, normOf: undefined };
}

export const UNKNOWN: Value = Object.freeze(makeValue(undefined));
export const CLEAN: Value = Object.freeze(makeValue(undefined, undefined, undefined, F_CLEAN_SCALAR));

/**
 * A flow with all its fields (one hidden class, as for values): `unclean`, `dotless` and `text`
 * undefined unless given.
 */
export function makeFlow(label: SourceLabel | null, param: number, src: string, steps: FlowStep[], clean: number, built: boolean, text?: number): Flow {
  return { label, param, src, steps, clean, built, unclean: undefined, dotless: undefined, text };
}

/** A copy of a flow to change (not a spread: a spread's object takes another hidden class than makeFlow's). */
function copyFlow(f: Flow): Flow {
  return { label: f.label, param: f.param, src: f.src, steps: f.steps, clean: f.clean, built: f.built, unclean: f.unclean, dotless: f.dotless, text: f.text };
}

export function isTainted(v: Value | undefined): boolean {
  return !!v && !!v.flows && v.flows.length > 0;
}

export function hasAnyTaint(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.flows && v.flows.length > 0) return true;
  if (v.fields) for (const f of v.fields.values()) if (hasAnyTaint(f)) return true;
  return false;
}

/** Own flows plus the flows of nested fields (the taint of the whole value). */
export function allFlows(v: Value | undefined, depth = 0): Flow[] {
  if (!v) return NO_FLOWS;
  if (!v.fields || depth >= FIELD_DEPTH) return v.flows ?? NO_FLOWS;
  let out: Flow[] | undefined;
  if (v.flows) out = v.flows.slice();
  for (const f of v.fields.values()) {
    const ff = allFlows(f, depth + 1);
    if (ff.length > 0) out = mergeFlows(out ?? [], ff);
  }
  return out ?? NO_FLOWS;
}

export const NO_FLOWS: Flow[] = [];

/**
 * The taint of an object's keys (Object.keys, Object.entries, for…in): its own flows only. A named
 * field's key is the constant it was written with (`{ title: x }`, `o.url = y`); a source object, a
 * spread of one and a write under a computed key keep their taint as own flows.
 */
export function keyFlows(v: Value | undefined): Flow[] {
  return v?.flows ?? NO_FLOWS;
}

function sameFlowKey(a: Flow, b: Flow): boolean {
  return a.src === b.src && a.param === b.param;
}

/**
 * Union of flow lists by origin. The same origin on both sides keeps what is common to both paths:
 * cleaned only if cleaned on both, built if built on either.
 */
export function mergeFlows(a: Flow[], b: Flow[]): Flow[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  let out: Flow[] | undefined;
  for (const f of b) {
    const cur = out ?? a;
    let idx = -1;
    for (let i = 0; i < cur.length; i++) if (sameFlowKey(cur[i]!, f)) { idx = i; break; }
    if (idx < 0) {
      if (cur.length >= MAX_FLOWS) continue;
      out = cur === a ? a.slice() : cur;
      out.push(f);
      continue;
    }
    const g = cur[idx]!;
    const clean = g.clean & f.clean;
    const built = g.built || f.built;
    const unclean = (g.unclean ?? 0) | (f.unclean ?? 0);
    const text = (g.text ?? 0) | (f.text ?? 0);
    // No '..' only if so on both paths.
    const dotless = !!g.dotless && !!f.dotless;
    if (clean === g.clean && built === g.built && unclean === (g.unclean ?? 0) && dotless === !!g.dotless && text === (g.text ?? 0)) continue;
    out = cur === a ? a.slice() : cur;
    const m = copyFlow(g);
    m.clean = clean;
    m.built = built;
    if (unclean) m.unclean = unclean;
    if (text) m.text = text;
    // Not `delete`: deleting a field that is not the last one puts the object in dictionary mode,
    // and every function that later reads this flow deoptimises on its map (undefined reads the same).
    if (!dotless && m.dotless !== undefined) m.dotless = undefined;
    out[idx] = m;
  }
  return out ?? a;
}

/**
 * How deep a join merges nested fields. Deeper, the left value's fields are kept and only the right
 * one's own flows are added (allFlows reads FIELD_DEPTH levels; a member chain this long is rare).
 */
const JOIN_DEPTH = 8;
/** Most field pairs one join merges (wide objects nested a few levels deep); past it, as past JOIN_DEPTH. */
const JOIN_VISITS = 20_000;

/**
 * Pairs already joined within the current top-level join. Values are DAGs (an object stored in
 * several fields, `fiber.child.return = fiber`): without this, a join walks a shared part once per
 * path to it and returns unshared copies, so joins of such objects grew exponentially with their
 * depth (react-dom's development bundle ran a scan out of a 4 GB heap).
 */
let joinMemo: Map<Value, Map<Value, Value>> | undefined;
let joinVisits = 0;
/**
 * Joins cut short at JOIN_DEPTH or JOIN_VISITS since the worker started; the analyser compares it
 * with the count it last saw and reports a truncation (context.ts Analyzer.noteJoinCuts).
 */
export let joinCuts = 0;

/** Joins two values at a merge point. Returns `a` itself when `b` adds nothing (fixpoint test). */
export function join(a: Value | undefined, b: Value | undefined): Value {
  if (!a) return b ?? UNKNOWN;
  if (!b || a === b) return a;
  if (joinMemo !== undefined || !a.fields || !b.fields) return joinAt(a, b, 0);
  joinMemo = new Map();
  joinVisits = 0;
  try {
    return joinAt(a, b, 0);
  } finally {
    joinMemo = undefined;
  }
}

/** A nested field's join: memoised per pair, and cut at JOIN_DEPTH / JOIN_VISITS. */
function joinField(av: Value | undefined, bv: Value, depth: number): Value {
  if (!av || av === bv) return av ?? bv;
  const memo = joinMemo!;
  let row = memo.get(av);
  const known = row?.get(bv);
  if (known) return known;
  let j: Value;
  if (depth >= JOIN_DEPTH || ++joinVisits > JOIN_VISITS) {
    if (bv.fields) joinCuts++;
    const f = bv.flows ? mergeFlows(av.flows ?? NO_FLOWS, bv.flows) : av.flows;
    j = av;
    if (f !== av.flows) { j = valueOf(av); j.flows = f; }
  } else {
    j = joinAt(av, bv, depth);
  }
  if (!row) memo.set(av, (row = new Map()));
  row.set(bv, j);
  return j;
}

function joinAt(a: Value, b: Value, depth: number): Value {
  let changed = false;
  const r: Value = valueOf(a);
  if (b.flows) {
    const f = mergeFlows(a.flows ?? NO_FLOWS, b.flows);
    if (f !== a.flows && f.length > 0) { r.flows = f; changed = true; }
  }
  if (b.fields) {
    if (!a.fields) { r.fields = b.fields; changed = true; }
    else {
      let m: Map<string, Value> | undefined;
      for (const [k, bv] of b.fields) {
        const av = a.fields.get(k);
        const j = joinField(av, bv, depth + 1);
        if (j !== av && (m || a.fields.size < MAX_FIELDS || av)) {
          m ??= new Map(a.fields);
          m.set(k, j);
        }
      }
      if (m) { r.fields = m; changed = true; }
    }
  }
  // One API name per value: a named one wins over the result of some call, so a callee picked
  // between Function and an AsyncFunction getter (`c ? getAsyncCtor() : Function`) stays Function.
  if (b.api !== undefined && (a.api === undefined || (a.api !== b.api && a.api.endsWith('()') && !b.api.endsWith('()')))) { r.api = b.api; changed = true; }
  if (b.fns) {
    const fns = a.fns ? a.fns.slice() : [];
    for (const f of b.fns) if (fns.length < MAX_FNS && !fns.some((g) => g.node === f.node)) { fns.push(f); changed = true; }
    if (changed) r.fns = fns;
  }
  if (b.imp && !a.imp) { r.imp = b.imp; changed = true; }
  if (b.cls && !a.cls) { r.cls = b.cls; changed = true; }
  if (b.inst && !a.inst) { r.inst = b.inst; changed = true; }
  // Cleared with undefined, not `delete` (as in mergeFlows): a deleted middle field makes `r` a
  // dictionary-mode object, slow to read and a map deopt in every function it reaches.
  if (a.lit !== undefined && a.lit !== b.lit) { r.lit = undefined; changed = true; }
  const fa = a.flags ?? 0;
  const fb = b.flags ?? 0;
  // Protections hold only if they hold on both paths; F_DEREF and an HTML content type hold if on either.
  const flags = (fa & fb) | ((fa | fb) & (F_DEREF | F_CT_HTML));
  if (flags !== fa) { r.flags = flags; changed = true; }
  if (a.urlOf !== undefined && a.urlOf !== b.urlOf) { r.urlOf = undefined; changed = true; }
  if (a.normOf !== undefined && a.normOf !== b.normOf) { r.normOf = undefined; changed = true; }
  return changed ? r : a;
}

/** The value with only its taint (no API, function or literal identity). */
export function taintOnly(flows: Flow[]): Value {
  return flows.length === 0 ? UNKNOWN : makeValue(flows);
}

export function withFlows(v: Value, flows: Flow[]): Value {
  if (flows.length === 0 && !v.flows) return v;
  const r = valueOf(v);
  r.flows = flows.length === 0 ? undefined : flows;
  return r;
}

export function withField(v: Value, name: string, f: Value): Value {
  const fields = new Map(v.fields ?? []);
  if (fields.size >= MAX_FIELDS && !fields.has(name)) return v;
  fields.set(name, f);
  const r = valueOf(v);
  r.fields = fields;
  return r;
}

/** Marks flows as built from parts (concatenation and friends), next to literal text of these kinds. */
export function markBuilt(flows: Flow[], text = 0): Flow[] {
  if (flows.every((f) => f.built && ((f.text ?? 0) | text) === (f.text ?? 0))) return flows;
  return flows.map((f) => {
    const t = (f.text ?? 0) | text;
    if (f.built && t === (f.text ?? 0)) return f;
    const m = copyFlow(f);
    m.built = true;
    if (t) m.text = t;
    return m;
  });
}

/** Marks flows clean for kinds (bit mask); flows clean for everything are dropped. */
export function cleanFlows(flows: Flow[], mask: number, all: number): Flow[] {
  const out: Flow[] = [];
  for (const f of flows) {
    const clean = f.clean | mask;
    if ((clean & all) === all) continue;
    out.push(clean === f.clean ? f : withClean(f, clean));
  }
  return out;
}

function withClean(f: Flow, clean: number): Flow {
  const m = copyFlow(f);
  m.clean = clean;
  return m;
}

/** Marks flows as holding no '..' (maybe absolute); flows already clean for `mask` stay as they are. */
export function markDotless(flows: Flow[], mask: number): Flow[] {
  return flows.map((f) => {
    if ((f.clean & mask) === mask || f.dotless) return f;
    const m = copyFlow(f);
    m.dotless = true;
    return m;
  });
}

/**
 * A '..'-free part put under a fixed root: confined, so clean for `mask` (path traversal). It stays
 * marked dotless, so a merge with a path where it was not joined keeps the weaker mark, not nothing.
 */
export function confineDotless(flows: Flow[], mask: number, all: number): Flow[] {
  if (!flows.some((f) => f.dotless && (f.clean & mask) !== mask)) return flows;
  const out: Flow[] = [];
  for (const f of flows) {
    if (!f.dotless) { out.push(f); continue; }
    const clean = f.clean | mask;
    if ((clean & all) === all) continue;
    out.push(clean === f.clean ? f : withClean(f, clean));
  }
  return out;
}

/** Steps kept at the start of a long path: the source and the first hops from the handler. */
const HEAD_STEPS = 4;

/**
 * Appends a step within MAX_STEPS: a longer path keeps its source and first hops (where the
 * request data goes first) and its latest hops (how it reaches the sink), and the step after the
 * gap counts what was left out, so no path silently skips files.
 */
export function addStep(steps: FlowStep[], step: FlowStep): FlowStep[] {
  const last = steps[steps.length - 1];
  if (last && last.line === step.line && last.column === step.column && last.path === step.path) return steps;
  let out: FlowStep[];
  if (steps.length >= MAX_STEPS) {
    const dropped = steps[HEAD_STEPS]!;
    const next = steps[HEAD_STEPS + 1]!;
    out = steps.slice(0, HEAD_STEPS);
    out.push({ ...next, omittedBefore: (dropped.omittedBefore ?? 0) + 1 + (next.omittedBefore ?? 0) });
    for (let i = HEAD_STEPS + 2; i < steps.length; i++) out.push(steps[i]!);
  } else out = steps.slice();
  out.push(step);
  return out;
}

export function concatSteps(a: FlowStep[], b: FlowStep[]): FlowStep[] {
  let out = a;
  for (const s of b) out = addStep(out, s);
  return out;
}

export function flowsWithStep(flows: Flow[], step: FlowStep): Flow[] {
  return flows.map((f) => {
    const m = copyFlow(f);
    m.steps = addStep(f.steps, step);
    return m;
  });
}
