/**
 * jQuery plugins and jQuery UI widgets as a library's API. A page calls `$(el).tip(options)`,
 * `$(el).tip('show', arg)` or `$.widget`'s generated constructor: the options and the method
 * arguments are the caller's (`library-input`), even though the file exports nothing.
 *
 *   $.fn.tip = function (options) {…}           the function's parameters
 *   $.fn.extend({ tip: function (opts) {…} })   each function of the object (also $.extend($.fn, {…}))
 *   function Tip(el, options) {…}; Tip.prototype.show = function (x) {…}
 *                                               constructors with prototype methods, and classes, in a
 *                                               plugin file: their parameters; what the constructor keeps
 *                                               in `this.options` is library input in every method
 *                                               (classes.ts storeField, as in any library file)
 *   $.widget('ui.tip', [Base,] { _create() { this.options.title } })
 *                                               the object is a pseudo-class whose `options` field is
 *                                               the caller's options (the widget factory merges them in)
 *
 * Data attributes (`$(el).data('title')`, `el.getAttribute('data-x')`) are not made a source here.
 * They are attacker-influenced when the page renders user content with `data-*` attributes (the
 * bootstrap data-template / data-target advisories), but most plugin pages write them from their
 * own templates, and an app reading them would be flagged too; a plugin that reads them into its
 * options gets them with the caller's options anyway (`$.extend({}, DEFAULTS, $el.data(), options)`).
 */
import { memberName } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { makeValue, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/**
 * A plugin registration in the file text (a pre-check before any walk): `.fn.x =`, `.fn[NAME] =`,
 * `.fn.extend(`, `.extend($.fn,`, `.widget('…'`. Bounded repeats only (linear time).
 */
export const PLUGIN_TEXT = /\.fn\s*(?:\.\s*[\w$]+|\[[^\]\n]{1,80}\])\s*=[^=]|\.fn\s*\.\s*extend\s*\(|\.extend\s*\(\s*[\w$]{1,40}\s*\.\s*fn\s*,|\.widget\s*\(\s*['"]/;

/** Most plugin entry functions summarised per file (each costs a summary run). */
const MAX_ENTRIES = 128;

function isFn(n: N | null | undefined): boolean {
  return !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
}

/** `X.fn` (a jQuery-like namespace's prototype alias). */
function isFnObject(n: N | null | undefined): boolean {
  return !!n && n.type === 'MemberExpression' && memberName(n) === 'fn';
}

function fnProps(o: N | undefined, out: AnyNode[]): void {
  if (o?.type !== 'ObjectExpression') return;
  for (const p of o.properties as N[]) if (p.type === 'Property' && isFn(p.value)) out.push(p.value);
}

/** Object literals given to `$.widget('ns.name', [Base,] {…})`. */
function widgetBodies(program: AnyNode): N[] {
  const out: N[] = [];
  walk(program, (node) => {
    const n = node as N;
    if (n.type !== 'CallExpression' || n.callee.type !== 'MemberExpression' || memberName(n.callee) !== 'widget') return true;
    const a = n.arguments as N[];
    const body = a[a.length - 1];
    if (a.length >= 2 && a[0]?.type === 'Literal' && typeof a[0].value === 'string' && body?.type === 'ObjectExpression') out.push(body);
    return true;
  });
  return out;
}

/**
 * Before the file runs: each widget object's methods see `this` as an instance of the object
 * (context.ts thisClass via protoOwner), and its `options` field holds the caller's options.
 */
export function setupWidgets(A: Analyzer): void {
  if (!A.plugin) return;
  for (const body of widgetBodies(A.file.program as unknown as AnyNode)) {
    const methods = new Map<string, AnyNode>();
    for (const p of body.properties as N[]) {
      if (p.type !== 'Property' || !isFn(p.value) || p.key?.type !== 'Identifier') continue;
      methods.set(p.key.name as string, p.value);
      A.protoOwner.set(p.value, body);
    }
    A.protoMethods.set(body, methods);
    const options: Value = makeValue([A.sourceFlow(body, 'library-input', 'the widget options its caller passes')]);
    A.classFields.set(body, new Map([['options', options]]));
  }
}

/**
 * Functions whose parameters a plugin's caller supplies: plugin functions, and in a plugin file the
 * constructors with prototype methods and the classes (methods named `_x` are private by jQuery UI's
 * convention: only their `this.options` reads count, through the fields).
 */
export function pluginEntries(A: Analyzer): AnyNode[] {
  const out: AnyNode[] = [];
  if (!A.plugin) return out;
  walk(A.file.program as unknown as AnyNode, (node) => {
    const n = node as N;
    if (n.type === 'AssignmentExpression' && n.left?.type === 'MemberExpression' && isFnObject(n.left.object) && isFn(n.right)) out.push(n.right);
    else if (n.type === 'CallExpression' && n.callee.type === 'MemberExpression' && memberName(n.callee) === 'extend') {
      if (isFnObject(n.callee.object)) fnProps(n.arguments[0], out);
      else if (isFnObject(n.arguments[0])) fnProps(n.arguments[1], out);
    }
    return true;
  });
  for (const [ctor, methods] of A.protoMethods) {
    if (ctor.type === 'ObjectExpression') continue;
    out.push(ctor);
    for (const [name, m] of methods) if (!name.startsWith('_')) out.push(m);
  }
  for (const cls of A.scopes.classes) {
    for (const m of ((cls as N).body?.body ?? []) as N[]) {
      if (m.type !== 'MethodDefinition' || m.static || m.kind === 'get' || m.kind === 'set') continue;
      const name = m.key?.type === 'Identifier' ? (m.key.name as string) : '';
      if (m.kind === 'constructor' || (name !== '' && !name.startsWith('_'))) out.push(m.value);
    }
  }
  return out.length > MAX_ENTRIES ? out.slice(0, MAX_ENTRIES) : out;
}
