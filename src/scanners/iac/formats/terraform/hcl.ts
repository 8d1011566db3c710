import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { emptyBody, SPLAT, type Attribute, type Block, type Body, type Expr, type ObjectItem, type TplPart } from './ast.js';

/**
 * HCL native syntax → ast.ts, through the tree-sitter Terraform grammar. The parser is loaded
 * once (wasm init is the slow part) and reused for every file.
 */

let parserPromise: Promise<Parser> | undefined;

export function hclParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
    const lang = await Language.load(wasm);
    const p = new Parser();
    p.setLanguage(lang);
    return p;
  })();
  return parserPromise;
}

/** Deeper expressions than this become `bad` (no stack overflow on adversarial input). */
const MAX_DEPTH = 400;
const MAX_BLOCK_DEPTH = 64;

export interface HclResult {
  body: Body;
  errorLine?: number;
  errorMessage?: string;
  /** The parse ran out of time (no per-block retry then: it would take as long again). */
  cancelled?: boolean;
}

export function parseHcl(parser: Parser, text: string, budgetMs = PARSE_BUDGET_MS): HclResult {
  const whole = parseChunk(parser, text, 0, budgetMs);
  if (whole.errorLine === undefined || whole.cancelled) return whole;
  // tree-sitter's recovery can swallow everything after an error (an `= =` becomes a heredoc
  // start): parse each top-level block on its own so the blocks around the error still load.
  const chunks = topLevelChunks(text);
  if (chunks.length < 2) return whole;
  const out: HclResult = { body: emptyBody() };
  for (const c of chunks) {
    const r = parseChunk(parser, c.text, c.line - 1, budgetMs);
    out.body.attrs.push(...r.body.attrs);
    out.body.blocks.push(...r.body.blocks);
    out.body.order.push(...r.body.order);
    if (r.errorLine !== undefined && out.errorLine === undefined) {
      out.errorLine = r.errorLine;
      out.errorMessage = r.errorMessage;
    }
  }
  out.errorLine ??= whole.errorLine;
  out.errorMessage ??= whole.errorMessage;
  return out;
}

function parseChunk(parser: Parser, text: string, lineOffset: number, budgetMs: number): HclResult {
  // Feeding slices: given the whole string, web-tree-sitter copies the rest of it on every read.
  const deadline = Date.now() + budgetMs;
  const tree = parser.parse((i) => text.slice(i, i + READ_CHUNK), null, { progressCallback: () => Date.now() > deadline });
  if (!tree) {
    // Cancelled: the next parse must start afresh, not resume this one.
    parser.reset();
    return { body: emptyBody(), errorLine: lineOffset + 1, errorMessage: `parsing took longer than ${budgetMs / 1000} s`, cancelled: true };
  }
  let root: CNode;
  let bad: ErrorAt | undefined;
  try {
    // Leaves are not descended into when copying, so errors are looked for in a walk of their own.
    bad = tree.rootNode.hasError ? firstError(tree) : undefined;
    root = copy(tree);
  } finally {
    tree.delete();
  }
  const out: HclResult = { body: emptyBody() };
  if (bad) {
    out.errorLine = lineOfOffset(text, bad.start) + lineOffset;
    out.errorMessage = errorMessage(text, bad);
  }
  const conv = new Converter(text, lineOffset);
  for (const c of root.children) {
    if (c.type === 'body') out.body = conv.body(c);
  }
  if (conv.tooDeep !== undefined && out.errorLine === undefined) {
    out.errorLine = conv.tooDeep;
    out.errorMessage = `blocks nested deeper than ${MAX_BLOCK_DEPTH} levels are ignored`;
  }
  return out;
}

const READ_CHUNK = 16384;
/** A parse running longer than this is cancelled (a pathological file must not stall the scan). */
const PARSE_BUDGET_MS = 60_000;

/** A plain copy of a tree-sitter node: reading the wasm tree once with a cursor is much faster than Node objects. */
interface CNode {
  type: string;
  named: boolean;
  start: number;
  end: number;
  children: CNode[];
}

