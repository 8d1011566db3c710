/**
 * Analysis frames and flow-sensitive states. A Frame is one analysed run of a function body; a
 * State is the environment at one program point of it (name → Value). States are forked at
 * branches and joined at merge points; closures keep a pointer to the State they were created in,
 * so a callback run later reads the outer variables as they are then.
 */
import type { FnScope } from '../ir/scope.js';
import type { AnyNode } from '../parse/walk.js';
import type { Flow, Value } from './value.js';
import { join } from './value.js';
import type { NeedsBuilt, SinkKind, SourceLabel } from '../models/types.js';
import type { FlowStep } from './types.js';
import type { SinkInfo } from './context.js';

export type Mode = 'summary' | 'handler' | 'plain';

export interface Target {
  label?: string;
  loop: boolean;
  breaks: Map<string, Value>[];
  continues: Map<string, Value>[];
}

/** What a summarised run records about its parameters. */
export interface SummaryAcc {
  /** Start offset of the summarised function: its parameter flows are `p<i>@<owner>`. */
  owner: number;
  toReturn: Map<number, Flow>;
  toSink: Map<string, { param: number; steps: FlowStep[]; kind: SinkKind; sinkId: string; labels?: SourceLabel[]; needsBuilt?: NeedsBuilt; built?: boolean; text?: number; custom?: string }>;
  sourceReturn: Map<string, Flow>;
}

export interface Frame {
  scope: FnScope;
  /** The State this function's closure was created in (null at module level). */
  closure: State | null;
  mode: Mode;
  thisVal?: Value;
  /** The class whose method this is (for `this.x` fields and `this.m()` calls). */
  cls?: AnyNode;
  ret?: Value;
  /** A handler whose returned text is the response body (HandlerSpec.returnsHtml): its `return`s are this sink. */
  returnSink?: SinkInfo;
  targets: Target[];
  summary?: SummaryAcc;
  /** How many inlined runs deep (callbacks analysed at their call site). */
  inline: number;
  /** Functions being run inline below this frame (recursion guard). */
  stack: Set<AnyNode>;
}

/**
 * A frame with every field, in one order (one hidden class, as for values in value.ts): a frame
 * made with only some of them, and given `ret` or `thisVal` later, took up to a dozen shapes.
 */
export function makeFrame(
  scope: FnScope, closure: State | null, mode: Mode, inline: number, stack: Set<AnyNode>,
  o: { summary?: SummaryAcc | undefined; cls?: AnyNode | undefined; thisVal?: Value | undefined; returnSink?: SinkInfo | undefined } = {},
): Frame {
  return { scope, closure, mode, thisVal: o.thisVal, cls: o.cls, ret: undefined, returnSink: o.returnSink, targets: [], summary: o.summary, inline, stack };
}

export interface State {
  env: Map<string, Value>;
  frame: Frame;
  /**
   * Guard refinements: a name or member path (`req.query.id`) and its cleaned value on this path.
   * Kept apart from env because a key missing on one side of a join means "not refined", not
   * "unassigned"; EMPTY_REF is shared and replaced on first write.
   */
  ref: Map<string, Value>;
  /**
   * `env` is this State's alone. Forks share the map (most branches write nothing) and whichever
   * side writes first copies it (envSet); a State not marked as owner never writes in place.
   */
  own?: boolean;
}

export const EMPTY_REF: Map<string, Value> = new Map();

export function fork(st: State): State {
  st.own = false;
  return { env: st.env, frame: st.frame, ref: st.ref.size > 0 ? new Map(st.ref) : EMPTY_REF, own: false };
}

/** Writes a binding, copying the environment first if it may be shared with another State. */
export function envSet(st: State, name: string, v: Value): void {
  if (st.own !== true) {
    st.env = new Map(st.env);
    st.own = true;
  }
  st.env.set(name, v);
}

/** Replaces a State's environment with the join of two (e.g. its branches'). */
export function setJoinedEnv(st: State, a: Map<string, Value>, b: Map<string, Value>): void {
  const out = joinEnvs(a, b);
  st.env = out;
  st.own = out !== a && out !== b;
}

/**
 * Refinements present on both sides, joined. A variable refined on one side only keeps the join
 * of that refinement with the other side's own value of it (`if (a) p = CONST; else { guard(p) }`).
 */
function joinRefs(a: Map<string, Value>, b: Map<string, Value>, aEnv?: Map<string, Value>, bEnv?: Map<string, Value>): Map<string, Value> {
  if (a.size === 0 && b.size === 0) return EMPTY_REF;
  const out = new Map<string, Value>();
  for (const [k, av] of a) {
    const bv = b.get(k) ?? (k.includes('.') ? undefined : bEnv?.get(k));
    if (bv !== undefined) out.set(k, join(av, bv));
  }
  for (const [k, bv] of b) {
    if (a.has(k) || k.includes('.')) continue;
    const av = aEnv?.get(k);
    if (av !== undefined) out.set(k, join(av, bv));
  }
  return out.size > 0 ? out : EMPTY_REF;
}

export function setRef(st: State, key: string, v: Value): void {
  if (st.ref === EMPTY_REF) st.ref = new Map();
  st.ref.set(key, v);
}

/** Drops refinements of a name and of member paths under it (it was assigned). */
export function dropRef(st: State, name: string): void {
  if (st.ref.size === 0) return;
  st.ref.delete(name);
  const prefix = name + '.';
  for (const k of [...st.ref.keys()]) if (k.startsWith(prefix)) st.ref.delete(k);
}

/** Joins environments; a name missing on one side keeps the other side's value. */
/** `a` itself when `b` adds nothing to it (so callers must not write to the result in place). */
export function joinEnvs(a: Map<string, Value>, b: Map<string, Value>): Map<string, Value> {
  if (a === b) return a;
  let out: Map<string, Value> | undefined;
  for (const [k, bv] of b) {
    const av = a.get(k);
    if (av === bv) continue;
    const j = av === undefined ? bv : join(av, bv);
    if (j === av) continue;
    (out ??= new Map(a)).set(k, j);
  }
  return out ?? a;
}

export function joinStates(a: State | null, b: State | null): State | null {
  if (!a) return b;
  if (!b) return a;
  const env = joinEnvs(a.env, b.env);
  return { env, frame: a.frame, ref: joinRefs(a.ref, b.ref, a.env, b.env), own: env !== a.env && env !== b.env };
}

/** Did `next` add anything over `prev` (join(prev, next) === prev for every key)? */
export function envGrew(prev: Map<string, Value>, next: Map<string, Value>): boolean {
  if (prev === next) return false;
  for (const [k, v] of next) {
    const p = prev.get(k);
    if (p === undefined) return true;
    if (join(p, v) !== p) return true;
  }
  return false;
}
