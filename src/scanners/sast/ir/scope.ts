/**
 * Lexical scopes at function granularity, from one iterative pass over the program: which names
 * each function (and the module's top level) declares — parameters, var/let/const anywhere in its
 * body, function and class declarations, catch parameters, imports — so a reference resolves to the
 * innermost function that declares it, else to an enclosing one (a closure), else a global.
 *
 * Block scopes are folded into their function: a `let x` in an inner block and an outer `x` of the
 * same function share one binding. That loses precision only when a function reuses a name for
 * different data in sibling blocks, and keeps the environment one map per function.
 */
import type { AnyNode } from '../parse/walk.js';

type N = AnyNode & Record<string, any>;

export interface FnScope {
  node: AnyNode;
  /** The enclosing function (or the Program); null for the Program itself. */
  parent: AnyNode | null;
  declared: Set<string>;
  /** Function declarations in the body (hoisted: bound before the body runs). */
  hoisted: AnyNode[];
  /** The function's name, for messages (`handler`, `UserService.find`, `<anonymous>`). */
  name: string;
  /** The body calls the function by its own name (recursion), e.g. a recursive merge. */
  selfCalls: boolean;
}

export interface ScopeInfo {
  scopes: Map<AnyNode, FnScope>;
  /** Every function node in source order (Program excluded). */
  functions: AnyNode[];
  classes: AnyNode[];
  program: AnyNode;
}

export function isFunctionNode(n: AnyNode): boolean {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

const SKIP = new Set([
  'TSTypeAnnotation', 'TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSTypeParameterDeclaration',
  'TSTypeParameterInstantiation', 'TSDeclareFunction',
]);
/** Children never pushed: SKIP plus leaves with nothing to declare or call. */
const LEAF = new Set([...SKIP, 'Identifier', 'Literal', 'ThisExpression', 'Super', 'TemplateElement', 'PrivateIdentifier', 'EmptyStatement']);

/** Names bound by a binding pattern (iterative: patterns can nest deeply). */
export function patternNames(pattern: AnyNode, out: string[] = []): string[] {
  const stack: N[] = [pattern as N];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (!p) continue;
    switch (p.type) {
      case 'Identifier':
        out.push(p.name);
        break;
      case 'ObjectPattern':
        for (const prop of p.properties as N[]) stack.push(prop.type === 'RestElement' ? prop : prop.value);
        break;
      case 'ArrayPattern':
        for (const el of p.elements as N[]) if (el) stack.push(el);
        break;
      case 'RestElement':
        stack.push(p.argument);
        break;
      case 'AssignmentPattern':
        stack.push(p.left);
        break;
      case 'TSParameterProperty':
        stack.push(p.parameter);
        break;
    }
  }
  return out;
}

function fnName(n: N, parent: N | null): string {
  if (n.id?.name) return n.id.name;
  if (parent) {
    if (parent.type === 'VariableDeclarator' && parent.id?.type === 'Identifier') return parent.id.name;
    if ((parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') && parent.key) {
      const k = parent.key as N;
      return k.name ?? String(k.value ?? '<computed>');
    }
    if (parent.type === 'AssignmentExpression') {
      const l = parent.left as N;
      if (l.type === 'Identifier') return l.name;
      if (l.type === 'MemberExpression' && !l.computed) return l.property.name;
    }
  }
  return '<anonymous>';
}

/** Pushes `child` unless it is missing or a leaf (see LEAF). */
function pushNode(child: N | null | undefined, out: N[]): void {
  if (child !== null && child !== undefined && !LEAF.has(child.type)) out.push(child);
}

function pushList(list: (N | null)[], out: N[]): void {
  for (let i = 0; i < list.length; i++) pushNode(list[i], out);
}

/**
 * The children buildScopes visits, in the parser's key order: every node-valued key but the type
 * positions (typeAnnotation, returnType, typeParameters), leaves left out. The commonest node
 * types read their fields by name (a named load is cheap where the generic loop's load by a key
 * string is not); the typed cases list the same keys in the same order as the generic loop
 * (scope.test.ts holds them to it).
 */
export function pushScopeChildren(n: N, out: N[], byKeys = false): void {
  if (!byKeys) {
    switch (n.type) {
      case 'MemberExpression':
        pushNode(n.object, out);
        pushNode(n.property, out);
        return;
      case 'CallExpression':
      case 'NewExpression':
        pushNode(n.callee, out);
        pushNode(n.typeArguments, out);
        pushList(n.arguments, out);
        return;
      case 'BinaryExpression':
      case 'LogicalExpression':
      case 'AssignmentExpression':
        pushNode(n.left, out);
        pushNode(n.right, out);
        return;
      case 'ExpressionStatement':
        pushNode(n.expression, out);
        return;
      case 'BlockStatement':
        pushList(n.body, out);
        return;
      case 'VariableDeclaration':
        pushList(n.declarations, out);
        return;
      case 'VariableDeclarator':
        pushNode(n.id, out);
        pushNode(n.init, out);
        return;
      case 'IfStatement':
      case 'ConditionalExpression':
        pushNode(n.test, out);
        pushNode(n.consequent, out);
        pushNode(n.alternate, out);
        return;
      case 'Property':
        pushNode(n.key, out);
        pushNode(n.value, out);
        return;
      case 'ReturnStatement':
      case 'AwaitExpression':
      case 'ThrowStatement':
        pushNode(n.argument, out);
        return;
      case 'ArrayExpression':
        pushList(n.elements, out);
        return;
      case 'ObjectExpression':
        pushList(n.properties, out);
        return;
      case 'FunctionExpression':
      case 'FunctionDeclaration':
        pushNode(n.id, out);
        pushList(n.params, out);
        pushNode(n.body, out);
        return;
      case 'ArrowFunctionExpression':
        pushList(n.params, out);
        pushNode(n.body, out);
        pushNode(n.id, out);
        return;
    }
  }
  for (const key in n) {
    if (key === 'parent' || key === 'range' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeParameters') continue;
    const v = n[key];
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const item = v[k] as N | null;
        if (item && typeof item.type === 'string' && !LEAF.has(item.type)) out.push(item);
      }
    } else if (typeof v.type === 'string' && !LEAF.has(v.type)) out.push(v);
  }
}

