/**
 * Calls: sinks on arguments, handler registrations, sources and sanitizers that are calls,
 * summaries of local and imported functions, callbacks of higher-order functions (run inline
 * with their element values), and the default propagator (the result carries the taint of the
 * arguments and the receiver).
 */
import { memberName, moduleApiName, splitApi } from '../ir/api-names.js';
import { ALL_KINDS_MASK, kindBit, kindsMask, segsMatch } from '../models/compile.js';
import type { SinkKind, SinkSpec } from '../models/types.js';
import type { FlowStep } from './types.js';
import type { AnyNode } from '../parse/walk.js';
import { constructorOf } from './classes.js';
import { chainRoot, chainedType, contentTypeFlag, noteChain } from './content-type.js';
import { PROP_PARAM, propArg } from './component-props.js';
import { constInit, rootOrigins } from './guards.js';
import { importedSchema, objectSchemaResult } from './schemas.js';
import { nodeEvalCode, shellCommandLine } from './shell-argv.js';
import { returnsRows, WRAPPED_ROWS_DESC } from './stored-rows.js';
import { markupReturn } from './markup-returns.js';
import { classSetState, setState, STATE_SETTER } from './react-state.js';
import { parsedFetchedText } from './fetched-json.js';
import { optionInjectable } from './option-argv.js';
import { customSink, thisClass, type Analyzer } from './context.js';
import { paramNameSpec, registerHandlers, runHandler } from './handlers.js';
import { runFunction } from './run.js';
import { makeFrame, type Frame, type State } from './state.js';
import { sourceReturnMask, summaryOf, type ParamFlowX, type SinkFlowX } from './summaries.js';
import { ownEntry, type Summary } from './summary.js';
import { ELEMENT_FIELD, elemOf, evalExpr, readMember, readVar, staticKey, writeBack, writeVar } from './transfer.js';
import {
  CLEAN, F_ARRAY_LIT, F_ARRAY_MAPPED, F_CLEAN_SCALAR, F_CT_HTML, F_CT_MASK, F_CT_OTHER, F_NULL_PROTO, F_PATH_NORM, F_ROOTED, F_ROOTED_NORM, UNKNOWN, addStep, allFlows, cleanFlows, concatSteps, join,
  confineDotless, keyFlows, makeFlow, makeValue, markDotless, mergeFlows, NO_FLOWS, T_HTML, taintOnly, valueOf, withFlows, type Flow, type FnRef, type Value,
} from './value.js';

type N = AnyNode & Record<string, any>;

const MAX_API_LEN = 160;
/** Most functions a call through a dispatch table (`table[key](…)`) may run. */
const MAX_DISPATCH = 8;
/** Callbacks run inline at most this many levels deep. */
const MAX_INLINE = 8;
/** Calls that wrap a callback-style function in a promise-returning one that calls it with the same arguments. */
const PROMISIFIERS = new Set([
  'util.promisify', 'q.denodeify', 'q.nfbind', 'bluebird.promisify', 'pify', 'es6-promisify', 'es6-promisify.promisify', 'thenify',
]);

const CLEAN_GLOBALS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'isNaN', 'isFinite', 'BigInt', 'Symbol']);
/** Methods whose result is a number or boolean whatever the receiver holds. */
const SCALAR_METHODS = new Set([
  'includes', 'indexOf', 'lastIndexOf', 'test', 'startsWith', 'endsWith', 'has', 'some', 'every', 'localeCompare',
  'charCodeAt', 'codePointAt', 'search', 'findIndex', 'findLastIndex', 'getTime', 'isArray', 'hasOwnProperty', 'toFixed',
  'isInteger', 'isSafeInteger', 'isFinite', 'isNaN', 'compare', 'equals', 'size', 'valueOf',
]);
const ELEM_CALLBACKS = new Set(['map', 'forEach', 'filter', 'find', 'findLast', 'findIndex', 'findLastIndex', 'some', 'every', 'flatMap', 'sort']);
/** JSON text is a safe JavaScript literal and one line (CR and LF inside strings are escaped). */
const JSON_SAFE = kindsMask(['code-injection', 'log-injection']);
/** Node fs calls whose callback error message quotes their first argument (the path). */
const FS_ERR_QUOTES_PATH = /^(?:fs|node:fs)\.(?:readFile|writeFile|appendFile|readdir|stat|lstat|access|open|unlink|rmdir|mkdir|rename|copyFile|realpath)$/;
const XSS_BIT = kindBit('xss');
const LOG_MASK = kindsMask(['log-injection']);
/**
 * Sinks whose result is made of their input: a deserialized or parsed document, a compiled or rendered
 * template, what evaluated code returns. It keeps the input's taint (yaml.load(body) then into SQL);
 * a query's rows, a logger's or a writer's return value do not.
 */
const RESULT_OF_INPUT: ReadonlySet<string> = new Set(['deserialization', 'xxe', 'code-injection', 'template-injection']);
/** Code sinks that return no value computed from the code: a module (require), a function, a timer, a worker, a compiled script. */
const CODE_NOT_EVALUATED: ReadonlySet<string> = new Set(['require', 'Function', 'Function.apply', 'Function.call', 'setTimeout-string', 'worker_threads.Worker.eval', 'vm2.VMScript']);
const resultOfInput = (spec: SinkSpec): boolean => RESULT_OF_INPUT.has(spec.kind) && !CODE_NOT_EVALUATED.has(spec.id);
const SANITIZER_NAME = /sanitiz/i;
const NAMED_SANITIZER_MASK = kindsMask(['nosql-injection', 'xss', 'sql-injection', 'ldap-injection', 'xpath-injection']);
/** A project's own LDAP or XPath escaper names its language and what it does (`escapeLdap`, `ldapEscapeFilter`, `xpathQuote`). */
const QUERY_ESCAPER_VERB = /escap|encod|quot/;
const LDAP_MASK = kindsMask(['ldap-injection']);
const XPATH_MASK = kindsMask(['xpath-injection']);
/**
 * A project's own HTML escaper by name (`escape`, `escapeHtml`, `htmlsafe`, `htmlEscape`, `encodeHTML`,
 * `sanitizeX`): its loop or lookup table is beyond the engine, so the name is taken at its word —
 * for XSS only, and only when its summary shows no sink of its own. No nested quantifiers: linear.
 */
const HTML_ESCAPER_NAME = /^_*(?:(?:html|xml)_?(?:safe|escape|escaped|encode|encoded|entities|specialchars)|(?:escape|encode)(?:_?(?:html|xml|entities|text|attr|attribute))?|safe_?html|sanitiz\w*)$/i;
const XSS_MASK = kindsMask(['xss']);
const PATH_MASK = kindsMask(['path-traversal']);
/** Calls that turn %xx escapes back into characters ('%2e%2e%2f' into '../'). */
const PERCENT_DECODERS = new Set(['decodeURIComponent', 'decodeURI', 'unescape', 'querystring.unescape']);

/** A decoded path: cleaning for path traversal done before the decoding no longer holds, nor '..'-freedom. */
function decodedPath(r: Value): Value {
  const fl = r.flows;
  if (!fl || !fl.some((f) => (f.clean & PATH_MASK) !== 0 || f.dotless)) return r;
  return withFlows(r, fl.map((f) => {
    if ((f.clean & PATH_MASK) === 0 && !f.dotless) return f;
    const m = makeFlow(f.label, f.param, f.src, f.steps, f.clean & ~PATH_MASK, f.built, f.text);
    m.unclean = (f.clean & PATH_MASK) !== 0 ? (f.unclean ?? 0) | PATH_MASK : f.unclean;
    return m;
  }));
}
/** Text a global `.replace` writes instead of `<`: an entity or nothing (`&lt;`, `&#60;`, ''). */
const HTML_SAFE_REPLACEMENT = /^(?:&[#a-zA-Z0-9]+;|)$/;

/** `s.replace(/[<>&]/g, '&lt;')`-style HTML escaping: a global regex literal matching `<` replaced by an entity. */
function escapesHtml(argNodes: N[]): boolean {
  const re = argNodes[0] ? unwrapTs(argNodes[0]) : undefined;
  const rep = argNodes[1] ? unwrapTs(argNodes[1]) : undefined;
  if (re?.type !== 'Literal' || !re.regex || !String(re.regex.flags).includes('g')) return false;
  const src = String(re.regex.pattern);
  // Exactly `<`, or a character class holding it (not `<script`, which leaves `<img` alone).
  // `[^\]<]*` before the `<`: the two runs cannot share characters, so no quadratic backtracking.
  if (src !== '<' && !/^\[(?!\^)[^\]<]*<[^\]]*\]$/.test(src)) return false;
  // A function replacement (`c => map[c]`) is the usual lookup-table escaper.
  if (rep?.type === 'ArrowFunctionExpression' || rep?.type === 'FunctionExpression') return true;
  if (rep?.type === 'Literal' && typeof rep.value === 'string') return HTML_SAFE_REPLACEMENT.test(rep.value);
  return false;
}

