/**
 * React-style components' props as separate summary parameters: a component imported from another
 * file is known only by its summary (summary.ts), where a parameter is all or nothing, so
 * `<Raw html={x} title={y} />` would taint every prop once one reaches a sink. A component's
 * props object (parameter 0) is summarised with one pseudo-parameter per prop it reads
 * (PROP_PARAM + i for `Summary.props[i]`); the caller maps each back to its attribute.
 */
import type { AnyNode } from '../parse/walk.js';
import { walk } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import type { Summary } from './summary.js';
import { makeValue, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/** Pseudo-parameter numbers of props start here (far above any real parameter count). */
export const PROP_PARAM = 1000;
/** Most props tracked one by one per component; the rest stay with the whole props object. */
const MAX_PROPS = 32;
/** Most nodes looked at for `props.x` reads. */
const MAX_SCAN = 20_000;
/** JSX in the file's text: `</` or `/>` (a cheap pre-check that the file renders components). */
const JSX_TEXT = /<\/|\/>/;

/** Per file: does its text hold JSX (tested once, not per summarised function). */
const jsxFiles = new WeakMap<object, boolean>();

function hasJsx(A: Analyzer): boolean {
  let v = jsxFiles.get(A.file);
  if (v === undefined) jsxFiles.set(A.file, (v = JSX_TEXT.test(A.file.source)));
  return v;
}

function keyName(k: N, computed: boolean): string | undefined {
  if (!computed && k.type === 'Identifier') return k.name;
  if (k.type === 'Literal' && typeof k.value === 'string') return k.value;
  return undefined;
}

/**
 * The props a component reads, when `fn` looks like one (a capitalised name, a file with JSX, a
 * first parameter that is a destructuring pattern or a name read as `props.x`); undefined otherwise.
 */
export function componentProps(A: Analyzer, fn: AnyNode): string[] | undefined {
  const f = fn as N;
  const p0 = (f.params as N[] | undefined)?.[0];
  if (!p0 || (f.params as N[]).length > 2) return undefined;
  const name = A.scopes.scopes.get(fn)?.name;
  if (!name || !/^[A-Z]/.test(name) || !hasJsx(A)) return undefined;
  const pat = p0.type === 'AssignmentPattern' ? (p0.left as N) : p0;
  const out: string[] = [];
  const add = (k: string | undefined): void => {
    if (k !== undefined && out.length < MAX_PROPS && !out.includes(k)) out.push(k);
  };
  if (pat.type === 'ObjectPattern') {
    for (const prop of pat.properties as N[]) if (prop.type === 'Property') add(keyName(prop.key, !!prop.computed));
  } else if (pat.type === 'Identifier') {
    const pname = pat.name as string;
    let seen = 0;
    walk(f.body as AnyNode, (node) => {
      if (++seen > MAX_SCAN) return false;
      const m = node as N;
      if (m.type === 'MemberExpression' && m.object?.type === 'Identifier' && m.object.name === pname) add(keyName(m.property, !!m.computed));
      // `const { html } = props`
      else if (m.type === 'VariableDeclarator' && m.init?.type === 'Identifier' && m.init.name === pname && m.id?.type === 'ObjectPattern') {
        for (const prop of m.id.properties as N[]) if (prop.type === 'Property') add(keyName(prop.key, !!prop.computed));
      }
      return true;
    });
  } else return undefined;
  return out.length > 0 ? out : undefined;
}

/**
 * The caller's value for a summary parameter: a prop's pseudo-parameter is that attribute of the
 * props object given (or the whole object's own taint when it has no such field: a spread).
 */
export function propArg(sum: Summary, param: number, props: Value | undefined): Value | undefined {
  const name = sum.props?.[param - PROP_PARAM];
  if (name === undefined || !props) return undefined;
  return props.fields?.get(name) ?? (props.flows ? makeValue(props.flows) : undefined);
}
