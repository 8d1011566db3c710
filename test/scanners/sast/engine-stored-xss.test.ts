import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import type { SourceLabel } from '../../../src/scanners/sast/models/types.js';
import { brief, run } from './engine-helpers.js';

const LABELS: ReadonlySet<SourceLabel> = new Set(['http', 'browser', 'message', 'library-input', 'stored']);

function hits(src: string, labels = LABELS) {
  return brief(run(src, { path: 'src/server.js', models: MODELS, labels })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: stored XSS (rows read back from the database)', () => {
  it('a row field glued into markup and sent is XSS; escaped, JSON and the whole rows array are not', () => {
    expect(hits(`const express = require('express');
const Database = require('better-sqlite3');
const escapeHtml = require('escape-html');
const db = new Database('notes.db');
const app = express();
app.get('/notes/:id', (req, res) => {
  const note = db.prepare('SELECT * FROM notes WHERE id = ?').get(req.params.id);
  res.send('<h1>Note</h1><div>' + note.body + '</div>');
});
app.get('/safe/:id', (req, res) => {
  const note = db.prepare('SELECT * FROM notes WHERE id = ?').get(req.params.id);
  res.send('<div>' + escapeHtml(note.body) + '</div>');
});
app.get('/api/notes', (req, res) => {
  const notes = db.prepare('SELECT * FROM notes').all();
  res.json(notes);
  res.send(notes);
});`)).toEqual(['xss@8']);
  });

  it('a text field of a row sent whole is HTML (Express sends a string as text/html); a row or the rows whole are JSON', () => {
    expect(hits(`const express = require('express');
const { Pool } = require('pg');
const Database = require('better-sqlite3');
const pool = new Pool();
const db = new Database('users.db');
const app = express();
app.get('/bio/:id', (req, res) => {
  const rows = db.prepare('SELECT bio FROM users WHERE id = ?').all(req.params.id);
  res.send(rows[0].bio);
});
app.get('/about/:id', async (req, res) => {
  const r = await pool.query('SELECT about FROM users WHERE id = $1', [req.params.id]);
  const { about } = r.rows[0];
  res.send(about);
});
app.get('/sig/:id', (req, res) => {
  const user = db.prepare('SELECT * FROM users WHERE id = ?').get(req.params.id);
  res.end(user['signature']);
});
app.get('/api/users/:id', async (req, res) => {
  const rows = db.prepare('SELECT * FROM users').all();
  const row = rows[0];
  const r = await pool.query('SELECT * FROM users');
  res.send(rows);
  res.json(row);
  res.send(row);
  res.send(r.rows);
  res.send(r.rows[0]);
  res.send({ bio: row.bio });
  res.json(row.bio);
});`)).toEqual(['xss@9', 'xss@14', 'xss@18']);
  });

  it('an array mapped from rows and sent whole is JSON; joined into text it is HTML', () => {
    expect(hits(`const express = require('express');
const Database = require('better-sqlite3');
const db = new Database('users.db');
const app = express();
app.get('/names', (req, res) => {
  const rows = db.prepare('SELECT name FROM users').all();
  const names = rows.map((r) => r.name);
  res.send(rows.map((r) => r.name));
  res.send(names);
  res.send(names.join(', '));
  res.send('<ul>' + rows.map((r) => '<li>' + r.name + '</li>').join('') + '</ul>');
});`)).toEqual(['xss@10', 'xss@11']);
  });

  it("rows handed to a driver's callback (second parameter) are stored data; the error first is not", () => {
    expect(hits(`const express = require('express');
const sqlite3 = require('sqlite3');
const mysql = require('mysql');
const mongoose = require('mongoose');
const escapeHtml = require('escape-html');
const db = new sqlite3.Database('app.db');
const conn = mysql.createConnection({});
const Post = mongoose.model('Post', new mongoose.Schema({ title: String }));
const app = express();
app.get('/a', (req, res) => {
  db.all('SELECT name FROM users', [], (err, rows) => {
    res.send('<ul>' + rows.map((r) => '<li>' + r.name + '</li>').join('') + '</ul>');
  });
});
app.get('/b/:id', (req, res) => {
  db.get('SELECT bio FROM users WHERE id = ?', [req.params.id], (err, row) => {
    res.send(row.bio);
  });
});
app.get('/c', (req, res) => {
  conn.query('SELECT text FROM comments', (err, results) => {
    res.send('<p>' + results[0].text + '</p>');
  });
});
app.get('/d', (req, res) => {
  Post.find({}, (err, docs) => {
    res.send(\`<h1>\${docs[0].title}</h1>\`);
  });
});
app.get('/e/:id', (req, res) => {
  db.get('SELECT * FROM users WHERE id = ?', [req.params.id], (err, row) => {
    if (err) return res.send('<p>' + err.message + '</p>');
    res.send(row);
    res.send('<p>' + escapeHtml(row.bio) + '</p>');
  });
  conn.query('SELECT * FROM comments', (err, results) => {
    res.json(results);
  });
  Post.find({}, (err, docs) => res.send(docs));
});`)).toEqual(['xss@12', 'xss@17', 'xss@22', 'xss@27']);
  });

  it('stored data counts for XSS only: a row in SQL text, a path or a command is not reported', () => {
    expect(hits(`const { Pool } = require('pg');
const fs = require('fs');
const cp = require('child_process');
const app = require('express')();
const pool = new Pool();
app.get('/jobs', async (req, res) => {
  const r = await pool.query('SELECT name, dir FROM jobs');
  const row = r.rows[0];
  await pool.query("SELECT * FROM t WHERE name = '" + row.name + "'");
  fs.readFileSync(row.dir + '/out.txt');
  cp.exec('ls ' + row.dir);
  res.send('<b>' + row.name + '</b>');
});`)).toEqual(['xss@12']);
  });

  it('Mongoose documents shown raw are XSS; without the stored label they are not', () => {
    const src = `const mongoose = require('mongoose');
const express = require('express');
const Post = mongoose.model('Post', new mongoose.Schema({ title: String, body: String }));
const app = express();
app.get('/posts/:id', async (req, res) => {
  const post = await Post.findById(req.params.id);
  res.send(\`<article><h1>\${post.title}</h1>\${post.body}</article>\`);
});`;
    expect(hits(src)).toEqual(['xss@7']);
    expect(hits(src, new Set<SourceLabel>(['http', 'browser', 'message', 'library-input']))).toEqual([]);
  });

  it("a query that is also a SQL or NoSQL sink still returns its rows (its own result, not its arguments' taint)", () => {
    expect(hits(`const mysql = require('mysql2/promise');
const mongoose = require('mongoose');
const app = require('express')();
const pool = mysql.createPool({});
const Comment = mongoose.model('Comment', new mongoose.Schema({ text: String }));
app.get('/c', async (req, res) => {
  const [rows] = await pool.query('SELECT text FROM comments WHERE post = ?', [req.query.post]);
  const list = await Comment.find({ post: String(req.query.post) });
  res.write('<ul>' + rows.map((r) => '<li>' + r.text + '</li>').join('') + '</ul>');
  res.end('<p>' + list[0].text + '</p>');
});
app.get('/q', async (req, res) => {
  const [rows] = await pool.query('SELECT 1');
  res.send('Found ' + rows.length + ' rows');
});`)).toEqual(['xss@9', 'xss@10']);
  });
});
