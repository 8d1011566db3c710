/**
 * A per-function control-flow graph: basic blocks of AST nodes (statements, and the conditions
 * that end a block) with edges for if/else, ternaries and short-circuit operators in conditions,
 * loops (for, for-in, for-of, while, do), switch, try/catch/finally, labelled break/continue,
 * return and throw. The module's top level is a function too.
 *
 * The taint engine (taint/run.ts) runs the same dataflow directly over the structured AST, which
 * for JavaScript's structured control flow visits the same paths; this graph is for analyses that
 * want explicit blocks and edges (reachability, "every path does X" checks in rules).
 * Built iteratively over statements with an explicit depth cap, never recursing on AST depth
 * beyond MAX_DEPTH.
 */
import type { AnyNode } from '../parse/walk.js';

type N = AnyNode & Record<string, any>;

export type EdgeKind = 'next' | 'true' | 'false' | 'break' | 'continue' | 'return' | 'throw' | 'exception' | 'finally';

export interface Block {
  id: number;
  nodes: AnyNode[];
  succ: { to: number; kind: EdgeKind }[];
}

export interface Cfg {
  fn: AnyNode;
  blocks: Block[];
  entry: number;
  /** Normal and exceptional exits both end here. */
  exit: number;
  /** Set when the function nests deeper than MAX_DEPTH statements (the rest is one block). */
  truncated: boolean;
}

const MAX_DEPTH = 1000;

interface Jump {
  label?: string;
  loop: boolean;
  breakTo: number;
  continueTo?: number;
}

class Builder {
  readonly blocks: Block[] = [];
  readonly exit: number;
  truncated = false;
  private readonly jumps: Jump[] = [];
  /** Innermost catch/finally target for throws, or the exit. */
  private readonly handlers: number[] = [];

  constructor() {
    this.exit = this.block();
  }

  block(): number {
    this.blocks.push({ id: this.blocks.length, nodes: [], succ: [] });
    return this.blocks.length - 1;
  }

  edge(from: number | null, to: number, kind: EdgeKind): void {
    if (from === null) return;
    const b = this.blocks[from]!;
    if (!b.succ.some((s) => s.to === to && s.kind === kind)) b.succ.push({ to, kind });
  }

  private throwTarget(): number {
    return this.handlers[this.handlers.length - 1] ?? this.exit;
  }

  /** Adds the statements of `list` from block `cur`; the block control reaches after them (null: none). */
  list(list: N[], cur: number | null, depth: number): number | null {
    for (const s of list) cur = this.stmt(s, cur, depth);
    return cur;
  }

  /**
   * A condition: short-circuit operators split into blocks, so each operand decides its own edge.
   * Returns the blocks reached when the condition is true and false.
   */
  cond(c: N, cur: number, depth: number): { t: number; f: number } {
    if (depth > MAX_DEPTH) {
      this.truncated = true;
      this.blocks[cur]!.nodes.push(c);
      return { t: cur, f: cur };
    }
    if (c.type === 'LogicalExpression' && (c.operator === '&&' || c.operator === '||')) {
      const left = this.cond(c.left, cur, depth + 1);
      const rightStart = this.block();
      const out = this.block();
      if (c.operator === '&&') {
        this.edge(left.t, rightStart, 'true');
        const right = this.cond(c.right, rightStart, depth + 1);
        const t = this.block();
        this.edge(right.t, t, 'true');
        this.edge(left.f, out, 'false');
        this.edge(right.f, out, 'false');
        return { t, f: out };
      }
      this.edge(left.f, rightStart, 'false');
      const right = this.cond(c.right, rightStart, depth + 1);
      const f = this.block();
      this.edge(right.f, f, 'false');
      this.edge(left.t, out, 'true');
      this.edge(right.t, out, 'true');
      return { t: out, f };
    }
    if (c.type === 'UnaryExpression' && c.operator === '!') {
      const inner = this.cond(c.argument, cur, depth + 1);
      return { t: inner.f, f: inner.t };
    }
    this.blocks[cur]!.nodes.push(c);
    const t = this.block();
    const f = this.block();
    this.edge(cur, t, 'true');
    this.edge(cur, f, 'false');
    return { t, f };
  }

