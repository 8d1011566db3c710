/**
 * Terraform's built-in functions, evaluated on model Values.
 *
 *   callFunction(name, args, ctx?)   evaluated arguments → result
 *   callLazyFunction(name, thunks, ctx?)   for try() and can(): each thunk evaluates one argument
 *                                          and throws (any Error) when that expression fails
 *   FUNCTIONS                        every supported name
 *   FunctionError                    thrown for calls Terraform would reject (wrong types, out of
 *                                    range, unknown name); the evaluator turns it into Unknown + a warning
 *
 * Unknowns: if any argument holds an Unknown (at any depth) the result is an Unknown carrying the
 * union of their refs, except where part of the result is still known: length (a list of known
 * length), element and lookup (the picked value), concat and merge (unknown elements/values stay
 * in place), coalesce (known values before the first Unknown), contains (a known match), try and
 * can, and the functions in OPAQUE_ELEMENTS, which move elements or values around without
 * looking at them (keys, values, reverse, slice, zipmap's values...).
 *
 * ctx (FunctionContext) is needed by the filesystem functions only: `baseDir` (absolute; where
 * relative paths resolve, i.e. the root module directory as Terraform's working directory) and
 * `root` (absolute scan root; nothing outside it is read, such calls return Unknown).
 * Without ctx those functions return Unknown. `renderTemplate` lets the evaluator render
 * templatefile() bodies with full expression support.
 *
 * Provider-defined functions (`provider::aws::arn_parse`) are Unknown: they run in the provider.
 */
import { Unknown, type Value } from '../../model/value.js';
import { CIDR_FUNCTIONS } from './functions/cidr.js';
import { COLLECTION_FUNCTIONS, UNKNOWN_AWARE } from './functions/collections.js';
import { FunctionError, mergeUnknowns, unknownOf, type FunctionContext, type Impl } from './functions/common.js';
import { ENCODING_FUNCTIONS } from './functions/encoding.js';
import { FILESYSTEM_FUNCTIONS } from './functions/filesystem.js';
import { HASH_FUNCTIONS } from './functions/hash.js';
import { NUMERIC_FUNCTIONS } from './functions/numeric.js';
import { STRING_FUNCTIONS } from './functions/strings.js';
import { TIME_FUNCTIONS } from './functions/time.js';
import { LAZY, TYPE_FUNCTIONS, lazyCan, lazyTry, type Thunk } from './functions/types.js';

export { FunctionError, type FunctionContext } from './functions/common.js';
export type { Thunk } from './functions/types.js';

const TABLE: ReadonlyMap<string, Impl> = new Map(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...COLLECTION_FUNCTIONS,
    ...TYPE_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...ENCODING_FUNCTIONS,
    ...HASH_FUNCTIONS,
    ...CIDR_FUNCTIONS,
    ...FILESYSTEM_FUNCTIONS,
    ...TIME_FUNCTIONS,
  }),
);

export const FUNCTIONS: ReadonlySet<string> = new Set(TABLE.keys());

/**
 * Argument positions whose elements/values are only moved, never inspected: unknowns inside them
 * stay in the result. The argument itself must still be known (its shape is what matters).
 */
const OPAQUE_ELEMENTS: Readonly<Record<string, readonly number[]>> = {
  keys: [0],
  values: [0],
  tolist: [0],
  reverse: [0],
  slice: [0],
  zipmap: [1],
  one: [0],
  chunklist: [0],
  matchkeys: [0],
  sensitive: [0],
  nonsensitive: [0],
  ephemeralasnull: [0],
};

/** The merged Unknown of the arguments, looking only at the top of opaque positions. */
function unknownArgs(fn: string, args: readonly Value[]): Unknown | undefined {
  const opaque = OPAQUE_ELEMENTS[fn];
  if (!opaque) return unknownOf(args, fn);
  const deep = args.filter((_, i) => !opaque.includes(i));
  const shallow = args.filter((a, i): a is Unknown => opaque.includes(i) && a instanceof Unknown);
  const d = unknownOf(deep, fn);
  const all = [...shallow, ...(d ? [d] : [])];
  return all.length ? mergeUnknowns(all, fn) : undefined;
}

/** Terraform 1.8+ lets `core::` name a built-in explicitly. */
const bare = (name: string): string => (name.startsWith('core::') ? name.slice(6) : name);

function lookupImpl(name: string): Impl | undefined {
  const impl = TABLE.get(bare(name));
  if (!impl && !name.startsWith('provider::')) throw new FunctionError(`unknown function ${name}`);
  return impl;
}

export function callFunction(name: string, args: Value[], ctx: FunctionContext = {}): Value {
  const impl = lookupImpl(name);
  if (!impl) return new Unknown(`${name}() is a provider function`, undefined, unknownOf(args, name)?.refs ?? []);
  const fn = bare(name);
  if (!UNKNOWN_AWARE.has(fn) && !LAZY.has(fn)) {
    const u = unknownArgs(fn, args);
    if (u) return u;
  }
  return impl(args, ctx);
}

/** try() and can() with unevaluated arguments; any other function evaluates the thunks first. */
export function callLazyFunction(name: string, thunks: Thunk[], ctx: FunctionContext = {}): Value {
  const fn = bare(name);
  if (fn === 'try') return lazyTry(thunks);
  if (fn === 'can') return lazyCan(thunks);
  return callFunction(name, thunks.map((t) => t()), ctx);
}
