/**
 * A canonical text for a code node, so that a metavariable bound twice compares the code it bound
 * rather than its spelling: whitespace, comments, parentheses, quote style, TS types and casts,
 * and `a.b` versus `a['b']` make no difference.
 */
import { walk, type AnyNode } from '../parse/walk.js';

type N = { type: string; start: number; end: number; [key: string]: any };

/** Above this many nodes the raw source text is compared instead (bounded work per binding). */
const MAX_NODES = 5000;

const WRAPPERS = new Set(['ParenthesizedExpression', 'ChainExpression', 'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

const cache = new WeakMap<AnyNode, string>();

export function canonical(node: AnyNode, source: string): string {
  const hit = cache.get(node);
  if (hit !== undefined) return hit;
  const parts: string[] = [];
  let count = 0;
  let tooBig = false;
  walk(node, (child, parent) => {
    if (tooBig) return false;
    if (++count > MAX_NODES) {
      tooBig = true;
      return false;
    }
    const n = child as N;
    if (WRAPPERS.has(n.type)) return;
    // Types are not code: skip annotations and type arguments entirely.
    if (n.type.startsWith('TS') && n.type !== 'TSParameterProperty') return false;
    const p = parent as N | null;
    if (n.type === 'Identifier') {
      const asKey = p && ((p.type === 'MemberExpression' && p.property === n && !p.computed) || (p.type === 'Property' && p.key === n && !p.computed));
      parts.push(asKey ? `S:${n.name}` : `I:${n.name}`);
    } else if (n.type === 'Literal') {
      if (n.regex) parts.push(`R:${n.regex.pattern}/${n.regex.flags}`);
      else if (n.bigint !== undefined && n.bigint !== null) parts.push(`B:${n.bigint}`);
      else parts.push(typeof n.value === 'string' ? `S:${n.value}` : `V:${String(n.value)}`);
    } else if (n.type === 'TemplateLiteral' && n.expressions.length === 0) {
      parts.push(`S:${n.quasis[0]?.value.cooked ?? ''}`);
      return false;
    } else if (n.type === 'TemplateElement') {
      parts.push(`Q:${n.value.cooked ?? n.value.raw}`);
    } else {
      const op = n.operator !== undefined ? `:${n.operator}` : '';
      parts.push(n.type === 'MemberExpression' ? 'M' : n.type + op);
    }
  });
  const out = tooBig ? `#raw:${source.slice(node.start, node.end).replace(/\s+/g, ' ')}` : parts.join(' ');
  cache.set(node, out);
  return out;
}