/** `s.replace(/[\r\n]+/g, '')`: a global regex literal removing every CR and LF (or all whitespace) with a replacement that has neither. */
function stripsLineBreaks(argNodes: N[]): boolean {
  const re = argNodes[0] ? unwrapTs(argNodes[0]) : undefined;
  const rep = argNodes[1] ? unwrapTs(argNodes[1]) : undefined;
  if (re?.type !== 'Literal' || !re.regex || !String(re.regex.flags).includes('g')) return false;
  if (rep?.type !== 'Literal' || typeof rep.value !== 'string' || /[\r\n]/.test(rep.value)) return false;
  const src = String(re.regex.pattern);
  if (src === '\\s' || src === '\\s+' || src === '\\r|\\n' || src === '\\n|\\r' || src === '\\r?\\n|\\r' || src === '\\r\\n|\\r|\\n') return true;
  // One non-negated character class, optionally repeated; `[^\]]*` cannot backtrack quadratically.
  const m = /^\[(?!\^)([^\]]*)\][+*]?$/.exec(src);
  if (!m) return false;
  const cls = m[1]!;
  return cls.includes('\\s') || (cls.includes('\\r') && cls.includes('\\n'));
}

/** API path of a Promise executor's `resolve` parameter (plus the `new Promise` offset). */
const RESOLVE_API = '@promise.resolve:';
/** Values passed to the resolve functions of executors running now. */
const resolved = new Map<string, Value>();

const PATH_NORMALISERS = new Set(['path.resolve', 'path.normalize', 'path.join', 'path.posix.resolve', 'path.posix.normalize', 'path.posix.join', 'path.win32.resolve', 'path.win32.join']);

function unwrapTs(n: N): N {
  let x = n;
  for (let i = 0; i < 16; i++) {
    if (x.type === 'TSAsExpression' || x.type === 'TSNonNullExpression' || x.type === 'ParenthesizedExpression' || x.type === 'TSSatisfiesExpression' || x.type === 'TSInstantiationExpression') x = x.expression;
    else return x;
  }
  return x;
}

/**
 * The argument array as written: the literal itself, or the literal with spreads a name declared
 * once holds (`const full = [...BASE, ...args]; execFile('git', full)`), so its spreads can be judged.
 */
function argvLiteral(A: Analyzer, node: N | undefined): N | undefined {
  if (!node) return undefined;
  const n = unwrapTs(node);
  if (n.type !== 'Identifier') return n;
  // Only a literal with spreads: elements pushed later (`args.push(req.query.x)`) are judged as
  // pushed, from the name's value.
  const init = constInit(A, n.name);
  const lit = init ? unwrapTs(init) : undefined;
  return lit?.type === 'ArrayExpression' && (lit.elements as (N | null)[]).some((e) => e?.type === 'SpreadElement') ? lit : n;
}

function argAt(args: Value[], argNodes: N[], i: number): Value | undefined {
  for (let j = 0; j <= i && j < argNodes.length; j++) if (argNodes[j]!.type === 'SpreadElement') return args[j];
  return args[i];
}

function receiverName(n: N): string {
  const x = unwrapTs(n);
  if (x.type === 'Identifier') return x.name;
  if (x.type === 'MemberExpression') return memberName(x) ?? '';
  if (x.type === 'ThisExpression') return 'this';
  if (x.type === 'CallExpression') return receiverName(x.callee);
  if (x.type === 'AwaitExpression') return receiverName(x.argument);
  return '';
}

/** `./models/coupon`, `../model/Token.js`, `./coupon.model`, `./couponModel`: a project's data model module. */
const MODEL_DIR = /(^|[/._-])models?([/._-]|$)/i;
const MODEL_FILE = /[a-z]Model(\.[cm]?[jt]sx?)?$/;

/**
 * A receiver imported whole from a project's model module (`const Coupon = require('./models/couponModel')`)
 * is named `model` for receiver patterns, whatever the import calls it: `Coupon.findOne(…)` is a
 * Mongoose model query though no list of entity names has "coupon". ORMs whose queries take a
 * `where` options object are told apart by that object (checkSink).
 */
function modelAlias(recv: Value | undefined): string | undefined {
  const imp = recv?.imp;
  if (!imp || imp.inst || imp.name !== undefined && imp.name !== 'default') return undefined;
  if (!imp.spec.startsWith('.') && !imp.spec.startsWith('@/') && !imp.spec.startsWith('~/')) return undefined;
  return MODEL_DIR.test(imp.spec) || MODEL_FILE.test(imp.spec) ? 'model' : undefined;
}

function fnName(A: Analyzer, node: AnyNode): string {
  return A.scopes.scopes.get(node)?.name ?? '<anonymous>';
}

/**
 * An options value whose `property` is set, and not from web input (guards.ts rootOrigins). An
 * options object whose fields cannot be seen (`merge({}, defaults)`) may set it: given the benefit
 * of the doubt, unless it comes from the request.
 */
function optionFixed(o: Value | undefined, property: string): boolean {
  if (!o || o.lit !== undefined) return false;
  if (!o.fields) return o.fns === undefined && o !== CLEAN && rootOrigins(o) !== undefined;
  // A dotted path (`engines.javascript`) is followed key by key through nested object literals.
  const dot = property.indexOf('.');
  if (dot > 0) return optionFixed(o.fields.get(property.slice(0, dot)), property.slice(dot + 1));
  const fv = o.fields.get(property);
  return fv !== undefined && fv.lit !== null && fv.lit !== false && fv.lit !== '' && rootOrigins(fv) !== undefined;
}

const NOSQL_BIT = kindBit('nosql-injection');

/**
 * The flows of an argument that can do harm at a sink of this kind. An object or array is sent as
 * JSON (not HTML) and logged through util.inspect (strings quoted, newlines escaped): only taint
 * of the value as a whole counts for XSS and log injection. A MongoDB filter: text built by
 * concatenation is a string, never an operator object, except as `$where` JavaScript; a filter with
 * a `where` key is an ORM's options object (Sequelize, TypeORM), whose operators JSON cannot carry.
 */
export function sinkFlows(kind: SinkKind, a: Value | undefined, bodyJson = false): Flow[] {
  if (!a) return NO_FLOWS;
  // `res.send([x])`, `ctx.body = [x]`: an array sent whole is JSON (a DOM sink would stringify it).
  if (kind === 'xss' && bodyJson && ((a.flags ?? 0) & (F_ARRAY_LIT | F_ARRAY_MAPPED)) !== 0) return NO_FLOWS;
  if ((kind === 'xss' || kind === 'log-injection') && a.fields) return a.flows ?? NO_FLOWS;
  if (kind === 'nosql-injection') return nosqlFlows(a, 0);
  // A query config object (`{ text, values }`, `{ sql, values }`): only its text is SQL; the
  // values are bound as parameters.
  if (kind === 'sql-injection' && a.fields) {
    let out = a.flows ?? NO_FLOWS;
    for (const k of SQL_TEXT_FIELDS) {
      const t = a.fields.get(k);
      if (t) out = mergeFlows(out, allFlows(t));
    }
    return out;
  }
  return allFlows(a);
}

const SQL_TEXT_FIELDS = ['text', 'sql', 'query'];

/** Text run as JavaScript (`$where`): being a string (a route parameter, String(x)) does not make it safe. */
function asCode(flows: Flow[]): Flow[] {
  return flows.map((f) => ((f.clean & NOSQL_BIT) === 0 ? f : { ...f, clean: f.clean & ~NOSQL_BIT }));
}

function nosqlFlows(a: Value, depth: number): Flow[] {
  if (depth === 0 && a.fields?.has('where') && !a.fields.has('$where')) return NO_FLOWS;
  let out = a.flows ? a.flows.filter((f) => !f.built && (f.clean & NOSQL_BIT) === 0) : NO_FLOWS;
  if (a.fields && depth < 4) {
    for (const [k, fv] of a.fields) out = mergeFlows(out, k === '$where' || k === '$function' || k === '$accumulator' ? asCode(allFlows(fv)) : nosqlFlows(fv, depth + 1));
  }
  return out;
}

