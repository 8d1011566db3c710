import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Finding } from '../../../src/core/finding.js';
import type { ScanContext, ScanIssue, SourceFile } from '../../../src/core/scanner.js';
import { formatTable, TABLE_FLOW_CAP } from '../../../src/report/table.js';
import { sastScanner } from '../../../src/scanners/sast/index.js';
import { cacheDirFor, DEFAULT_MAX_FILE_BYTES, sastOptions } from '../../../src/scanners/sast/options.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { makeResult } from '../../report/fixtures.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

const file = (path: string, size = 100): SourceFile => ({ path, absPath: `/x/${path}`, size });

/** Runs the scanner in-process over a temp tree; returns findings, issues and directives seen. */
async function scanTree(files: Record<string, string>, options: Record<string, unknown> = {}) {
  const root = trees.make(files);
  const issues: ScanIssue[] = [];
  const directives: string[] = [];
  const read: string[] = [];
  const ctx: ScanContext = {
    root,
    showSecrets: false,
    options: { cache: false, ...options },
    threads: 1,
    issue: (i) => issues.push(i),
    directives: (p, list) => directives.push(...list.map((d) => `${p}:${d.line} ${d.ruleId}`)),
    fileRead: (_b, _bin, p) => void (p && read.push(p)),
  };
  const src: SourceFile[] = Object.keys(files)
    .filter((p) => sastScanner.accepts(file(p)))
    .map((p) => ({ path: p, absPath: join(root, p), size: Buffer.byteLength(files[p]!) }));
  const findings: Finding[] = [];
  for await (const f of sastScanner.scan(src, ctx)) findings.push(f);
  return { findings, issues, directives, read };
}

describe('sast options', () => {
  it('defaults: untrusted sources without env/argv, minified skipped, cache on, 2 MB cap', () => {
    const o = sastOptions({});
    expect([...o.labels].sort()).toEqual(['browser', 'http', 'library-input', 'message', 'stored']);
    expect(o.includeMinified).toBe(false);
    expect(o.cache).toBe(true);
    expect(o.maxFileBytes).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(o.rules).toBeUndefined();
  });

  it('sources opt in to env and argv; the rules folder is relative to the config file, else the root', () => {
    // The folder must exist (options.ts: a missing one is a config error).
    const t = trees.make({ 'cfg/rules/a.yaml': '', 'root/r/a.yaml': '', 'abs/r/a.yaml': '' });
    const o = sastOptions({ sources: ['http', 'env', 'argv'], rules: 'rules', configDir: join(t, 'cfg') }, join(t, 'root'));
    expect([...o.labels].sort()).toEqual(['argv', 'env', 'http']);
    expect(o.rules).toBe(join(t, 'cfg/rules'));
    expect(sastOptions({ rules: './r' }, join(t, 'root')).rules).toBe(join(t, 'root/r'));
    expect(sastOptions({ rules: join(t, 'abs/r') }, join(t, 'root')).rules).toBe(join(t, 'abs/r'));
  });

  it('a wrong key or value is a config error naming sast.<key>', () => {
    expect(() => sastOptions({ sources: ['cookies'] })).toThrow(/sast\.sources/);
    expect(() => sastOptions({ maxFileBytes: -1 })).toThrow(/sast\.maxFileBytes/);
    expect(() => sastOptions({ rule: './x' })).toThrow(/sast/);
  });

  it('one cache directory per scan root', () => {
    expect(cacheDirFor('/a')).toBe(cacheDirFor('/a/'));
    expect(cacheDirFor('/a')).not.toBe(cacheDirFor('/b'));
  });
});

