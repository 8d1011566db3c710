/**
 * Function summaries (taint/summary.ts `Summary`): each function is run once with symbolic
 * parameters (a flow per parameter) and what reaches its return value or a sink is recorded.
 * Computed on first use (so callees before callers); recursion sees the summary computed so far and
 * the function is re-run until the summary stops changing (at most MAX_ROUNDS runs).
 */
import { ALL_KINDS_MASK, kindsMask, maskKinds } from '../models/compile.js';
import type { NeedsBuilt, SinkKind } from '../models/types.js';
import type { AnyNode } from '../parse/walk.js';
import { patternNames } from '../ir/scope.js';
import { paramSrc, thisClass, type Analyzer } from './context.js';
import { readsArguments, runFunction } from './run.js';
import { componentProps, PROP_PARAM } from './component-props.js';
import { dtoFieldProps, dtoTypedParam } from './dtos.js';
import { makeFrame, type Frame, type State, type SummaryAcc } from './state.js';
import type { ParamFlow, Summary } from './summary.js';
import { allFlows, makeFlow, makeValue, type Flow, type FnRef, type Value } from './value.js';
import { markupReturn } from './markup-returns.js';

type N = AnyNode & Record<string, any>;

const MAX_ROUNDS = 3;

/**
 * ParamFlow plus: the returned text was built from the parameter (for requiresConcatenation sinks);
 * the parameter comes back checked to hold no '..' but maybe absolute (value.ts `dotless`), which
 * the caller's path.join under a fixed root completes.
 */
export interface ParamFlowX extends ParamFlow {
  built?: boolean;
  dotless?: boolean;
  /** Literal text kinds the returned text was built next to (value.ts T_SQL, T_HTML). */
  text?: number;
}
/**
 * A param → sink entry plus: the sink needs text built from parts and the callee passed it whole;
 * the parameter reached the sink as a part of text built on the way (`built`).
 */
export type SinkFlowX = Summary['toSink'][number] & { needsBuilt?: NeedsBuilt; unclean?: number; built?: boolean; text?: number };

export const EMPTY_SUMMARY: Summary = Object.freeze({ toReturn: [], toSink: [], sourceReturn: [] }) as unknown as Summary;

/** Undeclared arguments (read through `arguments`) given parameter flows, up to this index. */
const MAX_UNDECLARED = 3;

export function paramValues(A: Analyzer, fn: AnyNode, owner: number, props?: string[]): Value[] {
  const name = A.scopes.scopes.get(fn)?.name ?? '<anonymous>';
  const out: Value[] = [];
  const params = ((fn as N).params ?? []) as N[];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    const pname = patternNames(p)[0] ?? `#${i}`;
    const f: Flow = makeFlow(null, i, paramSrc(owner, i), [A.step(p, `parameter ${pname} of ${name}`)], 0, false);
    // A DTO-typed parameter behind a global validation pipe: its checked fields are clean (dtos.ts).
    out.push(dtoTypedParam(A, p, makeValue([f])));
  }
  // `function () { var list = Array.prototype.slice.apply(arguments) … }`: a function that reads
  // `arguments` takes more than it declares; its first few undeclared arguments are parameters too.
  if (readsArguments(A, fn)) {
    for (let i = params.length; i < MAX_UNDECLARED; i++) {
      out.push(makeValue([makeFlow(null, i, paramSrc(owner, i), [A.step(fn, `argument ${i} of ${name}`)], 0, false)]));
    }
  }
  // A component's props object: each prop it reads is a parameter of its own (component-props.ts).
  if (props && out[0] && params[0]) {
    const fields = new Map<string, Value>();
    for (let j = 0; j < props.length; j++) {
      const param = PROP_PARAM + j;
      const step = A.step(params[0], `prop ${props[j]} of ${name}`);
      fields.set(props[j]!, makeValue([makeFlow(null, param, paramSrc(owner, param), [step], 0, false)]));
    }
    out[0] = { ...out[0], fields };
  }
  return out;
}

