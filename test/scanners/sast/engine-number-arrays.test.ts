import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `const express = require('express');
const mysql = require('mysql');
const app = express();
const db = mysql.createConnection({});
`;
// Bodies start on line 5.
function flows(body: string) {
  return brief(run(HEAD + body, { models: MODELS, path: 'app.js' })).map((h) => `${h.sink}:${h.kind}`);
}

describe('taint engine: an array of numbers made from text carries no taint', () => {
  for (const conv of ['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat', 'Math.round', '(s) => parseInt(s, 10)', 'function (s) { return Number(s); }']) {
    it(`split(',').map(${conv})`, () => {
      expect(flows(`app.get('/', (req, res) => {
  const ids = req.query.ids.split(',').map(${conv});
  db.query('SELECT * FROM t WHERE id IN (' + ids.join(',') + ')');
});`)).toEqual([]);
    });
  }

  it('Array.from(x, Number)', () => {
    expect(flows(`app.get('/', (req, res) => {
  const ids = Array.from(req.query.ids.split(','), Number);
  db.query('SELECT * FROM t WHERE id IN (' + ids.join(',') + ')');
});`)).toEqual([]);
  });

  it('a map with any other function keeps the taint', () => {
    expect(flows(`app.get('/', (req, res) => {
  const a = req.query.ids.split(',').map(String);
  const b = req.query.ids.split(',').map((s) => s.trim());
  const c = Array.from(req.query.ids.split(','), String);
  const d = Array.from(req.query.ids.split(','));
  db.query('SELECT * FROM t WHERE id IN (' + a.join(',') + ')');
  db.query('SELECT * FROM t WHERE id IN (' + b.join(',') + ')');
  db.query('SELECT * FROM t WHERE id IN (' + c.join(',') + ')');
  db.query('SELECT * FROM t WHERE id IN (' + d.join(',') + ')');
});`)).toEqual(['10:sql-injection', '11:sql-injection', '12:sql-injection', '13:sql-injection']);
  });

  it('an escaping function given to map cleans only its kinds', () => {
    expect(flows(`const escapeHtml = require('escape-html');
app.get('/', (req, res) => {
  const names = req.query.names.split(',').map(escapeHtml);
  res.send('<li>' + names.join('</li><li>') + '</li>');
  db.query("SELECT * FROM t WHERE name IN ('" + names.join("','") + "')");
});`)).toEqual(['9:sql-injection']);
  });
});
