/** Deep call chains: summaries nest up to a cap, beyond it callees are unknown functions; never a stack overflow. */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import type { ScanContext, ScanIssue, SourceFile } from '../../../src/core/scanner.js';
import { sastScanner } from '../../../src/scanners/sast/index.js';
import { MAX_SUMMARY_DEPTH } from '../../../src/scanners/sast/taint/summaries.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { brief, run } from './engine-helpers.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

/** f0 runs a command; f<i> returns f<i-1>(x); a handler calls the last one and runs one command directly. */
function chain(n: number): string {
  let s = "const cp = require('child_process');\nfunction f0(x) { cp.exec(x); }\n";
  for (let i = 1; i < n; i++) s += `function f${i}(x) { return f${i - 1}(x); }\n`;
  s += `const app = require('express')();\napp.get('/', (req, res) => { f${n - 1}(req.query.cmd); cp.exec(req.query.b); });\n`;
  return s;
}

/** Calls fn k frames down. */
function atDepth<T>(k: number, fn: () => T): T {
  return k <= 0 ? fn() : atDepth(k - 1, fn);
}
/** How many atDepth frames fit on the stack. */
function maxDepth(): number {
  let lo = 0;
  let hi = 1_000_000;
  while (lo < hi - 1) {
    const mid = (lo + hi) >> 1;
    try {
      atDepth(mid, () => 0);
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

const sinkLines = (r: ReturnType<typeof run>) => brief(r).map((h) => h.sink);
const deepNotices = (r: ReturnType<typeof run>) => r.truncated.filter((t) => /nest deeper/.test(t.reason));

describe('deep same-file call chains', () => {
  it('a chain shorter than the cap is followed to its sink, with no notice', () => {
    const r = run(chain(MAX_SUMMARY_DEPTH - 10));
    // Line 2: the exec in f0 (through the chain); the last line: the direct exec.
    expect(sinkLines(r)).toEqual([2, MAX_SUMMARY_DEPTH - 10 + 3]);
    expect(r.truncated).toEqual([]);
  });

  it('a chain of 400: the direct exec is found, the deep callee is unknown, one notice names the cap', () => {
    const r = run(chain(400));
    expect(sinkLines(r)).toContain(403);
    expect(r.truncated.some((t) => /stopped|Maximum call stack/.test(t.reason))).toBe(false);
    expect(deepNotices(r)).toHaveLength(1);
    expect(deepNotices(r)[0]!.reason).toContain(`deeper than ${MAX_SUMMARY_DEPTH} function summaries`);
  });

  it('a chain of 3000 (far past any stack) ends cleanly', () => {
    const r = run(chain(3000));
    expect(sinkLines(r)).toContain(3003);
    expect(deepNotices(r)).toHaveLength(1);
  });

  it('a stack overflow below the cap (little stack left) keeps the file: the direct exec is still found', () => {
    const src = chain(90);
    // Run the analysis with only a few hundred frames of stack left, so the chain overflows first.
    const r = atDepth(maxDepth() - 500, () => run(src));
    expect(sinkLines(r)).toContain(93);
    expect(r.truncated.some((t) => /stopped/.test(t.reason))).toBe(false);
  });

  it('an unknown-function stand-in passes its argument on: the capped chain still returns the data', () => {
    // g's chain is cut below the cap; what g returns still carries req.query into res.send.
    let s = 'function g0(x) { return x; }\n';
    for (let i = 1; i < 300; i++) s += `function g${i}(x) { return g${i - 1}(x); }\n`;
    s += "const app = require('express')();\napp.get('/', (req, res) => { res.send(g299(req.query.q)); });\n";
    const r = run(s);
    expect(brief(r).map((h) => h.kind)).toEqual(['xss']);
  });

  it('mutual recursion (deep and wide) terminates and keeps its sinks', () => {
    let s = "const cp = require('child_process');\n";
    const n = 300;
    for (let i = 0; i < n; i++) s += `function m${i}(x, k) { if (k) return m${(i + 1) % n}(x, k - 1); if (k < 0) return m${(i + 7) % n}(x, k); cp.exec(x); }\n`;
    s += "const app = require('express')();\napp.get('/', (req, res) => { m0(req.query.a, 3); cp.exec(req.query.b); });\n";
    const r = run(s);
    const lines = sinkLines(r);
    expect(lines).toContain(n + 3);
    // Through the recursion, m0's argument reaches the exec calls of the functions it recurses into.
    expect(lines.some((l) => l <= n + 1)).toBe(true);
    expect(r.truncated.some((t) => /Maximum call stack/.test(t.reason) && !/nest deeper/.test(t.reason))).toBe(false);
  });
});

describe('deep cross-file chains (through the scanner)', () => {
  async function scan(files: Record<string, string>) {
    const root = trees.make(files);
    const issues: ScanIssue[] = [];
    const ctx: ScanContext = {
      root, showSecrets: false, options: { cache: false }, threads: 1,
      issue: (i) => issues.push(i), directives: () => {}, fileRead: () => {},
    };
    const src: SourceFile[] = Object.keys(files).map((p) => ({ path: p, absPath: join(root, p), size: Buffer.byteLength(files[p]!) }));
    const findings: Finding[] = [];
    for await (const f of sastScanner.scan(src, ctx)) findings.push(f);
    return { findings, issues };
  }

  it('300 files each importing the previous: the sink at the end of the chain is found, no crash', async () => {
    const files: Record<string, string> = { 'm0.js': "const cp = require('child_process');\nexports.f = (x) => cp.exec(x);\n" };
    for (let i = 1; i < 300; i++) files[`m${i}.js`] = `const { f: g } = require('./m${i - 1}');\nexports.f = (x) => g(x);\n`;
    files['app.js'] = "const { f } = require('./m299');\nconst cp = require('child_process');\nconst app = require('express')();\napp.get('/', (req, res) => { f(req.query.cmd); cp.exec(req.query.b); });\n";
    const r = await scan(files);
    const at = r.findings.filter((f) => f.ruleId.includes('command')).map((f) => `${f.location.path}:${f.location.startLine}`).sort();
    expect(at).toEqual(['app.js:4', 'm0.js:2']);
    expect(r.issues.filter((i) => /stack|stopped/.test(i.message))).toEqual([]);
  }, 60_000);

  it('the 400-function file: the direct exec is reported and one notice names the file and the cap', async () => {
    const r = await scan({ 'a.js': chain(400) });
    expect(r.findings.map((f) => f.location.startLine)).toContain(403);
    const notes = r.issues.filter((i) => /nest deeper/.test(i.message));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.path).toBe('a.js');
    expect(notes[0]!.message).toContain(String(MAX_SUMMARY_DEPTH));
  }, 60_000);
});
