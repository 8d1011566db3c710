/**
 * NestJS DTO classes checked by class-validator: `@Body() dto: CreateUserDto`, where the class's
 * fields carry `@IsInt()`, `@IsUUID()`, `@IsEnum(E)`… A field whose decorators only admit a number,
 * boolean, date, id or fixed value (models/validation.ts CLASS_VALIDATOR) is clean; one held to a
 * string (`@IsString()`, `@IsEmail()`) can still inject anything but query operators (NoSQL); other
 * fields keep the parameter's taint. Decorators are metadata: they run only in a ValidationPipe, so
 * nothing is cleaned unless one is active — global (`app.useGlobalPipes(new ValidationPipe())`,
 * found per project: models/nest.ts), `@UsePipes(ValidationPipe)` on the controller or method, or
 * `@Body(new ValidationPipe())`. A DTO declared in another file comes with its fields' verdicts in
 * that file's exports (FileExports `dtos`), as do base classes and mapped types
 * (`extends PartialType(CreateUserDto)`, `PickType(…, ['a'])`, `OmitType`, `IntersectionType`).
 */
import { ALL_KINDS_MASK, kindBit } from '../models/compile.js';
import type { HandlerSpec } from '../models/types.js';
import { CLASS_VALIDATOR } from '../models/validation.js';
import type { AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { calleeName, decorator, trueOption } from './decorators.js';
import { anchoredLiteral } from './schemas.js';
import { ownEntry } from './summary.js';
import { ELEMENT_FIELD } from './transfer.js';
import { CLEAN, cleanFlows, taintOnly, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/**
 * Field verdicts: admits anything but query operators; admits nothing injectable; the same once the
 * pipe transforms (`@Type(() => Number)`); a domain name (injectable only as a host: SSRF, open
 * redirect); checks that may be skipped (`@ValidateIf`), which keep the taint whatever else holds.
 */
export const DTO_TEXT = 1;
export const DTO_SAFE = 2;
export const DTO_SAFE_TRANSFORMED = 3;
export const DTO_HOST = 4;
export const DTO_SKIP = 5;
/** Merge order of the verdicts that are neither SAFE nor SKIP (the stronger check wins). */
const RANK: Record<number, number> = { [DTO_TEXT]: 1, [DTO_HOST]: 2, [DTO_SAFE_TRANSFORMED]: 3 };

export type DtoVerdicts = Record<string, number>;

const SAFE = new Set<string>(CLASS_VALIDATOR.safe);
const TEXT = new Set<string>(CLASS_VALIDATOR.text);
const HOST = new Set<string>(CLASS_VALIDATOR.host);
const SKIPS = new Set<string>(CLASS_VALIDATOR.skips);
const NUMERIC_TYPES = new Set(['Number', 'Boolean', 'Date', 'BigInt']);
const MAPPED = new Set(['PartialType', 'PickType', 'OmitType', 'IntersectionType']);
/** What a `@Matches` pattern must not allow: quotes, shell or markup characters, or a class of nearly anything. */
const UNSAFE_PATTERN = /['"`;&<>$|]|\\[WDS]/;
/** Base classes followed (a chain of DTOs extending DTOs). */
const MAX_DEPTH = 6;

const noProto = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** `@Matches(/^[a-z0-9_-]+$/)`: anchored, one alternative, no `.`, quotes or shell characters. */
function safePattern(arg: N | undefined): boolean {
  if (!anchoredLiteral(arg)) return false;
  const p = String(arg!.regex.pattern).slice(1, -1);
  return !UNSAFE_PATTERN.test(p);
}

/** `@Type(() => Number)`. */
function numericType(args: N[]): boolean {
  const f = args[0];
  if (f?.type !== 'ArrowFunctionExpression' || f.body?.type !== 'Identifier') return false;
  return NUMERIC_TYPES.has(String(f.body.name));
}

/** The verdict of one field's decorators; 0 when they constrain nothing, DTO_SKIP when they may be skipped. */
function fieldVerdict(decs: N[]): number {
  let safe = false;
  let typed = false;
  let host = false;
  let text = false;
  for (const dec of decs) {
    const { name, args } = decorator(dec);
    if (name === undefined) continue;
    if (SKIPS.has(name)) return DTO_SKIP;
    if (SAFE.has(name) || (name === 'Matches' && safePattern(args[0]))) safe = true;
    else if (name === 'Type' && numericType(args)) typed = true;
    else if (HOST.has(name)) host = true;
    else if (TEXT.has(name)) text = true;
  }
  return safe ? DTO_SAFE : typed ? DTO_SAFE_TRANSFORMED : host ? DTO_HOST : text ? DTO_TEXT : 0;
}

/**
 * The stronger of two verdicts: every decorator of a field (its own and its base class's) must pass.
 * A `@ValidateIf` on either class may skip them all, so SKIP wins over everything, SAFE included.
 */
function stronger(a: number | undefined, b: number): number {
  if (a === undefined) return b;
  if (a === DTO_SKIP || b === DTO_SKIP) return DTO_SKIP;
  if (a === DTO_SAFE || b === DTO_SAFE) return DTO_SAFE;
  return (RANK[a] ?? 0) >= (RANK[b] ?? 0) ? a : b;
}

function keyName(m: N): string | undefined {
  if (m.computed) return undefined;
  const k = m.key as N | undefined;
  return k?.type === 'Identifier' ? String(k.name) : typeof k?.value === 'string' ? k.value : undefined;
}

/** Per analyser: class name → verdicts (undefined: not a DTO or unreadable), and the classes being read (cycles). */
const memo = new WeakMap<Analyzer, Map<string, DtoVerdicts | undefined>>();

/**
 * The verdicts of a class's fields, its base classes' included; undefined when no field is checked.
 * Every declared field has an entry (0: unchecked). A nested DTO (`@ValidateNested() @Type(() => Inner)
 * inner: Inner`) gives dotted entries (`inner.x`), an array of them (`Inner[]`, `{ each: true }`)
 * entries for its elements' fields (`items.[].qty`).
 */
function classVerdicts(A: Analyzer, cls: N, depth: number): DtoVerdicts | undefined {
  const out = depth < MAX_DEPTH && cls.superClass ? { ...baseVerdicts(A, cls.superClass as N, depth + 1) } : noProto<number>();
  let any = Object.values(out).some((v) => v !== 0);
  for (const m of (cls.body?.body ?? []) as N[]) {
    if (m.type !== 'PropertyDefinition' || m.static) continue;
    const k = keyName(m);
    if (k === undefined) continue;
    const decs = (m.decorators ?? []) as N[];
    const v = decs.length ? fieldVerdict(decs) : 0;
    out[k] = stronger(ownEntry(out, k), v);
    if (v !== 0) any = true;
    const nested = v === DTO_SKIP || depth >= MAX_DEPTH ? undefined : nestedDto(A, m, decs, depth);
    if (!nested) continue;
    // An array's elements: `items.[].qty` (transfer.ts ELEMENT_FIELD). Only the declared fields:
    // the pipe keeps undeclared ones (no whitelist read here), so the element itself stays tainted.
    const prefix = nested.array ? `${k}.${ELEMENT_FIELD}` : k;
    for (const [ik, iv] of Object.entries(nested.verdicts)) {
      out[`${prefix}.${ik}`] = stronger(ownEntry(out, `${prefix}.${ik}`), iv);
      if (iv !== 0) any = true;
    }
  }
  return any ? out : undefined;
}

/**
 * `@ValidateNested() @Type(() => Inner) inner: Inner`: the pipe checks the inner DTO too (without
 * `@ValidateNested` its fields are not checked; without `@Type` the plain object has no validators).
 * An array (`Inner[]`, `Array<Inner>`, `{ each: true }`) is checked element by element.
 */
function nestedDto(A: Analyzer, m: N, decs: N[], depth: number): { verdicts: DtoVerdicts; array: boolean } | undefined {
  let validate: N | undefined;
  let inner: string | undefined;
  for (const dec of decs) {
    const { name, args } = decorator(dec);
    if (name === 'ValidateNested') validate = dec;
    else if (name === 'Type') {
      const f = args[0];
      if (f?.type === 'ArrowFunctionExpression' && f.body?.type === 'Identifier' && !NUMERIC_TYPES.has(String(f.body.name))) inner = String(f.body.name);
    }
  }
  if (!validate || inner === undefined) return undefined;
  const verdicts = dtoNamed(A, inner, depth + 1);
  if (!verdicts) return undefined;
  const t = m.typeAnnotation?.typeAnnotation as N | undefined;
  const array = trueOption(decorator(validate).args[0], 'each') || t?.type === 'TSArrayType'
    || (t?.type === 'TSTypeReference' && t.typeName?.type === 'Identifier' && t.typeName.name === 'Array');
  return { verdicts, array };
}

/** A base class expression: a DTO by name, or a mapped type of DTOs. */
function baseVerdicts(A: Analyzer, e: N, depth: number): DtoVerdicts | undefined {
  if (e.type === 'Identifier') return dtoNamed(A, String(e.name), depth);
  if (e.type !== 'CallExpression') return undefined;
  const name = calleeName(e.callee);
  if (name === undefined || !MAPPED.has(name)) return undefined;
  const args = (e.arguments ?? []) as N[];
  if (name === 'IntersectionType') {
    const out = noProto<number>();
    for (const a of args) for (const [k, v] of Object.entries(baseVerdicts(A, a, depth + 1) ?? {})) out[k] = stronger(ownEntry(out, k), v);
    return out;
  }
  const base = args[0] ? baseVerdicts(A, args[0], depth + 1) : undefined;
  if (!base || name === 'PartialType') return base;
  // PickType / OmitType: keys as a literal array; unreadable keys keep none (a field outside the DTO is unchecked).
  const keysArg = args[1]?.type === 'TSAsExpression' || args[1]?.type === 'TSSatisfiesExpression' ? args[1].expression as N : args[1];
  const list = keysArg?.type === 'ArrayExpression' ? (keysArg.elements as (N | null)[]) : undefined;
  const keys = list?.every((x) => x?.type === 'Literal' && typeof x.value === 'string') ? new Set(list.map((x) => String(x!.value))) : undefined;
  if (!keys) return undefined;
  const out = noProto<number>();
  for (const [k, v] of Object.entries(base)) if (keys.has(k) === (name === 'PickType')) out[k] = v;
  return out;
}

/** The verdicts of the DTO class a name stands for in this file: a local class or an imported one. */
export function dtoNamed(A: Analyzer, name: string, depth = 0): DtoVerdicts | undefined {
  let m = memo.get(A);
  if (!m) memo.set(A, (m = new Map()));
  if (m.has(name)) return m.get(name);
  m.set(name, undefined); // a class extending itself through a cycle reads as no DTO
  let out: DtoVerdicts | undefined;
  const local = (A.scopes.classes as N[]).find((c) => c.id?.name === name);
  if (local) out = classVerdicts(A, local, depth);
  else {
    const imp = importOf(A, name);
    if (imp) out = ownEntry(A.ctx.importedExports(imp.spec)?.dtos, imp.name);
  }
  m.set(name, out);
  return out;
}

/** `import { CreateUserDto } from './dto'` (or a default import): the specifier and export name. */
function importOf(A: Analyzer, local: string): { spec: string; name: string } | undefined {
  for (const st of ((A.file.program as N).body ?? []) as N[]) {
    if (st.type !== 'ImportDeclaration' || typeof st.source?.value !== 'string') continue;
    for (const sp of (st.specifiers ?? []) as N[]) {
      if (sp.local?.name !== local) continue;
      if (sp.type === 'ImportDefaultSpecifier') return { spec: st.source.value, name: 'default' };
      const imported = sp.imported as N | undefined;
      if (sp.type === 'ImportSpecifier') return { spec: st.source.value, name: String(imported?.name ?? imported?.value) };
      return undefined;
    }
  }
  return undefined;
}

/**
 * DTO classes the file exports, with their field verdicts, for the files importing them:
 * `export class X`, `export default class X`, `export { X }`, and DTOs re-exported from another
 * project file (`export * from './create-user.dto'`, a dto/index.ts).
 */
export function exportedDtos(A: Analyzer): Record<string, DtoVerdicts> | undefined {
  const out = noProto<DtoVerdicts>();
  let any = false;
  const add = (as: string, v: DtoVerdicts | undefined) => {
    if (v && ownEntry(out, as) === undefined) { out[as] = v; any = true; }
  };
  for (const st of ((A.file.program as N).body ?? []) as N[]) {
    const d = st.declaration as N | undefined;
    if (st.type === 'ExportNamedDeclaration' && d?.type === 'ClassDeclaration' && d.id) add(String(d.id.name), dtoNamed(A, String(d.id.name)));
    else if (st.type === 'ExportDefaultDeclaration' && d?.type === 'ClassDeclaration' && d.id) add('default', dtoNamed(A, String(d.id.name)));
    else if (st.type === 'ExportNamedDeclaration' && !st.source && !d) {
      for (const sp of (st.specifiers ?? []) as N[]) {
        const local = sp.local?.name ?? sp.local?.value;
        const name = sp.exported?.name ?? sp.exported?.value;
        if (typeof local === 'string' && typeof name === 'string') add(name, dtoNamed(A, local));
      }
    }
  }
  for (const r of A.reexports) {
    const ex = A.ctx.importedExports(r.spec)?.dtos;
    if (!ex) continue;
    if (r.name !== undefined) add(r.as ?? r.name, ownEntry(ex, r.name));
    else if (r.as === undefined) for (const [k, v] of Object.entries(ex)) if (k !== 'default') add(k, v);
  }
  return any ? out : undefined;
}

/** A pipe argument naming the validation pipe (`ValidationPipe`, `new ValidationPipe({ transform: true })`): whether it transforms; undefined when none is. */
function pipeIn(args: N[], pipe: string): { transform: boolean } | undefined {
  for (const a of args) {
    const isNew = a.type === 'NewExpression';
    if (calleeName(isNew ? a.callee as N : a) !== pipe) continue;
    const opts = isNew ? (a.arguments?.[0] as N | undefined) : undefined;
    const transform = trueOption(opts, 'transform');
    return { transform };
  }
  return undefined;
}

/** `@UsePipes(…)` among these decorators naming the pipe. */
function usePipes(decs: N[] | undefined, pipe: string): { transform: boolean } | undefined {
  for (const dec of decs ?? []) {
    const { name, args } = decorator(dec);
    if (name === 'UsePipes') {
      const p = pipeIn(args, pipe);
      if (p) return p;
    }
  }
  return undefined;
}

/**
 * The value of a handler parameter whose decorator (`@Body()`, `@Query()`) gives the whole body or
 * query, typed as a DTO class, when a validation pipe checks it: its checked fields cleaned. `v` is
 * the parameter's tainted value; `fn` the handler function, `cls` its class.
 */
export function dtoParam(A: Analyzer, spec: HandlerSpec, p: N, dec: N, v: Value, fn: N, cls: N | undefined): Value {
  const vp = spec.validationPipe;
  if (!vp || !v.flows) return v;
  const { args } = decorator(dec);
  // `@Body('id') id: number`: one property, which the pipe does not check (it skips primitives).
  if (args.some((a) => a.type === 'Literal')) return v;
  const name = typeName(p);
  if (name === undefined) return v;
  const method = cls ? ((cls.body?.body ?? []) as N[]).find((m) => m.value === fn) : undefined;
  const pipe = pipeIn(args, vp.pipe) ?? usePipes(method?.decorators, vp.pipe) ?? usePipes(cls?.decorators, vp.pipe) ?? vp.global;
  if (!pipe) return v; // no pipe runs: the decorators are metadata nobody checks
  const verdicts = dtoNamed(A, name);
  return verdicts ? checked(v, verdicts, pipe.transform) : v;
}

/** A parameter's type when it is a plain class name (`dto: CreateUserDto`). */
function typeName(p: N): string | undefined {
  const id = (p.type === 'TSParameterProperty' ? p.parameter : p.type === 'AssignmentPattern' ? p.left : p) as N | undefined;
  const t = id?.typeAnnotation?.typeAnnotation as N | undefined;
  return t?.type === 'TSTypeReference' && t.typeName?.type === 'Identifier' ? String(t.typeName.name) : undefined;
}

/** `v` with the fields its DTO's verdicts clean; a dotted entry (`inner.x`) a nested DTO's field. */
function checked(v: Value, verdicts: DtoVerdicts, transform: boolean): Value {
  if (!v.flows) return v;
  const flows = v.flows;
  const textFlows = cleanFlows(flows, kindBit('nosql-injection'), ALL_KINDS_MASK);
  const hostFlows = cleanFlows(flows, ALL_KINDS_MASK & ~(kindBit('ssrf') | kindBit('open-redirect')), ALL_KINDS_MASK);
  const leaf = (verdict: number): Value | undefined =>
    verdict === DTO_SAFE || (verdict === DTO_SAFE_TRANSFORMED && transform) ? CLEAN
      : verdict === DTO_HOST ? taintOnly(hostFlows) : verdict === DTO_TEXT ? taintOnly(textFlows) : undefined;
  const set = (into: Value, path: string[], val: Value): Value => {
    const fields = new Map(into.fields ?? []);
    const [k, ...rest] = path;
    fields.set(k!, rest.length === 0 ? val : set(fields.get(k!) ?? taintOnly(flows), rest, val));
    return { ...into, fields };
  };
  let out = v;
  // Shorter paths first, so a nested object's value exists before its fields are set.
  for (const k of Object.keys(verdicts).sort((a, b) => a.length - b.length)) {
    const val = leaf(verdicts[k]!);
    if (val) out = set(out, k.split('.'), val);
  }
  return out;
}

/** The project's global validation pipe (models/nest.ts), if some handler spec has one. */
function globalPipe(A: Analyzer): { transform: boolean } | undefined {
  for (const specs of A.models.handlersClassDecorator.values()) for (const s of specs) if (s.validationPipe?.global) return s.validationPipe.global;
  return undefined;
}

/**
 * A parameter of any function typed as a DTO class (`create(dto: CreateUserDto)` in a service),
 * while summarising it: with a global validation pipe, DTO-typed data came through it (a controller
 * hands its checked body on), so its checked fields are clean here too. Without a global pipe a
 * caller may pass an unchecked object: nothing changes.
 */
export function dtoTypedParam(A: Analyzer, p: N, v: Value): Value {
  const pipe = globalPipe(A);
  const name = pipe ? typeName(p) : undefined;
  const verdicts = name !== undefined ? dtoNamed(A, name) : undefined;
  return verdicts ? checked(v, verdicts, pipe!.transform) : v;
}

/** Most DTO fields read one by one in a summary (component-props.ts MAX_PROPS). */
const MAX_FIELD_PROPS = 32;

/**
 * A summarised function whose first parameter is typed as a DTO class (`create(dto: CreateUserDto)`
 * in a service), without a global pipe: its checked fields, each read as a parameter of its own
 * (component-props.ts PROP_PARAM, Summary.props). A controller handing on a DTO its pipe checked
 * then keeps each field's cleaning inside the service; a caller passing an unchecked object does not.
 */
export function dtoFieldProps(A: Analyzer, fn: AnyNode): string[] | undefined {
  const p = ((fn as N).params as N[] | undefined)?.[0];
  if (!p || globalPipe(A)) return undefined;
  const name = typeName(p);
  const verdicts = name !== undefined ? dtoNamed(A, name) : undefined;
  if (!verdicts) return undefined;
  const keys = new Set<string>();
  for (const [k, v] of Object.entries(verdicts)) {
    if (v !== 0 && v !== DTO_SKIP && keys.size < MAX_FIELD_PROPS) keys.add(k.split('.')[0]!);
  }
  return keys.size > 0 ? [...keys] : undefined;
}
