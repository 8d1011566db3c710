/** An allow-list check on a member path holds for later reads of that path however they are spelled. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'src/report.js' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const express = require('express');
const { Pool } = require('pg');
const db = new Pool();
const app = express();
const COLUMNS = ['title', 'created_at', 'price'];
`;

describe('guard on a member path, read back through another spelling', () => {
  it('destructuring and an alias of the object see the allow-list check', () => {
    expect(lines(`${HEAD}app.get('/a/:col', (req, res) => {
  if (!COLUMNS.includes(req.params.col)) return res.sendStatus(400);
  const { col } = req.params;
  db.query('SELECT * FROM items ORDER BY ' + col);
});
app.get('/b/:col', (req, res) => {
  if (!COLUMNS.includes(req.params.col)) return res.sendStatus(400);
  const p = req.params;
  db.query('SELECT * FROM items ORDER BY ' + p.col);
});
app.get('/c', (req, res) => {
  const q = req.query;
  if (!COLUMNS.includes(q.sort)) { res.sendStatus(400); return; }
  const { sort: column } = q;
  db.query(\`SELECT * FROM items ORDER BY \${column}\`);
});`)).toEqual([]);
  });

  it('other fields of the checked object and unchecked routes stay tainted', () => {
    expect(lines(`${HEAD}app.get('/a/:col/:dir', (req, res) => {
  if (!COLUMNS.includes(req.params.col)) return res.sendStatus(400);
  const { col, dir } = req.params;
  db.query('SELECT * FROM items ORDER BY ' + col + ' ' + dir);
});
app.get('/b/:col', (req, res) => {
  if (COLUMNS.includes(req.params.col)) console.log('known column');
  const { col } = req.params;
  db.query('SELECT * FROM items ORDER BY ' + col);
});
app.get('/c/:col', (req, res) => {
  if (!COLUMNS.includes(req.params.col)) return res.sendStatus(400);
  const p = req.params;
  db.query('SELECT * FROM items WHERE owner = ' + p.owner);
});
app.get('/d', (req, res) => {
  if (!COLUMNS.includes(req.query.col)) return res.sendStatus(400);
  const { col } = req.body;
  db.query('SELECT * FROM items ORDER BY ' + col);
});`)).toEqual(['9:sql-injection', '14:sql-injection', '19:sql-injection', '24:sql-injection']);
  });

  it('a check in the handler holds inside a callback made after it', () => {
    expect(lines(`${HEAD}app.get('/a/:col', (req, res) => {
  if (!COLUMNS.includes(req.params.col)) return res.sendStatus(400);
  setImmediate(() => { const { col } = req.params; db.query('SELECT * FROM items ORDER BY ' + col); });
});`)).toEqual([]);
  });
});
