/** Precision on application code (issue 5): false-positive classes a new user sees, each with a flagged and a clean case, on the shipped models. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS }));
}

describe('taint engine precision: a database result is not its arguments', () => {
  it('rows from a parameterised pg query are clean; the concatenated query text is still SQL injection', () => {
    expect(flows(`const express = require('express');
const { Pool } = require('pg');
const app = express();
const pool = new Pool();
app.get('/a', async (req, res) => { const r = await pool.query('SELECT name FROM t WHERE n = $1', [req.query.n]); res.send('<p>' + r.rows[0].name + '</p>'); });
app.get('/b', async (req, res) => { const { rows } = await pool.query('SELECT x FROM t WHERE n = $1', [req.query.n]); await pool.query('SELECT * FROM u WHERE x = ' + rows[0].x); });
app.get('/c', async (req, res) => { await pool.query('SELECT * FROM t WHERE n = ' + req.query.n); });`))
      .toEqual([{ kind: 'sql-injection', sink: 7, source: 7, label: 'http' }]);
  });

  it('mysql2 and better-sqlite3 results are clean; request data sent next to them is still XSS', () => {
    expect(flows(`const express = require('express');
const mysql = require('mysql2/promise');
const Database = require('better-sqlite3');
const app = express();
const conn = mysql.createPool({});
const db = new Database('a.db');
app.get('/a', async (req, res) => { const [rows] = await conn.execute('SELECT name FROM t WHERE id = ?', [req.query.id]); res.send('<b>' + rows[0].name + '</b>'); });
app.get('/b', (req, res) => { const row = db.prepare('SELECT name FROM t WHERE id = ?').get(req.query.id); res.send('<b>' + row.name + '</b>'); });
app.get('/c', (req, res) => { res.send('<b>' + req.query.id + '</b>'); });`))
      .toEqual([{ kind: 'xss', sink: 9, source: 9, label: 'http' }]);
  });
});

describe('taint engine precision: objects sent as JSON', () => {
  it('Koa ctx.body set to an object (nested too) is JSON; a string body built from input is XSS', () => {
    expect(flows(`const Koa = require('koa');
const app = new Koa();
app.use(async (ctx) => { ctx.body = { success: true, data: ctx.query.q }; });
app.use(async (ctx) => { ctx.body = { items: [{ name: ctx.query.q }] }; });
app.use(async (ctx) => { ctx.body = '<h1>' + ctx.query.q + '</h1>'; });`))
      .toEqual([{ kind: 'xss', sink: 5, source: 5, label: 'http' }]);
  });

  it('Express res.send of an object and res.json are JSON; res.send of text is XSS', () => {
    expect(flows(`const express = require('express');
const app = express();
app.get('/a', (req, res) => { res.send({ name: req.query.n }); });
app.get('/b', (req, res) => { res.status(200).send({ items: [{ name: req.query.n }] }); });
app.get('/c', (req, res) => { res.json({ name: req.query.n }); });
app.get('/d', (req, res) => { res.send('Hello ' + req.query.n); });`))
      .toEqual([{ kind: 'xss', sink: 6, source: 6, label: 'http' }]);
  });
});

describe('taint engine precision: NoSQL operators', () => {
  it('a Sequelize where filter and a route parameter are no operator injection; a Mongo filter from the body is', () => {
    expect(flows(`const express = require('express');
const app = express();
app.post('/a', async (req, res) => { await User.findOne({ where: { username: req.body.username } }); res.end(); });
app.get('/b/:id', async (req, res) => { await User.findOne({ no: req.params.id }); res.end(); });
app.post('/c', async (req, res) => { await User.findOne({ username: req.body.username }); res.end(); });`))
      .toEqual([{ kind: 'nosql-injection', sink: 5, source: 5, label: 'http' }]);
  });
});

describe('taint engine precision: log injection', () => {
  it('an object or a structured field is logged through util.inspect or as JSON; a concatenated message is not', () => {
    expect(flows(`const express = require('express');
const app = express();
app.get('/a', (req, res) => { console.log('request', { body: req.body, q: req.query }); res.end(); });
app.get('/b', (req, res) => { logger.info('user', { user: req.query.user }); res.end(); });
app.get('/c', (req, res) => { console.log('login for ' + req.query.user); res.end(); });`))
      .toEqual([{ kind: 'log-injection', sink: 5, source: 5, label: 'http' }]);
  });
});
