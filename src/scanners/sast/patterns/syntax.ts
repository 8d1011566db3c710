/**
 * Turns a pattern's text into an AST: `...` placeholders become a reserved identifier the matcher
 * recognises, then the text is parsed by parse/ as an expression, else as statements, else as
 * statements inside a function body (for `return …` patterns). `$X` metavariables are valid JS
 * identifiers already and need no rewriting.
 */
import { parseSource, type ParsedFile } from '../parse/index.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { ApiNames } from '../ir/api-names.js';
import type { CodePattern } from './types.js';

type N = { type: string; start: number; end: number; [key: string]: any };

/** What `...` becomes before parsing. */
export const ELLIPSIS = '__rampart_ellipsis__';
const WRAP_FN = '__rampart_pattern_fn__';
/** What `$...NAME` becomes (followed by NAME). */
export const REST = '__rampart_rest__';
/** What `<... e ...>` becomes: a call of this name around e. */
export const DEEP = '__rampart_deep__';

const METAVAR = /^\$[A-Z_][A-Z0-9_]*$/;

export function isMetavar(node: unknown): boolean {
  return !!node && (node as N).type === 'Identifier' && METAVAR.test((node as N).name);
}

/** `<... e ...>` after rewriting. */
export function isDeep(node: unknown): boolean {
  const n = node as N;
  return !!n && n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === DEEP && n.arguments.length === 1;
}

/** `...` as an expression, an element, a shorthand property or an expression statement. */
/** `$...NAME` (rewritten): the metavariable name it binds, or undefined. */
export function restName(node: unknown): string | undefined {
  let n = node as N;
  if (n && (n.type === 'ExpressionStatement' || n.type === 'JSXExpressionContainer')) n = n.expression;
  if (n && n.type === 'Property' && n.shorthand) n = n.value;
  return n && n.type === 'Identifier' && n.name.startsWith(REST) ? `$...${n.name.slice(REST.length)}` : undefined;
}

export function isEllipsis(node: unknown): boolean {
  if (!node) return false;
  const n = node as N;
  if (n.type === 'Identifier') return n.name === ELLIPSIS || n.name.startsWith(REST);
  if (n.type === 'ExpressionStatement') return isEllipsis(n.expression);
  if (n.type === 'JSXExpressionContainer') return isEllipsis(n.expression);
  if (n.type === 'Property') return n.shorthand === true && isEllipsis(n.value);
  // `class A { ... }`: the placeholder parses as a field without a value.
  if (n.type === 'PropertyDefinition') return !n.computed && n.value === null && isEllipsis(n.key);
  return false;
}

