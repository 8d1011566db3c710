import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'child_process';
const app = express();
`;
// The first line of a body is line 4.
const sinks = (body: string) => [...new Set(brief(run(HEAD + body, { models: MODELS })).map((b) => `${b.kind}:${b.sink}`))];

/** Validators judged by their body: a string-type check is no operator object (written by us). */
describe('taint engine: a validator that checks for a string', () => {
  it('typeof s === \'string\' in a validator cleans a Mongo filter value, not a command', () => {
    expect(sinks(`function isSafeString(s) {
  return typeof s === 'string' && s.length >= 1 && s.length <= 64;
}
app.post('/a', async (req, res) => {
  const { username, password } = req.body;
  if (!isSafeString(username) || !isSafeString(password)) return res.status(400).end();
  const query = { username, password };
  await User.findOne(query);
  exec('id ' + username);
  res.end();
});`)).toEqual(['command-injection:12']);
  });

  it('a length check alone, or string-or-array, leaves the filter open', () => {
    expect(sinks(`function isShort(s) {
  return s.length <= 64;
}
function isTextish(s) {
  return typeof s === 'string' || Array.isArray(s);
}
app.post('/a', async (req, res) => {
  const { username, password } = req.body;
  if (!isShort(username)) return res.status(400).end();
  await User.findOne({ username });
  if (!isTextish(password)) return res.status(400).end();
  await User.findOne({ password });
  res.end();
});`)).toEqual(['nosql-injection:13', 'nosql-injection:15']);
  });
});

describe('taint engine: a member of a list of local paths starts a URL on this site', () => {
  it('a redirect to an allow-listed path followed by the request\'s query string stays local', () => {
    expect(sinks(`const PAGES = new Set(['/landing', '/promo']);
const TARGETS = ['https://docs.example.com/', '/home'];
app.get('/r', (req, res) => {
  const p = req.query.next;
  if (!PAGES.has(p)) return res.redirect('/landing');
  res.redirect(\`\${p}\${req.url.slice(req.url.indexOf('?'))}\`);
});
app.get('/s', (req, res) => {
  const t = req.query.to;
  if (!TARGETS.includes(t)) return res.redirect('/home');
  res.redirect(t + req.query.rest);
});`)).toEqual([]);
  });

  it('a bare \'/\', a host with nothing after it, or a list the code adds to, does not fix the origin', () => {
    expect(sinks(`const ROOTS = ['/', '/home'];
const HOSTS = ['https://docs.example.com'];
const GROWN = ['/home'];
GROWN.push(process.env.EXTRA_PAGE);
app.get('/r', (req, res) => {
  const a = req.query.a;
  if (!ROOTS.includes(a)) return res.end();
  res.redirect(a + req.query.rest);
  const b = req.query.b;
  if (!HOSTS.includes(b)) return res.end();
  res.redirect(b + req.query.rest);
  const c = req.query.c;
  if (!GROWN.includes(c)) return res.end();
  res.redirect(c + req.query.rest);
});`)).toEqual(['open-redirect:11', 'open-redirect:14', 'open-redirect:17']);
  });
});
