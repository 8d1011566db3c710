/**
 * sast/js/redos and sast/js/redos-polynomial: regex literals and constant `RegExp(…)` patterns
 * whose backtracking is exponential on crafted input (nested quantifiers, overlapping
 * alternatives under a repetition; severity high), or polynomial (medium): two unbounded runs that
 * can take the same characters, reached one from the other through steps that read those
 * characters, before a part that can fail (`\d*\.?\d+x`, `^\S+@\S+$`, `^(\/.*)[?&]x=(.+)$`),
 * or a run an unanchored pattern can begin with, rescanned from every offset (`/\s+$/`, `/;+$/`).
 * Polynomial ones are reported only where the function doing the match does not cap the length.
 * Both rules share one walk per file.
 */
import type { AstHit, AstRule } from './types.js';
import type { ParsedFile } from '../parse/index.js';
import type { ApiNames } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { HOLE, analyseRegex, isExponential, type RegexRisk } from './regex/analyse.js';
import { factsOf } from './ast-facts.js';

type N = AnyNode & Record<string, any>;

/** Test files: `test/`, `__tests__/`, `*.test.*`, `*.spec.*`, `*.test-d.ts`. */
const TEST_PATH = /(?:^|[\\/])(?:tests?|__tests__|spec)[\\/]|\.(?:test|spec|test-d)\.[cm]?[jt]sx?$/;

/** Folding stops at this many nested parts (`a + b + …`, const → const → …). */
const MAX_FOLD = 64;

/**
 * Constant strings: literals, substitution-free templates, and `+`/template combinations of
 * those, of file-level `const NAME = <constant>` declared exactly once (so no shadowing can
 * change what the name holds), and of members written exactly once with a constant
 * (`src[FULL] = '^' + src[MAIN] + '$'`, `P.word = '\\w+'`, `const P = { word: '\\w+' }`): how
 * version and grammar libraries assemble their patterns from parts kept in a table.
 */
class Constants {
  private readonly decls = new Map<string, N | null>();
  /** `OBJ.key` / `OBJ[KEY]` → the value written once (null: written more than once). */
  private readonly members = new Map<string, N | null>();
  /** Object name → the member keys written (for `new RegExp(OBJ[i])` in a loop over them). */
  private readonly keysOf = new Map<string, string[]>();

  declare(d: N, kind: string): void {
    if (d.id.type !== 'Identifier') return;
    const name = d.id.name as string;
    // A second declaration anywhere makes the name ambiguous; so does any assignment to a `var` or
    // `let` (d3-color's `var reN = "…"`, url-regex's `var host = '…'` are never written again).
    this.decls.set(name, this.decls.has(name) || (kind !== 'const' && kind !== 'var' && kind !== 'let') || !d.init || this.written.has(name) ? null : d.init);
    if (d.init?.type === 'ObjectExpression') {
      for (const prop of d.init.properties as N[]) {
        const key = prop.type === 'Property' && !prop.computed && prop.kind === 'init' ? propertyKey(prop.key) : undefined;
        if (key !== undefined) this.write(`${name}.${key}`, name, prop.value);
      }
    }
  }

  /** Names assigned anywhere (`x = …`, `x += …`, `x++`): not constants even when declared once. */
  private readonly written = new Set<string>();

  /** `name = …` / `name += …` / `name++`: the name holds more than its initialiser. */
  reassign(name: string): void {
    this.written.add(name);
    if (this.decls.has(name)) this.decls.set(name, null);
  }

  /** `OBJ.key = value` / `OBJ[KEY] = value` (plain `=`); other writes make the member unknown. */
  assign(a: N): void {
    const key = memberKey(a.left);
    if (key) this.write(key, a.left.object.name, a.operator === '=' ? a.right : null);
  }

  private write(key: string, object: string, value: N | null): void {
    let keys = this.keysOf.get(object);
    if (!keys) this.keysOf.set(object, (keys = []));
    if (!this.members.has(key)) keys.push(key);
    this.members.set(key, this.members.has(key) ? null : value);
  }

  value(node: N | undefined): string | undefined {
    const budget = { left: MAX_FOLD };
    return node ? this.fold(node, budget) : undefined;
  }

