/**
 * `if (key !== __proto__) { target[key] = … }`: a guard in the test of an `if` decides when the
 * function's key writes are inside the branch it guards (uPlot 1.6.31's assign), as surely as a
 * branch that returns or continues past them. The test must name the written key: in a big file
 * a "guard" found by name (`if (isDate(src)) { dst[key] = new Date(src) }`) tests the value.
 */
import { walk } from '../../parse/walk.js';
import { unwrap } from '../../ir/api-names.js';
import type { N, Unit } from './facts.js';

export function branchHoldsWrite(branch: N | null | undefined, u: Unit, test: N): boolean {
  if (!branch) return false;
  const named = new Set<string>();
  walk(test, (node) => {
    const n = node as N;
    if (n.type === 'Identifier') named.add(n.name);
    return true;
  });
  return u.assignments.some((a) => {
    const k = unwrap(a.key);
    return a.node.start >= branch.start && a.node.end <= branch.end && k.type === 'Identifier' && named.has(k.name);
  });
}