/** Replaces every `...` outside strings that is not a spread (`...args`) with ELLIPSIS. */
export function rewriteEllipses(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    // `$...ARGS`: an ellipsis that binds what it stands for.
    if (c === '$' && text.startsWith('$...', i) && /[A-Z_]/.test(text[i + 4] ?? '')) {
      out += REST;
      i += 4;
      continue;
    }
    // `<... e ...>`: any expression containing e.
    if (c === '<' && text.startsWith('<...', i)) {
      out += `${DEEP}(`;
      i += 4;
      continue;
    }
    if (c === '.' && text.startsWith('...>', i)) {
      out += ')';
      i += 4;
      continue;
    }
    if (c === '.' && text.startsWith('...', i)) {
      const next = text[i + 3] ?? '';
      if (/[A-Za-z_$[{(]/.test(next)) {
        out += '...';
      } else {
        out += ELLIPSIS;
        // `a; ... b;` on one line: end the placeholder statement so ASI is not needed.
        const prev = out.slice(0, -ELLIPSIS.length).trimEnd().slice(-1);
        const after = text.slice(i + 3).trimStart()[0];
        if ((prev === '' || prev === ';' || prev === '{' || prev === '}') && after !== undefined && !',;)]}:'.includes(after)) out += ';';
      }
      i += 3;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function tryParse(text: string, path: string): ParsedFile | undefined {
  const r = parseSource(path, text, { includeMinified: true });
  if (!r.ok || r.file.errors.length > 0) return undefined;
  return r.file;
}

/** Parses a pattern, or returns why it does not parse. */
export function compilePattern(text: string): CodePattern | string {
  const src = rewriteEllipses(text.trim());
  if (src === '') return 'empty pattern';
  let file: ParsedFile | undefined;
  let stmts: N[] | undefined;
  for (const path of ['pattern.ts', 'pattern.tsx']) {
    // As an expression first: `{ a: 1 }` is an object, not a block.
    file = tryParse(`(${src}\n)`, path);
    if (file) {
      stmts = file.program.body as N[];
      break;
    }
    file = tryParse(src, path);
    if (file) {
      stmts = file.program.body as N[];
      break;
    }
    file = tryParse(`function ${WRAP_FN}() {\n${src}\n}`, path);
    if (file) {
      stmts = ((file.program.body[0] as N).body.body) as N[];
      break;
    }
  }
  if (!file || !stmts) return `pattern does not parse as JavaScript/TypeScript: ${text.trim().slice(0, 120)}`;
  if (stmts.length === 0) return 'empty pattern';
  const api = new ApiNames(file.program);
  const paths = new Map<object, string>();
  walk(file.program as unknown as AnyNode, (node) => {
    if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return;
    const p = api.pathOf(node);
    if (p !== undefined && !p.includes('$') && !p.includes('__rampart_')) paths.set(node, p);
  });
  // Leading and trailing `...` add nothing to a statement sequence searched anywhere in a list.
  while (stmts.length > 1 && isEllipsis(stmts[0])) stmts = stmts.slice(1);
  while (stmts.length > 1 && isEllipsis(stmts[stmts.length - 1])) stmts = stmts.slice(0, -1);
  let root: N = stmts[0]!;
  const single = stmts.length === 1;
  if (single && root.type === 'ExpressionStatement') root = unwrapPattern(root.expression);
  const pattern: CodePattern = { text, shape: single ? 'node' : 'seq', root: root as unknown as AnyNode, stmts: stmts as unknown as AnyNode[], paths, nodeTypes: [] };
  if (single) {
    pattern.nodeTypes = rootTypes(root, paths);
    if ((root.type === 'CallExpression' && !isDeep(root)) || root.type === 'NewExpression') pattern.callName = calleeName(root.callee) ?? '*';
  } else {
    pattern.nodeTypes = ['Program', 'BlockStatement', 'StaticBlock', 'SwitchCase'];
  }
  return pattern;
}

/** Wrappers that never change what a pattern means. */
export function unwrapPattern(node: N): N {
  let n = node;
  for (let i = 0; i < 64 && (n.type === 'ParenthesizedExpression' || n.type === 'ChainExpression'); i++) n = n.expression;
  return n;
}

/** The last name of a callee: `a.b.exec` → exec; undefined for metavariables and computed names. */
export function calleeName(callee: N): string | undefined {
  const c = unwrapPattern(callee);
  if (c.type === 'Identifier') return isMetavar(c) || c.name === ELLIPSIS ? undefined : c.name;
  if (c.type === 'MemberExpression') {
    if (!c.computed) return isMetavar(c.property) ? undefined : c.property.name;
    if (c.property.type === 'Literal' && typeof c.property.value === 'string') return c.property.value;
  }
  return undefined;
}

const FUNCTIONS = ['FunctionExpression', 'ArrowFunctionExpression', 'FunctionDeclaration'];

function rootTypes(root: N, paths: Map<object, string>): string[] {
  if (isMetavar(root) || isEllipsis(root) || isDeep(root)) return ['*'];
  switch (root.type) {
    case 'Identifier':
      return ['Identifier', 'MemberExpression'];
    case 'MemberExpression':
      return paths.has(root) ? ['Identifier', 'MemberExpression'] : ['MemberExpression'];
    case 'Literal':
      return typeof root.value === 'string' ? ['Literal', 'TemplateLiteral'] : ['Literal'];
    case 'TemplateLiteral':
      return root.expressions.length === 0 ? ['Literal', 'TemplateLiteral'] : ['TemplateLiteral'];
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'FunctionDeclaration':
      return FUNCTIONS;
    case 'ClassExpression':
    case 'ClassDeclaration':
      return ['ClassExpression', 'ClassDeclaration'];
    default:
      return [root.type];
  }
}
