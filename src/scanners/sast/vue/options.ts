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

const KEYWORDS = new Set(['true', 'false', 'null', 'undefined', 'this', 'typeof', 'new', 'in', 'instanceof', 'void', 'NaN', 'Infinity']);

/**
 * A template expression with its free names read from the instance (names after `.`, keywords,
 * `$`-globals such as `$route`, and text in quotes are left alone). Linear: one pass.
 */
export function instanceExpr(expr: string): string {
  let out = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== c) j += expr[j] === '\\' ? 2 : 1;
      out += expr.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < expr.length && /[\w$]/.test(expr[j]!)) j++;
      const name = expr.slice(i, j);
      let k = out.length - 1;
      while (k >= 0 && (out[k] === ' ' || out[k] === '\n' || out[k] === '\t')) k--;
      const member = k >= 0 && out[k] === '.' && out[k - 1] !== '.';
      let n = j;
      while (n < expr.length && (expr[n] === ' ' || expr[n] === '\t')) n++;
      const objectKey = expr[n] === ':' && k >= 0 && (out[k] === '{' || out[k] === ',');
      if (member || objectKey || KEYWORDS.has(name) || name.startsWith('$')) out += name;
      else if (expr[n] === '(') out += `${VM}.${name}`;
      else out += `(${VM}.${name} || ${COMPONENT}.computed.${name}())`;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