/** A string literal argument against `when.equals`: one value, or any of a list (a view's names). */
function equalsIgnoringCase(lit: string, equals: NonNullable<SinkSpec['when']>['equals']): boolean {
  const l = lit.toLowerCase();
  return Array.isArray(equals) ? equals.some((e) => e.toLowerCase() === l) : l === String(equals).toLowerCase();
}

/**
 * JSON.parse of text built from input: its flows are values again (not built text), and objects
 * unless the part was JSON-encoded before the splice (JSON.stringify(String(x)) parses back to
 * the same string; JSON.stringify of an object still parses to that object).
 */
function parsedJson(r: Value): Value {
  if (!r.flows?.some((f) => f.built)) return r;
  return withFlows(r, r.flows.map((f) => (!f.built ? f : {
    label: f.label, param: f.param, src: f.src, steps: f.steps, clean: (f.clean & JSON_SAFE) === JSON_SAFE ? f.clean : f.clean & ~NOSQL_BIT,
    built: false, unclean: f.unclean, dotless: f.dotless, text: f.text,
  })));
}

/** Does this argument's text name a log file or a log path variable (`'x.log'`, `LOG_FILE`, `auditPath`)? */
function namesLog(node: N | undefined, A: Analyzer): boolean {
  if (!node) return false;
  const t = A.text(node, 120);
  if (/\.log\b/i.test(t)) return true;
  for (const w of t.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? []) if (LOG_WORDS.has(w.toLowerCase())) return true;
  return false;
}
const LOG_WORDS = new Set(['log', 'logs', 'audit', 'journal']);

/** Checks one sink spec against a call's arguments (`recv`: the object a method is called on). */
function checkSink(A: Analyzer, spec: SinkSpec, args: Value[], argNodes: N[], n: N, st: State, recv: Value | undefined, segs?: string[]): void {
  if (spec.when) {
    const o = argAt(args, argNodes, spec.when.arg);
    if (spec.when.property === undefined) {
      // The argument itself, a string compared ignoring case (a header name).
      if (typeof o?.lit !== 'string' || !equalsIgnoringCase(o.lit, spec.when.equals)) return;
    } else {
      const fv = o?.fields?.get(spec.when.property);
      if (!fv || fv.lit === undefined) return;
      if (spec.when.equals !== undefined ? fv.lit !== spec.when.equals : !fv.lit) return;
    }
  }
  if (spec.kind === 'xss') {
    // A response given a content type: JSON or text/plain is not rendered as a page.
    let ct = (recv?.flags ?? 0) & F_CT_MASK;
    // A body sink that sets its own type (`new Response(html, { headers })`): its arguments say.
    if (spec.htmlOnly && segs && A.models.contentTypes.size > 0) {
      const own = A.models.contentTypes.match(segs);
      if (own.length > 0) ct = contentTypeFlag(own, args) ?? ct;
    }
    // A type set by a call chained on the sink's result (hapi `h.response(x).type('application/json')`).
    if (ct === 0 && spec.bodyJson && segs && A.models.contentTypes.size > 0) ct = chainedType(A.models.contentTypes, n, segs) ?? ct;
    if (spec.htmlOnly ? ct !== F_CT_HTML : ct === F_CT_OTHER) return;
  }
  if (spec.unless?.some((u) => optionFixed(argAt(args, argNodes, u.arg), u.property))) return;
  if (spec.logTarget !== undefined && !namesLog(argNodes[spec.logTarget], A)) return;
  const idx = spec.args === 'all' ? args.map((_, i) => i) : spec.args ?? [0];
  let step;
  for (const i of idx) {
    // -1: the receiver (an archive made from an upload, extracted by a method of its own).
    let a = i === -1 ? recv : argAt(args, argNodes, i);
    if (spec.shellArgv) a = (spec.shellArgv === 'node' ? nodeEvalCode : shellCommandLine)(argAt(args, argNodes, 0), a);
    if (spec.optionArgv) {
      a = optionInjectable(argAt(args, argNodes, 0), a, argAt(args, argNodes, i + 1), argvLiteral(A, argNodes[i]), writesEndMarker(A, st));
    }
    if (!a) continue;
    if (spec.property) a = fieldPath(a, spec.property);
    const flows = sinkFlows(spec.kind, a, spec.bodyJson);
    if (flows.length === 0) continue;
    step ??= A.step((spec.kind === 'xss' ? propertyNode(argNodes[i], spec.property) : undefined) ?? n, `${spec.description}: ${A.text(n.callee ?? n, 40)}`);
    for (const f of flows) {
      A.reportFlow(st, { kind: spec.kind, sinkId: spec.id, labels: spec.labels, needsBuilt: spec.requiresConcatenation, description: spec.description }, f, step);
    }
  }
}

/**
 * The property of an object literal argument a sink's `property` names (its first member): markup
 * passed as an option (`button({ label })`, `createElement(t, { dangerouslySetInnerHTML })`) is
 * reported there, the line a fix changes, as a JSX attribute is.
 */
function propertyNode(o: N | undefined, path: string | undefined): N | undefined {
  if (path === undefined || o?.type !== 'ObjectExpression') return undefined;
  const names = path.split('.')[0]!.split('|');
  for (const p of o.properties as N[]) {
    if (p.type === 'Property' && !p.computed && names.includes(p.key?.type === 'Identifier' ? p.key.name : p.key?.type === 'Literal' ? String(p.key.value) : '')) return p;
  }
  return undefined;
}

/** Module interop helpers compilers emit (a numbered copy when the name was taken: `_interopRequireDefault2`). */
const INTEROP_HELPER = /^_{1,2}(?:interopRequire(?:Default|Wildcard)|import(?:Default|Star))\d{0,3}$/;

/** Per function node: does its code hold a `'--'` literal? Asked at every argv sink it runs, answered once. */
const endMarkers = new WeakMap<AnyNode, boolean>();

/** Does the running function's code hold a `'--'` literal (an end-of-options marker pushed onto an argument list)? */
function writesEndMarker(A: Analyzer, st: State): boolean {
  const fn = st.frame.scope.node;
  let has = endMarkers.get(fn);
  if (has === undefined) {
    const src = A.file.source.slice(fn.start, fn.end);
    endMarkers.set(fn, (has = src.includes("'--'") || src.includes('"--"') || src.includes('`--`')));
  }
  return has;
}

/**
 * The member a sink's `property` names; a dotted path (a view local's `user.bio`) is followed
 * member by member; of alternatives (`hostname|host`) the first the object sets. A value without
 * fields (a whole tainted object) stands for all of its members.
 */
function fieldPath(a: Value, path: string): Value | undefined {
  if (path.indexOf('|') >= 0) {
    if (!a.fields) return a;
    for (const alt of path.split('|')) if (a.fields.has(alt)) return a.fields.get(alt);
    return undefined;
  }
  if (path.indexOf('.') < 0) return a.fields ? a.fields.get(path) : a;
  let v: Value | undefined = a;
  for (const k of path.split('.')) {
    if (!v?.fields) return v;
    v = v.fields.get(k);
  }
  return v;
}

/** Runs a callback inline with the given argument values; its return value. */
export function runCallback(A: Analyzer, fn: FnRef, argVals: Value[], st: State): Value {
  const node = fn.node as N;
  const outer = st.frame;
  if (outer.stack.has(node) || outer.inline >= MAX_INLINE) {
    let flows: Flow[] = [];
    for (const a of argVals) flows = mergeFlows(flows, allFlows(a));
    return taintOnly(flows);
  }
  const scope = A.scopes.scopes.get(node);
  if (!scope) return UNKNOWN;
  const stack = new Set(outer.stack);
  stack.add(node);
  const cls = thisClass(A, node, fn.cls);
  const frame: Frame = makeFrame(scope, (fn.closure as State | null) ?? A.moduleState, outer.mode === 'summary' ? 'summary' : 'plain', outer.inline + 1, stack, {
    summary: outer.summary, cls, thisVal: node.type === 'ArrowFunctionExpression' ? outer.thisVal : undefined, returnSink: markupReturn(A, node),
  });
  A.analyzed.add(node);
  runFunction(A, node, frame, argVals);
  return frame.ret ?? UNKNOWN;
}