  /**
   * A pattern assembled from constant fragments around parts that are not constant (an option's
   * `cond ? '' : '?'`, another module's `re.source`): each unknown part becomes one character no
   * input holds by chance (U+E000), a conditional its first branch that folds. Also returns the
   * string literals the pattern was assembled from, so a risk can be reported at its fragment.
   * Only nested-quantifier risks are judged on it: they backtrack whatever the unknown parts are.
   */
  withHoles(node: N | undefined): { pattern: string; parts: N[] } | undefined {
    if (!node) return undefined;
    const parts: N[] = [];
    const budget = { left: MAX_FOLD, holes: parts };
    const pattern = this.fold(node, budget);
    return pattern === undefined ? undefined : { pattern, parts };
  }

  /**
   * `OBJ[i]` with a key that names no written member (a loop index): every constant member
   * value of OBJ, or undefined when the argument is not such a member.
   */
  family(node: N | undefined): string[] | undefined {
    if (!node || node.type !== 'MemberExpression' || !node.computed || node.object.type !== 'Identifier') return undefined;
    const key = memberKey(node);
    if (key && this.members.has(key)) return undefined;
    const keys = this.keysOf.get(node.object.name);
    if (!keys) return undefined;
    const out: string[] = [];
    for (const k of keys.slice(0, MAX_FAMILY)) {
      const v = this.members.get(k);
      const folded = v ? this.fold(v, { left: MAX_FOLD }) : undefined;
      if (folded !== undefined) out.push(folded);
    }
    return out;
  }

  private fold(node: N, budget: Budget): string | undefined {
    if (--budget.left < 0) return undefined;
    if (!budget.holes) return this.foldExact(node, budget);
    if (node.type === 'ConditionalExpression') return this.fold(node.consequent, { ...budget, holes: undefined }) ?? this.fold(node.alternate, budget);
    const out = this.foldExact(node, budget);
    if (out !== undefined && (node.type === 'Literal' || (node.type === 'TemplateLiteral' && node.expressions.length === 0))) budget.holes.push(node);
    return out ?? HOLE;
  }

  private foldExact(node: N, budget: Budget): string | undefined {
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' ? node.value : undefined;
      case 'TemplateLiteral': {
        let out = node.quasis[0]?.value.cooked ?? undefined;
        for (let i = 0; out !== undefined && i < node.expressions.length; i++) {
          const part = this.fold(node.expressions[i] as N, budget);
          const next = node.quasis[i + 1]?.value.cooked;
          out = part === undefined || next == null ? undefined : out + part + next;
        }
        return out;
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return undefined;
        const l = this.fold(node.left, budget);
        const r = l === undefined ? undefined : this.fold(node.right, budget);
        return l === undefined || r === undefined ? undefined : l + r;
      }
      case 'Identifier': {
        const init = this.decls.get(node.name);
        return init ? this.fold(init, budget) : undefined;
      }
      case 'MemberExpression': {
        // `re.source`: the pattern of a regex literal (or a const holding one) spliced into another.
        if (!node.computed && node.property.type === 'Identifier' && node.property.name === 'source') {
          const re = this.regexOf(node.object);
          if (re !== undefined) return re;
        }
        const key = memberKey(node);
        const value = key ? this.members.get(key) : undefined;
        return value ? this.fold(value, budget) : undefined;
      }
      case 'CallExpression':
        return this.joined(node, budget);
      case 'ArrayExpression': {
        // `'^rgb\\(' + [reI, reI, reI] + '\\)$'`: an array in text is its elements joined by ','.
        const parts: string[] = [];
        for (const el of node.elements as (N | null)[]) {
          const part = el && el.type !== 'SpreadElement' ? this.fold(el, budget) : undefined;
          if (part === undefined) return undefined;
          parts.push(part);
        }
        return parts.join(',');
      }
      default:
        return undefined;
    }
  }

  /** The pattern of a regex literal, directly or through a const. */
  private regexOf(node: N): string | undefined {
    const n = node.type === 'Identifier' ? this.decls.get(node.name) : node;
    return n?.type === 'Literal' && n.regex && typeof n.regex.pattern === 'string' ? n.regex.pattern : undefined;
  }

  /** `[a, b].join('|')` (or a const array): how libraries assemble a long pattern from parts. */
  private joined(call: N, budget: Budget): string | undefined {
    const callee = call.callee as N;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'join') return undefined;
    const target = callee.object as N;
    const array = target.type === 'Identifier' ? this.decls.get(target.name) : target;
    if (array?.type !== 'ArrayExpression' || call.arguments.length > 1) return undefined;
    const sep = call.arguments.length === 0 ? ',' : this.fold(call.arguments[0] as N, budget);
    if (sep === undefined) return undefined;
    const parts: string[] = [];
    for (const el of array.elements as (N | null)[]) {
      const part = el && el.type !== 'SpreadElement' ? this.fold(el, budget) : undefined;
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return parts.join(sep);
  }
}

