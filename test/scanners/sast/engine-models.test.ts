import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

describe('taint engine with the shipped models on an Express app', () => {
  it('finds the injections and leaves the guarded and parameterised code alone', () => {
    const r = run(`const express = require('express');
const { exec } = require('child_process');
const path = require('path');
const fs = require('fs');
const mysql = require('mysql');
const app = express();
const db = mysql.createConnection({});
const ROOT = path.join(__dirname, 'public');

app.get('/ping', (req, res) => {
  exec('ping -c 1 ' + req.query.host, (err, out) => res.send(out));
});
app.get('/user', (req, res) => {
  db.query('SELECT * FROM users WHERE id = ' + req.query.id, (e, rows) => res.json(rows));
  db.query('SELECT * FROM users WHERE id = ?', [req.query.id], (e, rows) => res.json(rows));
});
app.get('/file', (req, res) => {
  const p = path.resolve(ROOT, req.query.name);
  if (!p.startsWith(ROOT)) return res.status(403).end();
  fs.readFile(p, (e, data) => res.send(data));
});
app.get('/hello', (req, res) => {
  res.send('<h1>Hello ' + req.query.name + '</h1>');
  res.send('<h1>Hello ' + Number(req.query.n) + '</h1>');
});
app.get('/go', (req, res) => res.redirect(req.query.next));
app.listen(3000);`, { models: MODELS, path: 'app.js' });
    const kinds = brief(r).map((h) => `${h.sink}:${h.kind}`);
    expect(kinds).toEqual(['11:command-injection', '14:sql-injection', '23:xss', '26:open-redirect']);
  });
});