/**
 * A library's command or code text built here from its caller's input and handed to a helper in
 * another file that runs it (`run(\`echo ${domain} | sudo tee …\`)`, run = execSync): the call is
 * where the command is made and what a fix changes, so it is a sink of its own for library input.
 * The helper still reports its own line for its own callers. Text passed on whole is not built
 * here (`exports.exec = (cmd) => run(cmd)`): the helper's line says it all.
 */
function wrappedSink(A: Analyzer, st: State, ts: SinkFlowX, f: Flow, last: FlowStep, n: N, name: string): void {
  if (!f.built || f.param < -1 || !A.libraryish || last.path === A.file.path || ts.custom || ts.needsBuilt) return;
  if (ts.kind !== 'command-injection' && ts.kind !== 'code-injection') return;
  if (ts.labels && !ts.labels.includes('library-input')) return;
  A.reportFlow(st, { kind: ts.kind, sinkId: `${ts.sinkId}.wrapped`, labels: ['library-input'], description: last.message },
    f, A.step(n, `passed to ${name}(), where it ${last.message}`));
}

/** Applies a function summary at a call site: the result value; param → sink flows become hits. */
export function applySummary(A: Analyzer, sum: Summary, args: Value[], argNodes: N[], recv: Value | undefined, n: N, st: State, name: string): Value {
  let flows: Flow[] = [];
  const argFor = (p: number): Value | undefined =>
    p === -1 ? recv : p >= PROP_PARAM ? propArg(sum, p, argAt(args, argNodes, 0)) : argAt(args, argNodes, p);
  for (const tr of sum.toReturn as ParamFlowX[]) {
    const a = argFor(tr.param);
    const af = allFlows(a);
    if (af.length === 0) continue;
    let ext: Flow[] = af.map((f) => {
      const text = (f.text ?? 0) | (tr.text ?? 0);
      return { ...f, steps: concatSteps(f.steps, tr.steps), built: f.built || !!tr.built, ...(text ? { text } : {}) };
    });
    const san = sum.sanitizes?.find((s) => s.param === tr.param);
    if (san) ext = cleanFlows(ext, kindsMask(san.kinds), ALL_KINDS_MASK);
    if (tr.dotless) ext = markDotless(ext, PATH_MASK);
    flows = mergeFlows(flows, ext);
  }
  for (const ts of sum.toSink as SinkFlowX[]) {
    const a = argFor(ts.param);
    const af = allFlows(a);
    if (af.length === 0) continue;
    const last = ts.steps[ts.steps.length - 1];
    if (!last) continue;
    const inner = ts.steps.slice(0, -1);
    for (const f of af) {
      if (ts.needsBuilt === true && !f.built) continue;
      const g: Flow = {
        ...f, steps: concatSteps(f.steps, inner), ...(ts.unclean ? { clean: f.clean & ~ts.unclean } : {}), ...(ts.built ? { built: true } : {}),
        ...(ts.text ? { text: (f.text ?? 0) | ts.text } : {}),
      };
      A.reportFlow(st, {
        kind: ts.kind, sinkId: ts.sinkId, ...(ts.labels ? { labels: ts.labels } : {}), ...(ts.custom ? { custom: ts.custom } : {}),
        ...(ts.needsBuilt ? { needsBuilt: ts.needsBuilt } : {}), description: last.message,
      }, g, last);
      wrappedSink(A, st, ts, f, last, n, name);
    }
  }
  for (const sr of sum.sourceReturn) {
    const first = sr.steps[0];
    if (!first) continue;
    const clean = sourceReturnMask(sr);
    flows = mergeFlows(flows, [makeFlow(sr.label, -2, `${first.path}:${first.line}:${first.column}`, addStep(sr.steps, A.step(n, `returned by ${name}()`)), clean, !!sr.built, sr.text)]);
  }
  const r: Value = makeValue(undefined);
  if (flows.length > 0) r.flows = flows;
  if (sum.returnsApi !== undefined) r.api = sum.returnsApi;
  return r;
}

function defaultResult(args: Value[], recv: Value | undefined, path: string | undefined): Value {
  let flows: Flow[] = [];
  for (const a of args) {
    const f = allFlows(a);
    if (f.length > 0) flows = mergeFlows(flows, f);
  }
  if (recv) flows = mergeFlows(flows, allFlows(recv));
  const r: Value = makeValue(undefined);
  if (flows.length > 0) r.flows = flows;
  if (path !== undefined && path.length < MAX_API_LEN) r.api = path + '()';
  return r;
}

