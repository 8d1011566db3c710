/**
 * Window messaging without an origin check. A page's `message` listener receives messages from any
 * window that can reach it (the page that frames it, a popup it opened, one that opened it); one that
 * acts on `event.data` without testing `event.origin` (or `event.source`) lets any site drive it. A
 * bridge that answers with `parent.postMessage(reply, '*')` hands its answers (storage values, tokens)
 * to whatever page embeds it.
 *
 * Only window listeners: a worker's `self`, a MessagePort, a WebSocket or a Worker object receive
 * from their own peer. Reported: the listener registration, and in a file with such a listener, the
 * `postMessage(…, '*')` replies to `parent`/`top`/`opener`.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, factsOf, hitAt, isFunction, stringValue } from './ast-facts.js';
import { walk } from '../parse/walk.js';

const WINDOW_NAMES = new Set(['window', 'globalThis', 'top']);
const UP_TARGETS = new Set(['parent', 'top', 'opener']);

/** Is this expression the page's window (`window`, `globalThis`, `window.top`), not a worker or socket? */
function isWindow(n: N | undefined): boolean {
  if (!n) return true; // a bare addEventListener(…) call is the global object's
  const u = unwrap(n);
  if (u.type === 'Identifier') return WINDOW_NAMES.has(u.name);
  if (u.type === 'MemberExpression') return WINDOW_NAMES.has(memberName(u) ?? '') && isWindow(u.object);
  return false;
}

// Events only a service worker's global scope receives.
const SW_EVENTS = new Set(['install', 'activate', 'fetch', 'push', 'sync', 'periodicsync', 'notificationclick', 'pushsubscriptionchange']);
// A service worker's `clients` methods (a page's own `clients` list has none of these).
const CLIENTS_METHODS = new Set(['claim', 'matchAll', 'openWindow']);

/** `self.x` or bare `x`: x's name, for a call's callee or object. */
function globalName(n: N): string | undefined {
  const u = unwrap(n);
  if (u.type === 'Identifier') return u.name;
  if (u.type !== 'MemberExpression') return undefined;
  const o = unwrap(u.object);
  return o.type === 'Identifier' && o.name === 'self' ? memberName(u) : undefined;
}

/**
 * A call that marks the file as a worker's global scope: `importScripts(…)`, a bare or `self.`
 * `postMessage(…)` reply without a target origin (a window's names one), `skipWaiting()`,
 * `clients.claim()`, `self.addEventListener(…)`, or a listener for a service worker's own events.
 */
function workerCall(call: N): boolean {
  const callee = unwrap(call.callee);
  const name = globalName(callee);
  if (name === 'importScripts' || name === 'skipWaiting') return true;
  if (name === 'postMessage') return stringValue(call.arguments[1] as N) === undefined;
  if (name === 'addEventListener') {
    return callee.type === 'MemberExpression' || SW_EVENTS.has(stringValue(call.arguments[0] as N) ?? '');
  }
  return callee.type === 'MemberExpression' && globalName(callee.object) === 'clients' && CLIENTS_METHODS.has(memberName(callee) ?? '');
}

/** The function a handler argument names: inline, a function declaration or a `var f = function…` of the file. */
function handlerFunction(arg: N | undefined, fns: Map<string, N>): N | undefined {
  if (!arg) return undefined;
  const a = unwrap(arg);
  if (isFunction(a)) return a;
  if (a.type === 'Identifier') return fns.get(a.name);
  return undefined;
}

/** Named functions of the file: declarations and `name = function…` / `const name = (…) => …`. */
function namedFunctions(program: N): Map<string, N> {
  const out = new Map<string, N>();
  walk(program, (child) => {
    const c = child as N;
    if (c.type === 'FunctionDeclaration' && c.id?.name) out.set(c.id.name, c);
    else if (c.type === 'VariableDeclarator' && c.id?.type === 'Identifier' && c.init && isFunction(unwrap(c.init))) out.set(c.id.name, unwrap(c.init));
    return true;
  });
  return out;
}

/**
 * Does the handler read its event's data without checking where it came from? A check is any read
 * of `origin` or `source` (of the event or a name derived from it), or a call handing the whole event
 * to a helper that may check (then we cannot tell).
 */