/** Anonymous tokens the converter looks at (operators, parentheses); other punctuation is not copied. */
const KEEP_ANON = new Set(['(', ')', '!', '-', '+', '*', '/', '%', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);
/** Nodes whose insides are never read (their text is sliced from the source instead): not descended into. */
const LEAF = new Set([
  'template_literal', 'comment', 'identifier', 'numeric_lit', 'literal_value', 'string_lit', 'block_start', 'block_end',
  'object_start', 'object_end', 'tuple_start', 'tuple_end', 'quoted_template_start', 'quoted_template_end',
  'template_interpolation_start', 'template_interpolation_end', 'template_directive_start', 'template_directive_end',
  'heredoc_start', 'heredoc_identifier', 'strip_marker', 'ellipsis',
]);

interface ErrorAt {
  start: number;
  missing: boolean;
  type: string;
}

/** Offset and kind of the first ERROR or MISSING node, in document order (broken files only). */
function firstError(tree: Tree): ErrorAt {
  const c = tree.walk();
  try {
    for (;;) {
      if (c.nodeType === 'ERROR' || c.nodeIsMissing) return { start: c.startIndex, missing: c.nodeIsMissing, type: c.nodeType };
      if (c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) if (!c.gotoParent()) return { start: 0, missing: false, type: 'ERROR' };
    }
  } finally {
    c.delete();
  }
}

/** Copies the tree with a cursor, iteratively (deep input must not overflow the stack). */
function copy(tree: Tree): CNode {
  const c = tree.walk();
  try {
    const node = (type: string, named: boolean): CNode => ({ type, named, start: c.startIndex, end: c.endIndex, children: [] });
    const root = node(c.nodeType, true);
    // The copied ancestors the cursor is inside of.
    const stack: CNode[] = [root];
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const parent = stack[stack.length - 1]!;
      const type = c.nodeType;
      if (c.nodeIsNamed) {
        const n = node(type, true);
        parent.children.push(n);
        if (!LEAF.has(type) && c.gotoFirstChild()) {
          stack.push(n);
          continue;
        }
      } else if (KEEP_ANON.has(type)) parent.children.push(node(type, false));
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent() || stack.length === 1) return root;
        stack.pop();
      }
    }
  } finally {
    c.delete();
  }
}

/** A short human message: what is missing, or the text where parsing went wrong. */
function errorMessage(text: string, bad: ErrorAt): string {
  if (bad.missing && CLOSERS.has(bad.type)) return `missing "${bad.type}"`;
  if (bad.missing && bad.type === 'quoted_template_end') return 'missing closing quote';
  const near = text.slice(bad.start, bad.start + 40).split('\n')[0]!.trim();
  return near ? `syntax error near "${near}"` : 'syntax error';
}

