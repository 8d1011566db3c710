import { describe, expect, it } from 'vitest';
import { parseSource, type ParsedFile } from '../../../src/scanners/sast/parse/index.js';
import { walk, type AnyNode } from '../../../src/scanners/sast/parse/walk.js';
import { ApiNames, apiNamesOf } from '../../../src/scanners/sast/ir/api-names.js';
import { factsAndApi } from '../../../src/scanners/sast/rules/ast-facts.js';

function parse(path: string, source: string): ParsedFile {
  const r = parseSource(path, source);
  if (!r.ok) throw new Error(r.message);
  return r.file;
}

/** What an ApiNames answers for every name and expression of the file. */
function answers(file: ParsedFile, api: ApiNames): string[] {
  const out: string[] = [];
  walk(file.program as unknown as AnyNode, (n) => {
    const x = n as AnyNode & Record<string, any>;
    if (x.type === 'Identifier') out.push(`${x.name} ${api.binding(x.name)} ${api.isGlobal(x.name)}`);
    if (x.type === 'MemberExpression' || x.type === 'CallExpression' || x.type === 'NewExpression') out.push(`${x.start} ${api.pathOf(x)}`);
  });
  return out;
}

const SOURCES: Record<string, string> = {
  'esm.ts': `
import express, { Router as R } from 'express';
import * as cp from 'node:child_process';
import type { Request } from 'express';
import { type Response, json } from 'express';
const app = express();
const { exec: run, spawn = cp.spawn } = cp;
const hash = require('crypto').createHash;
export class Service {
  constructor(private readonly db = require('pg').Pool) {}
  go(req: Request, res: Response) {
    try { run(req.query.cmd); } catch (err) { console.log(err); }
    const local = (app) => app.get('/x', json());
    return local;
  }
}
function outer(a, { b, c: [d] }, ...rest) { const fs = require('fs/promises'); return fs.readFile(a); }
`,
  'cjs.js': `
const mysql = require('mysql2'), util = require('util');
const pool = mysql.createPool({});
const q = util.promisify(pool.query);
module.exports = function (req, res) { q('SELECT ' + req.body.id); window.location.href = req.query.to; };
const md5 = require('crypto-js/md5');
md5(req.body.password);
require('crypto-js/sha1')(req.body.password);
let later = express; const express = require('express');
`,
};

describe('ApiNames built by the AST rules facts walk', () => {
  for (const [path, source] of Object.entries(SOURCES)) {
    it(`answers as the ApiNames built by its own walk does (${path})`, () => {
      const own = new ApiNames(parse(path, source).program);
      const file = parse(path, source);
      const { api } = factsAndApi(file);
      expect(answers(file, api)).toEqual(answers(file, own));
      // It becomes the program's ApiNames, so the taint engine does not walk the file again.
      expect(apiNamesOf(file.program)).toBe(api);
    });
  }

  it('an ApiNames built first is reused by the facts pass', () => {
    const file = parse('esm.ts', SOURCES['esm.ts']!);
    const first = apiNamesOf(file.program);
    expect(factsAndApi(file).api).toBe(first);
  });

  it('a curried require call is listed under the API name it resolves to', () => {
    const file = parse('cjs.js', SOURCES['cjs.js']!);
    const { facts } = factsAndApi(file);
    expect(facts.callsByName.get('sha1')?.map((c) => c.path)).toEqual(['crypto-js.sha1']);
    expect(facts.callsByName.get('md5')?.map((c) => c.path)).toEqual(['crypto-js.md5']);
  });
});
