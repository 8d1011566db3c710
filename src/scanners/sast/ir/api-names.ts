/**
 * Syntactic API paths (see models/types.ts): which module member or global an expression names,
 * from imports, requires and `const x = <api expression>` declarations, without data flow. The
 * AST rules use it directly; the taint engine seeds its values with it.
 *
 * Scopes are not modelled: a name bound to a module anywhere in the file means that module
 * everywhere in it, and a name declared anywhere (parameter, local) is never taken for a global.
 * Both are rare to get wrong in real code and keep this one linear pass.
 */
import type { Program } from '@oxc-project/types';
import { walk, type AnyNode } from '../parse/walk.js';

type N = AnyNode & Record<string, any>;

/** Chains longer than this (a.b.c… or f()()…) are not resolved. */
const MAX_CHAIN = 64;

const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self', 'global']);

/** `node:fs` → `fs`, `fs/promises` → `fs.promises`; scoped packages keep their slash. */
export function moduleApiName(spec: string): string {
  let s = spec.startsWith('node:') ? spec.slice(5) : spec;
  if (s.startsWith('@')) {
    const slash = s.indexOf('/');
    const second = slash < 0 ? -1 : s.indexOf('/', slash + 1);
    return second < 0 ? s : s.slice(0, second) + '.' + s.slice(second + 1).replace(/\//g, '.');
  }
  return s.replace(/\//g, '.');
}

/** Unwraps parentheses-free wrappers that do not change which value an expression names. */
export function unwrap(node: N): N {
  let n = node;
  for (let i = 0; i < MAX_CHAIN; i++) {
    switch (n.type) {
      case 'AwaitExpression':
      case 'ChainExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        n = n.expression ?? n.argument;
        continue;
      default:
        return n;
    }
  }
  return n;
}

/** The literal name of a member access (`a.b`, `a['b']`), or undefined when computed from data. */
export function memberName(node: N): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed) return node.property.name;
  const p = node.property;
  if (p.type === 'Literal' && typeof p.value === 'string') return p.value;
  if (p.type === 'TemplateLiteral' && p.expressions.length === 0) return p.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `require('m')` (or `require("node:m")`): the module name. */
export function requiredModule(node: N): string | undefined {
  const n = unwrap(node);
  if (n.type !== 'CallExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'require') return undefined;
  const a = n.arguments[0];
  if (a && a.type === 'Literal' && typeof a.value === 'string') return moduleApiName(a.value);
  if (a && a.type === 'TemplateLiteral' && a.expressions.length === 0) return moduleApiName(a.quasis[0]?.value.cooked ?? '');
  return undefined;
}

/**
 * The nodes ApiNames is built from. Its own walk gathers them; the AST rules' facts pass gathers
 * them in the same traversal it makes anyway (see ast-facts.ts), so a file is walked once for both.
 */
export interface ApiNodes {
  /** ImportDeclaration nodes. */
  imports: N[];
  /** VariableDeclarator nodes. */
  decls: N[];
  /** Function declarations and expressions, arrows. */
  functions: N[];
  /** ClassDeclaration nodes. */
  classes: N[];
  /** CatchClause nodes. */
  catches: N[];
}

export class ApiNames {
  /** Local name → API path. */
  private readonly bound = new Map<string, string>();
  /** Every name the file declares (so it is not a global). */
  private readonly declared = new Set<string>();

  /** With a program: built from it now. Without: empty until `fill` (see ApiNames.deferred). */
  constructor(program?: Program) {
    if (!program) return;
    const nodes: ApiNodes = { imports: [], decls: [], functions: [], classes: [], catches: [] };
    walk(program as unknown as AnyNode, (node) => {
      const n = node as N;
      switch (n.type) {
        case 'ImportDeclaration':
          nodes.imports.push(n);
          break;
        case 'VariableDeclarator':
          nodes.decls.push(n);
          break;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
          nodes.functions.push(n);
          break;
        case 'ClassDeclaration':
          nodes.classes.push(n);
          break;
        case 'CatchClause':
          nodes.catches.push(n);
          break;
      }
    });
    this.fill(nodes);
  }

  /**
   * An ApiNames to be filled once another pass has gathered the nodes; it answers nothing useful
   * before that, so callers resolve paths only after `fill`.
   */
  static deferred(): { api: ApiNames; fill(nodes: ApiNodes): void } {
    const api = new ApiNames();
    return { api, fill: (nodes) => api.fill(nodes) };
  }

  /** Lists in any order: imports and declarators are taken in source order, as written. */
  private fill(nodes: ApiNodes): void {
    const bySource = (a: N, b: N) => a.start - b.start;
    for (const n of [...nodes.imports].sort(bySource)) {
      if (n.importKind === 'type') continue;
      const mod = moduleApiName(String(n.source.value));
      for (const s of n.specifiers as N[]) {
        this.declared.add(s.local.name);
        if (s.type === 'ImportSpecifier') {
          if (s.importKind === 'type') continue;
          const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          this.bound.set(s.local.name, imported === 'default' ? mod : `${mod}.${imported}`);
        } else {
          // default and namespace imports both name the module (CommonJS interop makes
          // `import express from 'express'` the module's export itself).
          this.bound.set(s.local.name, mod);
        }
      }
    }
    for (const n of nodes.functions) {
      if (n.id) this.declared.add(n.id.name);
      for (const p of n.params as N[]) this.declareNames(p);
    }
    for (const n of nodes.classes) if (n.id) this.declared.add(n.id.name);
    for (const n of nodes.catches) if (n.param) this.declareNames(n.param);
    const decls = [...nodes.decls].sort(bySource);
    for (const d of decls) this.declareNames(d.id);
    // Declarations in source order: `const app = express()` after `const express = require(…)`.
    for (const d of decls) {
      if (!d.init) continue;
      if (d.id.type === 'Identifier') {
        const path = this.pathOf(d.init);
        if (path !== undefined && !this.bound.has(d.id.name)) this.bound.set(d.id.name, path);
      } else if (d.id.type === 'ObjectPattern') {
        const base = this.pathOf(d.init);
        if (base === undefined) continue;
        for (const prop of d.id.properties as N[]) {
          if (prop.type !== 'Property' || prop.computed) continue;
          const key = prop.key.type === 'Identifier' ? prop.key.name : String((prop.key as N).value);
          let target = prop.value as N;
          if (target.type === 'AssignmentPattern') target = target.left;
          if (target.type === 'Identifier' && !this.bound.has(target.name)) this.bound.set(target.name, `${base}.${key}`);
        }
      }
    }
  }

  private declareNames(pattern: N): void {
    // Most parameters and declarators are a plain name: no walk for those (a decorated parameter
    // takes the walk, which also declares the decorator's names, as it always has).
    if (pattern.type === 'Identifier' && !(pattern.decorators as N[] | undefined)?.length) {
      this.declared.add(pattern.name);
      return;
    }
    walk(pattern, (node, parent) => {
      const n = node as N;
      if (n.type === 'Identifier' && !(parent && (parent as N).type === 'Property' && (parent as N).key === n && !(parent as N).shorthand)) {
        this.declared.add(n.name);
      }
      // Default values are expressions, not bindings.
      if (n.type === 'AssignmentPattern') {
        this.declareNames(n.left);
        return false;
      }
      return n.type !== 'TSTypeAnnotation';
    });
  }

  /** The API path a name is bound to, or undefined. */
  binding(name: string): string | undefined {
    return this.bound.get(name);
  }

  /** Is this name a global here (never declared in the file)? */
  isGlobal(name: string): boolean {
    return !this.declared.has(name) && !this.bound.has(name);
  }

  /** The API path of an expression, or undefined when it does not name a module member or global. */
  pathOf(node: AnyNode): string | undefined {
    const suffix: string[] = [];
    let n = unwrap(node as N);
    for (let i = 0; i < MAX_CHAIN; i++) {
      const mod = requiredModule(n);
      if (mod !== undefined) return joinModulePath(mod, suffix);
      switch (n.type) {
        case 'Identifier': {
          const b = this.bound.get(n.name);
          if (b !== undefined) return joinModulePath(b, suffix);
          if (!this.isGlobal(n.name)) return undefined;
          if (GLOBAL_OBJECTS.has(n.name) && suffix.length > 0) return suffix.join('.').replace(/\.\(\)/g, '()');
          return joinPath(n.name, suffix);
        }
        case 'ThisExpression':
          return undefined;
        case 'MemberExpression': {
          const name = memberName(n);
          if (name === undefined) return undefined;
          suffix.unshift(name);
          n = unwrap(n.object);
          continue;
        }
        case 'CallExpression':
        case 'NewExpression': {
          // util.promisify(f) names f.
          const callee = unwrap(n.callee);
          if (callee.type === 'MemberExpression' && memberName(callee) === 'promisify' && n.arguments.length === 1) {
            const u = this.pathOf(callee.object);
            if (u === 'util') {
              n = unwrap(n.arguments[0] as N);
              continue;
            }
          }
          suffix.unshift('()');
          n = callee;
          continue;
        }
        default:
          return undefined;
      }
    }
    return undefined;
  }
}

/**
 * A module's `default` member is the module itself here, as for a default import: TypeScript's
 * CommonJS interop writes `import * as axios from 'axios'; axios.default.get(u)`, and
 * `require('axios').default` is the same export.
 */
function joinModulePath(base: string, suffix: string[]): string {
  return joinPath(base, suffix[0] === 'default' ? suffix.slice(1) : suffix);
}

function joinPath(base: string, suffix: string[]): string {
  let out = base;
  for (const s of suffix) out += s === '()' ? '()' : `.${s}`;
  return out;
}

/**
 * Does an API path match a pattern (models/types.ts): segments compared one by one, `*` any one
 * member name, `{a,b}` alternatives; `()` is a segment of its own.
 */
export function apiMatches(pattern: string, path: string): boolean {
  const ps = splitApi(pattern);
  const xs = splitApi(path);
  if (ps.length !== xs.length) return false;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i]!;
    if (p === x) continue;
    if (p === '*' && x !== '()') continue;
    if (p.startsWith('{') && p.endsWith('}') && p.slice(1, -1).split(',').includes(x)) continue;
    return false;
  }
  return true;
}