const CLOSERS = new Set(['}', ']', ')']);

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Splits at lines that open a top-level block (`resource "a" "b" {` at column 0, not an attribute). */
function topLevelChunks(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let start = 0;
  let startLine = 1;
  let pos = 0;
  let line = 1;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const l = text.slice(pos, end);
    if (pos > start && isBlockHeader(l)) {
      out.push({ text: text.slice(start, pos), line: startLine });
      start = pos;
      startLine = line;
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  out.push({ text: text.slice(start), line: startLine });
  return out;
}

function isBlockHeader(l: string): boolean {
  const c = l.charCodeAt(0);
  const ident = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  // `resource "a" "b" {` or a one-line `resource "a" "b" {}`.
  return ident && l.includes('{') && !l.includes('=');
}

/** Parses one expression (a TF_VAR_ value for a non-string variable). Undefined on a syntax error. */
export function parseHclExpression(parser: Parser, text: string): Expr | undefined {
  const r = parseHcl(parser, `v = ${text}\n`);
  if (r.errorLine !== undefined) return undefined;
  return r.body.attrs.length === 1 ? r.body.attrs[0]!.expr : undefined;
}

const kids = (n: CNode): CNode[] => n.children;

const BINARY = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

class Converter {
  constructor(
    private readonly text: string,
    /** Lines before this chunk of the file (error recovery parses blocks one by one). */
    private readonly lineOffset = 0,
  ) {}

  private lineStarts: number[] | undefined;
  /** First line of a block nested beyond MAX_BLOCK_DEPTH (its contents were dropped). */
  tooDeep: number | undefined;

  private src(n: CNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** 1-based line of an offset (binary search over line starts, built once). */
  private lineAt(offset: number): number {
    if (!this.lineStarts) {
      const ls = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) ls.push(i + 1);
      this.lineStarts = ls;
    }
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1 + this.lineOffset;
  }

  body(n: CNode, depth = 0): Body {
    const b = emptyBody();
    for (const c of kids(n)) {
      if (c.type === 'attribute') {
        const a = this.attribute(c);
        if (a) {
          b.attrs.push(a);
          b.order.push(a);
        }
      } else if (c.type === 'block') {
        const bl = this.block(c, depth);
        if (bl) {
          b.blocks.push(bl);
          b.order.push(bl);
        }
      }
    }
    return b;
  }

  private attribute(n: CNode): Attribute | undefined {
    const cs = kids(n);
    const id = cs.find((c) => c.type === 'identifier');
    const ex = cs.find((c) => c.type === 'expression');
    if (!id) return undefined;
    const line = this.lineAt(n.start);
    return { name: this.src(id), expr: ex ? this.expr(ex, 0) : { k: 'bad', why: 'missing value', line }, line };
  }

  private block(n: CNode, depth: number): Block | undefined {
    const cs = kids(n);
    const id = cs[0];
    if (!id || id.type !== 'identifier') return undefined;
    const labels: string[] = [];
    let body = emptyBody();
    for (const c of cs.slice(1)) {
      if (c.type === 'string_lit') labels.push(this.stringLit(c));
      else if (c.type === 'identifier') labels.push(this.src(c));
      else if (c.type === 'body') {
        // Real configurations nest a few levels; thousands would exhaust the stack later on.
        if (depth >= MAX_BLOCK_DEPTH) this.tooDeep ??= this.lineAt(c.start);
        else body = this.body(c, depth + 1);
      }
    }
    return { type: this.src(id), labels, body, line: this.lineAt(n.start), endLine: this.lineAt(Math.max(n.start, n.end - 1)) };
  }

  expr(n: CNode, depth: number): Expr {
    const line = this.lineAt(n.start);
    if (depth > MAX_DEPTH) return { k: 'bad', why: 'expression nested too deeply', line };
    if (n.type === 'expression') return this.seq(kids(n), depth + 1, line);
    return this.seq([n], depth + 1, line);
  }

  /** A term followed by postfix operators (`.a`, `[0]`, `[*].b`), as tree-sitter flattens them. */
  private seq(cs: CNode[], depth: number, line: number): Expr {
    if (depth > MAX_DEPTH) return { k: 'bad', why: 'expression nested too deeply', line };
    let i = 0;
    let e: Expr | undefined;
    const first = cs[0];
    if (!first) return { k: 'bad', why: 'empty expression', line };
    if (first.type === '(') {
      const inner = cs.find((c) => c.type === 'expression');
      e = { k: 'paren', e: inner ? this.expr(inner, depth + 1) : { k: 'bad', why: 'empty parentheses', line }, line };
      i = cs.findIndex((c) => c.type === ')') + 1;
      if (i === 0) i = cs.length;
    } else {
      e = this.primary(first, depth);
      i = 1;
    }
    for (; i < cs.length; i++) e = this.postfix(e, cs[i]!, depth);
    return e;
  }

  private postfix(e: Expr, n: CNode, depth: number): Expr {
    const line = this.lineAt(n.start);
    switch (n.type) {
      case 'get_attr': {
        const id = kids(n).find((c) => c.type === 'identifier');
        return { k: 'attr', obj: e, name: id ? this.src(id) : '', line };
      }
      case 'index': {
        const inner = kids(n)[0];
        if (inner?.type === 'legacy_index') {
          // `.1`: the digits are a hidden token, so read them from the node text.
          return { k: 'index', obj: e, idx: { k: 'lit', v: Number(this.src(inner).slice(1)), line }, line };
        }
        const ex = inner ? kids(inner).find((c) => c.type === 'expression') : undefined;
        return { k: 'index', obj: e, idx: ex ? this.expr(ex, depth + 1) : { k: 'bad', why: 'empty index', line }, line };
      }
      case 'splat': {
        const s = kids(n)[0];
        let each: Expr = { k: 'var', name: SPLAT, line };
        for (const c of s ? kids(s) : []) if (c.type === 'get_attr' || c.type === 'index') each = this.postfix(each, c, depth + 1);
        return { k: 'splat', obj: e, each, full: s?.type === 'full_splat', line };
      }
      default:
        return e;
    }
  }

  private primary(n: CNode, depth: number): Expr {
    const line = this.lineAt(n.start);
    switch (n.type) {
      case 'expression':
        return this.expr(n, depth + 1);
      case 'literal_value':
        return this.literal(n);
      case 'template_expr': {
        const t = kids(n)[0];
        if (!t) return { k: 'bad', why: 'empty template', line };
        return t.type === 'heredoc_template' ? this.heredoc(t, depth) : this.quoted(t, depth);
      }
      case 'collection_value': {
        const c = kids(n)[0];
        return c ? this.collection(c, depth) : { k: 'bad', why: 'empty collection', line };
      }
      case 'variable_expr':
        return { k: 'var', name: this.src(n), line };
      case 'function_call': {
        const cs = kids(n);
        const args = cs.find((c) => c.type === 'function_arguments');
        const argCNodes = args ? kids(args) : [];
        return {
          k: 'call',
          name: (cs[0] ? this.src(cs[0]) : '') ?? '',
          args: argCNodes.filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)),
          expand: argCNodes.some((c) => c.type === 'ellipsis'),
          line,
        };
      }
      case 'for_expr': {
        const f = kids(n)[0];
        return f ? this.forExpr(f, depth) : { k: 'bad', why: 'empty for', line };
      }
      case 'operation': {
        const o = kids(n)[0];
        return o ? this.operation(o, depth) : { k: 'bad', why: 'empty operation', line };
      }
      case 'conditional': {
        const es = kids(n).filter((c) => c.type === 'expression');
        if (es.length !== 3) return { k: 'bad', why: 'incomplete conditional', line };
        return { k: 'cond', c: this.expr(es[0]!, depth + 1), t: this.expr(es[1]!, depth + 1), f: this.expr(es[2]!, depth + 1), line };
      }
      default:
        return { k: 'bad', why: `unexpected ${n.type}`, line };
    }
  }

  private operation(n: CNode, depth: number): Expr {
    const line = this.lineAt(n.start);
    const cs = kids(n);
    if (n.type === 'unary_operation') {
      const op = cs[0]?.type === '!' ? '!' : '-';
      return { k: 'unary', op, e: this.seq(cs.slice(1), depth + 1, line), line };
    }
    // The operator is the only anonymous child that is a binary operator (parens are not).
    const at = cs.findIndex((c, i) => i > 0 && !c.named && BINARY.has(c.type));
    if (at < 0) return { k: 'bad', why: 'malformed operation', line };
    return { k: 'binary', op: cs[at]!.type, l: this.seq(cs.slice(0, at), depth + 1, line), r: this.seq(cs.slice(at + 1), depth + 1, line), line };
  }

  /** literal_value is not descended into when copying: its kind shows in its text. */
  private literal(n: CNode): Expr {
    const line = this.lineAt(n.start);
    const t = this.src(n);
    if (t.startsWith('"')) return { k: 'lit', v: this.stringLit(n), line };
    if (t === 'true' || t === 'false') return { k: 'lit', v: t === 'true', line };
    if (t === 'null') return { k: 'lit', v: null, line };
    const v = Number(t);
    return Number.isNaN(v) ? { k: 'bad', why: `bad literal ${t.slice(0, 20)}`, line } : { k: 'lit', v, line };
  }

  /** A quoted string without interpolation (block labels, plain literals): the text between the quotes. */
  private stringLit(n: CNode): string {
    const closed = n.end - n.start >= 2 && this.text[n.end - 1] === '"';
    return unescapeQuoted(this.text.slice(n.start + 1, closed ? n.end - 1 : n.end));
  }

  private collection(n: CNode, depth: number): Expr {
    const line = this.lineAt(n.start);
    if (n.type === 'tuple') {
      return { k: 'tuple', items: kids(n).filter((c) => c.type === 'expression').map((c) => this.expr(c, depth + 1)), line };
    }
    const items: ObjectItem[] = [];
    for (const el of kids(n)) {
      if (el.type !== 'object_elem') continue;
      const [k, v] = kids(el).filter((c) => c.type === 'expression');
      if (!k || !v) continue;
      items.push({ key: this.expr(k, depth + 1), val: this.expr(v, depth + 1), line: this.lineAt(el.start) });
    }
    return { k: 'object', items, line };
  }

  private forExpr(n: CNode, depth: number): Expr {
    const line = this.lineAt(n.start);
    const cs = kids(n);
    const intro = cs.find((c) => c.type === 'for_intro');
    if (!intro) return { k: 'bad', why: 'malformed for', line };
    const ic = kids(intro);
    const ids = ic.filter((c) => c.type === 'identifier').map((c) => this.src(c));
    const collCNode = ic.find((c) => c.type === 'expression');
    const es = cs.filter((c) => c.type === 'expression');
    const condCNode = cs.find((c) => c.type === 'for_cond');
    const condExpr = condCNode ? kids(condCNode).find((c) => c.type === 'expression') : undefined;
    const coll: Expr = collCNode ? this.expr(collCNode, depth + 1) : { k: 'bad', why: 'for without collection', line };
    const cond = condExpr ? this.expr(condExpr, depth + 1) : undefined;
    const keyVar = ids.length > 1 ? ids[0] : undefined;
    const valVar = ids[ids.length - 1] ?? '_';
    if (n.type === 'for_object_expr') {
      const [ke, ve] = es;
      if (!ke || !ve) return { k: 'bad', why: 'malformed for', line };
      return { k: 'for', keyVar, valVar, coll, keyExpr: this.expr(ke, depth + 1), valExpr: this.expr(ve, depth + 1), group: cs.some((c) => c.type === 'ellipsis'), cond, line };
    }
    const ve = es[0];
    if (!ve) return { k: 'bad', why: 'malformed for', line };
    return { k: 'for', keyVar, valVar, coll, valExpr: this.expr(ve, depth + 1), group: false, cond, line };
  }

  private quoted(n: CNode, depth: number): Expr {
    const cs = kids(n);
    const start = cs[0];
    const end = cs[cs.length - 1];
    const line = this.lineAt(n.start);
    if (!start || !end || start === end) return { k: 'lit', v: '', line };
    const parts = this.parts(cs.slice(1, -1), start.end, end.start, unescapeQuoted, depth);
    return simplify(parts, line);
  }

  private heredoc(n: CNode, depth: number): Expr {
    const cs = kids(n);
    const line = this.lineAt(n.start);
    const strip = (cs[0] ? this.src(cs[0]) : '') === '<<-';
    const ids = cs.filter((c) => c.type === 'heredoc_identifier');
    const open = ids[0];
    const close = ids[1];
    if (!open || !close) return { k: 'bad', why: 'unterminated heredoc', line };
    // Content starts after the newline that ends the opening line and stops at the start of the closing line.
    let from = this.text.indexOf('\n', open.end);
    from = from < 0 ? open.end : from + 1;
    const to = this.text.lastIndexOf('\n', close.start - 1) + 1;
    const inner = cs.filter((c) => c.start >= from && c.end <= close.start && c.type !== 'template_literal' && c.type !== 'heredoc_identifier');
    let parts = this.parts(inner, from, Math.max(from, to), unescapeHeredoc, depth);
    if (strip) parts = stripIndent(parts);
    return simplify(parts, line);
  }

  /** Template parts between two offsets: literal text is the source between interpolations/directives. */
  private parts(cs: CNode[], from: number, to: number, unescape: (s: string) => string, depth: number, stripStart = false, stripEnd = false): TplPart[] {
    const out: TplPart[] = [];
    let pos = from;
    let stripNext = stripStart;
    const lit = (end: number, stripEnd: boolean) => {
      let s = this.text.slice(pos, end);
      if (stripNext) s = s.trimStart();
      if (stripEnd) s = s.trimEnd();
      if (s) out.push({ k: 'str', s: unescape(s) });
    };
    for (const c of cs) {
      if (c.type === 'template_literal' || c.start < pos) continue;
      // The node that opens this interpolation/directive (`${`, `%{ if`) and the one that closes it.
      const first = c.type === 'template_directive' ? kids(kids(c)[0] ?? c)[0] : c;
      const inner = kids(c.type === 'template_directive' ? (kids(c)[0] ?? c) : c);
      const last = c.type === 'template_directive' ? inner[inner.length - 1] : c;
      lit(c.start, first ? stripsBefore(first) : false);
      if (c.type === 'template_interpolation') {
        const ex = inner.find((m) => m.type === 'expression');
        if (ex) out.push({ k: 'interp', e: this.expr(ex, depth + 1) });
      } else if (c.type === 'template_directive') {
        const d = this.directive(c, unescape, depth);
        if (d) out.push(d);
      }
      stripNext = last ? stripsAfter(last) : false;
      pos = c.end;
    }
    lit(to, stripEnd);
    return out;
  }

  private directive(n: CNode, unescape: (s: string) => string, depth: number): TplPart | undefined {
    const d = kids(n)[0];
    if (!d) return undefined;
    const cs = kids(d);
    if (d.type === 'template_if') {
      const intro = cs.find((c) => c.type === 'template_if_intro');
      const els = cs.find((c) => c.type === 'template_else_intro');
      const end = cs.find((c) => c.type === 'template_if_end');
      if (!intro || !end) return undefined;
      const condCNode = kids(intro).find((c) => c.type === 'expression');
      const thenEnd = els ?? end;
      const thenParts = this.parts(cs.filter((c) => c.start >= intro.end && c.end <= thenEnd.start), intro.end, thenEnd.start, unescape, depth, stripsAfter(intro), stripsBefore(thenEnd));
      const elseParts = els ? this.parts(cs.filter((c) => c.start >= els.end && c.end <= end.start), els.end, end.start, unescape, depth, stripsAfter(els), stripsBefore(end)) : [];
      return { k: 'if', cond: condCNode ? this.expr(condCNode, depth + 1) : { k: 'bad', why: 'if without condition', line: this.lineAt(d.start) }, then: thenParts, else: elseParts };
    }
    const start = cs.find((c) => c.type === 'template_for_start');
    const end = cs.find((c) => c.type === 'template_for_end');
    if (!start || !end) return undefined;
    const sc = kids(start);
    const ids = sc.filter((c) => c.type === 'identifier').map((c) => this.src(c));
    const collCNode = sc.find((c) => c.type === 'expression');
    const body = this.parts(cs.filter((c) => c.start >= start.end && c.end <= end.start), start.end, end.start, unescape, depth, stripsAfter(start), stripsBefore(end));
    return {
      k: 'for',
      keyVar: ids.length > 1 ? ids[0] : undefined,
      valVar: ids[ids.length - 1] ?? '_',
      coll: collCNode ? this.expr(collCNode, depth + 1) : { k: 'bad', why: 'for without collection', line: this.lineAt(d.start) },
      body,
    };
  }
}

