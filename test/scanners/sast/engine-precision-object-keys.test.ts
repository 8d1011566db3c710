/**
 * Precision (issue 5): the keys of an object are not its values. Object.keys / Object.entries /
 * for…in of an object built with constant field names yield those names, clean; an object that is
 * input (or holds a spread or computed-key write of input) still yields input keys.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS }));
}

const HEAD = `const express = require('express');
const { Pool } = require('pg');
const app = express();
const pool = new Pool();
`;

describe('taint engine precision: keys of an object with constant field names', () => {
  it('an UPDATE whose SET names come from Object.entries of fixed fields is clean; the same loop over req.body is SQL injection', () => {
    expect(flows(HEAD + `app.put('/a', async (req, res) => {
  const updates = { title: req.body.title, url: req.body.url };
  if (req.body.owner !== undefined) updates.owner = req.body.owner;
  const sets = []; const values = []; let i = 1;
  for (const [key, value] of Object.entries(updates)) { sets.push(key + ' = $' + i); values.push(value); i++; }
  await pool.query('UPDATE t SET ' + sets.join(', ') + ' WHERE id = 1', values);
});
app.put('/b', async (req, res) => {
  const sets = []; const values = []; let i = 1;
  for (const [key, value] of Object.entries(req.body)) { sets.push(key + ' = $' + i); values.push(value); i++; }
  await pool.query('UPDATE t SET ' + sets.join(', ') + ' WHERE id = 1', values);
});`)).toEqual([{ kind: 'sql-injection', sink: 15, source: 14, label: 'http' }]);
  });

  it('Object.keys and for…in of fixed fields are clean; a spread of the body or a computed-key write of input makes them input', () => {
    expect(flows(HEAD + `app.put('/a', async (req, res) => {
  const o = { name: req.body.name, age: req.body.age };
  await pool.query('UPDATE t SET ' + Object.keys(o).map((k) => k + ' = ?').join(', '));
  for (const k in o) await pool.query('UPDATE t SET ' + k + ' = 1');
});
app.put('/b', async (req, res) => {
  const o = { ...req.body, age: 1 };
  await pool.query('UPDATE t SET ' + Object.keys(o).join(', '));
});
app.put('/c', async (req, res) => {
  const o = {};
  o[req.query.col] = req.query.v;
  for (const k in o) await pool.query('UPDATE t SET ' + k + ' = 1');
});`).map((f) => f.sink)).toEqual([12, 17]);
  });

  it('the values of Object.entries stay input', () => {
    expect(flows(HEAD + `app.put('/a', async (req, res) => {
  const o = { name: req.body.name };
  for (const [k, v] of Object.entries(o)) await pool.query('UPDATE t SET ' + k + " = '" + v + "'");
});`)).toEqual([{ kind: 'sql-injection', sink: 7, source: 6, label: 'http' }]);
  });
});