  stmt(s: N, cur: number | null, depth: number): number | null {
    if (cur === null) {
      // Unreachable code still gets a block (rules may want to see it), with no way in.
      cur = this.block();
    }
    if (depth > MAX_DEPTH) {
      this.truncated = true;
      this.blocks[cur]!.nodes.push(s);
      return cur;
    }
    const d = depth + 1;
    switch (s.type) {
      case 'BlockStatement':
      case 'StaticBlock':
        return this.list(s.body, cur, d);
      case 'IfStatement': {
        const { t, f } = this.cond(s.test, cur, d);
        const tEnd = this.stmt(s.consequent, t, d);
        const fEnd = s.alternate ? this.stmt(s.alternate, f, d) : f;
        const join = this.block();
        this.edge(tEnd, join, 'next');
        this.edge(fEnd, join, 'next');
        return join;
      }
      case 'ReturnStatement':
        this.blocks[cur]!.nodes.push(s);
        this.edge(cur, this.handlers.length > 0 ? this.throwTarget() : this.exit, 'return');
        return null;
      case 'ThrowStatement':
        this.blocks[cur]!.nodes.push(s);
        this.edge(cur, this.throwTarget(), 'throw');
        return null;
      case 'BreakStatement':
      case 'ContinueStatement': {
        this.blocks[cur]!.nodes.push(s);
        const label = s.label?.name as string | undefined;
        const isBreak = s.type === 'BreakStatement';
        for (let i = this.jumps.length - 1; i >= 0; i--) {
          const j = this.jumps[i]!;
          if (label !== undefined) {
            if (j.label !== label) continue;
          } else if (isBreak) {
            // An unlabelled break leaves the innermost loop or switch, not a labelled block.
            if (!j.loop && j.label !== undefined) continue;
          } else if (!j.loop) continue;
          const to = isBreak ? j.breakTo : j.continueTo;
          if (to !== undefined) this.edge(cur, to, isBreak ? 'break' : 'continue');
          break;
        }
        return null;
      }
      case 'LabeledStatement': {
        if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(s.body.type)) return this.loop(s.body, cur, d, s.label.name);
        const after = this.block();
        this.jumps.push({ label: s.label.name, loop: false, breakTo: after });
        const end = this.stmt(s.body, cur, d);
        this.jumps.pop();
        this.edge(end, after, 'next');
        return after;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return this.loop(s, cur, d, undefined);
      case 'SwitchStatement': {
        this.blocks[cur]!.nodes.push(s.discriminant);
        const after = this.block();
        this.jumps.push({ loop: false, breakTo: after });
        let fall: number | null = null;
        let hasDefault = false;
        for (const c of s.cases as N[]) {
          const entry = this.block();
          if (c.test) this.blocks[entry]!.nodes.push(c.test);
          else hasDefault = true;
          this.edge(cur, entry, c.test ? 'true' : 'false');
          this.edge(fall, entry, 'next');
          fall = this.list(c.consequent, entry, d);
        }
        this.jumps.pop();
        this.edge(fall, after, 'next');
        if (!hasDefault) this.edge(cur, after, 'false');
        return after;
      }
      case 'TryStatement': {
        const hNode = s.handler as N | null;
        const fNode = s.finalizer as N | null;
        const fin = fNode ? this.block() : undefined;
        const handler = hNode ? this.block() : undefined;
        const after = this.block();
        if (fin !== undefined) this.handlers.push(fin);
        if (handler !== undefined) this.handlers.push(handler);
        const tryStart = this.block();
        this.edge(cur, tryStart, 'next');
        const tEnd = this.stmt(s.block, tryStart, d);
        if (handler !== undefined) {
          this.handlers.pop();
          // Any point of the protected block may throw: its entry and end reach the handler.
          this.edge(tryStart, handler, 'exception');
          this.edge(tEnd, handler, 'exception');
          if (hNode?.param) this.blocks[handler]!.nodes.push(hNode.param);
        }
        const cEnd = handler !== undefined && hNode ? this.stmt(hNode.body, handler, d) : null;
        if (fin !== undefined) {
          this.handlers.pop();
          this.edge(tEnd, fin, 'finally');
          this.edge(cEnd, fin, 'finally');
          const fEnd = this.stmt(fNode!, fin, d);
          this.edge(fEnd, after, 'next');
          // After finally, a pending throw or return continues outwards.
          this.edge(fEnd, this.throwTarget(), 'exception');
        } else {
          this.edge(tEnd, after, 'next');
          this.edge(cEnd, after, 'next');
        }
        return after;
      }
      default:
        this.blocks[cur]!.nodes.push(s);
        // A call may throw: inside a try, the statement also reaches the handler.
        if (this.handlers.length > 0 && s.type !== 'VariableDeclaration' && s.type !== 'FunctionDeclaration') this.edge(cur, this.throwTarget(), 'exception');
        return cur;
    }
  }