/** `%{~` / `${~`: trims the whitespace before. The marker must touch the opening token. */
function stripsBefore(d: CNode): boolean {
  const [open, mark] = kids(d);
  return mark?.type === 'strip_marker' && open !== undefined && mark.start === open.end;
}

/** `~}`: trims the whitespace after. The marker must touch the closing brace. */
function stripsAfter(d: CNode): boolean {
  const cs = kids(d);
  const close = cs[cs.length - 1];
  const mark = cs[cs.length - 2];
  return mark?.type === 'strip_marker' && close !== undefined && mark.end === close.start;
}

/** A template that is only literal text is a string literal. */
function simplify(parts: TplPart[], line: number): Expr {
  if (parts.length === 0) return { k: 'lit', v: '', line };
  if (parts.every((p) => p.k === 'str')) return { k: 'lit', v: parts.map((p) => (p.k === 'str' ? p.s : '')).join(''), line };
  return { k: 'tpl', parts, line };
}

/** `<<-`: removes the smallest indentation of the non-blank lines from every line. */
function stripIndent(parts: TplPart[]): TplPart[] {
  // Lay the template out as text with one placeholder per interpolation/directive, strip, split back.
  const HOLE = '\u0000';
  const flat = parts.map((p) => (p.k === 'str' ? p.s.replaceAll(HOLE, '') : HOLE)).join('');
  const lines = flat.split('\n');
  let min = Infinity;
  for (const l of lines) {
    const m = /^[ \t]*/.exec(l)![0].length;
    if (m < l.length) min = Math.min(min, m);
  }
  if (!Number.isFinite(min) || min === 0) return parts;
  const stripped = lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
  const pieces = stripped.split(HOLE);
  const out: TplPart[] = [];
  let i = 0;
  for (const p of parts) {
    if (p.k === 'str') continue;
    if (pieces[i]) out.push({ k: 'str', s: pieces[i]! });
    out.push(p);
    i++;
  }
  if (pieces[i]) out.push({ k: 'str', s: pieces[i]! });
  return out;
}

function unescapeQuoted(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      const n = s[++i]!;
      if (n === 'n') out += '\n';
      else if (n === 'r') out += '\r';
      else if (n === 't') out += '\t';
      else if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8;
        const hex = s.slice(i + 1, i + 1 + len);
        if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
          out += String.fromCodePoint(parseInt(hex, 16));
          i += len;
        } else out += n;
      } else out += n;
    } else if ((ch === '$' || ch === '%') && s[i + 1] === ch && s[i + 2] === '{') {
      out += `${ch}{`;
      i += 2;
    } else out += ch;
  }
  return out;
}

function unescapeHeredoc(s: string): string {
  return s.replace(/([$%])\1\{/g, '$1{');
}
