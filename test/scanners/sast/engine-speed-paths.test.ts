/**
 * The engine's shortcuts must give the answers the long way gives: model pre-tests on unsplit
 * paths, copy-on-write environments, and the scope walk that skips leaves.
 */
import { describe, expect, it } from 'vitest';
import { lastSegment, splitApi } from '../../../src/scanners/sast/ir/api-names.js';
import { buildScopes } from '../../../src/scanners/sast/ir/scope.js';
import { compileModels, SegIndex } from '../../../src/scanners/sast/models/compile.js';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import type { AnyNode } from '../../../src/scanners/sast/parse/walk.js';
import { envSet, fork, joinEnvs, joinStates, type Frame, type State, EMPTY_REF } from '../../../src/scanners/sast/taint/state.js';
import type { Value } from '../../../src/scanners/sast/taint/value.js';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';
import { brief, run } from './engine-helpers.js';

const PATHS = [
  'express().get', 'express.Router().post', 'child_process.exec', 'fs.promises.readFile', '@http.request.query',
  '@http.request', '@http.request.query.id', '@socketio.message.text', '@ws.message', 'location.hash', 'Math.floor',
  'Mathx.floor', 'xss-filters.inHTMLData', 'a..b', 'a.', '.x', '', 'a.b()c', 'a().b', 'pg.Pool().query', 'db.query',
  './repository.js.UserRepository().findById', 'document.write', 'window', 'eval', 'RegExp', 'a.{b,c}', 'x}.y',
  '@x', 'process.argv', 'process.env.HOME', 'req.get()', 'this.repo.find', 'sequelize.query', 'knex.raw',
];

describe('lastSegment', () => {
  it('is the last segment splitApi gives, or undefined', () => {
    for (const p of PATHS) {
      const last = lastSegment(p);
      if (last !== undefined) expect(last, p).toBe(splitApi(p).at(-1));
    }
    expect(lastSegment('express().get')).toBe('get');
    expect(lastSegment('pg.Pool()')).toBe('()');
    expect(lastSegment('@http.request')).toBeUndefined();
    expect(lastSegment('@http.request.query')).toBe('query');
  });
});

describe('SegIndex.mayMatchPath', () => {
  it('is never false where match finds something (every compiled index, real models)', () => {
    const c = compileModels(MODELS);
    const indices = [c.sourcesRead, c.sourcesCall, c.sinksCall, c.sinksAssign, c.sanitizersCall, c.propagatorsCall, c.handlersRegister];
    let skipped = 0;
    for (const idx of indices as SegIndex<unknown>[]) {
      for (const p of PATHS) {
        const found = idx.match(splitApi(p)).length > 0;
        if (found) expect(idx.mayMatchPath(p), p).toBe(true);
        if (!idx.mayMatchPath(p)) skipped++;
        // With the last segment given (as readMember knows it), the same answer.
        expect(idx.mayMatchLast(p, lastSegment(p)), p).toBe(idx.mayMatchPath(p));
      }
    }
    for (const p of PATHS) {
      const any = indices.slice(1).some((i) => i !== c.sinksAssign && i.match(splitApi(p)).length > 0);
      if (any) expect(c.callPatterns.mayMatchPath(p), p).toBe(true);
    }
    // The point of the test: most paths are ruled out without a split.
    expect(skipped).toBeGreaterThan(PATHS.length);
  });

  it('handles patterns ending in * by their first segment', () => {
    const idx = new SegIndex<string>();
    idx.add('@socketio.message.*', 'a');
    idx.add('*.innerHTML', 'b');
    expect(idx.mayMatchPath('@socketio.message.text')).toBe(true);
    expect(idx.match(splitApi('@socketio.message.text'))).toEqual(['a']);
    expect(idx.mayMatchPath('el.innerHTML')).toBe(true);
    expect(idx.mayMatchPath('el.outerHTML')).toBe(false);
    expect(idx.match(splitApi('el.outerHTML'))).toEqual([]);
  });
});

function state(env: Map<string, Value>): State {
  const frame = { scope: {}, closure: null, mode: 'plain', targets: [], inline: 0, stack: new Set() } as unknown as Frame;
  return { env, frame, ref: EMPTY_REF, own: true };
}