export function evalCall(A: Analyzer, n: N, st: State, d: number): Value {
  const isNew = n.type === 'NewExpression';
  const callee = unwrapTs(n.callee);
  let recv: Value | undefined;
  let mname: string | undefined;
  let calleeVal: Value;
  if (callee.type === 'MemberExpression') {
    noteChain(n, callee);
    recv = evalExpr(A, callee.object, st, d + 1);
    if (callee.property.type === 'PrivateIdentifier') mname = '#' + callee.property.name;
    else mname = memberName(callee);
    let key: Value | undefined;
    if (mname === undefined && callee.computed) {
      key = evalExpr(A, callee.property, st, d + 1);
      if (typeof key.lit === 'string' || typeof key.lit === 'number') mname = String(key.lit);
    }
    calleeVal = mname !== undefined ? readMember(A, recv, mname, callee) : key ? dispatchTable(A, recv, callee) : UNKNOWN;
  } else if (callee.type === 'Super') {
    calleeVal = UNKNOWN;
  } else {
    calleeVal = evalExpr(A, callee, st, d + 1);
  }

  const argNodes = n.arguments as N[];
  if (!isNew && callee.type === 'Identifier' && callee.name === 'require' && calleeVal.api === 'require') {
    const a = argNodes[0];
    const spec = a?.type === 'Literal' && typeof a.value === 'string' ? a.value
      : a?.type === 'TemplateLiteral' && a.expressions.length === 0 ? String(a.quasis[0]?.value?.cooked ?? '') : undefined;
    if (spec !== undefined) {
      A.imports.add(spec);
      return valueOf({ api: moduleApiName(spec), imp: { spec } });
    }
  }
  const args: Value[] = [];
  for (const a of argNodes) args.push(evalExpr(A, a, st, d + 1));
  // Babel's and TypeScript's CommonJS interop helpers in compiled packages (`_interopRequireDefault(
  // require('react'))`, `__importDefault(…)`, tslib's `tslib_1.__importDefault(…)` under importHelpers):
  // the module itself, whose `.default` readMember resolves to it.
  if (!isNew && args.length === 1 && INTEROP_HELPER.test(callee.type === 'Identifier' ? callee.name : mname ?? '')) return args[0]!;

  const path = calleeVal.api !== undefined && calleeVal.api.length < MAX_API_LEN ? calleeVal.api : undefined;
  const models = A.models;
  // Segments only when some call model may match (they serve nothing else).
  const segs = path !== undefined ? (models.callPatterns.mayMatchPath(path) ? splitApi(path) : undefined) : mname !== undefined ? ['?', mname] : undefined;
  let isSink = false;
  let keepResult = false;
  let wrappedRows = false;

  const hooks = A.ctx.hooks;
  if (hooks?.sink) {
    const h = hooks.sink(n, A.file) as ({ ruleId: string; description: string; args?: number[] } | undefined);
    if (h) {
      const step = A.step(n, h.description);
      // `args`: the pattern focused on these argument positions (patterns/hooks.ts SinkAnswer).
      const idx = h.args ?? args.map((_, i) => i);
      for (const i of idx) {
        // reportFlow: a hit from a source, or a parameter → sink entry in the summary (interprocedural).
        for (const f of allFlows(argAt(args, argNodes, i))) A.reportFlow(st, customSink(h), f, step);
      }
    }
  }
  if (segs) {
    for (const spec of models.sinksCall.match(segs)) {
      isSink = true;
      if (resultOfInput(spec)) keepResult = true;
      checkSink(A, spec, args, argNodes, n, st, recv, segs);
    }
  }
  // A receiver-name match (`logger.info(…)`) is a guess about a package's object; when the method
  // is the project's own function, its summary says what reaches a sink inside it. Only when it is
  // wholly: a receiver joined from an own object and a package's (its API name) may be the package's,
  // though reading the method keeps only the own object's field.
  if (mname !== undefined && !isSink && models.sinksMethod.size > 0 && (!isOwnFunction(A, calleeVal) || foreignReceiver(A, recv))) {
    const list = models.sinksMethod.get(mname);
    if (list && callee.type === 'MemberExpression') {
      const rname = receiverName(callee.object);
      const alias = modelAlias(recv);
      for (const m of list) {
        if (!m.receiver.test(rname) && !(alias !== undefined && m.receiver.test(alias))) continue;
        isSink = true;
        if (resultOfInput(m.spec)) keepResult = true;
        checkSink(A, m.spec, args, argNodes, n, st, recv);
        if (returnsRows(m.spec, argNodes[0] ? A.text(argNodes[0], 40) : '')) wrappedRows = true;
      }
    }
  }
  const used = new Set<AnyNode>();
  if (segs && models.handlersRegister.size > 0) {
    for (const h of models.handlersRegister.match(segs)) if (h.event === undefined || args[0]?.lit === h.event) registerHandlers(A, h, args, used);
  }

  let result = callResult(A, n, st, isNew, callee, calleeVal, recv, mname, path, segs, args, argNodes, used);
  // `new Headers({ 'Content-Type': … })` holds its entries (a Response's init reads them: content-type.ts).
  if (isNew && path === 'Headers' && args[0]?.fields) result = { ...result, fields: args[0].fields };
  if (recv && path !== undefined && path.charCodeAt(0) === 64 /* @ */) result = responseType(A, n, callee, recv, segs, args, result, st);

  // `src.pipe(transform).pipe(res)`: the text the transform writes is the response body. Only a
  // transform chain: a converter called on markup (`wkhtmltopdf(html).pipe(res)`) sends a PDF.
  if (mname === 'pipe' && recv && args[0] && models.sinksPipe.length > 0 && isPipeCall(unwrapTs(callee.object))) checkPipe(A, recv, args[0], n, st);
  // Callbacks handed to code the engine does not model still run (event listeners, timers, routers),
  // with what the receiver holds (`listing.on('data', (buf) => …)` of a stream built from input).
  let cbArgs: Value[] | undefined;
  for (const a of args) {
    if (!a.fns) continue;
    if (!cbArgs) {
      const rf = callee.type === 'MemberExpression' && recv ? allFlows(recv) : NO_FLOWS;
      // A callback source taints its own parameter only: a driver's `(err, rows)` error is not a row.
      let p0 = rf;
      let p1 = rf;
      if (segs && models.sourcesCallback.size > 0) {
        for (const sp of models.sourcesCallback.match(segs)) {
          if (sp.event !== undefined && args[0]?.lit !== sp.event) continue;
          if (sp.browserOnly && A.serverCode) continue;
          const sf = [A.sourceFlow(n, sp.label, sp.description, sp.text)];
          if (sp.param === 1) p1 = mergeFlows(p1, sf);
          else p0 = mergeFlows(p0, sf);
        }
      }
      // `db.query(sql, (err, rows) => …)` on an object known by name only: the rows (stored-rows.ts).
      if (wrappedRows) p1 = mergeFlows(p1, [A.sourceFlow(n, 'stored', WRAPPED_ROWS_DESC)]);
      // `fs.readFile(p, (err, data) => res.send(err.message))`: a Node fs error's message quotes the
      // path it was given (ENOENT: no such file or directory, open '<p>'), so markup in the path is
      // in the page. XSS only: the text is no command, query or path of its own.
      if (path !== undefined && FS_ERR_QUOTES_PATH.test(path) && args[0]?.flows) p0 = mergeFlows(p0, cleanFlows(args[0].flows, ~XSS_BIT & ALL_KINDS_MASK, ALL_KINDS_MASK));
      cbArgs = p0.length > 0 || p1.length > 0 ? [taintOnly(p0), taintOnly(p1)] : [];
    }
    for (const f of a.fns) {
      if (used.has(f.node) || A.handled.has(f.node)) continue;
      // Run once, except a callback made by the code running now outside a summary: a function
      // summarised first (its callbacks ran then, with symbolic parameters) and then run with a
      // request (a handler's helper called with req, res) must see the request reach them too.
      if (A.analyzed.has(f.node) && !(st.frame.mode !== 'summary' && (f.closure as State | null)?.frame === st.frame)) continue;
      // `router.get(path, (req, res) => …)` on a router the engine cannot resolve.
      const spec = paramNameSpec(A, f.node);
      if (spec) runHandler(A, f, spec);
      else runCallback(A, f, cbArgs, st);
    }
  }
  // A sink's result is not the data it took, unless a propagator says so: `$.extend(true, {}, a, b)`
  // is a merge sink whose result is the merged object. A project function's result is its
  // summary's; a package method reached through a project module (`User.findOne(…)` on an
  // exported Mongoose model) is the package's: documents, not the filter. A parser's, deserializer's,
  // template's or evaluator's result is its input's (RESULT_OF_INPUT).
  if (isSink && !keepResult && !isOwnFunction(A, calleeVal) && !(segs && models.propagatorsCall.size > 0 && models.propagatorsCall.match(segs).length > 0)) {
    // The rows a query returns (models/stored.ts) are this call's own result, not the data it took.
    const own = `${A.file.path}:${n.start}`;
    const rows = (result.flows ?? []).filter((f) => f.label === 'stored' && f.src === own);
    // `db.query(sql)` on a wrapper or a driver known by name only: its rows are stored data too (stored-rows.ts).
    if (wrappedRows && rows.length === 0) rows.push(A.sourceFlow(n, 'stored', WRAPPED_ROWS_DESC));
    return withFlows(result, rows);
  }
  return result;
}

function isPipeCall(n: N): boolean {
  return n.type === 'CallExpression' && unwrapTs(n.callee).type === 'MemberExpression' && memberName(unwrapTs(n.callee)) === 'pipe';
}

/** `data.pipe(dest)` where dest is a modelled destination (a response): the piped data reaches it. */
function checkPipe(A: Analyzer, data: Value, dest: Value, n: N, st: State): void {
  if (dest.api === undefined) return;
  const segs = splitApi(dest.api);
  // A stream opened from a tainted name (`fs.createReadStream(file)`) carries the file, not the
  // name: for XSS only markup built from input counts (`replace('{{body}}', '<h3>' + url)`).
  const flows = allFlows(data).filter((f) => (f.text ?? 0) & T_HTML);
  if (flows.length === 0) return;
  for (const p of A.models.sinksPipe) {
    if (!segsMatch(p.segs, segs)) continue;
    const spec = p.spec;
    if (spec.kind === 'xss' && ((dest.flags ?? 0) & F_CT_MASK) === F_CT_OTHER) continue;
    const step = A.step(n, `${spec.description}: ${A.text(n.callee ?? n, 40)}`);
    for (const f of flows) A.reportFlow(st, { kind: spec.kind, sinkId: spec.id, labels: spec.labels, description: spec.description }, f, step);
  }
}

/**
 * `handlers[type](req, res)` with a key the engine cannot know: any function of the table may run.
 * The table is an object value's function fields, or the module's own exports (`exports[name](…)`).
 */
function dispatchTable(A: Analyzer, table: Value, callee: N): Value {
  let fields: Iterable<Value> | undefined = table.fields?.values();
  const o = unwrapTs(callee.object);
  if (!fields && ((o.type === 'Identifier' && o.name === 'exports') || (o.type === 'MemberExpression' && staticKey(o) === 'module.exports'))) fields = A.exportVals.values();
  if (!fields) return UNKNOWN;
  let fns: FnRef[] | undefined;
  for (const f of fields) {
    for (const fn of f.fns ?? []) {
      if ((fns ??= []).length >= MAX_DISPATCH) return valueOf({ fns });
      if (!fns.some((g) => g.node === fn.node)) fns.push(fn);
    }
  }
  return fns ? valueOf({ fns }) : UNKNOWN;
}

/**
 * A method of a role value (a response): a content-type setter marks the response and returns it
 * (for chaining); any other method's result keeps the mark
 * (`res.type('json').status(200).send(x)`).
 */
