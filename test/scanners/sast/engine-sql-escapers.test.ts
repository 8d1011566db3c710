/** mysql / sqlstring escaping is the SQL encoder: the escaped value is inert in the query text. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run, type RunOpts } from './engine-helpers.js';

const lines = (code: string, opts: RunOpts = {}) =>
  brief(run(code, { models: MODELS, path: 'orders.js', ...opts })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `const express = require('express');
const mysql = require('mysql');
const SqlString = require('sqlstring');
const sqlstring = require('sqlstring');
const app = express();
`;

describe('SQL escaping by mysql and sqlstring', () => {
  it('module-level escape functions clean the value; the unescaped one is still reported', () => {
    expect(lines(`${HEAD}const conn = mysql.createConnection({ host: 'db' });
app.get('/a', (req, res) => conn.query('SELECT * FROM orders WHERE ref = ' + mysql.escape(req.query.ref)));
app.get('/b', (req, res) => conn.query('SELECT * FROM orders WHERE ref = ' + SqlString.escape(req.query.ref)));
app.get('/c', (req, res) => conn.query(\`SELECT * FROM orders WHERE ref = \${sqlstring.escape(req.query.ref)}\`));
app.get('/d', (req, res) => conn.query('SELECT * FROM orders ORDER BY ' + mysql.escapeId(req.query.col)));
app.get('/e', (req, res) => conn.query('SELECT * FROM orders WHERE ref = ' + req.query.ref));`)).toEqual(['11:sql-injection']);
  });

  it('escape on a connection or pool, in this file or imported from another one', () => {
    const db = { './db': { functions: {}, values: { conn: 'mysql.createConnection()', pool: 'mysql.createPool()' } } };
    expect(lines(`${HEAD}const { conn, pool } = require('./db');
app.get('/a', (req, res) => conn.query('SELECT * FROM orders WHERE ref = ' + conn.escape(req.query.ref)));
app.get('/b', (req, res) => pool.query('SELECT * FROM orders WHERE ref = ' + pool.escape(req.body.ref)));
app.get('/c', (req, res) => pool.query('SELECT * FROM orders WHERE ref = ' + req.body.ref));`, { imported: db })).toEqual(['9:sql-injection']);
  });

  it('a connection the engine cannot resolve, named like one', () => {
    expect(lines(`${HEAD}const db = require('./db');
app.get('/a', (req, res) => db.connection.query('SELECT * FROM orders WHERE ref = ' + db.connection.escape(req.query.ref)));
function find(connection, ref) { return connection.query('SELECT * FROM orders WHERE ref = ' + connection.escape(ref)); }
app.get('/b', (req, res) => find(db.connection, req.query.ref));
app.get('/c', (req, res) => db.connection.query('SELECT * FROM orders WHERE ref = ' + req.query.ref));`)).toEqual(['10:sql-injection']);
  });

  it('format(sql, values) escapes the values; SQL text built from input is still reported', () => {
    expect(lines(`${HEAD}const conn = mysql.createConnection({ host: 'db' });
app.get('/a', (req, res) => conn.query(mysql.format('SELECT * FROM orders WHERE ref = ? AND user = ?', [req.query.ref, req.user.id])));
app.get('/b', (req, res) => conn.query(SqlString.format('SELECT * FROM ?? WHERE id = ?', ['orders', req.params.id])));
app.get('/c', (req, res) => conn.query(mysql.format('SELECT * FROM orders ORDER BY ' + req.query.sort + ' LIMIT ?', [10])));`)).toEqual(['9:sql-injection']);
  });

  it('pg-format quotes its values; a format string built from input is still reported', () => {
    expect(lines(`const express = require('express');
const { Pool } = require('pg');
const format = require('pg-format');
const pool = new Pool();
const app = express();
app.get('/a', (req, res) => pool.query(format('SELECT * FROM %I WHERE name = %L', 'orders', req.query.name)));
app.get('/b', (req, res) => pool.query(format.withArray('SELECT * FROM orders WHERE id IN (%L)', [req.query.ids])));
app.get('/c', (req, res) => pool.query(format('SELECT * FROM orders ORDER BY ' + req.query.sort + ' LIMIT %L', 10)));`)).toEqual(['8:sql-injection']);
  });

  it("a project's own function named escape is not taken as a SQL escaper", () => {
    expect(lines(`${HEAD}const conn = mysql.createConnection({ host: 'db' });
const util = require('./util');
function escape(s) { return String(s).replace(/</g, '&lt;'); }
app.get('/a', (req, res) => conn.query('SELECT * FROM orders WHERE ref = ' + escape(req.query.ref)));`)).toEqual(['9:sql-injection']);
  });
});
