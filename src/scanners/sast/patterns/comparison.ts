/**
 * `metavariable-comparison`: a small expression over the literal values metavariables bound
 * (`$BITS < 2048`, `int($PORT) in [21, 23]`, `$A == $B and not $C`), written Python-style or
 * JS-style. A metavariable bound to anything but a literal makes the comparison unknown, and an
 * unknown comparison keeps no match (unknown is not a finding).
 */
import { parseSource } from '../parse/index.js';
import type { Env } from './types.js';

type N = { type: string; start: number; end: number; [key: string]: any };
type Val = number | string | boolean | null;

/** Comparisons nest no deeper than this (they are one line in a rule file). */
const MAX_DEPTH = 50;

export interface Comparison {
  text: string;
  root: N;
}

export function compileComparison(text: string): Comparison | string {
  // Python spellings → JS, outside strings; `not` becomes `void`, read as a low-precedence not.
  const js = text
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\bnot\s+in\b/g, ' NOT_IN ').replace(/\band\b/g, '&&').replace(/\bor\b/g, '||').replace(/\bnot\b/g, ' void ').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null')))
    .join('')
    .replace(/ NOT_IN /g, ' in ! ');
  const r = parseSource('comparison.ts', `(${js}\n)`, { includeMinified: true });
  if (!r.ok || r.file.errors.length > 0 || r.file.program.body.length !== 1) return `comparison does not parse: ${text}`;
  const stmt = r.file.program.body[0] as unknown as N;
  if (stmt.type !== 'ExpressionStatement') return `comparison does not parse: ${text}`;
  return { text, root: stmt.expression };
}

/** True, false, or undefined when a value is unknown. */
export function evaluateComparison(c: Comparison, env: Env, source: string): boolean | undefined {
  const v = evalNode(c.root, env, source, 0);
  return v === undefined ? undefined : Boolean(v);
}

function literalOf(node: N): Val | undefined {
  if (node.type === 'Literal') {
    if (node.regex) return undefined;
    if (node.bigint != null) return Number(node.bigint);
    return node.value as Val;
  }
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return -node.argument.value;
  return undefined;
}

function evalNode(n: N, env: Env, source: string, depth: number): Val | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (n.type) {
    case 'Literal':
      return n.regex ? undefined : (n.value as Val);
    case 'Identifier': {
      if (!n.name.startsWith('$')) return undefined;
      const bound = env[n.name];
      return bound ? literalOf(bound as unknown as N) : undefined;
    }
    case 'UnaryExpression': {
      const a = evalNode(n.argument, env, source, depth + 1);
      if (a === undefined) return undefined;
      if (n.operator === '!' || n.operator === 'void') return !a;
      if (n.operator === '-') return typeof a === 'number' ? -a : undefined;
      return undefined;
    }
    case 'LogicalExpression': {
      const a = evalNode(n.left, env, source, depth + 1);
      const b = evalNode(n.right, env, source, depth + 1);
      if (n.operator === '&&') return a === false || b === false ? false : a === undefined || b === undefined ? undefined : Boolean(a) && Boolean(b);
      if (n.operator === '||') return a === true || b === true ? true : a === undefined || b === undefined ? undefined : Boolean(a) || Boolean(b);
      return undefined;
    }
    case 'CallExpression': {
      if (n.callee.type !== 'Identifier' || n.arguments.length !== 1) return undefined;
      const a = evalNode(n.arguments[0], env, source, depth + 1);
      if (a === undefined || a === null) return undefined;
      if (n.callee.name === 'int' || n.callee.name === 'float') {
        const x = typeof a === 'number' ? a : Number(a);
        if (Number.isNaN(x)) return undefined;
        return n.callee.name === 'int' ? Math.trunc(x) : x;
      }
      if (n.callee.name === 'str') return String(a);
      return undefined;
    }
    case 'BinaryExpression': {
      // Python's `not` (spelled `void` here) binds looser than a comparison: `not a < b` is `not (a < b)`.
      if (n.left.type === 'UnaryExpression' && n.left.operator === 'void') {
        const inner = evalNode({ ...n, left: n.left.argument }, env, source, depth + 1);
        return inner === undefined ? undefined : !inner;
      }
      if (n.operator === 'in') {
        let list = n.right as N;
        let negate = false;
        if (list.type === 'UnaryExpression' && list.operator === '!') {
          negate = true;
          list = list.argument;
        }
        if (list.type !== 'ArrayExpression') return undefined;
        const a = evalNode(n.left, env, source, depth + 1);
        if (a === undefined) return undefined;
        const items = (list.elements as N[]).map((e) => (e ? evalNode(e, env, source, depth + 1) : undefined));
        const found = items.some((x) => x !== undefined && x === a);
        return negate ? !found : found;
      }
      const a = evalNode(n.left, env, source, depth + 1);
      const b = evalNode(n.right, env, source, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      switch (n.operator) {
        case '==': case '===': return a === b;
        case '!=': case '!==': return a !== b;
        case '<': return a !== null && b !== null && a < b;
        case '<=': return a !== null && b !== null && a <= b;
        case '>': return a !== null && b !== null && a > b;
        case '>=': return a !== null && b !== null && a >= b;
        case '+': return typeof a === 'number' && typeof b === 'number' ? a + b : typeof a === 'string' && typeof b === 'string' ? a + b : undefined;
        case '-': return typeof a === 'number' && typeof b === 'number' ? a - b : undefined;
        case '*': return typeof a === 'number' && typeof b === 'number' ? a * b : undefined;
        case '/': return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : undefined;
        case '%': return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a % b : undefined;
        default: return undefined;
      }
    }
    default:
      return undefined;
  }
}
