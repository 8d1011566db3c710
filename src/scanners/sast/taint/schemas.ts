/**
 * Object schemas of validation libraries (zod, joi, yup): `z.object({ id: z.number() }).parse(x)`
 * returns an object whose fields have the types the schema gives them. A field typed number,
 * boolean, enum, literal, date, uuid (or a string held to an anchored regex without `.`) carries
 * no taint; other fields carry the input's field. Schemas written as an object literal in the
 * call, or in a `const` of this file assigned once, are read; so are those another project file
 * exports as a const (`export const userSchema = z.object(…)`, their field verdicts travel in its
 * exports: `exportedSchemas`).
 */
import type { AnyNode } from '../parse/walk.js';
import { walk } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { ownEntry } from './summary.js';
import { CLEAN, allFlows, taintOnly, valueOf, type Value } from './value.js';

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

/** `/^[a-z0-9_-]+$/`: anchored at both ends, one alternative, no `.` or `\s`; not multiline (`/^…$/m` anchors each line). */
export function anchoredLiteral(arg: N | undefined): boolean {
  const r = arg ? unwrap(arg) : undefined;
  if (r?.type !== 'Literal' || !r.regex) return false;
  if (String(r.regex.flags ?? '').includes('m')) return false;
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
export function objectSchemaResult(
  program: AnyNode, path: string | undefined, callee: N, input: Value | undefined, imported?: Record<string, boolean>,
): Value | undefined {
  if (path === undefined || callee.type !== 'MemberExpression') return undefined;
  const m = OBJECT_PARSE.exec(path);
  // An imported schema's API path may be the import's own (`./schemas.Q.parse`): its method is the last name.
  const method = m ? m[1]! : imported ? propName(callee) : undefined;
  if (method === undefined) return undefined;
  const shape = RESULT_SHAPE[method] ?? (method === 'validate' ? (path.startsWith('yup.') ? 'self' : 'value') : undefined);
  if (!shape) return undefined;
  const lit = schemaLiteral(callee.object as N, () => fileConsts(program as N));
  const verdicts = lit ? fieldVerdicts(lit) : imported;
  if (!verdicts) return undefined;
  const fields = new Map<string, Value>();
  for (const [key, safe] of Object.entries(verdicts)) fields.set(key, safe ? CLEAN : input?.fields?.get(key) ?? taintOnly(allFlows(input)));
  const obj: Value = valueOf({ fields });
  return shape === 'self' ? obj : valueOf({ fields: new Map([[shape, obj]]) });
}

/** Field name → only admits safe values, for an object literal of field schemas; undefined when a key cannot be read. */
function fieldVerdicts(lit: N): Record<string, boolean> | undefined {
  const out: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  for (const p of (lit.properties ?? []) as N[]) {
    if (p.type !== 'Property' || p.computed) return undefined;
    const k = p.key as N | undefined;
    const key = k?.type === 'Identifier' ? String(k.name) : typeof k?.value === 'string' ? k.value : undefined;
    if (key === undefined) return undefined;
    out[key] = safeField(p.value as N);
  }
  return out;
}

/**
 * Object schemas a file exports as consts (`export const Q = z.object({…})`, `export { Q }`): name →
 * field verdicts, for the files importing them (FileExports `schemas`).
 */
export function exportedSchemas(program: AnyNode): Record<string, Record<string, boolean>> | undefined {
  let out: Record<string, Record<string, boolean>> | undefined;
  const consts = () => fileConsts(program as N);
  const add = (name: string, expr: N) => {
    const lit = schemaLiteral(expr, consts);
    const v = lit ? fieldVerdicts(lit) : undefined;
    if (v) (out ??= Object.create(null) as Record<string, Record<string, boolean>>)[name] = v;
  };
  for (const st of ((program as N).body ?? []) as N[]) {
    if (st.type !== 'ExportNamedDeclaration') continue;
    if (st.declaration?.type === 'VariableDeclaration' && st.declaration.kind === 'const') {
      for (const d of st.declaration.declarations as N[]) if (d.id?.type === 'Identifier' && d.init) add(String(d.id.name), d.init as N);
    } else if (!st.source) {
      for (const sp of (st.specifiers ?? []) as N[]) {
        const local = sp.local?.name ?? sp.local?.value;
        const name = sp.exported?.name ?? sp.exported?.value;
        if (typeof local === 'string' && typeof name === 'string') add(name, { type: 'Identifier', name: local } as N);
      }
    }
  }
  return out;
}

/** The field verdicts of a schema imported from a project file (`import { Q } from './schemas'`), if `recv` is one. */
export function importedSchema(A: Analyzer, recv: Value | undefined): Record<string, boolean> | undefined {
  const imp = recv?.imp;
  if (!imp || imp.name === undefined) return undefined;
  return ownEntry(A.ctx.importedExports(imp.spec)?.schemas, imp.name);
}
