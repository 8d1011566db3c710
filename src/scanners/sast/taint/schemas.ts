/**
 * Object schemas of validation libraries (zod, joi, yup): `z.object({ id: z.number() }).parse(x)`
 * returns an object whose fields have the types the schema gives them. A field typed number,
 * boolean, enum, literal, date, uuid (or a string held to an anchored regex without `.`) carries
 * no taint; other fields carry the input's field. Only schemas written as an object literal in the
 * call, or in a `const` of this file assigned once, are read.
 */
import type { AnyNode } from '../parse/walk.js';
import { walk } from '../parse/walk.js';
import { CLEAN, allFlows, taintOnly, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/** API path of an object schema's parse method (the library root, then object()/strictObject(), then modifiers). */
const OBJECT_PARSE = /^(?:zod(?:\.z)?|joi|@hapi\/joi|yup)\.(?:object|strictObject)\(\)(?:\.\w+\(\))*\.(\w+)$/;
/** What each parse method returns: the object, or a result holding it under a key. */
const RESULT_SHAPE: Record<string, 'self' | 'data' | 'value'> = {
  parse: 'self', parseAsync: 'self', validateSync: 'self', cast: 'self', attempt: 'self', validateAsync: 'self',
  safeParse: 'data', safeParseAsync: 'data',
  // joi's validate returns { value, error }; yup's validate a promise of the object (awaited: itself).
};
const SAFE_BASES = new Set(['number', 'boolean', 'bool', 'enum', 'nativeEnum', 'literal', 'bigint', 'date', 'uuid', 'guid', 'integer']);
/** String refinements that leave only an id, a date or word characters. */
const SAFE_STRING_CHECKS = new Set(['uuid', 'guid', 'cuid', 'cuid2', 'ulid', 'datetime', 'ip', 'alphanum', 'hex', 'isoDate', 'base64', 'valid', 'token']);
/** Chain links that can turn a typed value into anything. */
const UNSAFE_LINKS = new Set(['transform', 'or', 'and', 'pipe', 'catch', 'preprocess', 'custom', 'any', 'unknown', 'allow', 'union']);
const MAX_CHAIN = 16;

/** Consts bound to an object-schema expression, per file (found on first use). */
const constsByFile = new WeakMap<object, Map<string, N>>();

function unwrap(n: N): N {
  let x = n;
  for (let i = 0; i < 8 && (x.type === 'TSAsExpression' || x.type === 'ParenthesizedExpression' || x.type === 'TSSatisfiesExpression' || x.type === 'TSNonNullExpression'); i++) x = x.expression;
  return x;
}

function propName(m: N): string | undefined {
  return m.type === 'MemberExpression' && !m.computed && m.property?.type === 'Identifier' ? String(m.property.name) : undefined;
}

/** The object literal a schema expression is built on (`z.object({…}).strict()`), or undefined. */
function schemaLiteral(expr: N, consts: () => Map<string, N>): N | undefined {
  let x = unwrap(expr);
  for (let i = 0; i < MAX_CHAIN; i++) {
    if (x.type === 'Identifier') {
      const init = consts().get(String(x.name));
      if (!init) return undefined;
      x = unwrap(init);
      continue;
    }
    if (x.type !== 'CallExpression' || x.callee?.type !== 'MemberExpression') return undefined;
    const name = propName(x.callee);
    if (name === 'object' || name === 'strictObject') {
      const a = x.arguments?.[0] ? unwrap(x.arguments[0]) : undefined;
      return a?.type === 'ObjectExpression' ? a : undefined;
    }
    if (name === undefined || UNSAFE_LINKS.has(name) || name === 'extend' || name === 'merge' || name === 'keys') return undefined;
    x = unwrap(x.callee.object);
  }
  return undefined;
}

/** A field schema that only admits numbers, booleans, enums, dates or ids. */
function safeField(expr: N): boolean {
  let x = unwrap(expr);
  const links: N[] = [];
  for (let i = 0; i < MAX_CHAIN && x.type === 'CallExpression' && x.callee?.type === 'MemberExpression'; i++) {
    links.push(x);
    x = unwrap(x.callee.object);
  }
  // links[last] is the base type call (`z.number()`, `z.coerce.number()`, `Joi.string()`).
  const base = links[links.length - 1];
  const baseName = base ? propName(base.callee) : undefined;
  if (!baseName) return false;
  let safe = SAFE_BASES.has(baseName);
  for (let i = links.length - 2; i >= 0; i--) {
    const name = propName(links[i]!.callee);
    if (name === undefined || UNSAFE_LINKS.has(name)) return false;
    if (baseName === 'string' && (SAFE_STRING_CHECKS.has(name) || ((name === 'regex' || name === 'pattern' || name === 'matches') && anchoredLiteral(links[i]!.arguments?.[0])))) safe = true;
  }
  return safe;
}

/** `/^[a-z0-9_-]+$/`: anchored at both ends, one alternative, no `.` or `\s`. */
function anchoredLiteral(arg: N | undefined): boolean {
  const r = arg ? unwrap(arg) : undefined;
  if (r?.type !== 'Literal' || !r.regex) return false;
  const p = String(r.regex.pattern);
  return p.startsWith('^') && p.endsWith('$') && !p.endsWith('\\$') && !p.includes('|') && !p.includes('.') && !p.includes('\\s') && !p.includes('\\S') && !p.includes('[^');
}

function fileConsts(program: N): Map<string, N> {
  const hit = constsByFile.get(program);
  if (hit) return hit;
  const found = new Map<string, N>();
  const bad = new Set<string>();
  walk(program as AnyNode, (node) => {
    const x = node as N;
    if (x.type === 'VariableDeclarator' && x.id?.type === 'Identifier' && x.init) {
      const name = String(x.id.name);
      if (found.has(name) || bad.has(name)) {
        found.delete(name);
        bad.add(name);
      } else found.set(name, x.init as N);
    } else if (x.type === 'AssignmentExpression' && x.left?.type === 'Identifier') {
      found.delete(String(x.left.name));
      bad.add(String(x.left.name));
    }
    return true;
  });
  constsByFile.set(program, found);
  return found;
}

/**
 * The result of an object schema's parse call, or undefined when the call is not one or the
 * schema cannot be read. `path`: the callee's API path; `input`: the value parsed.
 */
export function objectSchemaResult(program: AnyNode, path: string | undefined, callee: N, input: Value | undefined): Value | undefined {
  if (path === undefined || callee.type !== 'MemberExpression') return undefined;
  const m = OBJECT_PARSE.exec(path);
  if (!m) return undefined;
  const method = m[1]!;
  const shape = RESULT_SHAPE[method] ?? (method === 'validate' ? (path.startsWith('yup.') ? 'self' : 'value') : undefined);
  if (!shape) return undefined;
  const lit = schemaLiteral(callee.object as N, () => fileConsts(program as N));
  if (!lit) return undefined;
  const fields = new Map<string, Value>();
  for (const p of (lit.properties ?? []) as N[]) {
    if (p.type !== 'Property' || p.computed) return undefined;
    const k = p.key as N | undefined;
    const key = k?.type === 'Identifier' ? String(k.name) : typeof k?.value === 'string' ? k.value : undefined;
    if (key === undefined) return undefined;
    fields.set(key, safeField(p.value as N) ? CLEAN : input?.fields?.get(key) ?? taintOnly(allFlows(input)));
  }
  const obj: Value = { fields };
  return shape === 'self' ? obj : { fields: new Map([[shape, obj]]) };
}