  loop(s: N, cur: number, d: number, label: string | undefined): number {
    if (s.type === 'ForStatement' && s.init) this.blocks[cur]!.nodes.push(s.init);
    if (s.type === 'ForInStatement' || s.type === 'ForOfStatement') this.blocks[cur]!.nodes.push(s.right);
    const head = this.block();
    const after = this.block();
    const cont = this.block();
    this.edge(cur, head, 'next');
    let bodyStart: number;
    if (s.type === 'DoWhileStatement') {
      bodyStart = head;
    } else if (s.test) {
      const { t, f } = this.cond(s.test, head, d);
      bodyStart = t;
      this.edge(f, after, 'false');
    } else {
      bodyStart = this.block();
      this.edge(head, bodyStart, 'true');
      // for-in/for-of end when the iteration does; `for (;;)` only by break.
      if (s.type !== 'ForStatement') this.edge(head, after, 'false');
    }
    if (s.type === 'ForInStatement' || s.type === 'ForOfStatement') this.blocks[bodyStart]!.nodes.push(s.left);
    this.jumps.push({ ...(label !== undefined ? { label } : {}), loop: true, breakTo: after, continueTo: cont });
    const end = this.stmt(s.body, bodyStart, d);
    this.jumps.pop();
    this.edge(end, cont, 'next');
    if (s.type === 'ForStatement' && s.update) this.blocks[cont]!.nodes.push(s.update);
    if (s.type === 'DoWhileStatement') {
      const { t, f } = this.cond(s.test, cont, d);
      this.edge(t, head, 'true');
      this.edge(f, after, 'false');
    } else this.edge(cont, head, 'next');
    return after;
  }
}

/** The graph of a function (or a Program: its top level). */
export function buildCfg(fn: AnyNode): Cfg {
  const b = new Builder();
  const entry = b.block();
  const n = fn as N;
  let end: number | null;
  if (n.type === 'Program') end = b.list(n.body, entry, 0);
  else if (n.body && n.body.type === 'BlockStatement') end = b.list(n.body.body, entry, 0);
  else {
    if (n.body) b.blocks[entry]!.nodes.push(n.body);
    end = entry;
  }
  b.edge(end, b.exit, 'next');
  return { fn, blocks: b.blocks, entry, exit: b.exit, truncated: b.truncated };
}

/** Blocks reachable from the entry (iterative). */
export function reachable(cfg: Cfg): Set<number> {
  const seen = new Set<number>([cfg.entry]);
  const stack = [cfg.entry];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const s of cfg.blocks[id]!.succ) if (!seen.has(s.to)) { seen.add(s.to); stack.push(s.to); }
  }
  return seen;
}
