/**
 * App shapes the engine missed: a connection taken from a mysql pool (`await pool.getConnection()`),
 * and a code sample that reads a free `req` with no handler around it.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string, path?: string) {
  return brief(run(src, { models: MODELS, ...(path ? { path } : {}) }));
}

describe('a pooled mysql connection queries like the pool', () => {
  it('await pool.getConnection() then connection.query(request text): flagged; with bound values: clean', () => {
    expect(flows(`const express = require('express');
const mysql = require('mysql2/promise');
const router = express.Router();
const pool = mysql.createPool({ host: 'db' });
router.post('/run', async (req, res) => {
  const connection = await pool.getConnection();
  const [rows] = await connection.query(req.body.query);
  const [one] = await connection.query('SELECT * FROM t WHERE id = ?', [req.body.id]);
  connection.release();
  res.json({ rows, one });
});`)).toEqual([{ kind: 'sql-injection', sink: 7, source: 7, label: 'http' }]);
  });
});

describe('a free req in a code sample is the request', () => {
  it('module-level req.query into execSync: flagged', () => {
    expect(flows(`import { execSync } from 'child_process';
const cmd = req.query.cmd;
execSync(cmd);
execSync('ls -l');`, 'snippet.ts')).toEqual([{ kind: 'command-injection', sink: 3, source: 2, label: 'http' }]);
  });

  it('a req declared in the file (an outgoing client request) is not the incoming one: clean', () => {
    expect(flows(`const { execSync } = require('child_process');
const http = require('http');
const req = http.request({ host: 'example.com', path: '/x' });
execSync('echo ' + req.path);`)).toEqual([]);
  });
});

describe("an fs error quotes the path it was given", () => {
  it('err.message of a read of a request path sent as HTML: XSS; of a numeric path, or only logged: clean', () => {
    expect(flows(`const express = require('express');
const fs = require('fs');
const app = express();
app.get('/a', (req, res) => {
  fs.readFile('/srv/files/' + req.query.name, 'utf8', (err, data) => {
    if (err) return res.status(500).send(err.message);
    res.type('text').send(data);
  });
});
app.get('/b', (req, res) => {
  fs.readFile('/srv/files/' + Number(req.query.id), 'utf8', (err, data) => {
    console.log('read failed', err);
    if (err) return res.status(500).send(err.message);
    res.type('text').send(data);
  });
});`).filter((f) => f.kind !== 'path-traversal')).toEqual([{ kind: 'xss', sink: 6, source: 5, label: 'http' }]);
  });
});