/** Members of one table read by `new RegExp(OBJ[i])` at most (semver has about 40). */
const MAX_FAMILY = 80;

/** Folding budget; with holes, unknown parts fold to HOLE and the literals used are collected. */
interface Budget {
  left: number;
  holes?: N[];
}

function propertyKey(key: N): string | undefined {
  if (key.type === 'Identifier') return key.name;
  return key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
}

/** `OBJ.key`, `OBJ['key']`, `OBJ[0]` → `OBJ.key`; `OBJ[NAME]` → `OBJ[NAME]`; else undefined. */
function memberKey(m: N): string | undefined {
  if (m.type !== 'MemberExpression' || m.object.type !== 'Identifier') return undefined;
  if (!m.computed) return m.property.type === 'Identifier' ? `${m.object.name}.${m.property.name}` : undefined;
  if (m.property.type === 'Identifier') return `${m.object.name}[${m.property.name}]`;
  const k = propertyKey(m.property);
  return k === undefined ? undefined : `${m.object.name}.${k}`;
}

/** `h` for `h`, `h.x`, `h[0].split(',')`, `h.trim()`: the variable a value is read from. */
function rootName(e: N | undefined): string | undefined {
  let n = e;
  for (let i = 0; n && i < 16; i++) {
    if (n.type === 'Identifier') return n.name;
    if (n.type === 'MemberExpression') n = n.object;
    else if (n.type === 'CallExpression') n = n.callee;
    else if (n.type === 'ParenthesizedExpression' || n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression') n = n.expression;
    else return undefined;
  }
  return undefined;
}

/** Does a statement always leave the function (`return …`, `throw …`, or a block ending in one)? */
function exits(st: N | null | undefined): boolean {
  if (!st) return false;
  if (st.type === 'ReturnStatement' || st.type === 'ThrowStatement') return true;
  return st.type === 'BlockStatement' && (st.body as N[]).some((b) => b.type === 'ReturnStatement' || b.type === 'ThrowStatement');
}

/** `s.slice(0, MAX)`, `s.substring(0, 1000)`, `s.substr(0, limit)`: a truncation of `s`. */
function truncated(v: N | undefined): string | undefined {
  if (v?.type !== 'CallExpression' || v.callee.type !== 'MemberExpression' || v.callee.computed) return undefined;
  if (!['slice', 'substring', 'substr'].includes(String(v.callee.property.name)) || !v.arguments[1] || !isLimit(v.arguments[1] as N)) return undefined;
  return rootName(v.callee.object);
}

/** Per function: what it caps, what it binds, where it hands values to named helpers. */
interface FnFacts {
  /** Names whose `.length` it compares with a limit anywhere (a checker helper's parameter). */
  lengthChecked: Set<string>;
  /** Name → offset of the first cap that decides before what follows runs (an exiting `if`, a truncation). */
  capAt: Map<string, number>;
  /** `if (tooLong(x)) return`: checker calls in exiting ifs, judged once every helper is known. */
  checkerCalls: { callee: string; name: string; at: number }[];
  /** `var parts = m[2].split(';')`: name → the variable it was read from. */
  from: Map<string, string>;
}

/** A place a named helper is given a value: `helper(x)` or `x.map(helper)` (x's elements). */
interface Use {
  fn: N | null;
  at: number;
  value: string | undefined;
}

/**
 * Which functions bound their input's length (`if (s.length > 1000) return`), and which names
 * each function reads, so a module-level `const RE = /…/` counts as capped when every function
 * that uses it checks a length. A named helper counts as capped when every caller caps the very
 * value it passes (or the variable that value was read from) before the call, or passes on its
 * own parameter and is itself capped by its callers. Tracked during the rule's one walk; the
 * callers are judged once per function (memoised), so the work stays linear in the file.
 */
class LengthCaps {
  private readonly stack: { fn: N; depth: number }[] = [];
  private readonly cappedFns = new Set<N>();

  /** Functions by the name they are declared under (`function f`, `var f = function…`); twice declared: null. */
  private readonly named = new Map<string, N | null>();
  private readonly nameOf = new Map<N, string>();
  private readonly facts = new Map<N, FnFacts>();
  /** Helper name → where it is called or passed as a callback (the reverse call map, built once). */
  private readonly uses = new Map<string, Use[]>();
  private readonly callerCapped = new Map<N, boolean>();

  private factsOf(fn: N): FnFacts {
    let f = this.facts.get(fn);
    if (!f) this.facts.set(fn, (f = { lengthChecked: new Set(), capAt: new Map(), checkerCalls: [], from: new Map() }));
    return f;
  }

  private use(name: string, u: Use): void {
    const list = this.uses.get(name);
    if (list) list.push(u);
    else this.uses.set(name, [u]);
  }

  private capFrom(f: FnFacts, name: string | undefined, at: number): void {
    if (name !== undefined && !(f.capAt.get(name)! <= at)) f.capAt.set(name, at);
  }

  /** Called for every node in walk order; returns the innermost enclosing function. */
  enter(n: N, depth: number, parent: N | null): N | null {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.depth >= depth) this.stack.pop();
    const fn = this.stack[this.stack.length - 1]?.fn ?? null;
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') {
      const name = n.id?.name ?? (parent?.type === 'VariableDeclarator' && parent.init === n && parent.id.type === 'Identifier' ? parent.id.name : undefined);
      if (typeof name === 'string') {
        const prev = this.named.get(name);
        if (prev) this.nameOf.delete(prev);
        if (prev === undefined) this.nameOf.set(n, name);
        this.named.set(name, prev === undefined ? n : null);
      }
      this.stack.push({ fn: n, depth });
      return fn;
    }
    if (n.type === 'CallExpression') {
      if (n.callee.type === 'Identifier') this.use(n.callee.name, { fn, at: n.start, value: rootName(n.arguments[0] as N | undefined) });
      // `x.map(helper)`, `parts.reduce(helper, {})`: the helper gets x's elements.
      const recv = n.callee.type === 'MemberExpression' ? rootName(n.callee.object) : undefined;
      for (const a of n.arguments as N[]) if (a.type === 'Identifier') this.use(a.name, { fn, at: n.start, value: recv });
    }
    if (!fn) return fn;
    if (n.type === 'BinaryExpression' && ['<', '<=', '>', '>='].includes(n.operator)) {
      const len = isLength(n.left) && isLimit(n.right) ? n.left : isLength(n.right) && isLimit(n.left) ? n.right : undefined;
      if (len) {
        this.cappedFns.add(fn);
        const nm = rootName((len as N).object);
        if (nm !== undefined) this.factsOf(fn).lengthChecked.add(nm);
      }
    } else if (n.type === 'IfStatement' && exits(n.consequent)) {
      // `if (s.length > MAX) return;` / `if (!ok(s)) throw …`: decided before what follows.
      const f = this.factsOf(fn);
      walk(n.test as AnyNode, (c) => {
        const m = c as N;
        if (m.type === 'BinaryExpression' && ((isLength(m.left) && isLimit(m.right)) || (isLength(m.right) && isLimit(m.left)))) {
          this.capFrom(f, rootName(((isLength(m.left) ? m.left : m.right) as N).object), n.start);
        } else if (m.type === 'CallExpression' && m.callee.type === 'Identifier') {
          const arg = rootName(m.arguments[0] as N | undefined);
          if (arg !== undefined) f.checkerCalls.push({ callee: m.callee.name, name: arg, at: n.start });
        }
      });
    } else if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.init) {
      const f = this.factsOf(fn);
      const t = truncated(n.init);
      if (t !== undefined) this.capFrom(f, n.id.name, n.start);
      else {
        const src = rootName(n.init);
        if (src !== undefined && src !== n.id.name) f.from.set(n.id.name, src);
      }
    } else if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'Identifier' && truncated(n.right) !== undefined) {
      this.capFrom(this.factsOf(fn), n.left.name, n.start);
    }
    return fn;
  }

  private readers: Map<string, Set<N>> | undefined;

  /**
   * A regex held in a variable: capped when every function that reads the variable caps the
   * length (wherever it is declared: a UMD or IIFE wrapper's `var RE = /…/` is read by other
   * functions than the wrapper). Used where it is written: when its own function caps.
   */
  capped(program: N, fn: N | null, declared: string | undefined): boolean {
    if (declared) {
      this.readers ??= functionsReading(program);
      const users = this.readers.get(declared);
      if (users !== undefined && users.size > 0) return [...users].every((f) => this.cappedFns.has(f) || this.usedOnlyCapped(f));
    }
    return fn !== null && (this.cappedFns.has(fn) || this.usedOnlyCapped(fn));
  }

  /**
   * A named helper whose every use in the file is given a value capped before the call
   * (parse-link-header 2.0.0: `if (!checkHeader(h)) return null; h.split(…).map(parseLink)`
   * with checkHeader comparing its parameter's length; parseLink hands parts of its own
   * parameter on to createObjects): its input is capped by its callers.
   */
  private usedOnlyCapped(fn: N): boolean {
    const known = this.callerCapped.get(fn);
    if (known !== undefined) return known;
    // A cycle (recursion) proves nothing: false while this function is being judged.
    this.callerCapped.set(fn, false);
    const name = this.nameOf.get(fn);
    const uses = name === undefined ? [] : (this.uses.get(name) ?? []).filter((u) => u.fn !== fn);
    const ok = uses.length > 0 && uses.every((u) => this.capsValue(u));
    this.callerCapped.set(fn, ok);
    return ok;
  }

  /** Is the value handed over at a use capped before it, or its caller's parameter capped by the callers? */
  private capsValue(u: Use): boolean {
    if (!u.fn || u.value === undefined) return false;
    const f = this.facts.get(u.fn);
    const params = new Set((u.fn.params as N[]).map((p) => (p.type === 'AssignmentPattern' ? p.left : p)).flatMap((p) => (p.type === 'Identifier' ? [p.name as string] : [])));
    // The value and the variables it was read from (`parts` ← `m` ← `link`), a few steps back.
    let name: string | undefined = u.value;
    for (let i = 0; name !== undefined && i < 8; i++) {
      if (f && this.capAtOf(f).get(name)! < u.at) return true;
      if (params.has(name)) return this.usedOnlyCapped(u.fn);
      name = f?.from.get(name);
    }
    return false;
  }

  /** The function's caps with its checker calls resolved (a helper comparing its first parameter's length). */
  private capAtOf(f: FnFacts): Map<string, number> {
    for (const c of f.checkerCalls) {
      const g = this.named.get(c.callee);
      const first = g ? (g.params as N[])[0] : undefined;
      if (first?.type === 'Identifier' && this.facts.get(g!)?.lengthChecked.has(first.name)) this.capFrom(f, c.name, c.at);
    }
    f.checkerCalls.length = 0;
    return f.capAt;
  }
}