/** Most returned closures run per summary. */
const MAX_RETURNED = 16;

/**
 * Functions the summarised function returns, made by this run: a thunk (`return (done) =>
 * fs.readFile(file, done)`), a middleware, an object of methods. Callers call them, so what they
 * do with the enclosing parameters is the enclosing function's parameter → sink.
 */
function returnedClosures(ret: Value, frame: Frame): FnRef[] {
  const out: FnRef[] = [];
  const add = (v: Value | undefined): void => {
    for (const f of v?.fns ?? []) {
      if (out.length < MAX_RETURNED && (f.closure as State | null)?.frame === frame && !frame.stack.has(f.node)) out.push(f);
    }
  };
  add(ret);
  if (ret.fields) for (const v of ret.fields.values()) add(v);
  return out;
}

/**
 * Runs a returned closure inside the summary (its own parameters unknown), so sinks it reaches with
 * the enclosing parameters are recorded. Not marked analysed: it still runs on its own (as a
 * handler, when its parameters say so).
 */
function runReturned(A: Analyzer, f: FnRef, outer: Frame): void {
  const scope = A.scopes.scopes.get(f.node);
  if (!scope || !outer.summary) return;
  const cls = thisClass(A, f.node, f.cls);
  const frame: Frame = makeFrame(scope, f.closure as State, 'summary', outer.inline + 1, new Set([...outer.stack, f.node]), {
    summary: outer.summary, cls, returnSink: markupReturn(A, f.node),
  });
  runFunction(A, f.node, frame, []);
}

function runSummary(A: Analyzer, fn: FnRef): Summary {
  const node = fn.node;
  const scope = A.scopes.scopes.get(node);
  if (!scope) return EMPTY_SUMMARY;
  const owner = node.start;
  const cls = thisClass(A, node, fn.cls);
  const acc: SummaryAcc = { owner, toReturn: new Map(), toSink: new Map(), sourceReturn: new Map() };
  // A render rule's helper (markup-returns.ts): its returns are HTML, recorded as parameter → sink.
  const frame: Frame = makeFrame(scope, (fn.closure as State | null) ?? A.moduleState, 'summary', 0, new Set([node]), { summary: acc, cls, returnSink: markupReturn(A, node) });
  A.analyzed.add(node);
  // A component's props, or a DTO parameter's checked fields (dtos.ts), each a parameter of its own.
  const props = componentProps(A, node) ?? dtoFieldProps(A, node);
  runFunction(A, node, frame, paramValues(A, node, owner, props));
  const ret = frame.ret;
  if (ret) for (const f of returnedClosures(ret, frame)) runReturned(A, f, frame);
  const sum: Summary = { toReturn: [], toSink: [...acc.toSink.values()], sourceReturn: [], ...(props ? { props } : {}) };
  if (ret) {
    const seen = new Set<number>();
    const rflows = allFlows(ret);
    // Dotless only when every returned path of the parameter is: one unchecked path keeps it plain.
    const dotless = (p: number): boolean => rflows.every((g) => g.param !== p || g.src !== paramSrc(owner, p) || !!g.dotless);
    for (const f of rflows) {
      if (f.param >= -1) {
        if (f.src !== paramSrc(owner, f.param) || seen.has(f.param)) continue;
        seen.add(f.param);
        const pf: ParamFlowX = {
          param: f.param, steps: f.steps, ...(f.built ? { built: true } : {}), ...(dotless(f.param) ? { dotless: true } : {}), ...(f.text ? { text: f.text } : {}),
        };
        sum.toReturn.push(pf);
        if (f.clean !== 0) (sum.sanitizes ??= []).push({ param: f.param, kinds: maskKinds(f.clean) });
      } else if (f.label) {
        // What the function did to its own source data travels with it: `return DOMPurify.sanitize(location.hash)`
        // is clean for XSS at every call site, not raw page URL again.
        sum.sourceReturn.push({
          label: f.label, steps: f.steps, ...cleanEntry(f.clean), ...(f.built ? { built: true } : {}), ...(f.text ? { text: f.text } : {}),
        });
      }
    }
    if (ret.api !== undefined && !ret.api.startsWith('@')) sum.returnsApi = ret.api;
  }
  return sum;
}

