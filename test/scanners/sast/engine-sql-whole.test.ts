/** A request value passed whole as the SQL of a resolved driver call is SQL injection; a library's passthrough and bound values are not. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS }));
}

describe('SQL text taken whole from a request', () => {
  it('pg, mysql2, knex.raw and sequelize.query run a request value as SQL: flagged, through a helper too', () => {
    expect(flows(`const express = require('express');
const { Pool } = require('pg');
const mysql = require('mysql2');
const knex = require('knex')({});
const { Sequelize } = require('sequelize');
const app = express();
const pool = new Pool();
const conn = mysql.createConnection({});
const sequelize = new Sequelize('sqlite::memory:');
function runReport(sql) { return pool.query(sql); }
app.post('/a', (req) => pool.query(req.body.sql));
app.post('/b', (req) => conn.query(req.query.q));
app.post('/c', (req) => knex.raw(req.body.q));
app.post('/d', (req) => sequelize.query(req.body.q));
app.post('/e', (req) => runReport(req.body.report));`))
      .toEqual([
        { kind: 'sql-injection', sink: 10, source: 15, label: 'http' },
        { kind: 'sql-injection', sink: 11, source: 11, label: 'http' },
        { kind: 'sql-injection', sink: 12, source: 12, label: 'http' },
        { kind: 'sql-injection', sink: 13, source: 13, label: 'http' },
        { kind: 'sql-injection', sink: 14, source: 14, label: 'http' },
      ]);
  });

  it('bound values (a values array, a { text, values } config) and a library passing its caller\'s query through are clean', () => {
    expect(flows(`const express = require('express');
const { Pool } = require('pg');
const app = express();
const pool = new Pool();
app.get('/a', (req) => pool.query('SELECT * FROM t WHERE id = $1', [req.query.id]));
app.get('/b', (req) => pool.query({ text: 'SELECT * FROM t WHERE id = $1', values: [req.query.id] }));
app.get('/c', (req) => pool.query({ text: 'SELECT * FROM t WHERE id = ' + req.query.id }));
module.exports.run = function run(sql, params) { return pool.query(sql, params); };`))
      .toEqual([{ kind: 'sql-injection', sink: 7, source: 7, label: 'http' }]);
  });
});
