import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import type { SourceLabel } from '../../../src/scanners/sast/models/types.js';
import { brief, run } from './engine-helpers.js';

const LABELS: ReadonlySet<SourceLabel> = new Set(['http', 'browser', 'message', 'library-input', 'stored']);

function hits(src: string, labels = LABELS) {
  return brief(run(src, { path: 'src/routes.js', models: MODELS, labels })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: rows of a query on a database object known only by its name', () => {
  it('rows of the project wrapper db.query built into an HTML table and sent are stored XSS', () => {
    expect(hits(`const Store = require('./store');
async function listPeople(req, res) {
  const db = new Store();
  const result = await db.query('SELECT name, city FROM people');
  const rows = result.rows.map((p) => '<tr><td>' + p.name + '</td><td>' + p.city + '</td></tr>').join('');
  res.send('<table>' + rows + '</table>');
}
function listTags(req, res) {
  this.pool.execute('SELECT label FROM tags', (err, tags) => {
    res.send('<ul>' + tags.map((t) => \`<li>\${t.label}</li>\`).join('') + '</ul>');
  });
}
module.exports = { listPeople, listTags };`)).toEqual(['xss@6', 'xss@10']);
  });

  it('escaped rows, rows sent as JSON, a write result and the rows with stored data turned off are clean', () => {
    const src = `const Store = require('./store');
const escapeHtml = require('escape-html');
async function listPeople(req, res) {
  const db = new Store();
  const result = await db.query('SELECT name FROM people');
  res.send('<ul>' + result.rows.map((p) => '<li>' + escapeHtml(p.name) + '</li>').join('') + '</ul>');
  res.json(result.rows);
}
async function rename(req, res) {
  const info = await db.execute('UPDATE people SET name = ? WHERE id = ?', [req.body.name, req.params.id]);
  res.send('<p>' + info.affectedRows + ' renamed</p>');
}
async function names(req, res) {
  const result = await db.query('SELECT name FROM people');
  res.send('<b>' + result.rows[0].name + '</b>');
}
module.exports = { listPeople, rename, names };`;
    expect(hits(src)).toEqual(['xss@15']);
    expect(hits(src, new Set(['http', 'browser', 'message', 'library-input']))).toEqual([]);
  });
});
