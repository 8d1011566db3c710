/**
 * Branch refinement: conditions that make a value safe on one branch — allow-list membership
 * (`list.includes(x)`, `set.has(x)`, `x in MAP`), anchored regex tests (of a value, or of every element:
 * `list.every((x) => RE.test(x))`), type checks, comparisons
 * with literals, a prefix check of a normalised path, a URL host allow-list, a postMessage event's
 * exact origin (its data is then the checked sender's). The refined value is
 * stored in the branch state's refinements (state.ts `ref`) under the tested name or member path.
 */
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { memberName, unwrap } from '../ir/api-names.js';
import { ALL_KINDS_MASK, kindsMask } from '../models/compile.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { caseFold, complement, intersects, normalize, type Charset } from '../rules/regex/charset.js';
import { classOf } from '../rules/regex/nfa.js';
import type { Analyzer } from './context.js';
import { fork, setRef, type State } from './state.js';
import { evalExpr, readVar, staticKey } from './transfer.js';
import { listCallCheck } from './url-allowlist.js';
import { guardTrusted } from './guard-bodies.js';
import { FIXED_ORIGIN } from './url-base.js';
import { F_CLEAN_SCALAR, F_FIXED_ORIGIN, F_NOT_DSLASH, F_PATH_NORM, F_REL_SLASH, F_SENDER_CHECKED, allFlows, cleanFlows, confineDotless, join, makeValue, markDotless, type Flow, type Value } from './value.js';
import type { SourceLabel } from '../models/types.js';

type N = AnyNode & Record<string, any>;

const MAX_GUARD_DEPTH = 32;
const URL_MASK = kindsMask(['ssrf', 'open-redirect']);
const PATH_MASK = kindsMask(['path-traversal']);
const NOSQL_MASK = kindsMask(['nosql-injection']);
const REDIRECT_MASK = kindsMask(['open-redirect']);
const ARG_MASK = kindsMask(['argument-injection']);
const ALLOW_METHODS = new Set(['includes', 'has', 'hasOwnProperty']);
/** Labels of input an attacker sends; anything else (options, argv, env) is the operator's. */
const WEB_LABELS: ReadonlySet<SourceLabel> = new Set(['http', 'browser', 'message']);
/**
 * Boolean validators by name: `isUUID(x)`, `validator.isInt(x)`, `isValidPath(x)`, `isPathInside(p, root)`,
 * `vh.vUrl(x)`, `validateInput(x)`, `checkAllowed(x)`. Type probes that say nothing of content are not.
 */
const VALIDATOR = /^(is[A-Z0-9]\w*|path[iI]s[A-Z]\w*|v[A-Z]\w*|(valid|validate|verify|check|allowed|whitelist|allowlist|safe)[A-Z_]?\w*)$/;
const NOT_VALIDATOR = /^is(String|Object|Array|Defined|Undefined|Present|Empty|Truthy|Falsy|Set|Function|Buffer|Null|Nil|Error|Plain\w*|Stream|Readable|Writable|Directory|File|Symlink|Absolute)$/;


/**
 * The value a string coercion was made from: `String(x)`, `x.toString()`, `${x}` have x's text, so
 * a check of the coercion (`/^[a-z]+$/.test(String(x))`) holds for x. Not `x.trim()` and the like:
 * what they remove (a newline) can be what makes x dangerous.
 */
function coercedFrom(n: N): N {
  if (n.type === 'CallExpression' && n.arguments.length === 1 && n.callee.type === 'Identifier' && n.callee.name === 'String') return unwrap(n.arguments[0]!);
  if (n.type === 'CallExpression' && n.arguments.length === 0 && n.callee.type === 'MemberExpression' && memberName(n.callee) === 'toString') return unwrap(n.callee.object);
  if (n.type === 'TemplateLiteral' && n.expressions.length === 1 && (n.quasis as N[]).every((q) => q.value.cooked === '')) return unwrap(n.expressions[0]!);
  return n;
}

function isLiteral(n: N): boolean {
  return (n.type === 'Literal' && !n.regex) || (n.type === 'TemplateLiteral' && n.expressions.length === 0)
    || (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'Literal');
}

/**
 * Marks the value named by `target` clean for the kinds in `mask` on this branch. Flows whose
 * origin is in `keep` stay as they are: the root of a prefix check confines the rest of the path,
 * not itself.
 */
function cleanTarget(A: Analyzer, target: N, mask: number, st: State, d: number, keep?: ReadonlySet<string>): void {
  const t = coercedFrom(unwrap(target));
  const key = t.type === 'Identifier' ? t.name : staticKey(t);
  if (key === undefined) return;
  const cur = t.type === 'Identifier' ? readVar(A, t.name, st) : evalExpr(A, t, st, d + 1);
  const flows = allFlows(cur);
  if (flows.length === 0) return;
  let nv: Value;
  if ((mask & ALL_KINDS_MASK) === ALL_KINDS_MASK && !keep) nv = makeValue(undefined, cur.api);
  else {
    const cf = cleanExcept(flows, mask, keep);
    nv = { ...cur, flows: cf.length > 0 ? cf : undefined };
    nv.fields = undefined; // not delete, which makes a dictionary-mode object (value.ts join)
  }
  setRef(st, key, nv);
  // `r = path.resolve(p)` checked to be inside a root: `p` names the same file.
  if (cur.normOf !== undefined && cur.normOf !== key && (mask & PATH_MASK) !== 0) {
    const src = readVar(A, cur.normOf, st);
    const sf = allFlows(src);
    if (sf.length > 0) {
      const cf = cleanExcept(sf, PATH_MASK, keep);
      const sv: Value = { ...src, flows: cf.length > 0 ? cf : undefined };
      sv.fields = undefined;
      setRef(st, cur.normOf, sv);
    }
  }
}

function cleanExcept(flows: Flow[], mask: number, keep: ReadonlySet<string> | undefined): Flow[] {
  if (!keep || keep.size === 0) return cleanFlows(flows, mask, ALL_KINDS_MASK);
  const out: Flow[] = [];
  for (const f of flows) {
    if (keep.has(f.src)) out.push(f);
    else out.push(...cleanFlows([f], mask, ALL_KINDS_MASK));
  }
  return out;
}

/**
 * The root of a prefix check, if it can serve as one: fixed, or configuration (options, argv, env,
 * a parameter) rather than web input. Returns the origins of its own taint (kept by the guard), or
 * undefined when the request itself chooses the root.
 */
export function rootOrigins(root: Value): Set<string> | undefined {
  const keep = new Set<string>();
  for (const f of allFlows(root)) {
    if (f.label !== null && WEB_LABELS.has(f.label)) return undefined;
    keep.add(f.src);
  }
  return keep;
}

/**
 * `(p + sep)` / `(p + '/')` in a prefix check (so '/root-evil' does not pass for '/root'): the
 * check is about `p`.
 */
