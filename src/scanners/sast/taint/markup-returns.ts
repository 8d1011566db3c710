/**
 * Render rules: functions whose returned string is HTML by contract. markdown-it calls
 * `md.renderer.rules.NAME(tokens, idx, options, env, self)` and pastes what it returns into the page,
 * so a token's `content` (the document's own text) returned or glued in unescaped is XSS, on any path
 * (markdown-it-katex returns the raw TeX when KaTeX throws). A plugin is a library: the text comes
 * from whoever writes the markdown. Sinks are the returns of the rule and of the file's own functions
 * whose result the rule returns (`return katexInline(tokens[idx].content)`), each reported at its own
 * return. A template compiler returns code, not markup, and is never a render rule.
 */
import { memberName } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { Analyzer, SinkInfo } from './context.js';
import { claimRun } from './handlers.js';
import { runFunction } from './run.js';
import { makeFrame, type Frame, type State } from './state.js';
import { makeFlow, makeValue, T_PLAIN, type FnRef, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/** Pre-check on the file text: `.renderer.rules.x =` or `.renderer.rules[x] =` (bounded, linear). */
const RULES_TEXT = /\.renderer\s*\.\s*rules\s*(?:\.\s*[\w$]+|\[[^\]\n]{1,80}\])\s*=[^=]/;
/** How many calls deep a rule's returned helper is followed (`rule → katexBlock → wrap`). */
const MAX_DEPTH = 3;

export const MARKUP_RETURN: SinkInfo = {
  kind: 'xss', sinkId: 'markdown-it.rule-return',
  description: 'is returned by a markdown-it render rule and pasted into the page as HTML',
};

interface FileRules {
  /** Functions whose returns are the sink (rules that return their own text, and their helpers). */
  sinks: Set<AnyNode>;
}

const perFile = new WeakMap<AnyNode, FileRules>();

function isFn(n: N | null | undefined): boolean {
  return !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration');
}

/** `X.renderer.rules.NAME` (or `[NAME]`) as an assignment target. */
export function isRuleTarget(t: N): boolean {
  if (t.type !== 'MemberExpression') return false;
  const rules = t.object as N;
  return rules?.type === 'MemberExpression' && memberName(rules) === 'rules'
    && (rules.object as N)?.type === 'MemberExpression' && memberName(rules.object) === 'renderer';
}

/** Return arguments of a function (not of nested ones); an arrow's expression body is one. */
function returnsOf(fn: N): N[] {
  if (fn.body?.type !== 'BlockStatement') return fn.body ? [fn.body] : [];
  const out: N[] = [];
  walk(fn.body, (node) => {
    const n = node as N;
    if (isFn(n) || n.type === 'ClassBody') return false;
    if (n.type === 'ReturnStatement' && n.argument) out.push(n.argument);
    return true;
  });
  return out;
}

/** Local functions called in a returned expression, directly or glued (`helper(x) + '\n'`). */
function returnedCalls(e: N, byName: Map<string, N | null>, out: N[]): void {
  if (e.type === 'CallExpression' && e.callee.type === 'Identifier') {
    const f = byName.get(e.callee.name);
    if (f) out.push(f);
  } else if (e.type === 'BinaryExpression' && e.operator === '+') {
    returnedCalls(e.left, byName, out);
    returnedCalls(e.right, byName, out);
  } else if (e.type === 'ConditionalExpression') {
    returnedCalls(e.consequent, byName, out);
    returnedCalls(e.alternate, byName, out);
  }
}

function fileRules(A: Analyzer): FileRules {
  const program = A.file.program as unknown as AnyNode;
  let r = perFile.get(program);
  if (r) return r;
  r = { sinks: new Set() };
  perFile.set(program, r);
  if (!RULES_TEXT.test(A.file.source)) return r;
  // Named functions of the file (a name bound twice is ambiguous: null).
  const byName = new Map<string, N | null>();
  const rules: N[] = [];
  const ruleNames: string[] = [];
  const name = (k: string, f: N) => byName.set(k, byName.has(k) ? null : f);
  walk(program, (node) => {
    const n = node as N;
    if (n.type === 'FunctionDeclaration' && n.id) name(n.id.name, n);
    else if (n.type === 'VariableDeclarator' && n.id?.type === 'Identifier' && isFn(n.init)) name(n.id.name, n.init as N);
    else if (n.type === 'AssignmentExpression' && n.operator === '=' && isRuleTarget(n.left)) {
      if (isFn(n.right)) rules.push(n.right);
      else if (n.right.type === 'Identifier') ruleNames.push(n.right.name);
    }
    return true;
  });
  for (const k of ruleNames) {
    const f = byName.get(k);
    if (f) rules.push(f);
  }
  // A rule that returns a helper's result delegates the markup to it: the helper's returns are the sink.
  let layer = rules;
  for (let depth = 0; depth <= MAX_DEPTH && layer.length > 0; depth++) {
    const next: N[] = [];
    for (const f of layer) {
      const helpers: N[] = [];
      for (const e of returnsOf(f)) returnedCalls(e, byName, helpers);
      if (helpers.length === 0) r.sinks.add(f);
      for (const h of helpers) if (!r.sinks.has(h) && h !== f) next.push(h);
    }
    layer = next;
  }
  return r;
}

/** The return sink of a function run (summary, inline or rule run), if its returns are a rule's HTML. */
export function markupReturn(A: Analyzer, node: AnyNode): SinkInfo | undefined {
  if (!A.inLibrary) return undefined;
  return fileRules(A).sinks.has(node) ? MARKUP_RETURN : undefined;
}

/**
 * `md.renderer.rules.x = fn` seen while the file runs: fn runs now with the tokens as input, so what
 * its returns (or its helpers' returns) carry of a token's text is reported there. The tokens are
 * plain text by contract (T_PLAIN): a whole `content` returned is as much the bug as one glued in.
 */
export function runRenderRule(A: Analyzer, v: Value, st: State): void {
  if (!A.inLibrary || !A.ctx.labels.has('library-input') || !RULES_TEXT.test(A.file.source)) return;
  for (const f of v.fns ?? []) runRule(A, f, st);
}

function runRule(A: Analyzer, fn: FnRef, st: State): void {
  const run = claimRun(A, fn);
  if (!run) return;
  const { node, scope } = run;
  const step = A.step(node, 'the markdown text a render rule is given (tokens[idx].content)');
  const tokens = makeValue([makeFlow('library-input', -2, `${A.file.path}:${node.start}`, [step], 0, false, T_PLAIN)]);
  const vals = ((node.params ?? []) as N[]).map((_, i) => (i === 0 ? tokens : makeValue(undefined)));
  const frame: Frame = makeFrame(scope, (fn.closure as State | null) ?? st, 'handler', 0, new Set([node]), {
    returnSink: markupReturn(A, node),
  });
  runFunction(A, node, frame, vals);
}