function readsDataUnchecked(fn: N): boolean {
  const p = fn.params[0] as N | undefined;
  if (!p || p.type !== 'Identifier') {
    // ({ data, origin }) => …
    if (p?.type === 'ObjectPattern') {
      const keys = (p.properties as N[]).map((q) => (q.key?.type === 'Identifier' ? q.key.name : undefined));
      return keys.includes('data') && !keys.includes('origin') && !keys.includes('source');
    }
    return false;
  }
  const ev = p.name as string;
  let data = false;
  let checked = false;
  walk(fn.body as N, (child) => {
    if (checked) return false;
    const c = child as N;
    if (c.type === 'MemberExpression') {
      const m = memberName(c);
      if (m === 'origin' || m === 'source') checked = true;
      const o = unwrap(c.object);
      if (m === 'data' && o.type === 'Identifier' && o.name === ev) data = true;
    } else if (c.type === 'CallExpression' && (c.arguments as N[]).some((a) => a.type === 'Identifier' && a.name === ev)) {
      // handing the whole event on: the helper may check the origin.
      checked = true;
    }
    return true;
  });
  return data && !checked;
}

export const insecurePostMessage: AstRule = {
  meta: {
    id: 'sast/js/insecure-postmessage',
    title: 'Window message handled without an origin check',
    severity: 'medium',
    cwe: [345, 346],
    description:
      "A window 'message' listener acts on event.data without checking event.origin, so any page that frames this " +
      "one, or that it opened or was opened by, can send it commands; replies posted with targetOrigin '*' go to " +
      'whatever page embeds it.',
    remediation:
      "Compare event.origin with an allow-list of exact origins before using event.data, and post replies to that " +
      "origin (event.origin once vetted), never '*'.",
    references: ['https://cwe.mitre.org/data/definitions/346.html', 'https://developer.mozilla.org/docs/Web/API/Window/postMessage#security_concerns'],
  },
  check(file, api) {
    if (!file.source.includes('message')) return [];
    const f: FileFacts = factsOf(file, api);
    const out: AstHit[] = [];
    let fns: Map<string, N> | undefined;
    let unchecked = false;
    // A worker's global scope hears only the page that started it (a service worker, its own pages).
    const workerFile = f.calls.some((c) => workerCall(c.node));
    for (const c of f.calls) {
      const name = c.name;
      if (name !== 'addEventListener' && name !== 'attachEvent') continue;
      const ev = stringValue(c.node.arguments[0] as N);
      if (ev !== (name === 'attachEvent' ? 'onmessage' : 'message')) continue;
      const callee = unwrap(c.node.callee);
      const receiver = callee.type === 'MemberExpression' ? (callee.object as N) : undefined;
      if (!isWindow(receiver) || (workerFile && !receiver)) continue;
      fns ??= namedFunctions(file.program as N);
      const fn = handlerFunction(c.node.arguments[1] as N, fns);
      if (!fn || !readsDataUnchecked(fn)) continue;
      unchecked = true;
      if (name === 'addEventListener') out.push(hitAt(c.node, "this 'message' listener uses event.data without checking event.origin: any page that frames or opens this one can send it commands"));
    }
    for (const a of f.assignments) {
      const l = unwrap(a.left);
      if (a.operator !== '=' || l.type !== 'MemberExpression' || memberName(l) !== 'onmessage' || !isWindow(l.object)) continue;
      fns ??= namedFunctions(file.program as N);
      const fn = handlerFunction(a.right, fns);
      if (!fn || !readsDataUnchecked(fn)) continue;
      unchecked = true;
      out.push(hitAt(a, 'window.onmessage uses event.data without checking event.origin: any page that frames or opens this one can send it commands'));
    }
    if (!unchecked) return out;
    // The same file's replies to its embedder, to any origin.
    for (const c of f.calls) {
      if (c.name !== 'postMessage' || stringValue(c.node.arguments[1] as N) !== '*') continue;
      const callee = unwrap(c.node.callee);
      const target = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
      const targetName = target ? (target.type === 'Identifier' ? target.name : memberName(target)) : undefined;
      if (!targetName || !UP_TARGETS.has(targetName)) continue;
      out.push(hitAt(c.node, `replies to ${targetName} with targetOrigin '*' while its message listener accepts any sender: whatever page embeds this one reads the answers`));
    }
    return out;
  },
};