function withoutSeparator(n: N): N {
  const x = unwrap(n);
  if (x.type !== 'BinaryExpression' || x.operator !== '+') return x;
  const r = unwrap(x.right);
  const sepLit = isLiteral(r) && (literalValue(r) === '/' || literalValue(r) === '\\');
  const sepName = (r.type === 'Identifier' && r.name === 'sep') || (r.type === 'MemberExpression' && memberName(r) === 'sep');
  return sepLit || sepName ? unwrap(x.left) : x;
}

/** `recv` (a normalised path) checked to start with `root`: confined under it for path traversal. */
function cleanUnderRoot(A: Analyzer, recv: N, root: N, st: State, d: number): void {
  const rv = evalExpr(A, recv, st, d + 1);
  if (((rv.flags ?? 0) & F_PATH_NORM) === 0) return;
  const keep = rootOrigins(evalExpr(A, root, st, d + 1));
  if (keep) cleanTarget(A, recv, PATH_MASK, st, d, keep);
}

/** `new URL(u).host`, or `url.hostname` where url came from `new URL(u)`: the URL objects to clean. */
function urlTargets(A: Analyzer, n: N, st: State): N[] {
  const x = unwrap(n);
  if (x.type !== 'MemberExpression') return [];
  const prop = memberName(x);
  if (prop !== 'host' && prop !== 'hostname' && prop !== 'origin' && prop !== 'protocol') return [];
  const o = unwrap(x.object);
  if (o.type === 'NewExpression' && o.callee.type === 'Identifier' && o.callee.name === 'URL' && o.arguments[0]) return [o.arguments[0]];
  if (o.type === 'Identifier') {
    const v = readVar(A, o.name, st);
    const out: N[] = [o];
    if (v.urlOf) out.push({ type: 'Identifier', name: v.urlOf, start: o.start, end: o.end } as N);
    return out;
  }
  return [];
}

/** Most characters of a file searched for `name = /` before walking it for regex constants. */
const MAX_REGEX_CONST_SCAN = 2_000_000;

/**
 * Names declared once in the file with a regex literal as their value and never assigned again
 * (`var jsonp_re = /^\d+$/`): a test against one is a test against the literal. Walks the file on
 * first use only.
 */
function regexConsts(A: Analyzer): Map<string, AnyNode> {
  if (A.regexConsts) return A.regexConsts;
  const found = new Map<string, AnyNode>();
  const bad = new Set<string>();
  walk(A.file.program as unknown as AnyNode, (node) => {
    const x = node as N;
    if (x.type === 'VariableDeclarator' && x.id?.type === 'Identifier') {
      const name = String(x.id.name);
      if (found.has(name) || bad.has(name) || !((x.init as N | null)?.type === 'Literal' && (x.init as N).regex)) {
        found.delete(name);
        bad.add(name);
      } else {
        found.set(name, x.init as AnyNode);
      }
    } else if ((x.type === 'AssignmentExpression' && x.left?.type === 'Identifier') || (x.type === 'UpdateExpression' && x.argument?.type === 'Identifier')) {
      const name = String((x.left ?? x.argument).name);
      found.delete(name);
      bad.add(name);
    }
    return true;
  });
  A.regexConsts = found;
  return found;
}

/** The regex literal `n` is, directly or through a regex constant. */
function regexLiteral(A: Analyzer, n: N): N | undefined {
  const x = unwrap(n);
  if (x.type === 'Literal' && x.regex) return x;
  if (x.type !== 'Identifier') return undefined;
  const src = A.file.source;
  // Cheap text check first: most files never bind a name to a regex literal.
  if (src.length > MAX_REGEX_CONST_SCAN || !new RegExp(`(?:^|[^\\w$])${String(x.name).replace(/\$/g, '\\$')}\\s*=\\s*/`).test(src)) return undefined;
  return regexConsts(A).get(String(x.name)) as N | undefined;
}

/**
 * Kinds a passed test of an anchored regex (`/^[a-z]+$/.test(x)`) cleans. Refused: the `m` flag
 * (`^`/`$` then match at any line: "a\n;rm" passes /^[a-z]+$/m), `g`/`y` (lastIndex carries over
 * between calls), `.` or a negated class / \S \W \D under a repetition (lets nearly anything
 * through: /^https?:\/\/\S*$/), a top-level `|`. A URL-shaped pattern (scheme, `//`, a leading `/`)
 * checks the form of a URL, not where it points: never clean for open redirect or SSRF. A pattern
 * that is one character class (`/^[\w.-]+$/`) cleans what its allowed characters cannot express.
 */
export function anchoredMask(A: Analyzer, n: N): number {
  const x = regexLiteral(A, n);
  if (!x) return 0;
  const p = String(x.regex.pattern);
  if (/[mgy]/.test(String(x.regex.flags ?? ''))) return 0;
  if (!p.startsWith('^') || !p.endsWith('$') || p.endsWith('\\$')) return 0;
  // `.` with a repetition lets anything through.
  if (/(^|[^\\])\.[*+{]/.test(p)) return 0;
  // So does a negated class or \S \W \D repeated.
  if (/(^|[^\\])(\[\^(?:[^\]\\]|\\.)*\]|\\[SWD])[*+{]/.test(p)) return 0;
  // `^a|b$` anchors only one side; `^(a|b)$` and `^\s*(\w|\$)+\s*$` are fine.
  if (topLevelAlternation(p)) return 0;
  const one = /^\^(\[(?:[^\]\\]|\\.)*\])[+*]\$$/.exec(p);
  let mask = one ? allowedMask(classChars(one[1]!, String(x.regex.flags ?? ''))) : ALL_KINDS_MASK;
  if (URL_SHAPED.test(p) && !FIXED_HOST.test(p)) mask &= ~URL_MASK;
  return mask;
}

