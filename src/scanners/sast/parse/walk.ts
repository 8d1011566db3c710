/**
 * Iterative AST traversal: no recursion, so a 50,000-term `a + b + …` chain (which the parser
 * accepts) cannot overflow the stack. Children are found generically (every property holding a
 * node or an array of nodes), so new node types need no change here.
 *
 * This is the hottest loop of the scanner (every rule and the engine walk whole files), so it
 * allocates nothing per node: parallel stacks instead of {node, parent, depth} records, children
 * pushed straight onto the stack, and a sort only when keys are not in source order.
 */
import type { Node } from '@oxc-project/types';

export type AnyNode = Node & { type: string; start: number; end: number };

const byStart = (a: AnyNode, b: AnyNode) => a.start - b.start;

/** Appends the direct children of `node` to `out`, in source order. */
function pushChildren(node: AnyNode, out: AnyNode[]): void {
  const from = out.length;
  const rec = node as unknown as Record<string, unknown>;
  for (const key in rec) {
    if (key === 'parent' || key === 'range') continue;
    const v = rec[key];
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item = v[i] as AnyNode | null;
        if (item !== null && typeof item === 'object' && typeof item.type === 'string') out.push(item);
      }
    } else if (typeof (v as AnyNode).type === 'string') {
      out.push(v as AnyNode);
    }
  }
  // Key order is source order for almost every node type; a few (template literals: quasis,
  // then expressions) interleave. A stable sort of an in-order list would change nothing.
  for (let i = from + 1; i < out.length; i++) {
    if (out[i]!.start < out[i - 1]!.start) {
      const sorted = out.slice(from).sort(byStart);
      for (let j = 0; j < sorted.length; j++) out[from + j] = sorted[j]!;
      return;
    }
  }
}

/** The direct children of a node, in source order. */
export function childrenOf(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  pushChildren(node, out);
  return out;
}

/**
 * Visits every node depth-first in source order. `enter` returning false skips the node's
 * children. `depth` is the nesting depth, so callers can cap their own recursion.
 */
export function walk(root: AnyNode, enter: (node: AnyNode, parent: AnyNode | null, depth: number) => boolean | void): void {
  const nodes: AnyNode[] = [root];
  const parents: (AnyNode | null)[] = [null];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const parent = parents.pop()!;
    const depth = depths.pop()!;
    if (enter(node, parent, depth) === false) continue;
    // Children go straight onto the stack in source order, then that run is reversed so the
    // first child is popped first.
    const from = nodes.length;
    pushChildren(node, nodes);
    for (let i = from, j = nodes.length - 1; i < j; i++, j--) {
      const t = nodes[i]!;
      nodes[i] = nodes[j]!;
      nodes[j] = t;
    }
    for (let i = from; i < nodes.length; i++) {
      parents.push(node);
      depths.push(depth + 1);
    }
  }
}
