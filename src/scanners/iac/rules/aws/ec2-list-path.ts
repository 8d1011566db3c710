import type { Value } from '../../model/value.js';

/**
 * Path of the first known string element of a list attribute that matches, so a finding lands
 * on the offending element when the list spans several lines (`cidr_blocks.1`); a plain string
 * attribute is its own path. Undefined when nothing matches.
 */
export function matchingElementPath(v: Value | undefined, path: string, match: (s: string) => boolean): string | undefined {
  if (typeof v === 'string') return match(v) ? path : undefined;
  if (!Array.isArray(v)) return undefined;
  const i = v.findIndex((x) => typeof x === 'string' && match(x));
  return i < 0 ? undefined : `${path}.${i}`;
}