/** The variable (`RE`) or member (`internals.RE`) a regex is stored in where it is made. */
function heldIn(n: N, p: N | null): string | undefined {
  if (!p) return undefined;
  if (p.type === 'VariableDeclarator' && p.init === n && p.id.type === 'Identifier') return String(p.id.name);
  if (p.type === 'AssignmentExpression' && p.right === n && p.left.type === 'MemberExpression' && !p.left.computed
    && p.left.object.type === 'Identifier') return `${p.left.object.name}.${p.left.property.name}`;
  return undefined;
}

/** For each name (and `obj.prop` member), the innermost functions that read it (one extra walk, only when needed). */
function functionsReading(program: N): Map<string, Set<N>> {
  const out = new Map<string, Set<N>>();
  const stack: { fn: N; depth: number }[] = [];
  walk(program, (node, parent, depth) => {
    const n = node as N;
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') stack.push({ fn: n, depth });
    else if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && stack.length > 0) {
      // `internals.RE` read: keyed like the member the regex was assigned to.
      const p = parent as N | null;
      if (p && p.type === 'AssignmentExpression' && p.left === n) return;
      const key = `${n.object.name}.${n.property.name}`;
      let set = out.get(key);
      if (!set) out.set(key, (set = new Set()));
      set.add(stack[stack.length - 1]!.fn);
    } else if (n.type === 'Identifier' && stack.length > 0) {
      const p = parent as N | null;
      // The declaration itself and property names (`o.NAME`, `{ NAME: … }`) are not reads.
      if (p && ((p.type === 'VariableDeclarator' && p.id === n) || (p.type === 'MemberExpression' && p.property === n && !p.computed)
        || (p.type === 'Property' && p.key === n && !p.computed && !p.shorthand))) return;
      let set = out.get(n.name);
      if (!set) out.set(n.name, (set = new Set()));
      set.add(stack[stack.length - 1]!.fn);
    }
  });
  return out;
}

