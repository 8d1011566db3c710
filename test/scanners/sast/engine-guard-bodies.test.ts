import { describe, expect, it } from 'vitest';
import { brief, run, type RunOpts } from './engine-helpers.js';

const HEAD = "import express from 'express';\nimport { exec } from 'child_process';\nconst app = express();\n";

/** Sink lines of the command-injection / open-redirect hits of `HEAD + body`. */
function sinks(body: string, imported?: RunOpts['imported']): number[] {
  return brief(run(HEAD + body, imported ? { path: 'src/app.js', imported } : { path: 'src/app.js' })).map((h) => h.sink);
}

describe('SAST guards: a project validator is judged by its body, not its name', () => {
  it('substring, endsWith, constant true and unanchored regexes check nothing', () => {
    expect(sinks([
      "const hosts = new Set(['https://docs.example.org']);",
      'const isRedirectAllowed = (url) => { let ok = false; for (const h of hosts) { ok = ok || url.includes(h); } return ok; };',
      'function check(u) { return true; }',
      "function validName(u) { return u.endsWith('.txt'); }",
      'function isSafeName(u) { return /[a-z]+/.test(u); }',
      "app.get('/r', (req, res) => { const to = req.query.to; if (isRedirectAllowed(to)) res.redirect(to); });", // 9
      "app.get('/1', (req, res) => { const u = req.query.a; if (check(u)) exec('open ' + u); });", // 10
      "app.get('/2', (req, res) => { const u = req.query.a; if (!validName(u)) return; exec('cat ' + u); });", // 11
      "app.get('/3', (req, res) => { const u = req.query.a; if (isSafeName(u)) exec('cat ' + u); });", // 12
    ].join('\n'))).toEqual([9, 10, 11, 12]);
  });

  it('allow-lists, literal equality, anchored regexes, number checks and normalised prefixes are real checks', () => {
    expect(sinks([
      "const TOOLS = ['lint', 'fmt'];",
      'const isRedirectAllowed = (url) => { const ok = ALLOWED.has(new URL(url).origin); return ok; };',
      "const ALLOWED = new Set(['https://docs.example.org']);",
      "function checkTool(t) { if (!t) return false; return TOOLS.includes(t); }",
      "function validName(u) { return /^[a-z0-9]+\\.txt$/.test(u); }",
      "function isLocal(u) { return u === 'home' || u === 'about'; }",
      'function isPage(n) { return Number.isInteger(Number(n)) && TOOLS.indexOf(n) !== -1; }',
      "function isInside(p) { const full = require('path').resolve('/srv/files', p); return full.startsWith('/srv/files/'); }",
      "app.get('/r', (req, res) => { const to = req.query.to; if (isRedirectAllowed(to)) res.redirect(to); });", // 12
      "app.get('/1', (req, res) => { const u = req.query.a; if (checkTool(u)) exec('run ' + u); });", // 13
      "app.get('/2', (req, res) => { const u = req.query.a; if (!validName(u)) return; exec('cat ' + u); });", // 14
      "app.get('/3', (req, res) => { const u = req.query.a; if (isLocal(u)) exec('open ' + u); });", // 15
      "app.get('/4', (req, res) => { const u = req.query.a; if (isPage(u)) exec('page ' + u); });", // 16
      "app.get('/5', (req, res) => { const u = req.query.a; if (isInside(u)) exec('cat ' + u); });", // 17
    ].join('\n'))).toEqual([]);
  });

  it('a regex built from a string is judged by its anchors', () => {
    expect(sinks([
      "const HOST = new RegExp('^([a-z0-9]+[.])*[a-z0-9]+$');",
      "const LOOSE = new RegExp('[a-z]+');",
      'function isValidHost(h) { return HOST.test(h); }',
      'function isValidWord(h) { return LOOSE.test(h); }',
      "app.get('/1', (req, res) => { const u = req.query.a; if (!isValidHost(u)) return; exec('ping ' + u); });", // 8
      "app.get('/2', (req, res) => { const u = req.query.a; if (!isValidWord(u)) return; exec('ping ' + u); });", // 9
    ].join('\n'))).toEqual([9]);
  });

  it('a validator from a package is still trusted by its name', () => {
    expect(sinks([
      "import { isSafeFilename } from 'safe-names';",
      "app.get('/1', (req, res) => { const u = req.query.a; if (isSafeFilename(u)) exec('cat ' + u); });",
    ].join('\n'))).toEqual([]);
  });

  it('an imported project validator carries its verdict', () => {
    const lib = run([
      'export function isAllowedHost(h) { return h.includes(".example.org"); }',
      "export function isKnownTool(t) { return ['lint', 'fmt'].includes(t); }",
    ].join('\n'), { path: 'src/checks.js' });
    expect(lib.exports.functions['isAllowedHost']?.guard).toBe(false);
    expect(lib.exports.functions['isKnownTool']?.guard).toBeUndefined();
    expect(sinks([
      "import { isAllowedHost, isKnownTool } from './checks';",
      "app.get('/1', (req, res) => { const u = req.query.a; if (isAllowedHost(u)) exec('ping ' + u); });", // 5
      "app.get('/2', (req, res) => { const u = req.query.a; if (isKnownTool(u)) exec('run ' + u); });", // 6
    ].join('\n'), { './checks': lib.exports })).toEqual([5]);
  });

  it('a validator whose anchored regex still allows some dangerous characters cleans only what the regex cleans, here and in an importer', () => {
    const lib = run('export function isSafeName(n) { return /^[\\w.-]+$/.test(n); }', { path: 'src/checks.js' });
    expect(lib.exports.functions['isSafeName']?.guard).toContain('command-injection');
    expect(lib.exports.functions['isSafeName']?.guard).not.toContain('path-traversal');
    expect(brief(run(HEAD + [
      "import fs from 'fs';",
      "import { isSafeName as isSafeFile } from './checks';",
      'function isSafeName(n) { return /^[\\w.-]+$/.test(n); }',
      "app.get('/1', (req, res) => { const u = req.query.a; if (isSafeName(u)) { exec('cat ' + u); fs.readFile(u, () => {}); } });", // 7
      "app.get('/2', (req, res) => { const u = req.query.a; if (isSafeFile(u)) { exec('cat ' + u); fs.readFile(u, () => {}); } });", // 8
    ].join('\n'), { path: 'src/app.js', imported: { './checks': lib.exports } })).map((h) => `${h.kind}:${h.sink}`)).toEqual(['path-traversal:7', 'path-traversal:8']);
  });
});
