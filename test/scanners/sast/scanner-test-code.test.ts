/**
 * Test, example, fixture and benchmark code is not reported by the built-in rules (sast/test-code.ts)
 * unless sast.includeTestCode: the same file under src/ is. Paths count from the scan root; the
 * scan says how many findings it left out.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { sastScanner } from '../../../src/scanners/sast/index.js';
import { TestCodePaths } from '../../../src/scanners/sast/test-code.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// A test server moving an upload under its own name, and a test disabling verification.
const UPLOAD_SERVER = `const express = require('express');
const app = express();
app.post('/upload', (req, res) => {
  const f = req.files.doc;
  f.mv('/srv/uploads/' + f.name, (err) => res.send('saved ' + req.body.label));
});
`;
const TLS_OFF = `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
`;

async function rulesAt(files: Record<string, string>): Promise<string[]> {
  const root = trees.make(files);
  const found = await scanRoot(root, Object.keys(files));
  return found.map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId}`).sort();
}

describe('SAST: test and example code', () => {
  it('test, example and fixture paths; application paths and names that only contain the words are not', () => {
    const paths = new TestCodePaths(trees.make({ 'README.md': '' }));
    const isTestCode = (p: string) => paths.isTestCode(p);
    for (const p of ['test/server.js', 'tests/a.ts', 'src/__tests__/a.tsx', 'example/server.js', 'examples/app.mjs',
      'spec/helpers.js', 'test/fixtures/app.js', 'benchmarks/run.js', 'lib/a.test.js', 'src/a.spec.ts', 'test\\win.js']) {
      expect(isTestCode(p), p).toBe(true);
    }
    for (const p of ['src/server.js', 'lib/testing.js', 'src/app/xss-test/xss-test.component.ts', 'routes/examples.js',
      'src/contest/a.js', 'latest/a.js', 'src/attest.js']) {
      expect(isTestCode(p), p).toBe(false);
    }
  });

  it('test folders count at the scan root or a package root only, never under app/, pages/, routes/, api/, src/', () => {
    const paths = new TestCodePaths(trees.make({ 'packages/web/package.json': '{}', 'packages/web/app/api/test/route.ts': '' }));
    for (const p of ['packages/web/test/a.js', 'packages/web/examples/b.js', 'packages/web/app/__tests__/c.tsx', 'lib/__mocks__/fs.js']) {
      expect(paths.isTestCode(p), p).toBe(true);
    }
    for (const p of ['app/api/test/route.ts', 'pages/api/examples/run.js', 'src/spec/server.js', 'packages/web/app/api/test/route.ts',
      'lib/test/a.js', 'packages/web/lib/fixtures/b.js', 'routes/test/index.js', 'api/examples/x.js']) {
      expect(paths.isTestCode(p), p).toBe(false);
    }
  });

  it('Next.js routes named test or examples, and src/spec, are production code: reported', async () => {
    const route = `import { exec } from 'child_process';
export async function GET(request) {
  exec('ping ' + new URL(request.url).searchParams.get('host'));
  return new Response('ok');
}
`;
    const api = `const { exec } = require('child_process');
export default function handler(req, res) { exec('run ' + req.query.name); res.end(); }
`;
    const server = `const { exec } = require('child_process');
require('express')().get('/', (req, res) => { exec('run ' + req.query.name); res.end(); });
`;
    const found = await rulesAt({ 'app/api/test/route.ts': route, 'pages/api/examples/run.js': api, 'src/spec/server.js': server });
    expect(found.filter((f) => f.endsWith('command-injection'))).toEqual([
      'app/api/test/route.ts:3 sast/js/command-injection', 'pages/api/examples/run.js:2 sast/js/command-injection', 'src/spec/server.js:2 sast/js/command-injection',
    ]);
  });

  it('findings left out of test code are counted in a notice; sast.includeTestCode reports them', async () => {
    const files = { 'test/server.js': UPLOAD_SERVER, 'test/https.js': TLS_OFF };
    const root = trees.make(files);
    const issues: ScanIssue[] = [];
    const run = async (options: Record<string, unknown>) => {
      const out: string[] = [];
      const ctx = { root, showSecrets: false, options: { cache: false, ...options }, threads: 1, issue: (i: ScanIssue) => issues.push(i), directives: () => {}, fileRead: () => {} };
      const src = Object.keys(files).map((p) => ({ path: p, absPath: join(root, p), size: 100 }));
      for await (const f of sastScanner.scan(src, ctx)) out.push(`${f.location.path}:${f.location.startLine} ${f.ruleId}`);
      return out.sort();
    };
    expect(await run({})).toEqual([]);
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/^\d+ findings in test, example, fixture or benchmark code not reported \(sast\.includeTestCode: true reports them\)$/)]);
    issues.length = 0;
    const all = await run({ includeTestCode: true });
    expect(all).toContain('test/server.js:5 sast/js/path-traversal');
    expect(all).toContain('test/https.js:1 sast/js/tls-verification-disabled');
    expect(issues).toEqual([]);
  });

  it('the upload server and the TLS switch are reported under src/ and not under test/ or example/', async () => {
    const src = await rulesAt({ 'src/server.js': UPLOAD_SERVER, 'src/https.js': TLS_OFF });
    expect(src).toContain('src/server.js:5 sast/js/path-traversal');
    expect(src).toContain('src/https.js:1 sast/js/tls-verification-disabled');
    expect(await rulesAt({ 'test/server.js': UPLOAD_SERVER, 'test/https.js': TLS_OFF, 'example/server.js': UPLOAD_SERVER })).toEqual([]);
  });

  it('a flow from a test helper into application code is still reported at the application sink', async () => {
    const found = await rulesAt({
      'src/run.js': `const cp = require('child_process');
exports.run = function (name) { cp.execSync('report ' + name); };
`,
      'src/app.js': `const express = require('express');
const { run } = require('./run');
express().get('/', (req, res) => { run(req.query.n); res.end(); });
`,
      'test/app.test.js': `require('../src/run').run(process.argv[2]);
`,
    });
    expect(found).toContain('src/run.js:2 sast/js/command-injection');
  });
});
