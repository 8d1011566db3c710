/**
 * Vue's Options API as code the engine follows (vue/sfc.ts writes it; no line or column moves):
 * the component object `export default { data(), computed, methods, created() … }` becomes a
 * module variable `$vmc_`, every `this` in its script the instance `$vm_` (a module variable the
 * engine follows into the methods it inlines), and a trailer on the script's last line builds the
 * instance as Vue does: methods and data() merged in, then the creation hooks run. A template
 * sink's free names read the instance: `v-html="x"` is `v_html(($vm_.x || $vmc_.computed.x()))`,
 * a data field or what a computed property returns; `v-html="f(x)"` calls the method.
 *
 * data()'s object is one value to the engine (a function's return keeps its taint, not its
 * fields), so one route-derived field of data() taints every data field a template renders raw.
 */

import { parseSource } from '../parse/index.js';
import { walk, type AnyNode } from '../parse/walk.js';

/** The instance and component names (`this` is four characters, like `$vm_`). */
const VM = '$vm_';
const COMPONENT = '$vmc_';

/** `export default {`, `export default defineComponent({`, `export default Vue.extend({` (one space: same width after the rewrite). */
const DEFAULT_OBJECT = /\bexport default (?:(defineComponent|Vue\.extend)\s*\(\s*)?\{/;
/** `this` as a word (not `_this`, `$this`, `x.this`). */
const THIS = /(?<![\w$.])this(?![\w$])/g;
const HOOKS = ['beforeCreate', 'created', 'beforeMount', 'mounted'];

/** Does the component script define its component as an options object? */
export function optionsApi(code: string): boolean {
  return DEFAULT_OBJECT.test(code);
}

/**
 * The script with the component object named, `this` as the instance and the trailer appended
 * (on the last line: lines and columns of everything before stay). Unchanged when it has no
 * options object.
 */
export function optionsScript(code: string): string {
  const m = DEFAULT_OBJECT.exec(code);
  if (!m) return code;
  // `export default ` (15 characters) → `var $vmc_ =    `; a wrapper's name → spaces.
  let head = `var ${COMPONENT} =`.padEnd('export default '.length, ' ');
  if (m[1]) head += ' '.repeat(m[1].length);
  const out = code.slice(0, m.index) + head + code.slice(m.index + head.length);
  const trailer = `;var ${VM} = {}; Object.assign(${VM}, ${COMPONENT}.methods); Object.assign(${VM}, ${COMPONENT}.data()); `
    + HOOKS.map((h) => `${COMPONENT}.${h}();`).join(' ');
  return out.replace(THIS, VM) + trailer;
}

const KEYWORDS = new Set(['undefined', 'NaN', 'Infinity']);

/** The expression parsed on its own (offset 1 in the parsed text), or undefined when it is no clean expression. */
function parseExpr(expr: string): AnyNode | undefined {
  const o = parseSource('vue-template-expression.ts', `(${expr}\n)`, { includeMinified: true, parser: 'json' });
  if (!o.ok || o.file.errors.length > 0 || o.file.program.body.length !== 1) return undefined;
  const st = o.file.program.body[0] as AnyNode & { expression?: AnyNode };
  return st.type === 'ExpressionStatement' ? st.expression : undefined;
}

/** Names a pattern binds (`a`, `{ a, b: c }`, `[a, ...b]`, `a = 1`). */
function patternNames(p: AnyNode, out: Set<string>): void {
  walk(p, (n, parent) => {
    if (n.type === 'Identifier' && !(parent?.type === 'Property' && (parent as unknown as { key: AnyNode; shorthand: boolean }).key === n
      && !(parent as unknown as { shorthand: boolean }).shorthand)) out.add((n as unknown as { name: string }).name);
    // A default value's names are read, not bound.
    if (n.type === 'AssignmentPattern') { patternNames((n as unknown as { left: AnyNode }).left, out); return false; }
    if (n.type === 'MemberExpression') return false;
  });
}

/**
 * Names the template binds itself (v-for's `item` / `(item, i)`, slot-scope and v-slot / `#slot`
 * props): component-wide, so a sink inside such an element keeps reading its own binding.
 */
export function templateBindings(source: string): Set<string> {
  const out = new Set<string>();
  const attr = /\s(v-for|slot-scope|v-slot(?::[\w.-]+)?|#[\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = attr.exec(source); m; m = attr.exec(source)) {
    let lhs = (m[2] ?? m[3] ?? '').trim();
    if (m[1] === 'v-for') {
      const sep = /\s(?:in|of)\s/.exec(lhs);
      if (!sep) continue;
      lhs = lhs.slice(0, sep.index).trim();
      if (lhs.startsWith('(') && lhs.endsWith(')')) lhs = lhs.slice(1, -1);
    }
    const fn = lhs ? parseExpr(`(${lhs}) => 0`) : undefined;
    for (const p of (fn as unknown as { params?: AnyNode[] } | undefined)?.params ?? []) patternNames(p, out);
  }
  return out;
}

/**
 * A template expression with its free names read from the instance: identifiers the parser finds
 * in read position (inside `${…}` too), not member names, object keys, keywords, `$`-globals
 * (`$route`), arrow/function parameters or names the template binds (`bound`: v-for, slot props).
 * An expression that does not parse, or whose rewrite would not, is kept as written.
 */
export function instanceExpr(expr: string, bound: ReadonlySet<string> = new Set()): string {
  const root = parseExpr(expr);
  if (!root) return expr;
  const local = new Set(bound);
  walk(root, (n) => {
    const f = n as unknown as { params?: AnyNode[] };
    if ((n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') && f.params) for (const p of f.params) patternNames(p, local);
  });
  const edits: { start: number; end: number; text: string }[] = [];
  const read = (id: AnyNode, call: boolean): string | undefined => {
    const name = (id as unknown as { name: string }).name;
    if (local.has(name) || KEYWORDS.has(name) || name.startsWith('$')) return undefined;
    return call ? `${VM}.${name}` : `(${VM}.${name} || ${COMPONENT}.computed.${name}())`;
  };
  walk(root, (n, parent) => {
    if (n.type === 'Property' && (n as unknown as { shorthand: boolean }).shorthand) {
      const key = (n as unknown as { key: AnyNode }).key;
      const text = read(key, false);
      if (text) edits.push({ start: key.start, end: key.end, text: `${(key as unknown as { name: string }).name}: ${text}` });
      return false;
    }
    if (n.type !== 'Identifier') return;
    const p = (parent ?? {}) as unknown as { property?: AnyNode; computed?: boolean; key?: AnyNode; callee?: AnyNode; params?: AnyNode[] };
    if (parent?.type === 'MemberExpression' && p.property === n && !p.computed) return;
    if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') && p.key === n && !p.computed) return;
    const text = read(n, parent?.type === 'CallExpression' && p.callee === n);
    if (text) edits.push({ start: n.start, end: n.end, text });
  });
  if (edits.length === 0) return expr;
  edits.sort((a, b) => b.start - a.start);
  let out = expr;
  // Offsets are in `(${expr}…`: one character ahead of the expression's.
  for (const e of edits) out = out.slice(0, e.start - 1) + e.text + out.slice(e.end - 1);
  return parseExpr(out) ? out : expr;
}
