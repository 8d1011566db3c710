/**
 * `if (key !== __proto__) { target[key] = … }`: a guard in the test of an `if` decides when the
 * function's key writes are inside the branch it guards (uPlot 1.6.31's assign), as surely as a
 * branch that returns or continues past them.
 */
import type { N, Unit } from './facts.js';

export function branchHoldsWrite(branch: N | null | undefined, u: Unit): boolean {
  if (!branch) return false;
  return u.assignments.some((a) => a.node.start >= branch.start && a.node.end <= branch.end);
}