function responseType(A: Analyzer, n: N, callee: N, recv: Value, segs: string[] | undefined, args: Value[], result: Value, st: State): Value {
  const specs = segs && A.models.contentTypes.size > 0 ? A.models.contentTypes.match(segs) : undefined;
  let ct = (recv.flags ?? 0) & F_CT_MASK;
  if (specs && specs.length > 0) {
    // Setters return the response itself (`res.type('html').send(x)` is `res.send(x)` on an HTML response).
    if (recv.api !== undefined) result = { ...result, api: recv.api };
    const set = contentTypeFlag(specs, args);
    // A type the code cannot see (`mime.lookup(file)`) forgets what was known.
    if (set !== undefined) ct = set;
    const root = set !== undefined ? chainRoot(callee.object) : undefined;
    if (root && set !== undefined) {
      const cur = evalRoot(A, root, st);
      if (cur && cur.api !== undefined && ((cur.flags ?? 0) & F_CT_MASK) !== set) writeBack(A, root, { ...cur, flags: ((cur.flags ?? 0) & ~F_CT_MASK) | set }, st, 0, 0);
    }
  }
  if (ct === ((result.flags ?? 0) & F_CT_MASK)) return result;
  return { ...result, flags: ((result.flags ?? 0) & ~F_CT_MASK) | ct };
}

function evalRoot(A: Analyzer, root: N, st: State): Value | undefined {
  return root.type === 'Identifier' ? readVar(A, root.name, st) : evalExpr(A, root, st, 0);
}

