import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames, apiMatches, moduleApiName } from '../../../src/scanners/sast/ir/api-names.js';
import { walk, type AnyNode } from '../../../src/scanners/sast/parse/walk.js';

function pathsIn(src: string): Record<string, string> {
  const o = parseSource('a.ts', src);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  const out: Record<string, string> = {};
  walk(o.file.program as unknown as AnyNode, (n: any) => {
    if (n.type === 'CallExpression') {
      const p = api.pathOf(n.callee);
      if (p) out[src.slice(n.callee.start, n.callee.end)] = p;
    }
    if (n.type === 'AssignmentExpression') {
      const p = api.pathOf(n.left);
      if (p) out[src.slice(n.left.start, n.left.end)] = p;
    }
  });
  return out;
}

describe('ApiNames', () => {
  it("a module's default member is the module (TypeScript's CommonJS interop), other members are not", () => {
    const p = pathsIn(`import * as axios from 'axios'; import * as express from 'express';
axios.default.get(u); require('got').default(u); express.default(); axios.defaults.headers.get(x); express.static(d);`);
    expect(p).toMatchObject({
      'axios.default.get': 'axios.get',
      "require('got').default": 'got',
      'express.default': 'express',
      'axios.defaults.headers.get': 'axios.defaults.headers.get',
      'express.static': 'express.static',
    });
  });

  it('resolves imports, requires, destructuring, const chains and globals', () => {
    const p = pathsIn(`import express from 'express'; import { exec as run } from 'node:child_process'; import * as fsp from 'fs/promises';
const cp = require('child_process'); const { execSync, spawn: sp } = require('child_process'); const util = require('util');
const app = express(); const router = express.Router(); const ex = util.promisify(cp.exec);
app.get('/', (req, res) => { run(x); fsp.readFile(x); window.location.href = 1; document.write(1); ex('a'); router.post(); execSync(); sp(); eval(s); });`);
    expect(p).toMatchObject({
      'app.get': 'express().get',
      run: 'child_process.exec',
      'fsp.readFile': 'fs.promises.readFile',
      'window.location.href': 'location.href',
      'document.write': 'document.write',
      ex: 'child_process.exec',
      'router.post': 'express.Router().post',
      execSync: 'child_process.execSync',
      sp: 'child_process.spawn',
      eval: 'eval',
    });
  });

  it('does not take declared names for globals', () => {
    const p = pathsIn(`function f(location, eval) { location.assign(x); eval(y); }`);
    expect(p).toEqual({});
  });

  it('matches patterns with wildcards and alternatives', () => {
    expect(apiMatches('express().{get,post}', 'express().get')).toBe(true);
    expect(apiMatches('express().{get,post}', 'express().use')).toBe(false);
    expect(apiMatches('@http.request.*', '@http.request.query')).toBe(true);
    expect(apiMatches('fs.*', 'fs.promises.readFile')).toBe(false);
    expect(apiMatches('*.innerHTML', 'el.innerHTML')).toBe(true);
    expect(moduleApiName('node:fs/promises')).toBe('fs.promises');
    expect(moduleApiName('@aws-sdk/client-s3')).toBe('@aws-sdk/client-s3');
  });
});