describe('sast scanner', () => {
  it('accepts JavaScript and TypeScript sources (and Vue/Svelte components) only, never declarations or node_modules', () => {
    for (const p of ['a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'src/a.ts', 'a.tsx', 'a.mts', 'a.cts', 'src/App.vue', 'src/routes/+page.svelte']) expect(sastScanner.accepts(file(p)), p).toBe(true);
    // Extension-less bin/ scripts are read when their shebang runs node (the driver checks).
    expect(sastScanner.accepts(file('bin/serve')), 'bin/serve').toBe(true);
    for (const p of ['a.d.ts', 'types/x.d.mts', 'node_modules/x/index.js', 'pkg/node_modules/y/a.ts', 'node_modules/x/A.vue', 'a.json', 'README.md', 'Makefile', 'bin/x.sh']) {
      expect(sastScanner.accepts(file(p)), p).toBe(false);
    }
  });

  it('lists taint and AST rules, each once, with CWE and remediation', () => {
    const rules = sastScanner.rules();
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('sast/js/sql-injection');
    expect(ids).toContain('sast/js/weak-hash');
    for (const r of rules) {
      expect(r.id).toMatch(/^sast\/js\/[a-z0-9-]+$/);
      expect(r.cwe.length, r.id).toBeGreaterThan(0);
      expect(r.remediation.length, r.id).toBeGreaterThan(0);
    }
  });

  it('turns a taint hit into a finding at the sink with the whole path', async () => {
    const { findings } = await scanTree({
      'server.js': `const express = require('express');
const { runReport } = require('./report');
const app = express();
app.post('/report', (req, res) => {
  runReport(req.body.name);
  res.end();
});
`,
      'report.js': `const cp = require('child_process');
exports.runReport = function (name) {
  cp.execSync('make-report --name ' + name);
};
`,
    });
    const f = findings.find((x) => x.ruleId === 'sast/js/command-injection');
    expect(f, JSON.stringify(findings)).toBeDefined();
    expect(f!.location).toMatchObject({ path: 'report.js', startLine: 3 });
    expect(f!.codeFlow![0]!.location).toMatchObject({ path: 'server.js', startLine: 5 });
    expect(f!.codeFlow!.at(-1)!.location).toMatchObject({ path: 'report.js', startLine: 3 });
    expect(f!.message).toMatch(/\(server\.js:5\) reaches /);
    expect(f!.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a file over sast.maxFileBytes is skipped with an issue, without reading it', async () => {
    const big = `const a = 1;\n${'// filler\n'.repeat(200)}`;
    const { issues, read } = await scanTree({ 'big.js': big, 'ok.js': 'module.exports = 1;\n' }, { maxFileBytes: 1000 });
    expect(issues.find((i) => i.path === 'big.js')).toMatchObject({ kind: 'skipped-size', scanner: 'sast' });
    expect(read).toEqual(['ok.js']);
  });

  it('hands inline directives to the core', async () => {
    const { directives } = await scanTree({
      'a.js': "// rampart:ignore sast/js/weak-hash -- legacy checksum, not a password\nrequire('crypto').createHash('md5');\n",
    });
    expect(directives).toEqual(['a.js:1 sast/js/weak-hash']);
  });

  it('the same code twice in a file gives two findings with distinct fingerprints', async () => {
    const line = "const agent = new (require('https').Agent)({ rejectUnauthorized: false });\n";
    const { findings } = await scanTree({ 'a.js': line + line });
    const tls = findings.filter((f) => f.ruleId === 'sast/js/tls-verification-disabled');
    expect(tls.map((f) => f.location.startLine)).toEqual([1, 2]);
    expect(new Set(tls.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('one defect, one finding: the AST rule on a call a flow finding reports is dropped, alone it stays', async () => {
    const app = [
      "const express = require('express');",
      "const serialize = require('node-serialize');",
      "express().post('/', (req) => serialize.unserialize(req.body.blob));",
      "serialize.unserialize(require('fs').readFileSync('state.bin', 'utf8'));",
      '',
    ].join('\n');
    const { findings } = await scanTree({ 'app.js': app });
    const at = (line: number) => findings.filter((f) => f.location.startLine === line).map((f) => f.ruleId).sort();
    expect(at(3)).toEqual(['sast/js/insecure-deserialization']);
    expect(at(4)).toEqual(['sast/js/insecure-deserialization-api']);
  });

  it('js-yaml load of request data is insecure deserialization unless package.json asks for js-yaml 4 or later', async () => {
    const app = "const express = require('express');\nconst yaml = require('js-yaml');\nexpress().post('/', (req) => yaml.load(req.body));\n";
    const ruleAt3 = (fs: Finding[]) => fs.filter((f) => f.location.startLine === 3).map((f) => f.ruleId);
    const pkg = (range: string) => JSON.stringify({ name: 'app', private: true, dependencies: { 'js-yaml': range } });
    expect(ruleAt3((await scanTree({ 'app.js': app })).findings)).toEqual(['sast/js/insecure-deserialization']);
    expect(ruleAt3((await scanTree({ 'app.js': app, 'package.json': pkg('^3.14.1') })).findings)).toEqual(['sast/js/insecure-deserialization']);
    expect(ruleAt3((await scanTree({ 'app.js': app, 'package.json': pkg('^4.1.0') })).findings)).toEqual([]);
    expect(ruleAt3((await scanTree({ 'app.js': app, 'package.json': pkg('github:nodeca/js-yaml') })).findings)).toEqual(['sast/js/insecure-deserialization']);
  });

  it('a flow through 16 modules shows its first hops and says how many steps are not shown', async () => {
    const files: Record<string, string> = {
      'app.js': "const express = require('express');\nconst { f } = require('./m0');\nexpress().get('/', (req) => f(req.query.x));\n",
    };
    for (let i = 0; i < 15; i++) files[`m${i}.js`] = `const { f: g } = require('./m${i + 1}');\nexports.f = (x) => g(x);\n`;
    files['m15.js'] = "exports.f = (x) => require('child_process').exec('ls ' + x);\n";
    const { findings } = await scanTree(files);
    const flow = findings.find((f) => f.ruleId === 'sast/js/command-injection')?.codeFlow ?? [];
    expect(flow[0]?.location.path).toBe('app.js');
    expect(flow[1]?.location.path).toBe('m0.js');
    expect(flow.at(-1)?.location.path).toBe('m15.js');
    expect(flow.filter((s) => /^\(\d+ steps? not shown\) /.test(s.message))).toHaveLength(1);
  });

  it('on a long line (a bundle read with includeMinified) a fingerprint covers the text around the finding, not the whole line', async () => {
    // Hashing the whole line for each finding on it was quadratic in a bundle; it also made every
    // fingerprint on the line change when anything on it changed.
    const agent = "new (require('https').Agent)({ rejectUnauthorized: false });";
    const filler = (n: number) => 'var x=function(a){return a+' + n + '};';
    const scan = (tail: string) => scanTree({ 'b.js': agent + filler(1).repeat(100) + tail + '\n' }, { includeMinified: true });
    const before = (await scan(filler(2).repeat(20))).findings.filter((f) => f.ruleId === 'sast/js/tls-verification-disabled');
    const after = (await scan(filler(3).repeat(20))).findings.filter((f) => f.ruleId === 'sast/js/tls-verification-disabled');
    expect(before).toHaveLength(1);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });
});

describe('table output of a code flow', () => {
  it('numbers each step with file:line, indented under its finding', () => {
    const out = formatTable(makeResult(), { color: false });
    expect(out).toMatch(/\n {9}1\. src\/routes\/users\.ts:38 {2}\S/);
  });

  it('a long path shows its ends and how many steps are left out', () => {
    const r = makeResult();
    const f = r.findings.find((x) => x.codeFlow)!;
    const step = f.codeFlow![0]!;
    f.codeFlow = Array.from({ length: 30 }, (_, i) => ({ ...step, message: `step ${i + 1}`, location: { ...step.location, startLine: i + 1 } }));
    const out = formatTable(r, { color: false });
    expect(out).toContain(`…${30 - TABLE_FLOW_CAP} more steps…`);
    expect(out).toMatch(/ 1\. src\/routes\/users\.ts:1 {2}step 1\n/);
    expect(out).toMatch(/30\. src\/routes\/users\.ts:30 {2}step 30\n/);
    expect(out).not.toContain('step 15\n');
  });
});