/**
 * A source return's cleaning as the shorter of `clean` (kinds it is clean for) and `cleanBut` (all
 * kinds but these); sourceReturnMask reads either back to the same mask (within ALL_KINDS_MASK).
 */
function cleanEntry(mask: number): { clean?: SinkKind[] | 'all'; cleanBut?: SinkKind[] } {
  if (mask === 0) return {};
  const kinds = maskKinds(mask);
  if (kinds === 'all') return { clean: kinds };
  const but = maskKinds(ALL_KINDS_MASK & ~mask);
  return but !== 'all' && but.length < kinds.length ? { cleanBut: but } : { clean: kinds };
}

/** The kinds mask a summary's source return is clean for (cleanEntry's encoding). */
export function sourceReturnMask(sr: Summary['sourceReturn'][number]): number {
  if (sr.cleanBut !== undefined) return ALL_KINDS_MASK & ~kindsMask(sr.cleanBut);
  return sr.clean === undefined ? 0 : kindsMask(sr.clean);
}

function sameSummary(a: Summary, b: Summary): boolean {
  return a.toReturn.length === b.toReturn.length && a.toSink.length === b.toSink.length
    && a.toReturn.every((t, i) => !!(t as ParamFlowX).dotless === !!(b.toReturn[i] as ParamFlowX | undefined)?.dotless)
    && a.sourceReturn.length === b.sourceReturn.length && (a.sanitizes?.length ?? 0) === (b.sanitizes?.length ?? 0)
    && a.returnsApi === b.returnsApi;
}

/**
 * Summaries computed one inside another (a callee's summary is computed inside its caller's run)
 * before a callee is treated as an unknown function: its arguments reach its return value, nothing
 * reaches a sink. Each level costs stack; a few hundred overflow Node's main-thread stack, so a
 * same-file chain of 400 functions lost the whole file. A stack overflow below the cap (big
 * functions use more stack per level) is caught the same way.
 */
export const MAX_SUMMARY_DEPTH = 100;

export function summaryOf(A: Analyzer, fn: FnRef): Summary {
  const memo = A.summaries.get(fn.node);
  if (memo) {
    if (memo.computing) memo.recursed = true;
    return memo.sum;
  }
  // Not memoised: the same function reached again from a shallower call gets its real summary.
  if (A.summaryDepth >= MAX_SUMMARY_DEPTH) return tooDeep(A, fn.node, `calls nest deeper than ${MAX_SUMMARY_DEPTH} function summaries`);
  const m = { sum: EMPTY_SUMMARY, computing: true, recursed: false, done: false };
  A.summaries.set(fn.node, m);
  A.summaryDepth++;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      m.recursed = false;
      const sum = runSummary(A, fn);
      const stable = sameSummary(sum, m.sum);
      m.sum = sum;
      if (!m.recursed || stable) break;
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    A.summaries.delete(fn.node);
    return tooDeep(A, fn.node, `calls nest deeper than the stack allows (${e.message})`);
  } finally {
    A.summaryDepth--;
  }
  m.computing = false;
  m.done = true;
  return m.sum;
}

/** An unknown function's summary for `fn` (arguments and receiver to the return value); reported once per file. */
function tooDeep(A: Analyzer, fn: AnyNode, why: string): Summary {
  if (!A.deepCalls) {
    A.deepCalls = true;
    A.truncate(fn, `${why}; deeper callees are treated as unknown functions (their arguments pass to their result, no sink is followed)`);
  }
  const params = ((fn as N).params ?? []) as N[];
  const toReturn: ParamFlow[] = [{ param: -1, steps: [] }];
  for (let i = 0; i < params.length; i++) toReturn.push({ param: i, steps: [] });
  return { toReturn, toSink: [], sourceReturn: [] };
}