function callResult(
  A: Analyzer, n: N, st: State, isNew: boolean, callee: N, calleeVal: Value, recv: Value | undefined,
  mname: string | undefined, path: string | undefined, segs: string[] | undefined, args: Value[], argNodes: N[],
  used: Set<AnyNode>,
): Value {
  const models = A.models;
  // React state: `setX(v)`, and `promise.then(setX)` (react-state.ts).
  if (path !== undefined && path.startsWith(STATE_SETTER)) return setState(A, path, args[0], st);
  if (mname === 'then' && recv && args[0]?.api?.startsWith(STATE_SETTER)) setState(A, args[0].api, recv, st);
  if (mname === 'setState' && st.frame.cls && unwrapTs(callee.object).type === 'ThisExpression' && !calleeVal.fns) return classSetState(A, st.frame.cls, args[0], st);
  // Built-ins with a fixed meaning.
  if (callee.type === 'Identifier' && path !== undefined && CLEAN_GLOBALS.has(path)) return CLEAN;
  if (path !== undefined) {
    if (path.startsWith('Math.')) return CLEAN;
    // A JSON text is a safe JavaScript literal (morgan-style `new Function('…' + JSON.stringify(x))`).
    if (path === 'JSON.stringify') {
      const r = defaultResult(args.slice(0, 1), undefined, path);
      return withFlows(r, cleanFlows(r.flows ?? [], JSON_SAFE, ALL_KINDS_MASK));
    }
    // JSON text spliced from input parses into what the input wrote: `{"user": "${name}"}` with
    // name = `", "user": {"$ne": ""}, "x": "` is an operator object (a NoSQL filter), no longer text.
    if (path === 'JSON.parse') {
      let parsed = parsedJson(defaultResult(args.slice(0, 1), undefined, path));
      // `JSON.parse(await res.text())`: records fetched from the API (fetched-json.ts).
      const fetched = parsedFetchedText(A, n, args[0]);
      if (fetched.length > 0) parsed = withFlows(parsed, mergeFlows(parsed.flows ?? [], fetched));
      // A reviver is handed every key and value of the text (and may eval them).
      const reviver = args[1]?.fns?.[0];
      if (!reviver) return parsed;
      used.add(reviver.node);
      return join(parsed, runCallback(A, reviver, [parsed, parsed], st));
    }
    // Percent-decoding after a path check undoes it: '%2e%2e%2f' passes a '..' or prefix test and
    // comes out '../' (the check made on the raw form, the decoded one used).
    if (PERCENT_DECODERS.has(path)) return decodedPath(defaultResult(args.slice(0, 1), undefined, path));
    // util.promisify(f) and the promise libraries' versions of it are f (its API path and summary).
    if (PROMISIFIERS.has(path) && args[0]) return args[0];
    // `new Promise((resolve) => … resolve(v))`: the promise holds what the executor resolves with.
    if (path === 'Promise' && isNew && args[0]?.fns?.[0]) {
      const fn = args[0].fns[0];
      used.add(fn.node);
      const id = `${RESOLVE_API}${n.start}`;
      const prev = resolved.get(id);
      resolved.delete(id);
      runCallback(A, fn, [makeValue(undefined, id), UNKNOWN], st);
      const v = resolved.get(id) ?? UNKNOWN;
      if (prev) resolved.set(id, prev);
      else resolved.delete(id);
      return v;
    }
    if (path.startsWith(RESOLVE_API)) {
      resolved.set(path, join(resolved.get(path), args[0] ?? UNKNOWN));
      return UNKNOWN;
    }
    if (path === 'Object.create' && argNodes[0]?.type === 'Literal' && argNodes[0].value === null) return makeValue(undefined, undefined, undefined, F_NULL_PROTO);
    if (isNew && (path === 'Map' || path === 'WeakMap' || path === 'Set')) return makeValue(undefined, path + '()', undefined, F_NULL_PROTO);
    if (path === 'Object.values') return taintOnly(allFlows(args[0]));
    // Keys: only the object's own flows (value.ts keyFlows); entries pair them with every value.
    if (path === 'Object.keys' || path === 'Object.getOwnPropertyNames') return taintOnly(keyFlows(args[0]));
    if (path === 'Object.entries') {
      const values = allFlows(args[0]);
      if (values.length === 0) return UNKNOWN;
      const pair = makeValue(undefined);
      pair.fields = new Map([['0', taintOnly(keyFlows(args[0]))], ['1', taintOnly(values)]]);
      const list = makeValue(undefined);
      list.fields = new Map([[ELEMENT_FIELD, pair]]);
      return list;
    }
    if (path === 'Object.freeze' || path === 'Promise.resolve' || path === 'Promise.all' || path === 'Promise.allSettled' || path === 'Promise.race' || path === 'Promise.any') return args[0] ?? UNKNOWN;
    if (path === 'Object.assign' && args.length > 0) {
      let v = args[0]!;
      for (let i = 1; i < args.length; i++) v = join(v, args[i]);
      const t = unwrapTs(argNodes[0]!);
      if (t.type === 'Identifier') writeVar(t.name, v, st);
      return v;
    }
    if (path === 'Array.from' || path === 'Array.of') {
      const fn = args[1]?.fns?.[0];
      if (fn) {
        used.add(fn.node);
        return taintOnly(allFlows(runCallback(A, fn, [elemOf(args[0] ?? UNKNOWN), CLEAN], st)));
      }
      // `Array.from(list, Number)`: a sanitizer given by reference made each element.
      const mask = path === 'Array.from' && args[1] ? refSanitizerMask(A, args[1]) : 0;
      if ((mask & ALL_KINDS_MASK) === ALL_KINDS_MASK) return CLEAN;
      return taintOnly(mask === 0 ? allFlows(args[0]) : cleanFlows(allFlows(args[0]), mask, ALL_KINDS_MASK));
    }
    if ((path === 'URL' || path === 'url.URL') && isNew) {
      const r = defaultResult(args.slice(0, 1), undefined, path);
      const a0 = argNodes[0] ? staticKey(unwrapTs(argNodes[0])) : undefined;
      return a0 !== undefined && !a0.includes('.') ? { ...r, urlOf: a0 } : r;
    }
  }
  if (mname !== undefined && SCALAR_METHODS.has(mname) && !calleeVal.fns && !calleeVal.imp) {
    const fn = args[0]?.fns?.[0];
    if (fn && recv) {
      used.add(fn.node);
      runCallback(A, fn, [elemOf(recv), CLEAN, recv], st);
    }
    return CLEAN;
  }
  // fn.call(thisArg, …) / fn.apply(thisArg, args) / fn.bind(…)
  if ((mname === 'call' || mname === 'apply' || mname === 'bind') && recv?.fns) {
    if (mname === 'bind') return recv;
    const rest = mname === 'call' ? args.slice(1) : argNodes[1] ? [elemOf(args[1]!), elemOf(args[1]!)] : [];
    return callFunctions(A, recv.fns, rest, argNodes.slice(1), undefined, n, st, isNew);
  }

  let result: Value | undefined;
  // Local functions and classes.
  if (calleeVal.fns) result = callFunctions(A, calleeVal.fns, args, argNodes, recv, n, st, isNew);
  // A project's own sanitizer by name (`common.mongoSanitize(x)`, `sanitizeInput(x)`).
  const own = mname ?? (callee.type === 'Identifier' ? callee.name : undefined);
  if (own !== undefined && (calleeVal.fns || calleeVal.imp) && SANITIZER_NAME.test(own)) {
    const base = result ?? defaultResult(args, undefined, undefined);
    return withFlows(base, cleanFlows(base.flows ?? [], NAMED_SANITIZER_MASK, ALL_KINDS_MASK));
  }
  if (calleeVal.cls && isNew) result = construct(A, calleeVal.cls, args, st);
  // Imported project functions.
  if (!result && calleeVal.imp) {
    const imp = calleeVal.imp;
    const key = imp.name ?? 'default';
    // A package class a model says keeps its argument (`new AdmZip(upload)`) goes on to the propagators.
    if (isNew && !(segs && models.propagatorsCall.size > 0 && models.propagatorsCall.match(segs).length > 0)) {
      return valueOf({ imp: { spec: imp.spec, name: key, inst: true }, api: path !== undefined ? path + '()' : undefined });
    }
    const sum = ownEntry(A.ctx.importedExports(imp.spec)?.functions, key);
    if (sum) result = applySummary(A, sum, args, argNodes, recv, n, st, key);
  }
  // A project's own HTML escaper by name cleans for XSS even when its summary carries the text
  // (a character loop does), unless the summary shows the function itself reaching a sink.
  // So does a method of an object the engine cannot resolve to code (`util.html_escape(x)` on a
  // module a bundle required through its own `require` parameter).
  const unresolved = !calleeVal.fns && !calleeVal.imp && callee.type === 'MemberExpression';
  if (own !== undefined && (calleeVal.fns || calleeVal.imp || unresolved) && HTML_ESCAPER_NAME.test(own) && !ownFunctionSinks(A, calleeVal)) {
    const base = result ?? defaultResult(args, undefined, undefined);
    // A package's escaper (`mysql.escape`, `conn.escape` on a connection from another file) also
    // cleans what its model says; a project function's name only speaks for HTML.
    const modelMask = !calleeVal.fns && !result ? modelSanitizerMask(A, segs, mname) : 0;
    return withFlows(base, cleanFlows(base.flows ?? [], XSS_MASK | modelMask, ALL_KINDS_MASK));
  }
  const queryEsc = own !== undefined && (calleeVal.fns || calleeVal.imp) ? queryEscaperMask(own) : 0;
  if (queryEsc !== 0 && !ownFunctionSinks(A, calleeVal)) {
    const base = result ?? defaultResult(args, undefined, undefined);
    return withFlows(base, cleanFlows(base.flows ?? [], queryEsc, ALL_KINDS_MASK));
  }
  // `s.split(',').map(Number)`: a sanitizer given by reference made each element (a number from
  // Number/parseInt, escaped text from an encoder).
  const mapMask = !result && mname === 'map' && recv && args[0] ? refSanitizerMask(A, args[0]) : 0;
  if ((mapMask & ALL_KINDS_MASK) === ALL_KINDS_MASK) return CLEAN;
  if (mapMask !== 0) return taintOnly(cleanFlows(allFlows(recv), mapMask, ALL_KINDS_MASK));
  // Higher-order functions: callbacks see the elements.
  if (!result && mname !== undefined && recv) result = higherOrder(A, mname, recv, args, st, used);

  // Sources that are calls (`req.get('x')`).
  if (segs && models.sourcesCall.size > 0) {
    let srcs = models.sourcesCall.match(segs);
    // Browser-only sources (a page's fetched records) are no source in server code.
    if (srcs.length > 0 && A.serverCode) srcs = srcs.filter((s) => !s.browserOnly);
    if (srcs.length > 0) {
      let r = result ?? makeValue(undefined, path !== undefined ? path + '()' : undefined);
      for (const s of srcs) r = withFlows(r, mergeFlows(r.flows ?? [], [A.sourceFlow(n, s.label, s.description, s.text)]));
      return r;
    }
  }
  if (result) return result;

  // `arr.push(x)` / `unshift` / `splice(i, n, x)`: the array now holds x (`arr.join('')` carries it).
  if ((mname === 'push' || mname === 'unshift' || mname === 'splice') && recv && callee.type === 'MemberExpression' && !calleeVal.fns) {
    let added: Flow[] = [];
    for (let i = mname === 'splice' ? 2 : 0; i < args.length; i++) added = mergeFlows(added, allFlows(args[i]));
    if (added.length > 0) writeBack(A, unwrapTs(callee.object), withFlows(recv, mergeFlows(recv.flows ?? [], added)), st, 0, 0);
    return mname === 'splice' ? taintOnly(recv.flows ?? []) : CLEAN;
  }
  // `z.object({ id: z.number() }).parse(x)`: typed fields are clean, the others keep x's taint.
  if (mname !== undefined && path !== undefined && !calleeVal.fns) {
    const parsed = objectSchemaResult(A.file.program as unknown as AnyNode, path, callee, args[0], importedSchema(A, recv));
    if (parsed) return parsed;
  }
  if ((mname === 'replace' || mname === 'replaceAll') && escapesHtml(argNodes)) {
    const base = defaultResult([], recv, path);
    return withFlows(base, cleanFlows(base.flows ?? [], XSS_MASK, ALL_KINDS_MASK));
  }
  if ((mname === 'replace' || mname === 'replaceAll') && stripsLineBreaks(argNodes)) {
    const base = defaultResult([], recv, path);
    return withFlows(base, cleanFlows(base.flows ?? [], LOG_MASK, ALL_KINDS_MASK));
  }

  // Sanitizers.
  const mask = modelSanitizerMask(A, segs, mname);
  if (mask !== 0) {
    const base = defaultResult(args, recv, path);
    if ((mask & ALL_KINDS_MASK) === ALL_KINDS_MASK) return base.api !== undefined ? makeValue(undefined, base.api) : CLEAN;
    return withFlows(base, cleanFlows(base.flows ?? [], mask, ALL_KINDS_MASK));
  }

  // Propagators from the models override the default.
  const props = [
    ...(segs && models.propagatorsCall.size > 0 ? models.propagatorsCall.match(segs) : []),
    ...(mname !== undefined ? models.propagatorsMethod.get(mname) ?? [] : []),
  ];
  if (props.length > 0) {
    let ret: Flow[] = [];
    let toReturn = false;
    for (const p of props) {
      let flows: Flow[] = [];
      for (const from of p.from) {
        flows = mergeFlows(flows, allFlows(from === 'callback' ? callbackReturn(A, args, st, used) : from === 'receiver' ? recv : argAt(args, argNodes, from)));
      }
      if (p.to === 'return') {
        toReturn = true;
        ret = mergeFlows(ret, flows);
      } else if (flows.length > 0) {
        const t = argNodes[p.to] ? unwrapTs(argNodes[p.to]!) : undefined;
        if (t?.type === 'Identifier') {
          const cur = args[p.to] ?? UNKNOWN;
          writeVar(t.name, withFlows(cur, mergeFlows(cur.flows ?? [], flows)), st);
        }
      }
    }
    if (toReturn) {
      const r: Value = makeValue(undefined, path !== undefined ? path + '()' : undefined);
      return withFlows(r, ret);
    }
  }

  const r = defaultResult(args, recv, path);
  // `src.pipe(dest)` returns dest (now carrying src's data): `.pipe(unzipper.Parse()).on('entry', …)`
  // listens on the parser.
  if (mname === 'pipe' && args[0]?.api !== undefined) r.api = args[0].api;
  if (path !== undefined && PATH_NORMALISERS.has(path)) {
    r.flags = (r.flags ?? 0) | F_PATH_NORM;
    // normalize('/' + p): every '..' stops at '/'; joined under a fixed root it stays there.
    if (path.endsWith('.normalize') && args.length === 1 && ((args[0]!.flags ?? 0) & F_ROOTED) !== 0) r.flags |= F_ROOTED_NORM;
    if (path.endsWith('.join') && args.length >= 2 && allFlows(args[0]).length === 0
      && args.slice(1).every((a) => allFlows(a).length === 0 || ((a.flags ?? 0) & F_ROOTED_NORM) !== 0)) {
      r.flows = r.flows ? cleanFlows(r.flows, PATH_MASK, ALL_KINDS_MASK) : undefined;
      if (r.flows?.length === 0) r.flows = undefined; // not delete: see value.ts join
    }
    // path.join(root, x) with x checked to hold no '..': an absolute x stays under the root. Not
    // path.resolve, where an absolute x replaces the root. The root must not be web input.
    if (path.endsWith('.join') && args.length >= 2 && r.flows && rootOrigins(args[0]!) !== undefined) {
      const cf = confineDotless(r.flows, PATH_MASK, ALL_KINDS_MASK);
      if (cf.length > 0) r.flows = cf;
      else r.flows = undefined;
    }
    const a0 = argNodes.length === 1 ? unwrapTs(argNodes[0]!) : undefined;
    if (a0?.type === 'Identifier' && !path.endsWith('.join')) r.normOf = a0.name;
  }
  return r;
}