/** A pattern about URLs: a scheme (`https?:`, `(http|https):`), `\/\/`, or a leading `\/`. */
const URL_SHAPED = /:\\\/|\\\/\\\/|^\^\(?\\\/|https?|ftp|wss?\b/i;
/** `^https:\/\/example\.com(\/…)?$`: a literal host right after the scheme, ended by a path or the end. */
const FIXED_HOST = /:\\\/\\\/[a-z0-9-]+(?:\\\.[a-z0-9-]+)+(?::\d+)?(?:\\\/|\(\?:\\\/|\$)/i;

/** Whether pattern source `p` has a `|` outside every group and character class. */
function topLevelAlternation(p: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * Characters that let a value do harm for each kind; a value whose every character lies outside
 * a kind's set is clean for it. Kinds missing here (prototype pollution: `__proto__` is word
 * characters; documents for XXE/deserialisation) are never cleaned by a character check.
 */
const DANGEROUS: ReadonlyArray<readonly [string, string]> = [
  ['command-injection', ';|&`$()<>\'"\\\n\r\t *?[]{}~!#'],
  ['argument-injection', '-;|&`$()<>\'"\\\n\r\t '],
  // No call (parentheses, tagged template), no assignment, no object literal; quotes are then harmless.
  ['code-injection', '()`={}'],
  ['sql-injection', '\'"`\\;-#/*\n\r\t '],
  ['nosql-injection', '$.{}[]\'"\\'],
  ['xss', '<>\'"`&=\\/:\n\r\t '],
  ['path-traversal', './\\'],
  ['ssrf', '/\\:.@%?#'],
  ['open-redirect', '/\\:.@%?#'],
  ['header-injection', '\r\n'],
  ['log-injection', '\r\n'],
  ['template-injection', '{}<>%$#`\'"\\()=[]'],
  ['ldap-injection', '*()\\&|=!<>~\0'],
  ['xpath-injection', '\'"[]()/=@*|<>'],
  ['redos', '.*+?()[]{}|\\^$'],
];
const DANGEROUS_SETS: ReadonlyArray<readonly [number, Charset]> = DANGEROUS.map(([k, cs]) => [kindsMask([k as never]), charsOf(cs)]);

const CODE_BIT = kindsMask(['code-injection']);
const PARAM_BREAKERS = charsOf('()=,{}[]/ \t\n\r');

function charsOf(cs: string): Charset {
  return normalize([...cs].map((c) => [c.charCodeAt(0), c.charCodeAt(0)] as const));
}

/** Kinds a value holding only characters of `allowed` is clean for. */
function allowedMask(allowed: Charset | undefined): number {
  if (!allowed) return 0;
  let mask = 0;
  for (const [bit, danger] of DANGEROUS_SETS) if (!intersects(allowed, danger)) mask |= bit;
  // Nothing that leaves a parameter list (lodash's `/[()=,{}\[\]\/\s]/` for the `variable` option):
  // safe as a parameter name, where generated code mostly puts such options. A tagged template
  // (`) still runs code if the value is pasted into a body instead: a known gap.
  if (!intersects(allowed, PARAM_BREAKERS)) mask |= CODE_BIT;
  return mask;
}

const classParser = new RegExpParser({ ecmaVersion: 2025 });

/**
 * The characters the character class source `cls` (`[^\x20-\x7e]`, `[\w.-]`) matches, read by the
 * ReDoS rules' regex parser (rules/regex); undefined when it does not parse or holds members only
 * approximated there (Unicode properties, nested classes, v-flag strings and set operations).
 */
function classChars(cls: string, flags: string): Charset | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = classParser.parsePattern(cls, 0, cls.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
  } catch {
    return undefined;
  }
  const only = pattern.alternatives.length === 1 ? pattern.alternatives[0]!.elements : [];
  const el = only.length === 1 ? only[0]! : undefined;
  if (el?.type !== 'CharacterClass') return undefined;
  if (!el.elements.every((e) => e.type === 'Character' || e.type === 'CharacterClassRange' || (e.type === 'CharacterSet' && e.kind !== 'property'))) return undefined;
  if (!flags.includes('i')) return classOf(el);
  // The i flag folds the listed characters before a negation applies (/[^a]/i matches neither a nor A).
  const listed = caseFold(el.negate ? complement(classOf(el)) : classOf(el));
  return el.negate ? complement(listed) : listed;
}

/**
 * Kinds a failed unanchored test of one character class cleans (`if (RE.test(x)) throw`): x holds
 * none of the class's characters. For a negated class (`/[^\w$]/`) that leaves the listed ones,
 * like an anchored allow-list; for a block-list (`/[()=,{}\[\]\/\s]/`) everything else. Either
 * way a kind is cleaned only when none of its dangerous characters is left (DANGEROUS): so
 * `/[^\x20-\x7e]/` (printable ASCII allowed: ; | $ and space) and a block-list of only `( )`
 * clean nothing. `g`/`y` flags make test() resume at lastIndex, so a later call can pass a bad
 * value: no cleaning.
 */
export function failedClassTest(A: Analyzer, n: N): number {
  const x = regexLiteral(A, n);
  if (!x) return 0;
  const flags = String(x.regex.flags ?? '');
  if (/[gy]/.test(flags)) return 0;
  const m = /^(\[(?:[^\]\\]|\\.)*\])[+*]?$/.exec(String(x.regex.pattern));
  if (!m) return 0;
  // classChars gives what the class matches; the value passed, so it holds only the rest.
  const matched = classChars(m[1]!, flags);
  return allowedMask(matched && complement(matched));
}

/** Applies what `cond` being `truth` tells about values, to the branch state `st`. */
export function refine(A: Analyzer, cond: AnyNode, truth: boolean, st: State, d: number): void {
  refineInner(A, cond as N, truth, st, d, 0);
}

function refineInner(A: Analyzer, cond: N, truth: boolean, st: State, d: number, depth: number): void {
  if (depth > MAX_GUARD_DEPTH) return;
  const c = unwrap(cond);
  switch (c.type) {
    case 'UnaryExpression':
      if (c.operator === '!') refineInner(A, c.argument, !truth, st, d, depth + 1);
      // `~x.indexOf('..')`: non-zero exactly when found, i.e. `x.indexOf('..') !== -1`.
      else if (c.operator === '~' && unwrap(c.argument).type === 'CallExpression') refineBinary(A, foundIndex(c.argument), truth, st, d);
      return;
    case 'LogicalExpression':
      if (c.operator === '&&' && truth) {
        refineInner(A, c.left, true, st, d, depth + 1);
        refineInner(A, c.right, true, st, d, depth + 1);
      } else if (c.operator === '||' && !truth) {
        refineInner(A, c.left, false, st, d, depth + 1);
        refineInner(A, c.right, false, st, d, depth + 1);
      } else if (c.operator === '&&' && !truth) {
        // `if (!isSame && !isInside(p, root)) return`: a local comparison result only admits another
        // special case, so what the other side tells still holds.
        // `if (opts.name && !ID.test(opts.name)) throw …`: absent (falsy, so no text) or checked.
        if (optionalChecked(A, c)) refineInner(A, c.right, false, st, d, depth + 1);
        else if (comparisonFlag(A, c.left, st)) refineInner(A, c.right, false, st, d, depth + 1);
        else if (comparisonFlag(A, c.right, st)) refineInner(A, c.left, false, st, d, depth + 1);
        else {
          originsChecked(A, c, truth, st, d);
          refineEither(A, c, truth, st, d, depth);
        }
      } else if (c.operator === '||' && truth) {
        originsChecked(A, c, truth, st, d);
        refineEither(A, c, truth, st, d, depth);
      }
      return;
    case 'CallExpression':
      if (truth) refineCallTrue(A, c, st, d);
      else refineCallFalse(A, c, st, d);
      return;
    case 'BinaryExpression':
      refineBinary(A, c, truth, st, d);
      return;
  }
}