export function buildScopes(program: AnyNode): ScopeInfo {
  const scopes = new Map<AnyNode, FnScope>();
  const functions: AnyNode[] = [];
  const classes: AnyNode[] = [];
  const root: FnScope = { node: program, parent: null, declared: new Set(), hoisted: [], name: '<module>', selfCalls: false };
  scopes.set(program, root);
  // Parallel stacks (node, parent, scope): no record or child list is allocated per node.
  const nodes: N[] = [program as N];
  const parents: (N | null)[] = [null];
  const fns: FnScope[] = [root];
  while (nodes.length > 0) {
    const n = nodes.pop()!;
    const parent = parents.pop()!;
    const fn = fns.pop()!;
    // No SKIP test here: children in SKIP (a subset of LEAF) are never pushed, and the root is a Program.
    let inner = fn;
    switch (n.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const s: FnScope = { node: n, parent: fn.node, declared: new Set(), hoisted: [], name: fnName(n, parent), selfCalls: false };
        scopes.set(n, s);
        functions.push(n);
        if (n.type === 'FunctionDeclaration' && n.id) {
          fn.declared.add(n.id.name);
          fn.hoisted.push(n);
        }
        // A named function expression sees its own name.
        if (n.type === 'FunctionExpression' && n.id) s.declared.add(n.id.name);
        for (const p of n.params as N[]) for (const name of patternNames(p)) s.declared.add(name);
        inner = s;
        break;
      }
      case 'VariableDeclarator':
        for (const name of patternNames(n.id)) fn.declared.add(name);
        break;
      case 'ClassDeclaration':
        if (n.id) fn.declared.add(n.id.name);
        classes.push(n);
        break;
      case 'ClassExpression':
        classes.push(n);
        break;
      case 'CatchClause':
        if (n.param) for (const name of patternNames(n.param)) fn.declared.add(name);
        break;
      case 'ImportDeclaration':
        for (const s of n.specifiers as N[]) fn.declared.add(s.local.name);
        continue;
      case 'CallExpression':
        if (n.callee.type === 'Identifier' && fn.name === n.callee.name) fn.selfCalls = true;
        break;
    }
    // Children go on in key order, then that run is reversed so they pop in source order.
    // Leaves that declare nothing (identifiers, literals: nearly half of all nodes) and type-only
    // subtrees are not pushed at all.
    const from = nodes.length;
    pushScopeChildren(n, nodes);
    if (nodes.length - from > 1) {
      for (let i = from, j = nodes.length - 1; i < j; i++, j--) {
        const t = nodes[i]!;
        nodes[i] = nodes[j]!;
        nodes[j] = t;
      }
    }
    for (let i = from; i < nodes.length; i++) {
      parents.push(n);
      fns.push(inner);
    }
  }
  functions.sort((a, b) => a.start - b.start);
  return { scopes, functions, classes, program };
}