/** The kinds the models' sanitizers make safe for a call of this API path or method name. */
function modelSanitizerMask(A: Analyzer, segs: string[] | undefined, mname: string | undefined): number {
  let mask = 0;
  if (segs && A.models.sanitizersCall.size > 0) for (const s of A.models.sanitizersCall.match(segs)) mask |= kindsMask(s.kinds);
  if (mname !== undefined) for (const s of A.models.sanitizersMethod.get(mname) ?? []) mask |= kindsMask(s.kinds);
  return mask;
}

/** LDAP / XPath escaping by a project function's name, as for HTML escapers; 0 for other names. */
function queryEscaperMask(name: string): number {
  const l = name.toLowerCase();
  if (!QUERY_ESCAPER_VERB.test(l)) return 0;
  return (l.includes('ldap') ? LDAP_MASK : 0) | (l.includes('xpath') ? XPATH_MASK : 0);
}

/** The kinds a sanitizer passed by reference (`.map(Number)`, a template tag) makes safe; 0 for any other value. */
export function refSanitizerMask(A: Analyzer, v: Value): number {
  if (v.api === undefined || v.fns || A.models.sanitizersCall.size === 0) return 0;
  let mask = 0;
  for (const s of A.models.sanitizersCall.match(splitApi(v.api))) mask |= kindsMask(s.kinds);
  return mask;
}

/**
 * Whether the callee is wholly the project's own function (local, or an import with a summary). A
 * join with anything else (`quiet ? { info() {} } : app.locals.logger`: a package API, an import
 * without a summary, data) may be the package's method, which the models know and the summary does not.
 */
function isOwnFunction(A: Analyzer, calleeVal: Value): boolean {
  if (calleeVal.flows && calleeVal.flows.length > 0) return false;
  const imp = calleeVal.imp;
  // An own import carries its API name ('..logger.info') too.
  if (imp) return !imp.inst && !!ownEntry(A.ctx.importedExports(imp.spec)?.functions, imp.name ?? 'default');
  return calleeVal.api === undefined && !!calleeVal.fns && calleeVal.fns.length > 0;
}

/** A receiver that may be a package's object: it has an API name and is not a project module. */
function foreignReceiver(A: Analyzer, recv: Value | undefined): boolean {
  if (!recv || recv.api === undefined) return false;
  return !recv.imp || A.ctx.importedExports(recv.imp.spec) === undefined;
}

/** Whether a local or imported function's summary shows a parameter reaching a sink inside it. */
function ownFunctionSinks(A: Analyzer, calleeVal: Value): boolean {
  if (calleeVal.fns) return calleeVal.fns.some((f) => summaryOf(A, f).toSink.length > 0);
  const imp = calleeVal.imp;
  if (!imp) return false;
  const sum = ownEntry(A.ctx.importedExports(imp.spec)?.functions, imp.name ?? 'default');
  // No summary (an unresolved import): nothing shows a sink; the name decides.
  return !!sum && sum.toSink.length > 0;
}

/** What the first function argument returns, run now (a propagator `from: 'callback'`). */
function callbackReturn(A: Analyzer, args: Value[], st: State, used: Set<AnyNode>): Value {
  const fn = args.find((a) => a.fns)?.fns?.[0];
  if (!fn) return UNKNOWN;
  used.add(fn.node);
  return runCallback(A, fn, [], st);
}

function higherOrder(A: Analyzer, m: string, recv: Value, args: Value[], st: State, used: Set<AnyNode>): Value | undefined {
  const fn = args[0]?.fns?.[0];
  if (!fn) return undefined;
  if (ELEM_CALLBACKS.has(m)) {
    used.add(fn.node);
    const el = elemOf(recv);
    const ret = runCallback(A, fn, m === 'sort' ? [el, el] : [el, CLEAN, recv], st);
    // An array (`res.send(rows.map((r) => r.name))` is JSON); its join is text again (defaultResult keeps no flags).
    if (m === 'map' || m === 'flatMap') {
      const out = taintOnly(allFlows(ret));
      return out === UNKNOWN ? out : { ...out, flags: F_ARRAY_MAPPED };
    }
    if (m === 'filter' || m === 'sort') return recv;
    if (m === 'find' || m === 'findLast') return el;
    return UNKNOWN;
  }
  if (m === 'reduce' || m === 'reduceRight') {
    used.add(fn.node);
    const el = elemOf(recv);
    const ret = runCallback(A, fn, [join(args[1], el), el, CLEAN, recv], st);
    return join(ret, args[1]);
  }
  if (m === 'then') {
    used.add(fn.node);
    const ret = runCallback(A, fn, [recv], st);
    const onErr = args[1]?.fns?.[0];
    if (onErr) {
      used.add(onErr.node);
      runCallback(A, onErr, [UNKNOWN], st);
    }
    return ret;
  }
  if (m === 'catch') {
    used.add(fn.node);
    return join(recv, runCallback(A, fn, [UNKNOWN], st));
  }
  if (m === 'finally') {
    used.add(fn.node);
    runCallback(A, fn, [], st);
    return recv;
  }
  return undefined;
}

/** The function an immediately invoked call runs: `(function () {…})(…)`, `(…).call(this, …)`. */
function iifeCallee(n: N): AnyNode | undefined {
  let c = unwrapTs(n.callee);
  if (c.type === 'MemberExpression' && (memberName(c) === 'call' || memberName(c) === 'apply')) c = unwrapTs(c.object);
  return c.type === 'FunctionExpression' || c.type === 'ArrowFunctionExpression' ? c : undefined;
}

/** Calls to local function values: summaries (computed on first use). */
function callFunctions(A: Analyzer, fns: FnRef[], args: Value[], argNodes: N[], recv: Value | undefined, n: N, st: State, isNew: boolean): Value {
  let out: Value | undefined;
  for (const f of fns) {
    if (isNew) {
      // `new F(…)` of a constructor function: run it (it may keep input in `this` fields).
      runCallback(A, { ...f, cls: f.node }, args, st);
      out = join(out, valueOf({ inst: f.node }));
      continue;
    }
    // A function made inside the running code sees that run's variables: run it there, not from
    // its summary (which cannot carry the enclosing function's data).
    // So does an IIFE (`(function ($) {…})(jQuery)`, `(function () {…}).call(this)`), run once,
    // here: its parameters are these arguments, not a caller's (a jQuery plugin's `$` is jQuery).
    const c = f.closure as State | null;
    if (((c && c.frame !== A.moduleState.frame) || (!A.analyzed.has(f.node) && iifeCallee(n) === f.node)) && !st.frame.stack.has(f.node)) {
      out = join(out, runCallback(A, f, recv ? args : args, st));
      continue;
    }
    const sum = summaryOf(A, f);
    let v = applySummary(A, sum, args, argNodes, recv, n, st, fnName(A, f.node));
    // Role objects (a request passed whole) have no taint of their own for a summary to carry:
    // run the callee with them, as a handler would be.
    if (args.some((a) => a.api !== undefined && !a.flows && a.api.startsWith('@'))) v = join(v, runCallback(A, f, args, st));
    out = out ? join(out, v) : v;
  }
  return out ?? UNKNOWN;
}

/** `new C(args)` of a local class: runs the constructor inline (it may store input in fields). */
function construct(A: Analyzer, cls: AnyNode, args: Value[], st: State): Value {
  const ctor = constructorOf(cls);
  const inst: Value = valueOf({ inst: cls });
  if (!ctor) return inst;
  const frameBefore = st.frame;
  if (frameBefore.stack.has(ctor) || frameBefore.inline >= MAX_INLINE) return inst;
  runCallback(A, { node: ctor, closure: A.declState.get(cls) ?? A.moduleState, cls }, args, st);
  return inst;
}

export { F_CLEAN_SCALAR };
