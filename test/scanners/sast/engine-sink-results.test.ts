/**
 * A sink's result: what a parser, deserializer, template compiler or evaluator returns is made of
 * its input (second-order flows: yaml.load(body) then into SQL); a query's, a logger's or a
 * writer's result is not the data it took.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const hits = (code: string) => brief(run(code, { models: MODELS, path: 'routes.js' })).map((h) => `${h.sink}:${h.kind}`);
const sql = (code: string) => hits(code).filter((h) => h.endsWith(':sql-injection'));

const HEAD = `const express = require('express');
const yaml = require('js-yaml');
const serialize = require('node-serialize');
const mysql = require('mysql');
const db = mysql.createConnection({});
const app = express();
`;

describe("taint engine: a sink's result", () => {
  it('a deserialized document, a parsed XML tree and an evaluated expression keep the input: into SQL they flag', () => {
    expect(hits(`${HEAD}app.post('/a', (req, res) => { const doc = yaml.load(req.body.cfg); db.query('SELECT * FROM t WHERE n = ' + doc.name); res.end(); });
app.post('/b', (req, res) => { const o = serialize.unserialize(req.cookies.p); db.query('SELECT * FROM t WHERE n = ' + o.name); res.end(); });
app.post('/c', (req, res) => { const v = eval(req.body.expr); db.query('SELECT * FROM t WHERE n = ' + v); res.end(); });`))
      .toEqual(['7:deserialization', '7:sql-injection', '8:deserialization', '8:sql-injection', '9:code-injection', '9:sql-injection']);
  });

  it("a query's result and a logger's return value are not the data they took: only the first query flags SQL", () => {
    expect(sql(`${HEAD}app.post('/a', (req, res) => { const r = db.query('SELECT * FROM t WHERE n = ' + req.body.n); db.query('SELECT * FROM u WHERE id = ' + r.insertId); res.end(); });
app.post('/b', (req, res) => { const x = console.log(req.body.n); db.query('SELECT * FROM t WHERE n = ' + x); res.end(); });`)).toEqual(['7:sql-injection']);
  });

  it('a module loaded by a request-chosen name is code, not the name: sending it is not XSS', () => {
    expect(hits(`${HEAD}app.get('/r/:f', (req, res) => { const m = require('./renderers/' + req.params.f); res.send(m.render()); });`))
      .toEqual(['7:code-injection']);
  });
});
