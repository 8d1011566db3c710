import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'node:child_process';
import validator from 'validator';
import escapeHtml from 'escape-html';
const app = express();
`;

/** Findings as kind@line (line 6 is the first line after HEAD). */
function hits(body: string): string[] {
  return brief(run(HEAD + body, { models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: a guard that one of several checks passed', () => {
  it('!a(h) && !b(h) leading to an exit, or !(a(h) || b(h)), leaves h checked by one of them', () => {
    expect(hits(`app.get('/a', (req, res) => {
  const h = String(req.query.h);
  if (!validator.isIP(h) && !validator.isFQDN(h)) return res.status(400).end();
  exec('ping -c 1 ' + h);
});
app.get('/b', (req, res) => {
  const h = String(req.query.h);
  if (!(validator.isIP(h) || validator.isFQDN(h))) return;
  exec('ping -c 1 ' + h);
});
app.get('/c', (req, res) => {
  const h = req.query.h;
  if (validator.isIP(h) || /^[a-z0-9.-]+$/.test(h)) exec('ping -c 1 ' + h);
});
app.get('/d', (req, res) => {
  const n = req.query.n;
  if (!validator.isInt(n) && !['all', 'none'].includes(n)) return;
  exec('count ' + n);
});`)).toEqual([]);
  });

  it('a side that checks something else, or nothing, leaves h as it was', () => {
    expect(hits(`app.get('/a', (req, res) => {
  const h = String(req.query.h);
  const g = String(req.query.g);
  if (!validator.isIP(g) && !validator.isFQDN(h)) return;
  exec('ping -c 1 ' + h);
});
app.get('/b', (req, res) => {
  const h = String(req.query.h);
  if (!validator.isIP(h) && h.length > 3) return;
  exec('ping -c 1 ' + h);
});
app.get('/c', (req, res) => {
  const h = req.query.h;
  if (validator.isIP(h) || req.query.force) exec('ping -c 1 ' + h);
});`)).toEqual(['command-injection@10', 'command-injection@15', 'command-injection@19']);
  });

  it('clean only for what both sides clean: a string type check on one side (NoSQL only), an allow-list on the other', () => {
    expect(hits(`const MODES = ['a', 'b'];
app.get('/a', async (req, res) => {
  const m = req.body.m;
  if (typeof m !== 'string' && !MODES.includes(m)) return;
  await db.collection('t').find({ mode: m }).toArray();
  exec('run ' + m);
});
app.get('/b', async (req, res) => {
  const m = req.body.m;
  if (typeof m !== 'string' && m !== undefined) return;
  await db.collection('t').find({ mode: m }).toArray();
});`)).toEqual(['command-injection@11', 'nosql-injection@16']);
  });
});
