/**
 * Test, example, fixture and benchmark code is not reported by the built-in rules (rules/test-code.ts):
 * the same file under src/ is. Paths count from the scan root.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isTestCode } from '../../../src/scanners/sast/rules/test-code.js';
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
    for (const p of ['test/server.js', 'tests/a.ts', 'src/__tests__/a.tsx', 'example/server.js', 'examples/app.mjs',
      'spec/helpers.js', 'test/fixtures/app.js', 'benchmarks/run.js', 'lib/a.test.js', 'src/a.spec.ts', 'test\\win.js']) {
      expect(isTestCode(p), p).toBe(true);
    }
    for (const p of ['src/server.js', 'lib/testing.js', 'src/app/xss-test/xss-test.component.ts', 'routes/examples.js',
      'src/contest/a.js', 'latest/a.js', 'src/attest.js']) {
      expect(isTestCode(p), p).toBe(false);
    }
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
