/**
 * Reading decorators, shared by decorator-routed handlers (handlers.ts: `@Query('q')`, `@Header`,
 * `@Res({ passthrough: true })`) and class-validator DTOs (dtos.ts: `@IsInt()`, `new ValidationPipe({ transform: true })`).
 */
import type { AnyNode } from '../parse/walk.js';

type N = AnyNode & Record<string, any>;

/** `IsInt` of `IsInt` / `cv.IsInt` (a callee or a class named in a `new`). */
export function calleeName(c: N | undefined): string | undefined {
  if (!c) return undefined;
  if (c.type === 'Identifier') return String(c.name);
  if (c.type === 'MemberExpression' && !c.computed && c.property?.type === 'Identifier') return String(c.property.name);
  return undefined;
}

/** A decorator's name and call arguments (`@IsInt()` → IsInt, []; `@Injectable` → Injectable, []). */
export function decorator(dec: N): { name: string | undefined; args: N[] } {
  const e = dec.expression as N;
  return e.type === 'CallExpression' ? { name: calleeName(e.callee), args: (e.arguments ?? []) as N[] } : { name: calleeName(e), args: [] };
}

/** A parameter's decorators, also of a constructor's parameter property (`constructor(@Inject() private x)`). */
export function paramDecorators(p: N): N[] {
  return ((p.type === 'TSParameterProperty' ? p.decorators ?? p.parameter?.decorators : p.decorators) ?? []) as N[];
}

/** Does this options object literal set `key: true` (`{ transform: true }`, `{ passthrough: true }`)? */
export function trueOption(opts: N | undefined, key: string): boolean {
  return opts?.type === 'ObjectExpression' && (opts.properties as N[]).some((p) => {
    const k = p.key as N | undefined;
    const v = p.value as N | undefined;
    return p.type === 'Property' && !p.computed && (k?.type === 'Identifier' ? k.name : k?.value) === key && v?.type === 'Literal' && v.value === true;
  });
}