/** `call !== -1` for `~call` (only read by refineBinary; positions come from `call`'s own nodes). */
function foundIndex(call: N): N {
  const minusOne = { type: 'UnaryExpression', operator: '-', prefix: true, argument: { type: 'Literal', value: 1, start: call.end, end: call.end }, start: call.end, end: call.end };
  return { type: 'BinaryExpression', operator: '!==', left: call, right: minusOne, start: call.start, end: call.end } as unknown as N;
}

/** `x && check(x)` (or `!check(x)`): the left side is a plain read of the value the right side's call checks. */
function optionalChecked(A: Analyzer, c: N): boolean {
  const left = unwrap(c.left);
  if (left.type !== 'Identifier' && !(left.type === 'MemberExpression' && !left.computed)) return false;
  let right = unwrap(c.right);
  if (right.type === 'UnaryExpression' && right.operator === '!') right = unwrap(right.argument);
  const arg = right.type === 'CallExpression' ? (right.arguments[0] as N | undefined) : undefined;
  if (!arg) return false;
  const a = unwrap(arg);
  const src = A.file.source;
  return src.slice(a.start, a.end) === src.slice(left.start, left.end);
}

/** A (negated) local variable holding a comparison of untainted values (`const same = a === b`). */
function comparisonFlag(A: Analyzer, n: N, st: State): boolean {
  let x = unwrap(n);
  if (x.type === 'UnaryExpression' && x.operator === '!') x = unwrap(x.argument);
  if (x.type !== 'Identifier') return false;
  const v = readVar(A, x.name, st);
  return ((v.flags ?? 0) & F_CLEAN_SCALAR) !== 0 && allFlows(v).length === 0 && v.lit === undefined;
}

/**
 * `a || b` true, or `a && b` false (`!a || !b`): one side held, so what both sides would tell holds
 * (`if (!isIP(h) && !isFQDN(h)) return`). Each side refines its own fork; a name refined on both
 * keeps the join of the two, clean only for the kinds both sides cleaned.
 */
function refineEither(A: Analyzer, c: N, truth: boolean, st: State, d: number, depth: number): void {
  const l = fork(st);
  refineInner(A, c.left, truth, l, d, depth + 1);
  if (l.ref === st.ref || l.ref.size === 0) return;
  const r = fork(st);
  refineInner(A, c.right, truth, r, d, depth + 1);
  for (const [k, lv] of l.ref) {
    const rv = r.ref.get(k);
    const before = st.ref.get(k);
    if (rv === undefined || (lv === before && rv === before)) continue;
    setRef(st, k, join(lv, rv));
  }
}

function refineCallTrue(A: Analyzer, c: N, st: State, d: number): void {
  const callee = unwrap(c.callee);
  const arg0 = c.arguments[0] as N | undefined;
  if (callee.type === 'Identifier') {
    // isFinite(x); a user's isValidX(x) / isSafePath(x) style validator, judged by its body when it is the project's.
    if (!arg0) return;
    const mask = callee.name === 'isFinite' ? ALL_KINDS_MASK : isValidatorName(callee.name) ? guardTrusted(A, callee, st, d) : 0;
    if (mask !== 0) cleanTarget(A, arg0, mask, st, d);
    return;
  }
  if (callee.type !== 'MemberExpression') return;
  const m = memberName(callee);
  if (!m) return;
  const recv = callee.object as N;
  if (ALLOW_METHODS.has(m) && arg0) {
    // The list itself must not be input (`req.query.list.includes(x)` allows anything).
    const rv = evalExpr(A, recv, st, d + 1);
    if (allFlows(rv).length > 0) return;
    if (m !== 'hasOwnProperty' && allowedSenders(A, recv, arg0, st, d)) return;
    const urls = urlTargets(A, arg0, st);
    if (urls.length > 0) {
      for (const u of urls) cleanTarget(A, u, URL_MASK, st, d);
      return;
    }
    cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
    // Every listed value a local path or an http(s)://host/ URL: so is x, and what follows it in a
    // URL (`${path}${query}`) stays on that site.
    if (m !== 'hasOwnProperty' && listOfFixedOrigins(A, recv)) markFixedOrigin(A, arg0, st, d);
    return;
  }
  // `ALLOWED.some((p) => url.startsWith(p + '/'))`, `ALLOWED.find((p) => p === x)` (url-allowlist.ts).
  const listed = arg0 ? listCallCheck(A, m, recv, arg0, st, d) : undefined;
  if (listed) {
    const urls = listed.how === 'member' ? urlTargets(A, listed.target, st) : [];
    if (urls.length > 0) for (const u of urls) cleanTarget(A, u, URL_MASK, st, d);
    else cleanTarget(A, listed.target, listed.how === 'member' ? ALL_KINDS_MASK : URL_MASK, st, d);
    return;
  }
  const each = m === 'every' && arg0 ? checksEachElement(A, arg0, st, d) : 0;
  if (each !== 0) {
    // `list.every((x) => RE.test(x))`: every element passed the check, so the list did.
    cleanTarget(A, recv, each, st, d);
    return;
  }
  if (m === 'hasOwn' && c.arguments[1]) {
    cleanTarget(A, c.arguments[1], ALL_KINDS_MASK, st, d);
    return;
  }
  const anchored = (m === 'test' || m === 'exec') && arg0 ? anchoredMask(A, recv) : 0;
  if (anchored !== 0 && arg0) {
    cleanTarget(A, arg0, anchored, st, d);
    return;
  }
  // `x.match(/^[\w-]+$/)` is non-null exactly when the test passes.
  const matched = m === 'match' && arg0 && c.arguments.length === 1 ? anchoredMask(A, arg0) : 0;
  if (matched !== 0) {
    cleanTarget(A, recv, matched, st, d);
    return;
  }
  if ((m === 'isInteger' || m === 'isSafeInteger' || m === 'isFinite') && arg0) {
    cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
    return;
  }
  if (m === 'startsWith' && arg0 && isLiteral(arg0)) {
    const lit = literalValue(arg0);
    // A local path: starts with '/' and not with '//' (a protocol-relative URL) — both checks needed.
    if (lit === '/') markRelative(A, recv, F_REL_SLASH, st, d);
    // A normalised path under a fixed directory ('/srv/files/'); never a '..' or '.' prefix.
    else if (typeof lit === 'string' && lit.length > 1 && !lit.startsWith('.')) cleanUnderRoot(A, recv, arg0, st, d);
    return;
  }
  if (m === 'startsWith' && arg0) {
    cleanUnderRoot(A, withoutSeparator(recv), arg0, st, d);
    return;
  }
  const trusted = isValidatorName(m) && arg0 ? guardTrusted(A, callee, st, d) : 0;
  if (trusted !== 0 && arg0) cleanTarget(A, arg0, trusted, st, d);
}

/**
 * Kinds a callback's element check cleans its first parameter for (0: none): an anchored regex
 * test (the kinds that regex cleans, as for a test of the value itself), membership in a list that
 * is not input, or a validator (`(c) => NAME.test(c)`, `function (c) { return KNOWN.includes(c); }`, `isUUID`).
 */
