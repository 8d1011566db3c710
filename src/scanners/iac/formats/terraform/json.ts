import type { Parser } from 'web-tree-sitter';
import { emptyBody, type Attribute, type Block, type Body, type Expr } from './ast.js';
import { parseHcl, parseHclExpression } from './hcl.js';

/**
 * Terraform's JSON syntax (.tf.json) → ast.ts. A small position-keeping JSON reader gives every
 * key its line; strings are templates (parsed with the HCL grammar when they interpolate).
 * Without provider schemas a JSON object cannot be told from a nested block, so objects stay
 * attribute values and arrays of objects read like block lists (the shapes rules accept).
 */

type JNode =
  | { t: 'obj'; line: number; endLine: number; entries: { key: string; line: number; val: JNode }[] }
  | { t: 'arr'; line: number; endLine: number; items: JNode[] }
  | { t: 'str'; line: number; v: string }
  | { t: 'lit'; line: number; v: number | boolean | null };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 400;

/** Reads JSON keeping lines; throws JsonSyntaxError. */
export function readJson(text: string): JNode {
  let i = 0;
  let line = 1;
  const ws = () => {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      else if (c !== 32 && c !== 9 && c !== 13 && c !== 0xfeff) break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(what, line);
  };
  const str = (): string => {
    const start = i;
    i++;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') break;
      else if (c === '\n') fail('newline in string');
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('bad string escape');
    }
  };
  const value = (depth: number): JNode => {
    if (depth > MAX_DEPTH) fail('JSON nested too deeply');
    ws();
    const at = line;
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: { key: string; line: number; val: JNode }[] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', line: at, endLine: line, entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const kl = line;
        const key = str();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        entries.push({ key, line: kl, val: value(depth + 1) });
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return { t: 'obj', line: at, endLine: line, entries };
        } else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', line: at, endLine: line, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return { t: 'arr', line: at, endLine: line, items };
        } else fail('expected "," or "]"');
      }
    }
    if (c === '"') return { t: 'str', line: at, v: str() };
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    const w = m[0];
    return { t: 'lit', line: at, v: w === 'true' ? true : w === 'false' ? false : w === 'null' ? null : Number(w) };
  };
  const root = value(0);
  ws();
  if (i < text.length) fail('trailing characters');
  return root;
}

/** Converts a parsed .tf.json file to a body of blocks, like the native syntax would give. */
export function tfJsonBody(parser: Parser, root: JNode): Body {
  const out = emptyBody();
  const c = new JsonConverter(parser);
  if (root.t !== 'obj') return out;
  for (const e of root.entries) {
    switch (e.key) {
      case 'resource':
      case 'data':
        for (const [type, byName] of entries(e.val))
          for (const [name, body, line] of entries(byName)) for (const b of asList(body)) add(out, c.block(e.key, [type, name], b, line));
        break;
      case 'module':
      case 'variable':
      case 'output':
        for (const [name, body, line] of entries(e.val)) for (const b of asList(body)) add(out, c.block(e.key, [name], b, line, e.key === 'variable'));
        break;
      case 'locals':
        for (const b of asList(e.val)) add(out, c.block('locals', [], b, e.line));
        break;
      default:
        break; // provider, terraform, moved, import, check: nothing to evaluate
    }
  }
  return out;
}

function add(body: Body, b: Block): void {
  body.blocks.push(b);
  body.order.push(b);
}

function entries(n: JNode): [string, JNode, number][] {
  const out: [string, JNode, number][] = [];
  for (const o of asList(n)) if (o.t === 'obj') for (const e of o.entries) if (e.key !== '//') out.push([e.key, e.val, e.line]);
  return out;
}

function asList(n: JNode): JNode[] {
  return n.t === 'arr' ? n.items : [n];
}

/** Nested blocks whose JSON form is unambiguous (meta-arguments and dynamic). */
const BLOCKS = new Set(['lifecycle', 'provisioner', 'connection', 'content']);

class JsonConverter {
  constructor(private readonly parser: Parser) {}

  block(type: string, labels: string[], n: JNode, line: number, isVariable = false): Block {
    const body = emptyBody();
    const endLine = lastLine(n);
    if (n.t === 'obj') {
      for (const e of n.entries) {
        if (e.key === '//') continue;
        if (e.key === 'dynamic') {
          for (const [name, v, l] of entries(e.val)) for (const d of asList(v)) push(body, this.block('dynamic', [name], d, l));
        } else if (BLOCKS.has(e.key) && e.val.t !== 'str') {
          for (const v of asList(e.val)) push(body, this.block(e.key, [], v, e.line));
        } else {
          // A variable's type is a type expression written as a string.
          const expr = isVariable && e.key === 'type' && e.val.t === 'str' ? (parseHclExpression(this.parser, e.val.v) ?? this.expr(e.val)) : this.expr(e.val);
          const a: Attribute = { name: e.key, expr, line: e.line };
          if (e.val.t === 'obj') a.blockLike = true;
          push(body, a);
        }
      }
    }
    return { type, labels, body, line, endLine };
  }

  expr(n: JNode): Expr {
    switch (n.t) {
      case 'lit':
        return { k: 'lit', v: n.v, line: n.line };
      case 'str':
        return this.template(n.v, n.line);
      case 'arr':
        return { k: 'tuple', items: n.items.map((x) => this.expr(x)), line: n.line };
      case 'obj':
        return {
          k: 'object',
          items: n.entries.filter((e) => e.key !== '//').map((e) => ({ key: { k: 'lit', v: e.key, line: e.line }, val: this.expr(e.val), line: e.line })),
          line: n.line,
        };
    }
  }

  /** A JSON string is a template: parsed as a heredoc body so no HCL escapes apply on top of JSON's. */
  private template(s: string, line: number): Expr {
    if (!s.includes('${') && !s.includes('%{')) return { k: 'lit', v: s, line };
    let marker = 'EOT';
    while (s.includes(marker)) marker += '_';
    // END keeps a trailing `~}` from trimming into the newline the heredoc syntax needs.
    const r = parseHcl(this.parser, `v = <<${marker}\n${s}${END}\n${marker}\n`);
    const a = r.body.attrs[0];
    if (r.errorLine !== undefined || !a) return { k: 'bad', why: 'invalid template in JSON string', line };
    return dropEnd({ ...a.expr, line } as Expr);
  }
}

function push(body: Body, x: Attribute | Block): void {
  if ('labels' in x) body.blocks.push(x);
  else body.attrs.push(x);
  body.order.push(x);
}

function lastLine(n: JNode): number {
  return n.t === 'obj' || n.t === 'arr' ? n.endLine : n.line;
}

const END = '\u0001';

/** Removes the END sentinel and the newline the heredoc wrapper added. */
function dropEnd(e: Expr): Expr {
  const tail = `${END}\n`;
  if (e.k === 'lit' && typeof e.v === 'string') return { ...e, v: e.v.endsWith(tail) ? e.v.slice(0, -tail.length) : e.v };
  if (e.k !== 'tpl') return e;
  const parts = [...e.parts];
  const last = parts[parts.length - 1];
  if (last?.k === 'str' && last.s.endsWith(tail)) {
    const s = last.s.slice(0, -tail.length);
    if (s) parts[parts.length - 1] = { k: 'str', s };
    else parts.pop();
  }
  // "${x}" alone must stay a single interpolation so it yields x itself.
  return { ...e, parts };
}
