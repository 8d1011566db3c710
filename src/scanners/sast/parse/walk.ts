/**
 * Iterative AST traversal: no recursion, so a 50,000-term `a + b + …` chain (which the parser
 * accepts) cannot overflow the stack. Children are found generically (every property holding a
 * node or an array of nodes), so new node types need no change here.
 */
import type { Node } from '@oxc-project/types';

export type AnyNode = Node & { type: string; start: number; end: number };

/** The direct children of a node, in source order. */
export function childrenOf(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key in node) {
    if (key === 'parent' || key === 'range') continue;
    const v = (node as unknown as Record<string, unknown>)[key];
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object' && typeof (item as AnyNode).type === 'string') out.push(item as AnyNode);
    } else if (typeof (v as AnyNode).type === 'string') {
      out.push(v as AnyNode);
    }
  }
  if (out.length > 1) out.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * Visits every node depth-first in source order. `enter` returning false skips the node's
 * children. `depth` is the nesting depth, so callers can cap their own recursion.
 */
export function walk(root: AnyNode, enter: (node: AnyNode, parent: AnyNode | null, depth: number) => boolean | void): void {
  const stack: { node: AnyNode; parent: AnyNode | null; depth: number }[] = [{ node: root, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const { node, parent, depth } = stack.pop()!;
    if (enter(node, parent, depth) === false) continue;
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, parent: node, depth: depth + 1 });
  }
}
