/**
 * The small typed syntax tree the Terraform evaluator walks. Both HCL native syntax (via
 * tree-sitter) and the JSON syntax (.tf.json) are converted into it, so evaluation has one input.
 * Lines are 1-based.
 */

export type Expr =
  | { k: 'lit'; v: null | boolean | number | string; line: number }
  | { k: 'tpl'; parts: TplPart[]; line: number }
  | { k: 'tuple'; items: Expr[]; line: number }
  | { k: 'object'; items: ObjectItem[]; line: number }
  /** A root name: `var`, `local`, `aws_instance`, `each`, a for/iterator variable. */
  | { k: 'var'; name: string; line: number }
  | { k: 'attr'; obj: Expr; name: string; line: number }
  | { k: 'index'; obj: Expr; idx: Expr; line: number }
  /** `obj[*].a.b` / `obj.*.a`: `each` is applied to every element, with `{k:'var', name: SPLAT}` as the element. */
  | { k: 'splat'; obj: Expr; each: Expr; full: boolean; line: number }
  | { k: 'call'; name: string; args: Expr[]; expand: boolean; line: number }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; keyExpr?: Expr; valExpr: Expr; group: boolean; cond?: Expr; line: number }
  | { k: 'unary'; op: '-' | '!'; e: Expr; line: number }
  | { k: 'binary'; op: string; l: Expr; r: Expr; line: number }
  | { k: 'cond'; c: Expr; t: Expr; f: Expr; line: number }
  | { k: 'paren'; e: Expr; line: number }
  /** Something the parser could not turn into an expression (syntax error, too deep). */
  | { k: 'bad'; why: string; line: number };

export interface ObjectItem {
  key: Expr;
  val: Expr;
  line: number;
}

/** Element placeholder inside a splat's `each` expression. */
export const SPLAT = '\u0000splat';

export type TplPart =
  | { k: 'str'; s: string }
  | { k: 'interp'; e: Expr }
  | { k: 'if'; cond: Expr; then: TplPart[]; else: TplPart[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: Expr; body: TplPart[] };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
  /** .tf.json object value that may be a nested block written once: its keys also get `name.0.key` lines. */
  blockLike?: boolean;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
  endLine: number;
}

export interface Body {
  attrs: Attribute[];
  blocks: Block[];
  /** Attributes and blocks in source order, for nested blocks whose order matters (dynamic vs static). */
  order: (Attribute | Block)[];
}

export interface ParsedFile {
  /** Repo-relative path. */
  path: string;
  text: string;
  body: Body;
  /** First line of a syntax error, when there was one. */
  errorLine?: number;
  errorMessage?: string;
}

export const emptyBody = (): Body => ({ attrs: [], blocks: [], order: [] });

export const isBlock = (x: Attribute | Block): x is Block => 'labels' in x;