function checksEachElement(A: Analyzer, fnNode: N, st: State, d: number): number {
  const all = (ok: boolean) => (ok ? ALL_KINDS_MASK : 0);
  const fn = unwrap(fnNode);
  if (fn.type === 'Identifier') return isValidatorName(fn.name) ? guardTrusted(A, fn, st, d) : 0;
  if ((fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.params.length < 1) return 0;
  const param = fn.params[0] as N;
  if (param.type !== 'Identifier') return 0;
  let body = fn.body as N;
  if (body.type === 'BlockStatement') {
    const only = body.body.length === 1 ? (body.body[0] as N) : undefined;
    if (!only || only.type !== 'ReturnStatement' || !only.argument) return 0;
    body = only.argument as N;
  }
  const call = unwrap(body);
  if (call.type !== 'CallExpression' || call.arguments.length < 1) return 0;
  const arg = unwrap(call.arguments[0] as N);
  if (arg.type !== 'Identifier' || arg.name !== param.name) return 0;
  const callee = unwrap(call.callee);
  if (callee.type === 'Identifier') return all(isValidatorName(callee.name));
  if (callee.type !== 'MemberExpression') return 0;
  const m = memberName(callee);
  if (!m) return 0;
  if (m === 'test') return anchoredMask(A, callee.object as N);
  if (ALLOW_METHODS.has(m)) return all(allFlows(evalExpr(A, callee.object as N, st, d + 1)).length === 0);
  return all(isValidatorName(m));
}

/**
 * `list.forEach((k) => { if (FORBIDDEN.test(k)) throw … })`, `arrayEach(list, fn)`, `each(list, fn)`:
 * a callback that throws on a failed element check vets every element, like `list.every(check)`
 * (lodash's `_.template` imports keys). Applied after the statement runs.
 */
export function refineEachThrow(A: Analyzer, e: N, st: State, d: number): void {
  const c = unwrap(e);
  if (c.type !== 'CallExpression') return;
  const callee = unwrap(c.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  let list: N | undefined;
  let cb: N | undefined;
  if (name === 'forEach' && callee.type === 'MemberExpression' && c.arguments.length === 1) [list, cb] = [callee.object as N, c.arguments[0] as N];
  else if ((name === 'arrayEach' || name === 'each' || name === 'forEach') && c.arguments.length === 2) [list, cb] = c.arguments as N[];
  const fn = cb && unwrap(cb);
  if (!list || !fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.body?.type !== 'BlockStatement') return;
  const param = fn.params[0] as N | undefined;
  if (param?.type !== 'Identifier') return;
  let mask = 0;
  for (const s of fn.body.body as N[]) {
    if (s.type !== 'IfStatement' || s.alternate || !throwsOnly(s.consequent as N)) continue;
    let t = unwrap(s.test);
    const negated = t.type === 'UnaryExpression' && t.operator === '!';
    if (negated) t = unwrap(t.argument);
    if (t.type !== 'CallExpression' || unwrap(t.callee).type !== 'MemberExpression' || memberName(unwrap(t.callee)) !== 'test') continue;
    const arg = t.arguments[0] ? unwrap(t.arguments[0] as N) : undefined;
    if (arg?.type !== 'Identifier' || arg.name !== param.name) continue;
    const re = unwrap(t.callee).object as N;
    mask |= negated ? anchoredMask(A, re) : failedClassTest(A, re);
  }
  if (mask !== 0) cleanTarget(A, list, mask, st, d);
}

/** A `throw` alone, or a block holding only one. */
function throwsOnly(s: N): boolean {
  if (s.type === 'ThrowStatement') return true;
  return s.type === 'BlockStatement' && s.body.length === 1 && (s.body[0] as N).type === 'ThrowStatement';
}

export function isValidatorName(name: string): boolean {
  return VALIDATOR.test(name) && !NOT_VALIDATOR.test(name);
}

function refineCallFalse(A: Analyzer, c: N, st: State, d: number): void {
  const callee = unwrap(c.callee);
  const arg0 = c.arguments[0] as N | undefined;
  if (!arg0) return;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberName(callee) : undefined;
  if (name === 'isNaN') cleanTarget(A, arg0, ALL_KINDS_MASK, st, d);
  // `if (FORBIDDEN.test(x)) throw …`: x holds none of the class's characters. `FORBIDDEN.exec(x)` and
  // `x.match(FORBIDDEN)` are null exactly when test() is false (network's ensure_valid_nic).
  if ((name === 'test' || name === 'exec') && callee.type === 'MemberExpression') {
    const mask = failedClassTest(A, callee.object as N);
    if (mask !== 0) cleanTarget(A, arg0, mask, st, d);
  }
  if (name === 'match' && callee.type === 'MemberExpression' && c.arguments.length === 1) {
    const mask = failedClassTest(A, arg0);
    if (mask !== 0) cleanTarget(A, callee.object as N, mask, st, d);
  }
  // `!path.isAbsolute(x)` after a '..' check: relative with no parent step, so confined.
  if (name === 'isAbsolute') confineTarget(A, arg0, st, d);
  // `!x.includes('/')` / `!x.includes('..')`: no separator or parent step, so no traversal;
  // `!x.split(sep).includes('..')`: no parent segment.
  if (name === 'includes' && callee.type === 'MemberExpression' && isLiteral(arg0)) {
    const lit = literalValue(arg0);
    if (lit === '/' || lit === '..' || lit === '../') noParentStep(A, callee.object, st, d, lit !== '/');
  }
  // `!path.relative(root, file).startsWith('..')`: file lies under root.
  if (name === 'startsWith' && callee.type === 'MemberExpression' && isLiteral(arg0)) {
    const lit = literalValue(arg0);
    if (lit === '..' || lit === '../' || lit === '..\\') relativeTarget(A, callee.object, st, d);
  }
  if (name === 'startsWith' && callee.type === 'MemberExpression' && isLiteral(arg0) && literalValue(arg0) === '//') {
    markRelative(A, callee.object, F_NOT_DSLASH, st, d);
  }
  // `!x.startsWith('-')`: x cannot be read as an option of the program it is passed to.
  if (name === 'startsWith' && callee.type === 'MemberExpression' && isLiteral(arg0) && literalValue(arg0) === '-') {
    cleanTarget(A, callee.object, ARG_MASK, st, d);
  }
}

/**
 * `x` (or the text `x.split(…)` cut up) holds no '..' step. Without a '/' it is clean for path
 * traversal; with only '..' ruled out it may still be absolute ('/etc/passwd'), so its flows are
 * marked `dotless` and only joining it under a fixed root (calls.ts, transfer.ts) cleans them.
 * A normalised path (path.join/resolve/normalize result) keeps the old full cleaning.
 */
function noParentStep(A: Analyzer, n: N, st: State, d: number, maybeAbsolute = false): void {
  let x = unwrap(n);
  if (x.type === 'CallExpression' && unwrap(x.callee).type === 'MemberExpression' && memberName(unwrap(x.callee)) === 'split') {
    x = unwrap(unwrap(x.callee).object);
  }
  if (maybeAbsolute && !markNoDots(A, x, st, d)) cleanTarget(A, x, PATH_MASK, st, d);
  else if (!maybeAbsolute) cleanTarget(A, x, PATH_MASK, st, d);
  relativeTarget(A, x, st, d);
}

/** The dotless flows of `target` (checked for '..' already) cleaned for path traversal on this branch. */
function confineTarget(A: Analyzer, target: N, st: State, d: number): void {
  const t = unwrap(target);
  const key = t.type === 'Identifier' ? t.name : staticKey(t);
  if (key === undefined) return;
  const cur = t.type === 'Identifier' ? readVar(A, t.name, st) : evalExpr(A, t, st, d + 1);
  const flows = allFlows(cur);
  if (!flows.some((f) => f.dotless)) return;
  const cf = confineDotless(flows, PATH_MASK, ALL_KINDS_MASK);
  const nv: Value = { ...cur, flows: cf.length > 0 ? cf : undefined };
  nv.fields = undefined;
  setRef(st, key, nv);
}

/** Marks the flows of `target` dotless on this branch; false when it is a normalised path (cleaned as before). */
function markNoDots(A: Analyzer, target: N, st: State, d: number): boolean {
  const key = target.type === 'Identifier' ? target.name : staticKey(target);
  if (key === undefined) return true;
  const cur = target.type === 'Identifier' ? readVar(A, target.name, st) : evalExpr(A, target, st, d + 1);
  if (((cur.flags ?? 0) & F_PATH_NORM) !== 0) return false;
  const flows = allFlows(cur);
  if (flows.length === 0) return true;
  const nv: Value = { ...cur, flows: markDotless(flows, PATH_MASK) };
  nv.fields = undefined;
  setRef(st, key, nv);
  return true;
}

const MAX_RELATIVE_SCAN = 20_000;

/**
 * `rel` made by `path.relative(root, file)` and found to hold no leading '..': `file` is under
 * `root` (and so is `rel` joined to it). The assignments are read from the running function's
 * code: every one must be such a call on the same file, with a root the request does not choose.
 */
function relativeTarget(A: Analyzer, n: N, st: State, d: number): void {
  const x = unwrap(n);
  // Inline: `path.relative(root, file).startsWith('..')`.
  if (x.type === 'CallExpression' && x.arguments.length === 2) {
    const api = evalExpr(A, x.callee, st, d + 1).api;
    if (api !== 'path.relative' && api !== 'path.posix.relative') return;
    const [root, file] = x.arguments as N[];
    const keep = rootOrigins(evalExpr(A, root!, st, d + 1));
    if (keep) cleanTarget(A, unwrap(file!), PATH_MASK, st, d, keep);
    return;
  }
  if (x.type !== 'Identifier') return;
  if (readVar(A, x.name, st).api !== 'path.relative()') return;
  const calls: N[] = [];
  let seen = 0;
  let other = false;
  walk(st.frame.scope.node, (node) => {
    if (other || ++seen > MAX_RELATIVE_SCAN) return false;
    const m = node as N;
    let init: N | undefined;
    if (m.type === 'VariableDeclarator' && m.id?.type === 'Identifier' && m.id.name === x.name) init = m.init ?? undefined;
    else if (m.type === 'AssignmentExpression' && m.left?.type === 'Identifier' && m.left.name === x.name) init = m.operator === '=' ? m.right : m;
    else return true;
    const call = init ? unwrap(init) : undefined;
    if (call?.type === 'CallExpression' && call.arguments.length === 2) calls.push(call);
    else other = true;
    return true;
  });
  if (other || seen > MAX_RELATIVE_SCAN || calls.length === 0) return;
  const files = new Set(calls.map((c) => staticKey(unwrap(c.arguments[1]))));
  if (files.size !== 1 || files.has(undefined)) return;
  const keep = new Set<string>();
  for (const c of calls) {
    const k = rootOrigins(evalExpr(A, c.arguments[0], st, d + 1));
    if (!k) return;
    for (const o of k) keep.add(o);
  }
  cleanTarget(A, x, PATH_MASK, st, d, keep);
  cleanTarget(A, unwrap(calls[0]!.arguments[1]), PATH_MASK, st, d, keep);
}

function literalValue(n: N): unknown {
  const x = unwrap(n);
  if (x.type === 'Literal') return x.value;
  if (x.type === 'TemplateLiteral' && x.expressions.length === 0) return x.quasis[0]?.value?.cooked;
  return undefined;
}

/** Records one half of the local-path check; with both halves the value is clean for open redirect. */
function markRelative(A: Analyzer, target: N, flag: number, st: State, d: number): void {
  const t = unwrap(target);
  const key = t.type === 'Identifier' ? t.name : staticKey(t);
  if (key === undefined) return;
  const cur = t.type === 'Identifier' ? readVar(A, t.name, st) : evalExpr(A, t, st, d + 1);
  if (allFlows(cur).length === 0) return;
  const flags = (cur.flags ?? 0) | flag;
  let nv: Value = { ...cur, flags };
  if ((flags & (F_REL_SLASH | F_NOT_DSLASH)) === (F_REL_SLASH | F_NOT_DSLASH)) {
    const cf = cleanFlows(allFlows(cur), REDIRECT_MASK, ALL_KINDS_MASK);
    nv = { ...nv, flows: cf.length > 0 ? cf : undefined };
    nv.fields = undefined; // not delete, which makes a dictionary-mode object (value.ts join)
  }
  setRef(st, key, nv);
}

/**
 * `x` of `x[0]` / `x.charAt(0)`: an expression reading a value's first character. `x[0]` only when x
 * is known to be a string: of an array (`?repo=--upload-pack=…&repo=y`) it is the first element, and the
 * check says nothing of the others. charAt throws on an array, so it is a check as it stands.
 */
function firstCharOf(A: Analyzer, n: N, st: State, d: number): N | undefined {
  const x = unwrap(n);
  if (x.type === 'MemberExpression' && x.computed && literalValue(x.property) === 0) return knownString(A, x.object, st, d) ? x.object : undefined;
  if (x.type === 'CallExpression' && unwrap(x.callee).type === 'MemberExpression' && memberName(unwrap(x.callee)) === 'charAt'
    && x.arguments[0] && literalValue(x.arguments[0]) === 0) return unwrap(x.callee).object;
  return undefined;
}

/**
 * Every flow of the value is text: clean for NoSQL, which `typeof x === 'string'`, String(x) and the
 * text-only sources (route parameters, headers) mark, or built into a string.
 */
function knownString(A: Analyzer, n: N, st: State, d: number): boolean {
  const flows = allFlows(evalExpr(A, n, st, d + 1));
  return flows.length > 0 && flows.every((f) => f.built || (f.clean & NOSQL_MASK) !== 0);
}

function typeofTarget(n: N): N | undefined {
  const x = unwrap(n);
  return x.type === 'UnaryExpression' && x.operator === 'typeof' ? x.argument : undefined;
}

function refineBinary(A: Analyzer, c: N, truth: boolean, st: State, d: number): void {
  const op = c.operator as string;
  if (op === 'in') {
    if (truth) {
      const rv = evalExpr(A, c.right, st, d + 1);
      if (allFlows(rv).length === 0) cleanTarget(A, c.left, ALL_KINDS_MASK, st, d);
    }
    return;
  }
  const eq = op === '===' || op === '==';
  const ne = op === '!==' || op === '!=';
  if (!eq && !ne && op !== '>' && op !== '>=' && op !== '<') return;
  const left = unwrap(c.left);
  const right = unwrap(c.right);
  // arr.indexOf(x) !== -1 / >= 0 / > -1: membership.
  const idx = left.type === 'CallExpression' ? left : undefined;
  if (idx && unwrap(idx.callee).type === 'MemberExpression' && memberName(unwrap(idx.callee)) === 'indexOf' && isLiteral(right)) {
    const lit = right.type === 'UnaryExpression' ? -Number((right.argument as N).value) : Number(right.value);
    // p.indexOf(root) === 0: a prefix check, like startsWith.
    if (lit === 0 && (eq ? truth : ne ? !truth : false) && idx.arguments[0]) {
      cleanUnderRoot(A, withoutSeparator(unwrap(idx.callee).object as N), idx.arguments[0], st, d);
      return;
    }
    // What the comparison says of the needle: found, not found, or nothing (undefined).
    const found = lit === -1 && (eq || ne) ? ne === truth
      : (op === '>=' && lit === 0) || (op === '>' && lit === -1) ? truth
        : op === '<' && lit === 0 ? !truth : undefined;
    // x.indexOf('..') === -1 (< 0; a '..'-stripping loop's exit): no parent step.
    const needle = idx.arguments[0] ? literalValue(idx.arguments[0]) : undefined;
    if (found === false && (needle === '..' || needle === '../' || needle === '/')) {
      noParentStep(A, unwrap(idx.callee).object, st, d, needle !== '/');
      return;
    }
    if (found === true) {
      const recv = unwrap(idx.callee).object;
      const rv = evalExpr(A, recv, st, d + 1);
      if (allFlows(rv).length === 0 && idx.arguments[0] && !allowedSenders(A, recv, idx.arguments[0], st, d)) cleanTarget(A, idx.arguments[0], ALL_KINDS_MASK, st, d);
    }
    return;
  }
  if (!eq && !ne) return;
  const holds = eq ? truth : !truth;
  if (!holds) {
    // `x[0] !== '-'` (an early return on `x[0] === '-'`; `x.charAt(0)`): like `!x.startsWith('-')`.
    const first = literalValue(right) === '-' ? firstCharOf(A, left, st, d) : literalValue(left) === '-' ? firstCharOf(A, right, st, d) : undefined;
    if (first) cleanTarget(A, first, ARG_MASK, st, d);
    return;
  }
  // p.slice(0, root.length) === root (also substr/substring): a prefix check, like startsWith.
  if (left.type === 'CallExpression' && unwrap(left.callee).type === 'MemberExpression') {
    const m = memberName(unwrap(left.callee));
    const a0 = left.arguments[0] as N | undefined;
    if ((m === 'slice' || m === 'substr' || m === 'substring') && a0 && isLiteral(a0) && literalValue(a0) === 0) {
      cleanUnderRoot(A, withoutSeparator(unwrap(left.callee).object as N), right, st, d);
      return;
    }
  }
  const tl = typeofTarget(left);
  const tr = typeofTarget(right);
  if (tl || tr) {
    const lit = tl ? right : left;
    const val = lit.type === 'Literal' ? lit.value : undefined;
    if (val === 'number' || val === 'boolean' || val === 'bigint' || val === 'undefined') cleanTarget(A, (tl ?? tr)!, ALL_KINDS_MASK, st, d);
    // A string cannot carry query operators ({ $gt: '' }).
    else if (val === 'string') cleanTarget(A, (tl ?? tr)!, NOSQL_MASK, st, d);
    return;
  }
  if (sameOriginCheck(A, left, right, st, d) || sameOriginCheck(A, right, left, st, d)) return;
  const other = isLiteral(right) ? left : isLiteral(left) ? right : undefined;
  if (!other) {
    // `p === root` with root not input: p is that value (`if (!p.startsWith(root + sep) && p !== root) throw`).
    // Not `x === undefined`: a presence test says nothing of the value when it is there.
    if (isUndefinedName(left) || isUndefinedName(right)) return;
    const lv = allFlows(evalExpr(A, left, st, d + 1)).length;
    const rv = allFlows(evalExpr(A, right, st, d + 1)).length;
    if (lv > 0 && rv === 0) cleanTarget(A, left, ALL_KINDS_MASK, st, d);
    else if (rv > 0 && lv === 0) cleanTarget(A, right, ALL_KINDS_MASK, st, d);
    return;
  }
  // `new URL(u).origin === 'https://api.example.com'` (host, hostname too): the URL is fixed to that
  // server. Not `protocol`: any host has one.
  const part = other.type === 'MemberExpression' ? memberName(other) : undefined;
  if (part === 'origin' || part === 'host' || part === 'hostname') for (const u of urlTargets(A, other, st)) cleanTarget(A, u, URL_MASK, st, d);
  cleanTarget(A, other, ALL_KINDS_MASK, st, d);
}

/** `undefined`, `NaN`, `Infinity`: names of fixed values a comparison with says nothing of a present value. */
function isUndefinedName(n: N): boolean {
  return n.type === 'Identifier' && (n.name === 'undefined' || n.name === 'NaN' || n.name === 'Infinity');
}

/** The role of a postMessage event (models/browser.ts). */
const MESSAGE_EVENT = '@dom.message-event';

/** `e` when `n` is `e.origin` of a postMessage event. */
function senderEvent(A: Analyzer, n: N, st: State): string | undefined {
  const x = unwrap(n);
  if (x.type !== 'MemberExpression' || memberName(x) !== 'origin') return undefined;
  const ev = unwrap(x.object);
  return ev.type === 'Identifier' && readVar(A, ev.name, st).api === MESSAGE_EVENT ? ev.name : undefined;
}

/**
 * The event's sender was checked on this branch: its `data` is no longer another window's
 * (transfer.ts `readMember` skips message sources; a join keeps the flag only when both paths
 * checked). Data read from the event before the check keeps its label.
 */
function markChecked(A: Analyzer, ev: string, st: State): void {
  const v = readVar(A, ev, st);
  setRef(st, ev, { ...v, flags: (v.flags ?? 0) | F_SENDER_CHECKED });
}

/** An origin an exact comparison admits: a scheme and a host. Not 'null' (any sandboxed frame sends it) nor '*'. */
function isOriginLiteral(n: N): boolean {
  const v = isLiteral(n) ? literalValue(n) : undefined;
  return typeof v === 'string' && /^[a-z][a-z\d+.-]*:\/\/[^/\s*]+\/?$/i.test(v);
}

/** `location.origin` (window., self., document.): the page's own origin. */
function isOwnOrigin(A: Analyzer, n: N, st: State, d: number): boolean {
  const x = unwrap(n);
  if (x.type !== 'MemberExpression' || memberName(x) !== 'origin') return false;
  const api = evalExpr(A, x.object, st, d + 1).api;
  return api === 'location' || api === 'document.location';
}

/**
 * `e.origin === 'https://app.example.com'` (or `location.origin`): only that sender's messages get
 * through. A prefix or suffix test (`startsWith('https://app')`, `endsWith('.example.com')`) is
 * not: 'https://app.evil.com' starts the same, and http:// and every subdomain end the same.
 */
function sameOriginCheck(A: Analyzer, origin: N, other: N, st: State, d: number): boolean {
  const ev = senderEvent(A, origin, st);
  if (ev === undefined || (!isOriginLiteral(other) && !isOwnOrigin(A, other, st, d))) return false;
  markChecked(A, ev, st);
  return true;
}

/**
 * `e.origin !== A && e.origin !== B` false (or `e.origin === A || e.origin === B` true): either
 * way the sender is one of the exact origins, so the event is checked.
 */
function originsChecked(A: Analyzer, c: N, truth: boolean, st: State, d: number): void {
  const ev = exactSender(A, c, truth, st, d, 0);
  if (ev !== undefined) markChecked(A, ev, st);
}

/** The event whose origin `c` being `truth` pins to exact origins, if it does. */
function exactSender(A: Analyzer, cond: N, truth: boolean, st: State, d: number, depth: number): string | undefined {
  if (depth > MAX_GUARD_DEPTH) return undefined;
  const c = unwrap(cond);
  if (c.type === 'UnaryExpression' && c.operator === '!') return exactSender(A, c.argument, !truth, st, d, depth + 1);
  if (c.type === 'LogicalExpression' && ((c.operator === '||' && truth) || (c.operator === '&&' && !truth))) {
    const l = exactSender(A, c.left, truth, st, d, depth + 1);
    return l !== undefined && exactSender(A, c.right, truth, st, d, depth + 1) === l ? l : undefined;
  }
  if (c.type !== 'BinaryExpression') return undefined;
  const op = c.operator as string;
  const eq = op === '===' || op === '==';
  if (!(eq ? truth : (op === '!==' || op === '!=') && !truth)) return undefined;
  for (const [o, other] of [[c.left, c.right], [c.right, c.left]] as [N, N][]) {
    const ev = senderEvent(A, o, st);
    if (ev !== undefined && (isOriginLiteral(other) || isOwnOrigin(A, other, st, d))) return ev;
  }
  return undefined;
}

/**
 * `ALLOWED.includes(e.origin)` (has, indexOf) with a list that is not input (the caller checked):
 * written out, every entry must be an origin; a list from elsewhere (configuration) is trusted.
 */
function allowedSenders(A: Analyzer, list: N, origin: N, st: State, d: number): boolean {
  const ev = senderEvent(A, origin, st);
  if (ev === undefined) return false;
  let x = unwrap(list);
  if (x.type === 'Identifier') x = constInit(A, x.name) ?? x;
  x = unwrap(x);
  if (x.type === 'NewExpression' && x.callee.type === 'Identifier' && x.callee.name === 'Set' && x.arguments.length === 1) x = unwrap(x.arguments[0] as N);
  if (x.type === 'ArrayExpression' && !(x.elements as (N | null)[]).every((e) => e !== null && (isOriginLiteral(e) || isOwnOrigin(A, e, st, d)))) return true;
  markChecked(A, ev, st);
  return true;
}

/**
 * `LIST` (a const of the file, never added to) is an array or Set of string literals that each fix
 * where a URL goes (url-base.ts FIXED_ORIGIN: '/landing', 'https://a.example/'): a member of it
 * starts with a fixed origin.
 */
function listOfFixedOrigins(A: Analyzer, recv: N): boolean {
  const r = unwrap(recv);
  if (r.type !== 'Identifier') return false;
  // Once per name and file (constInit walks the whole file).
  const known = A.fixedOriginLists.get(r.name);
  if (known !== undefined) return known;
  const found = fixedOriginList(A, r.name);
  A.fixedOriginLists.set(r.name, found);
  return found;
}

function fixedOriginList(A: Analyzer, listName: string): boolean {
  const name = listName.replace(/\$/g, '\\$');
  // Cheap text check first: a list literal of strings right after the name.
  if (!new RegExp(`(?:^|[^\\w$.])${name}\\s*=\\s*(?:new\\s+Set\\s*\\(\\s*)?\\[\\s*['"\`]`).test(A.file.source)) return false;
  let x = constInit(A, listName);
  if (!x) return false;
  x = unwrap(x);
  if (x.type === 'NewExpression' && x.callee.type === 'Identifier' && x.callee.name === 'Set' && x.arguments.length === 1) x = unwrap(x.arguments[0] as N);
  if (x.type !== 'ArrayExpression' || x.elements.length === 0) return false;
  if (!(x.elements as (N | null)[]).every((e) => e !== null && e.type === 'Literal' && typeof e.value === 'string' && FIXED_ORIGIN.test(e.value))) return false;
  // `LIST.push(req.query.x)` / `.add(…)` / `.splice(…)` / `.unshift(…)` / `[i] =` would let other values in.
  return !new RegExp(`(?:^|[^\\w$.])${name}\\s*(?:\\.\\s*(?:push|add|unshift|splice|fill|copyWithin)\\b|\\[[^\\]]*\\]\\s*=[^=])`).test(A.file.source);
}

/** Marks the (already cleaned) value named by `target` as starting with a fixed origin. */
function markFixedOrigin(A: Analyzer, target: N, st: State, d: number): void {
  const t = coercedFrom(unwrap(target));
  const key = t.type === 'Identifier' ? t.name : staticKey(t);
  if (key === undefined) return;
  const cur = t.type === 'Identifier' ? readVar(A, t.name, st) : evalExpr(A, t, st, d + 1);
  setRef(st, key, { ...cur, flags: (cur.flags ?? 0) | F_FIXED_ORIGIN });
}

/** The initialiser of a `const` declared once in the file under this name. */
export function constInit(A: Analyzer, name: string): N | undefined {
  let found: N | undefined;
  let count = 0;
  walk(A.file.program as unknown as AnyNode, (node) => {
    if (count > 1) return false;
    const x = node as N;
    if (x.type === 'VariableDeclarator' && x.id?.type === 'Identifier' && x.id.name === name) {
      count++;
      found = x.init ?? undefined;
    }
    return true;
  });
  return count === 1 ? found : undefined;
}
