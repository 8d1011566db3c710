import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const HEAD = `import express from 'express';
import { exec } from 'node:child_process';
const app = express();
`;

/** Findings as kind@line (line 4 is the first line after HEAD). */
function hits(body: string): string[] {
  return brief(run(HEAD + body, { models: MODELS })).map((h) => `${h.kind}@${h.sink}`);
}

describe('taint engine: URL allow-lists checked with some() / find()', () => {
  it('entries with a / appended, exact entries, or entries that end where a host ends make the URL safe', () => {
    expect(hits(`const ALLOWED = ['https://api.github.com', 'https://api.example.com'];
const HOSTS = ['api.github.com', 'api.example.com'];
const PREFIXES = Object.freeze(['https://cdn.example.com/', 'https://img.example.com/']);
app.get('/a', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.some((prefix) => target.startsWith(prefix + '/'))) return res.status(400).end();
  await fetch(target);
});
app.get('/b', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.some((p) => target === p)) return;
  await fetch(target);
  res.redirect(target);
});
app.get('/c', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.find((p) => target.startsWith(\`\${p}/\`))) return;
  res.redirect(target);
});
app.get('/d', async (req, res) => {
  const target = req.query.url;
  if (!HOSTS.some((h) => new URL(target).hostname === h)) return;
  await fetch(target);
});
app.get('/e', async (req, res) => {
  const target = req.query.url;
  if (PREFIXES.some(function (p) { return target.startsWith(p); })) await fetch(target);
});`)).toEqual([]);
  });

  it('startsWith(entry) without the /, a list from the request, or a check of something else stays a finding', () => {
    expect(hits(`const ALLOWED = ['https://api.github.com', 'https://api.example.com'];
app.get('/a', async (req, res) => {
  const target = req.query.url;
  // 'https://api.github.com.evil.net' starts with 'https://api.github.com'.
  if (!ALLOWED.some((p) => target.startsWith(p))) return;
  await fetch(target);
});
app.get('/b', async (req, res) => {
  const target = req.query.url;
  if (!req.query.allowed.some((p) => target.startsWith(p + '/'))) return;
  await fetch(target);
});
app.get('/c', async (req, res) => {
  const target = req.query.url;
  const other = req.query.other;
  if (!ALLOWED.some((p) => other.startsWith(p + '/'))) return;
  await fetch(target);
});
app.get('/d', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.some((p) => target.includes(p))) return;
  await fetch(target);
});`)).toEqual(['ssrf@9', 'ssrf@14', 'ssrf@20', 'ssrf@25']);
  });

  it('an origin check fixes the server, not the rest of the URL: a shell command built from it is still injection', () => {
    expect(hits(`const ALLOWED = ['https://api.github.com'];
app.get('/a', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.some((p) => target.startsWith(p + '/'))) return;
  await fetch(target);
  exec('curl ' + target);
});
app.get('/b', async (req, res) => {
  const mode = req.query.mode;
  if (!['fast', 'slow'].some((m) => mode === m)) return;
  exec('run --' + mode);
});`)).toEqual(['command-injection@9']);
  });

  it('a list from configuration counts with an appended /, not without', () => {
    expect(hits(`const ALLOWED = (process.env.ALLOWED_ORIGINS ?? '').split(',');
app.get('/a', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.some((p) => target.startsWith(p + '/'))) return;
  await fetch(target);
});
app.get('/b', async (req, res) => {
  const target = req.query.url;
  if (!ALLOWED.some((p) => target.startsWith(p))) return;
  await fetch(target);
});`)).toEqual(['ssrf@13']);
  });
});
