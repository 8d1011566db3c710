import { describe, expect, it } from 'vitest';
import { brief, run, type RunOpts } from './engine-helpers.js';

const HEAD = "import express from 'express';\nimport { exec } from 'child_process';\nconst app = express();\n";

function sinks(body: string, imported?: RunOpts['imported']): number[] {
  return [...new Set(brief(run(HEAD + body, imported ? { path: 'src/app.js', imported } : { path: 'src/app.js' })).map((h) => h.sink))];
}

/** A validator body's regex check counts only when the regex is seen (written by us, review issue 13). */
describe('SAST guards: validator bodies and regexes they cannot see', () => {
  it('a RegExp from a non-constant pattern, or exec/match on an unknown receiver, checks nothing', () => {
    expect(sinks([
      'const RE = new RegExp(process.argv[2]);',
      'function isSafeMatch(s) { return s.match(RE); }',
      'function isSafeTest(s) { return RE.test(s); }',
      'function isSafeExec(s, re) { return re.exec(s); }',
      "app.get('/1', (req, res) => { const u = req.query.a; if (isSafeMatch(u)) exec('cat ' + u); });", // 8
      "app.get('/2', (req, res) => { const u = req.query.a; if (isSafeTest(u)) exec('cat ' + u); });", // 9
      "app.get('/3', (req, res) => { const u = req.query.a; if (isSafeExec(u, /^\\w+$/)) exec('cat ' + u); });", // 10
    ].join('\n'))).toEqual([8, 9, 10]);
  });

  it('a RegExp from a constant anchored pattern, a literal, or a const bound to one, checks', () => {
    expect(sinks([
      "const NAME = '^[a-z0-9]+$';",
      'const RE = new RegExp(NAME);',
      "const RE2 = new RegExp('^[a-z]+$', 'i');",
      'function isSafeMatch(s) { return s.match(RE); }',
      'function isSafeExec(s) { return RE2.exec(s); }',
      'function isSafeLit(s) { return s.match(/^[a-z]+$/); }',
      "app.get('/1', (req, res) => { const u = req.query.a; if (isSafeMatch(u)) exec('cat ' + u); });",
      "app.get('/2', (req, res) => { const u = req.query.a; if (isSafeExec(u)) exec('cat ' + u); });",
      "app.get('/3', (req, res) => { const u = req.query.a; if (isSafeLit(u)) exec('cat ' + u); });",
    ].join('\n'))).toEqual([]);
  });
});