describe('copy-on-write environments', () => {
  it('a fork shares the map until one side writes; the writer copies', () => {
    const a: Value = { lit: 'a' };
    const b: Value = { lit: 'b' };
    const st = state(new Map([['x', a]]));
    const br = fork(st);
    expect(br.env).toBe(st.env);
    envSet(br, 'x', b);
    expect(br.env).not.toBe(st.env);
    expect(st.env.get('x')).toBe(a);
    expect(br.env.get('x')).toBe(b);
    // The parent, no longer sole owner, copies on its own next write too.
    const before = br.env;
    envSet(st, 'y', b);
    expect(br.env).toBe(before);
    expect(br.env.has('y')).toBe(false);
  });

  it('joins without a change return the first map itself, and its state does not own it', () => {
    const v: Value = { lit: 'a' };
    const m = new Map([['x', v]]);
    expect(joinEnvs(m, new Map(m))).toBe(m);
    const s1 = state(m);
    const s2 = fork(s1);
    const j = joinStates(s1, s2)!;
    expect(j.env).toBe(m);
    expect(j.own).toBe(false);
    envSet(j, 'z', v);
    expect(m.has('z')).toBe(false);
  });

  it('joins keep both sides (literal identity lost, new names kept)', () => {
    const m1 = new Map<string, Value>([['x', { lit: 'a' }]]);
    const m2 = new Map<string, Value>([['x', { lit: 'b' }], ['y', { lit: 'c' }]]);
    const j = joinEnvs(m1, m2);
    expect(j).not.toBe(m1);
    expect(j.get('x')!.lit).toBeUndefined();
    expect(j.get('y')!.lit).toBe('c');
    expect(m1.size).toBe(1);
  });
});

describe('buildScopes', () => {
  it('finds functions, declarations and self-calls under every kind of node it does not descend into itself', () => {
    const src = `// @ts-nocheck
import { a as b } from 'm';
@Dec(() => 1) class K { @Prop(function inner() {}) p = 1; m(x) { const y = x; return [y].map((z) => z); } }
const o = { f: async function* g(p) { yield p; }, ['k' + 1]: () => {}, [\`t\${(() => 2)()}\`]: 1 };
function rec(n) { try { rec(n - 1); } catch ({ message }) { let q; } }
label: for (const [i, { j }] of []) { var w = class { s = () => i; }; }
export default (u = () => 0) => u;`;
    const o = parseSource('s.ts', src);
    if (!o.ok) throw new Error(o.message);
    const info = buildScopes(o.file.program as unknown as AnyNode);
    const names = info.functions.map((f) => info.scopes.get(f)!.name);
    expect(names).toEqual(['<anonymous>', 'inner', 'm', '<anonymous>', 'g', '<computed>', '<anonymous>', 'rec', 's', '<anonymous>', '<anonymous>']);
    const root = info.scopes.get(info.program)!;
    expect([...root.declared].sort()).toEqual(['K', 'b', 'i', 'j', 'o', 'rec', 'w']);
    const rec = info.functions.find((f) => info.scopes.get(f)!.name === 'rec')!;
    expect(info.scopes.get(rec)!.selfCalls).toBe(true);
    expect([...info.scopes.get(rec)!.declared].sort()).toEqual(['message', 'n', 'q']);
    expect(info.classes).toHaveLength(2);
  });
});

describe('imported names that are Object.prototype members', () => {
  it('an import or member named constructor/toString is an ordinary export name (no crash, nothing invented)', () => {
    const lib: FileExports = { functions: { toString: { toReturn: [{ param: 0, steps: [] }], toSink: [], sourceReturn: [] } }, values: { hasOwnProperty: 'pg.Pool()' } };
    const r = run(`import express from 'express';
import { constructor, toString, hasOwnProperty, valueOf } from './lib';
import * as lib from './lib';
import { exec } from 'child_process';
const app = express();
app.get('/', (req, res) => {
  exec(toString(req.query.a));
  exec(constructor(req.query.b));
  lib.valueOf(req.query.c).startsWith('x');
  lib.constructor.name.startsWith('y');
  hasOwnProperty.query(valueOf);
});
export const toLocaleString = (x) => exec(x);
export { toString as constructor };`, { imported: { './lib': lib } });
    expect(r.truncated).toEqual([]);
    // toString's summary returns its argument: a flow; constructor is not exported by ./lib (default propagation: also a flow).
    expect(brief(r).map((b) => b.sink)).toEqual([7, 8]);
    const out = run(`export function constructor(a) { return a; }
export function toString(b) { return b; }
module.exports.valueOf = function (c) { return c; };`);
    expect(Object.keys(out.exports.functions).sort()).toEqual(['constructor', 'toString', 'valueOf']);
    expect(out.truncated).toEqual([]);
  });
});