const splitCache = new Map<string, string[]>();

/** `express().get` → ['express', '()', 'get']; `@http.request.query` → ['@http.request', 'query']. */
export function splitApi(path: string): string[] {
  const hit = splitCache.get(path);
  if (hit) return hit;
  const out: string[] = [];
  let cur = '';
  let brace = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c === '{') brace++;
    if (c === '}') brace--;
    if (brace === 0 && c === '.') {
      if (cur) out.push(cur);
      cur = '';
    } else if (brace === 0 && c === '(' && path[i + 1] === ')') {
      if (cur) out.push(cur);
      out.push('()');
      cur = '';
      i++;
    } else cur += c;
  }
  if (cur) out.push(cur);
  // Roles are one segment: '@http.request'.
  if (out[0]?.startsWith('@') && out.length > 1) out.splice(0, 2, `${out[0]}.${out[1]}`);
  if (splitCache.size > 10000) splitCache.clear();
  splitCache.set(path, out);
  return out;
}

/**
 * The last segment `splitApi(path)` would give, found without splitting (most paths are matched
 * only to learn that no model ends in that segment); undefined when only a full split can tell
 * (roles, braces, parentheses inside a segment).
 */
export function lastSegment(path: string): string | undefined {
  if (path.includes('{') || path.includes('}')) return undefined;
  if (path.endsWith('()')) return '()';
  const dot = path.lastIndexOf('.');
  // A role's first two parts are one segment ('@http.request'): past them the last dot still splits.
  if (path.charCodeAt(0) === 64 /* @ */ && path.indexOf('.', path.indexOf('.') + 1) < 0) return undefined;
  const seg = path.slice(dot + 1);
  return seg === '' || seg.includes('(') ? undefined : seg;
}

/**
 * A program's ApiNames lives on the program object, not in a module-level WeakMap: V8's
 * young-generation GC keeps an old WeakMap's values alive while their keys are young, so each
 * file's ApiNames (and the AST it points into) would be promoted instead of dying with the file.
 */
const API_NAMES = Symbol('api-names');
type WithApiNames = Program & { [API_NAMES]?: ApiNames };

/**
 * One ApiNames per parsed program, shared by everything that analyses the same file (the taint
 * engine, AST rules, pattern rules): building it walks the whole AST.
 */
export function apiNamesOf(program: Program): ApiNames {
  return ((program as WithApiNames)[API_NAMES] ??= new ApiNames(program));
}

/** Has the program's ApiNames been built already? */
export function hasApiNames(program: Program): boolean {
  return (program as WithApiNames)[API_NAMES] !== undefined;
}

/** Records an ApiNames built by another pass (filled from the program's own nodes) as the program's. */
export function setApiNames(program: Program, api: ApiNames): void {
  (program as WithApiNames)[API_NAMES] = api;
}
