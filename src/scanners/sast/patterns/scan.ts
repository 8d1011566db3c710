/**
 * Runs many code patterns over one file in a single walk: patterns are indexed by the node types
 * (and, for calls, the callee's last name) they can match, so each node is tried only against
 * patterns that could match it.
 */
import type { ParsedFile } from '../parse/index.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { ApiNames } from '../ir/api-names.js';
import { matchListFrom, matchNode, STEP_BUDGET, type MatchCtx } from './match.js';
import { calleeName, unwrapPattern } from './syntax.js';
import type { CodePattern, Match } from './types.js';

type N = { type: string; start: number; end: number; [key: string]: any };

/** Nodes a `$X` / `...` pattern never matches at: statements, declarations' parts, types, wrappers. */
function isExpressionLike(node: N, parent: N | null): boolean {
  const t = node.type;
  if (t.endsWith('Statement') || t.endsWith('Declaration') || t.endsWith('Declarator') || t.startsWith('TS')) return false;
  switch (t) {
    case 'Program': case 'Property': case 'TemplateElement': case 'SwitchCase': case 'CatchClause':
    case 'ChainExpression': case 'ParenthesizedExpression': case 'FunctionBody': case 'ImportSpecifier':
    case 'ImportDefaultSpecifier': case 'ImportNamespaceSpecifier': case 'ExportSpecifier': case 'ClassBody':
    case 'MethodDefinition': case 'PropertyDefinition': case 'SpreadElement': case 'RestElement':
    case 'JSXAttribute': case 'JSXIdentifier': case 'JSXText': case 'JSXClosingElement': case 'JSXOpeningElement':
    case 'Super': case 'PrivateIdentifier':
      return false;
  }
  if (t === 'Identifier' && parent) {
    // The name in `a.name` or `{ name: v }` is not an expression of its own.
    if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
    if (parent.type === 'Property' && parent.key === node && !parent.computed) return false;
    if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') return false;
  }
  return true;
}

const STATEMENT_LISTS: Record<string, string> = { Program: 'body', BlockStatement: 'body', StaticBlock: 'body', SwitchCase: 'consequent', FunctionBody: 'body' };

export class PatternIndex {
  private readonly byType = new Map<string, CodePattern[]>();
  private readonly calls = new Map<string, CodePattern[]>();
  private readonly anyCall: CodePattern[] = [];
  private readonly anyExpr: CodePattern[] = [];
  readonly patterns: CodePattern[];

  constructor(patterns: CodePattern[]) {
    this.patterns = [...new Set(patterns)];
    for (const p of this.patterns) {
      if (p.shape === 'node' && p.callName !== undefined && p.nodeTypes.length === 1) {
        if (p.callName === '*') this.anyCall.push(p);
        else push(this.calls, `${p.nodeTypes[0]}:${p.callName}`, p);
        continue;
      }
      for (const t of p.nodeTypes) {
        if (t === '*') this.anyExpr.push(p);
        else push(this.byType, t, p);
      }
    }
  }

  /** Every match of every pattern in the file. */
  run(file: ParsedFile, api: ApiNames): Map<CodePattern, Match[]> {
    const out = new Map<CodePattern, Match[]>();
    for (const p of this.patterns) out.set(p, []);
    if (this.patterns.length === 0) return out;
    const ctx: MatchCtx = { source: file.source, api, paths: new Map(), steps: 0 };
    const tryPattern = (p: CodePattern, n: N): void => {
      ctx.paths = p.paths;
      ctx.steps = STEP_BUDGET;
      if (p.shape === 'node') {
        const env = matchNode(p.root, n, {}, ctx);
        if (env) out.get(p)!.push({ start: n.start, end: n.end, env });
      } else {
        matchSequence(p, n, ctx, out.get(p)!);
      }
    };
    const hasCalls = this.calls.size > 0 || this.anyCall.length > 0;
    walk(file.program as unknown as AnyNode, (node, parent) => {
      const n = node as N;
      const typed = this.byType.get(n.type);
      if (typed) for (const p of typed) tryPattern(p, n);
      if (hasCalls && (n.type === 'CallExpression' || n.type === 'NewExpression')) {
        for (const p of this.anyCall) tryPattern(p, n);
        if (this.calls.size > 0) {
          const name = calleeName(n.callee);
          if (name !== undefined) {
            const hit = this.calls.get(`${n.type}:${name}`);
            if (hit) for (const p of hit) tryPattern(p, n);
          }
          // An alias (`const { exec: run } = require('child_process')`) calls by another name.
          const callee = unwrapPattern(n.callee);
          const bound = callee.type === 'Identifier' ? api.binding(callee.name) : undefined;
          if (bound !== undefined) {
            const last = bound.slice(bound.lastIndexOf('.') + 1);
            const hit = last !== name ? this.calls.get(`${n.type}:${last}`) : undefined;
            if (hit) for (const p of hit) tryPattern(p, n);
          }
        }
      }
      if (this.anyExpr.length > 0 && isExpressionLike(n, parent as N | null)) for (const p of this.anyExpr) tryPattern(p, n);
    });
    return out;
  }
}

/** A statement sequence pattern anywhere inside one statement list. */
function matchSequence(p: CodePattern, container: N, ctx: MatchCtx, out: Match[]): void {
  const key = STATEMENT_LISTS[container.type];
  const list = key ? (container[key] as N[] | undefined) : undefined;
  if (!list || list.length === 0) return;
  for (let i = 0; i < list.length; i++) {
    ctx.steps = STEP_BUDGET;
    const r = matchListFrom(p.stmts as N[], 0, list, i, {}, ctx, false);
    if (!r) continue;
    const last = list[Math.max(i, r.end - 1)]!;
    out.push({ start: list[i]!.start, end: last.end, env: r.env });
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}