/**
 * A length limit: a number above 1, or a name like MAX_LENGTH / maxLen / limit (not a loop index).
 * `.length > 0` and `>= 1` only test for emptiness; they bound nothing.
 */
function isLimit(n: N): boolean {
  if (n.type === 'Literal') return typeof n.value === 'number' && n.value > 1;
  const name = n.type === 'Identifier' ? n.name : n.type === 'MemberExpression' && !n.computed ? n.property.name : undefined;
  return typeof name === 'string' && (/max|limit|cap/i.test(name) || /^[A-Z][A-Z0-9_]+$/.test(name));
}

function isLength(n: N): boolean {
  return n.type === 'MemberExpression' && !n.computed && n.property.name === 'length';
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function message(risk: RegexRisk): string {
  const sub = clip(risk.subPattern);
  if (risk.kind === 'retried-run') {
    return `\`${sub}\` can begin the match (or follows only characters it also reads), so on a long run of its characters that fails later the regex rescans the run from every offset and backtracks quadratically (ReDoS); anchor the pattern, make what follows the run unable to fail on it, or cap the input length before matching`;
  }
  if (risk.kind === 'quadratic') {
    return `\`${sub}\` and the later \`${clip(risk.second ?? '')}\` can both take the same run of characters (nothing between them stops it), so a long non-matching run makes the regex backtrack quadratically (ReDoS); make the two runs mutually exclusive or cap the input length before matching`;
  }
  const why = risk.kind === 'nested-quantifier'
    ? 'repeats a part that is itself repeated'
    : 'repeats alternatives or parts that can match the same characters';
  return `\`${sub}\` ${why}, so a non-matching input can make the regex backtrack exponentially (ReDoS); make the repeated parts mutually exclusive, bound the repetition, or match with RE2`;
}

const DESCRIPTION_TAIL =
  'When the rest of the pattern fails, a backtracking engine such as V8\'s tries every way, so a ' +
  'crafted string blocks the event loop.';
const REMEDIATION =
  'Rewrite the repeated parts so each character can be matched in only one way (e.g. `(a+)+` → ' +
  '`a+`, `(\\w|\\d)+` → `\\w+`, `\\d*\\.?\\d+` → `\\d+(?:\\.\\d+)?|\\.\\d+`), anchor patterns that ' +
  'start with a run, bound input length before matching, or use a linear-time engine (the `re2` package).';
const REFERENCES = [
  'https://cwe.mitre.org/data/definitions/1333.html',
  'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS',
];

interface Found {
  node: N;
  risk: RegexRisk;
}

/**
 * Both rules run on the same file one after the other: the last file's findings are kept so the
 * walk and the analysis happen once.
 */
let memo: { file: ParsedFile; found: Found[] } | undefined;

function findingsOf(file: ParsedFile, api: ApiNames): Found[] {
  if (memo?.file === file) return memo.found;
  const found = analyseFile(file, api);
  memo = { file, found };
  return found;
}

function analyseFile(file: ParsedFile, api: ApiNames): Found[] {
  // The shared facts walk lists regex literals and calls named RegExp: without a risky literal
  // or a constructed RegExp there is nothing to find, and this rule's own walk is skipped.
  const facts = factsOf(file, api);
  const risky = facts.regexes.some((n) => typeof n.regex?.pattern === 'string' && analyseRegex(n.regex.pattern, String(n.regex.flags ?? '')) !== undefined);
  if (!risky && !facts.callsByName.has('RegExp')) return [];
  const constants = new Constants();
  const caps = new LengthCaps();
  const found: { node: N; risk: RegexRisk; fn: N | null; declared?: string }[] = [];
  const constructed: { node: N; fn: N | null; declared?: string }[] = [];
  walk(file.program as unknown as AnyNode, (node, parent, depth) => {
    const n = node as N;
    const fn = caps.enter(n, depth, parent as N | null);
    const declared = heldIn(n, parent as N | null);
    if (n.type === 'Literal' && n.regex && typeof n.regex.pattern === 'string') {
      const risk = analyseRegex(n.regex.pattern, String(n.regex.flags ?? ''));
      if (risk) found.push({ node: n, risk, fn, declared });
      return;
    }
    if (n.type === 'VariableDeclarator') constants.declare(n, String((parent as N | null)?.kind ?? ''));
    else if (n.type === 'AssignmentExpression' && n.left.type === 'MemberExpression') constants.assign(n);
    else if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') constants.reassign(n.left.name);
    else if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier') constants.reassign(n.argument.name);
    else if ((n.type === 'NewExpression' || n.type === 'CallExpression') && n.callee.type === 'Identifier'
      && n.callee.name === 'RegExp' && api.isGlobal('RegExp')) constructed.push({ node: n, fn, declared });
  });
  // After the walk: every const is known, wherever it is declared.
  for (const c of constructed) {
    const flagArg = c.node.arguments[1] as N | undefined;
    const flags = flagArg === undefined ? '' : flagsOf(flagArg, constants);
    if (flags === undefined) continue;
    const pattern = constants.value(c.node.arguments[0]);
    // One pattern, or each of a table's patterns compiled in a loop (`re[i] = new RegExp(src[i])`):
    // the worst risk among them is reported at the construction.
    const patterns = pattern !== undefined ? [pattern] : constants.family(c.node.arguments[0]) ?? [];
    let worst: RegexRisk | undefined;
    for (const p of patterns) {
      const risk = analyseRegex(p, flags);
      if (risk && (!worst || rank(risk) > rank(worst))) worst = risk;
    }
    if (worst) {
      found.push({ ...c, risk: worst });
      if (pattern !== undefined) reportFragments(c, worst, constants, found);
    } else if (patterns.length === 0) reportAssembled(c, flags, constants, found);
  }
  // Polynomial work on capped input is bounded, and a test's input is its own: report only
  // uncapped uses outside tests.
  const test = TEST_PATH.test(file.path);
  return found.filter((f) => isExponential(f.risk) || (!test && !caps.capped(file.program as unknown as N, f.fn, f.declared)));
}

/**
 * url-regex's shape: `new RegExp(\`(?:${protocol}|www\\.)…${host}${domain}${tld}\`)` where some parts
 * depend on options or come from another module. A nested-quantifier risk in what is constant is
 * reported at the construction and at the string fragment that holds it (where a fix would go).
 */
function reportAssembled(c: { node: N; fn: N | null; declared?: string }, flags: string, constants: Constants, found: { node: N; risk: RegexRisk; fn: N | null; declared?: string }[]): void {
  const assembled = constants.withHoles(c.node.arguments[0]);
  if (!assembled) return;
  // Holes are opaque atoms: `(?:[^\\()]|${x})*` is not judged as overlapping.
  const risk = analyseRegex(assembled.pattern, flags, true);
  if (!risk || !isExponential(risk)) return;
  found.push({ ...c, risk });
  const fragment = assembled.parts.find((p) => foldedText(p)?.includes(risk.subPattern));
  if (fragment && !found.some((f) => f.node === fragment)) found.push({ node: fragment, risk, fn: c.fn, declared: c.declared });
  // Other fragments that are a risky pattern on their own when what follows fails (url-regex's
  // host part beside its domain part): each is a place the fix must reach too.
  for (const p of assembled.parts.slice(0, MAX_FRAGMENTS)) {
    const text = foldedText(p);
    if (p === fragment || text === undefined || text.length < 4 || found.some((f) => f.node === p)) continue;
    // Judged as if what follows it fails (the rest of the pattern can), as it does in the whole.
    const own = analyseRegex(`(?:${text})$`, flags.replace(/[my]/g, ''));
    if (own && own.kind !== 'retried-run') found.push({ node: p, risk: own, fn: c.fn, declared: c.declared });
  }
}

/** Fragments of one assembled pattern judged on their own at most. */
const MAX_FRAGMENTS = 32;

/**
 * A pattern assembled from named string parts (`var reN = "…\\d*\\.?\\d+…"` … `new RegExp("^rgb\\(" +
 * [reN, reN] + "\\)$")`): the parts holding the risky run are also reported (where the fix goes).
 */
function reportFragments(c: { node: N; fn: N | null; declared?: string }, risk: RegexRisk, constants: Constants, found: { node: N; risk: RegexRisk; fn: N | null; declared?: string }[]): void {
  const arg = c.node.arguments[0] as N | undefined;
  if (!arg || arg.type === 'Literal') return;
  const parts = constants.withHoles(arg)?.parts ?? [];
  for (const p of parts.slice(0, MAX_FRAGMENTS)) {
    // A literal inside the construction itself is reported with it.
    if ((p.start as number) >= (c.node.start as number) && (p.end as number) <= (c.node.end as number)) continue;
    const text = foldedText(p);
    if (text === undefined || !text.includes(risk.subPattern) || found.some((f) => f.node === p)) continue;
    // The part must hold the whole risk, judged as if what follows it fails (a lone `\\d+` is not).
    const own = analyseRegex(`(?:${text})$`, '');
    if (own && rank(own) >= rank(risk) && own.kind !== 'retried-run') found.push({ node: p, risk: own, fn: c.fn, declared: c.declared });
  }
}

function foldedText(n: N): string | undefined {
  return n.type === 'Literal' ? (typeof n.value === 'string' ? n.value : undefined) : n.quasis?.[0]?.value.cooked ?? undefined;
}

/**
 * Constant flags, or the union of both branches of `first ? undefined : 'g'` (ansi-regex's
 * form): an absent flag and `g`/`y` change nothing about backtracking, and the union judges the
 * pattern under every flag either branch may set.
 */
function flagsOf(arg: N, constants: Constants): string | undefined {
  if (arg.type === 'Identifier' && arg.name === 'undefined') return '';
  if (arg.type === 'ConditionalExpression') {
    const a = flagsOf(arg.consequent, constants);
    const b = a === undefined ? undefined : flagsOf(arg.alternate, constants);
    return a === undefined || b === undefined ? undefined : [...new Set(a + b)].join('');
  }
  return constants.value(arg);
}

type Degree = 'exponential' | 'polynomial' | 'retried-run';

function rank(risk: RegexRisk): number {
  return isExponential(risk) ? 2 : risk.kind === 'quadratic' ? 1 : 0;
}

function degreeOf(risk: RegexRisk): Degree {
  return isExponential(risk) ? 'exponential' : risk.kind === 'retried-run' ? 'retried-run' : 'polynomial';
}

function hitsOf(file: ParsedFile, api: ApiNames, degree: Degree): AstHit[] {
  return findingsOf(file, api)
    .filter((f) => degreeOf(f.risk) === degree)
    .map((f) => ({ start: f.node.start as number, end: f.node.end as number, message: message(f.risk) }))
    .sort((a, b) => a.start - b.start);
}

const redos: AstRule = {
  meta: {
    id: 'sast/js/redos',
    title: 'Regular expression with exponential backtracking (ReDoS)',
    severity: 'high',
    cwe: [1333],
    description:
      'A regular expression that can match the same text in exponentially many ways, such as a ' +
      'quantified group whose body is itself quantified (`(a+)+`) or a repetition of overlapping ' +
      'alternatives (`(\\w|\\d)+`). A short crafted string can take seconds or forever. ' + DESCRIPTION_TAIL,
    remediation: REMEDIATION,
    references: REFERENCES,
  },
  check: (file, api) => hitsOf(file, api, 'exponential'),
};

const redosPolynomial: AstRule = {
  meta: {
    id: 'sast/js/redos-polynomial',
    title: 'Regular expression with polynomial backtracking (ReDoS)',
    severity: 'medium',
    cwe: [1333],
    description:
      'A regular expression whose backtracking grows with the square of the input length: two ' +
      'unbounded runs that can take the same characters before a part that can fail ' +
      '(`^\\d*\\.?\\d+$`, `^\\S+@\\S+$`). A long input (tens of kilobytes) blocks the event loop ' +
      'for seconds. ' + DESCRIPTION_TAIL + ' Not reported where the matching function caps the length.',
    remediation: REMEDIATION,
    references: REFERENCES,
  },
  check: (file, api) => hitsOf(file, api, 'polynomial'),
};

/**
 * Trailing strips like `/\/+$/` and `/=+$/` are quadratic on a long run that does not end the
 * input, and real advisories (tough-cookie `/;+$/`, trim-newlines, header splitting on comma
 * runs) are exactly this. On by default at low severity: the idiom is common, so it sits below
 * the exponential and polynomial findings (our own ~18 were rewritten as loops, src/core/trim.ts).
 */
const redosRetriedRun: AstRule = {
  meta: {
    id: 'sast/js/redos-retried-run',
    title: 'Unanchored regular expression starting with a run, rescanned from every offset (ReDoS)',
    severity: 'low',
    cwe: [1333],
    description:
      'An unanchored regular expression that begins with a run of separators (`/\\s+$/`, `/;+$/`, ' +
      '`/\\s*,\\s*/`) is retried at every offset of the input; when what follows the run fails, each ' +
      'retry scans the rest of the run again, so a long run (tens of kilobytes) costs quadratic time. ' +
      DESCRIPTION_TAIL + ' Not reported where the matching function caps the length.',
    remediation: REMEDIATION,
    references: REFERENCES,
  },
  check: (file, api) => hitsOf(file, api, 'retried-run'),
};

export const redosRules: AstRule[] = [redos, redosPolynomial, redosRetriedRun];
