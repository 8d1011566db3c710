import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

// The vendored SARIF 2.1.0 schema (draft-07) and our JSON report schema (draft 2020-12).
const readSchema = (url: URL) => JSON.parse(readFileSync(url, 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormatsModule.default(ajv);
const validSarif = ajv.compile(readSchema(new URL('../report/fixtures/sarif-schema-2.1.0.json', import.meta.url)));
const ajv2020 = new Ajv2020({ allErrors: true, strict: true });
addFormatsModule.default(ajv2020);
const validReport = ajv2020.compile(readSchema(new URL('../../schemas/report.schema.json', import.meta.url)));

/** Every run gets a fresh summary cache unless a test shares one on purpose. */
function cacheEnv(dir = trees.track(mkdtempSync(join(tmpdir(), 'rampart-sast-cache-')))) {
  return { XDG_CACHE_HOME: dir };
}

interface Step {
  location: { path: string; startLine: number };
  message: string;
}
interface JFinding {
  ruleId: string;
  scanner: string;
  severity: string;
  message: string;
  fingerprint: string;
  cwe: number[];
  location: { path: string; startLine: number; startColumn: number };
  codeFlow?: Step[];
}
interface JReport {
  findings: JFinding[];
  issues: { path: string; kind: string; message: string; line?: number; scanner?: string }[];
  suppressed: { finding: JFinding; kind: string }[];
}

/** JSON unless `extra` names another format. */
const sast = (dir: string, extra: string[] = [], env = cacheEnv()) =>
  runCli(['scan', dir, '--scanners', 'sast', ...(extra.includes('--format') ? [] : ['--format', 'json']), ...extra], { env });
const report = (stdout: string) => JSON.parse(stdout) as JReport;
const brief = (f: JFinding) => `${f.location.path}:${f.location.startLine} ${f.ruleId}`;

// An Express app (CommonJS) whose handler hands the query string to a helper in another file
// that builds SQL text; a second handler runs a shell command from the query.
const CJS_APP = {
  'src/routes.js': `const express = require('express');
const { findUsers } = require('./users');
const { exec } = require('child_process');

const app = express();

app.get('/users', async (req, res) => {
  const name = req.query.name;
  const users = await findUsers(name);
  res.json(users);
});

app.get('/disk', (req, res) => {
  exec('du -sh ' + req.query.dir, (err, out) => res.type('text').send(String(out)));
});

module.exports = app;
`,
  'src/users.js': `const { Pool } = require('pg');

const pool = new Pool();

async function findUsers(name) {
  const sql = "SELECT id, email FROM users WHERE name = '" + name + "'";
  const result = await pool.query(sql);
  return result.rows;
}

module.exports = { findUsers };
`,
};

// The same shape in TypeScript ESM, three files deep, the way `tsc` users import (`./x.js`).
const TS_APP = {
  'src/app.ts': `import express, { type Request, type Response } from 'express';
import { lookupOrder } from './orders/service.js';

export const app = express();

app.get('/orders/:id', async (req: Request, res: Response) => {
  res.json(await lookupOrder(req.params.id));
});
`,
  'src/orders/service.ts': `import { queryOrder } from './repository.js';

export async function lookupOrder(id: string) {
  const trimmed = id.trim();
  return queryOrder(trimmed);
}
`,
  'src/orders/repository.ts': `import mysql from 'mysql2/promise';

const db = mysql.createPool({ host: 'localhost' });

export async function queryOrder(id: string) {
  const [rows] = await db.query(\`SELECT * FROM orders WHERE id = \${id}\`);
  return rows;
}
`,
};

const CLEAN_APP = {
  'src/routes.js': `const express = require('express');
const { Pool } = require('pg');
const { execFile } = require('child_process');

const app = express();
const pool = new Pool();

app.get('/users', async (req, res) => {
  const result = await pool.query('SELECT id, email FROM users WHERE name = $1', [req.query.name]);
  res.json(result.rows);
});

app.get('/disk', (req, res) => {
  const dir = Number(req.query.dir);
  execFile('du', ['-sh', '/srv/data/' + dir], (err, out) => res.json({ out: String(out) }));
});

module.exports = app;
`,
};

describe('sast scanner end to end', () => {
  it('follows a flow across CommonJS files: finding at the sink, code flow from the source, exit 1', async () => {
    const dir = trees.make(CJS_APP);
    const r = await sast(dir);
    expect(r.code).toBe(1);
    const j = report(r.stdout);
    const sql = j.findings.find((f) => f.ruleId === 'sast/js/sql-injection');
    expect(sql, r.stdout).toBeDefined();
    expect(sql!.scanner).toBe('sast');
    expect(sql!.cwe).toContain(89);
    expect(sql!.location.path).toBe('src/users.js');
    expect(sql!.location.startLine).toBe(7);
    const flow = sql!.codeFlow!;
    expect(flow.length).toBeGreaterThanOrEqual(2);
    expect(flow[0]!.location).toMatchObject({ path: 'src/routes.js', startLine: 8 });
    expect(flow.at(-1)!.location).toMatchObject({ path: 'src/users.js', startLine: 7 });
    expect(flow.every((s) => s.message.length > 0)).toBe(true);
    // The message names where the data came from (another file) and the sink.
    expect(sql!.message).toContain('src/routes.js:8');
    const cmd = j.findings.find((f) => f.ruleId === 'sast/js/command-injection');
    expect(cmd && brief(cmd)).toBe('src/routes.js:14 sast/js/command-injection');
    expect(cmd!.severity).toBe('critical');
  });

  it('follows a flow through three TypeScript ES modules', async () => {
    const dir = trees.make(TS_APP);
    const r = await sast(dir);
    expect(r.code).toBe(1);
    const j = report(r.stdout);
    const sql = j.findings.find((f) => f.ruleId === 'sast/js/sql-injection');
    expect(sql && brief(sql), r.stdout).toBe('src/orders/repository.ts:6 sast/js/sql-injection');
    const paths = sql!.codeFlow!.map((s) => s.location.path);
    expect(paths[0]).toBe('src/app.ts');
    expect(paths).toContain('src/orders/service.ts');
    expect(paths.at(-1)).toBe('src/orders/repository.ts');
  });

  it('a clean app (parameterised query, execFile with a number) has no findings: exit 0', async () => {
    const r = await sast(trees.make(CLEAN_APP));
    expect(report(r.stdout).findings).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('SARIF carries every step of the path as a threadFlow', async () => {
    const r = await sast(trees.make(CJS_APP), ['--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validSarif(log), ajv.errorsText(validSarif.errors)).toBe(true);
    const run = log.runs[0];
    const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'sast/js/sql-injection');
    const full = JSON.parse((await sast(trees.make(CJS_APP))).stdout);
    expect(validReport(full), ajv2020.errorsText(validReport.errors)).toBe(true);
    const json = (full as JReport).findings.find((f) => f.ruleId === 'sast/js/sql-injection')!;
    const locs = res.codeFlows[0].threadFlows[0].locations;
    expect(locs.length).toBe(json.codeFlow!.length);
    expect(locs[0].location.physicalLocation.artifactLocation.uri).toBe('src/routes.js');
    expect(locs.at(-1).location.physicalLocation.artifactLocation.uri).toBe('src/users.js');
    expect(locs.every((l: { location: { message: { text: string } } }) => l.location.message.text.trim().length > 0)).toBe(true);
    const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ruleIds).toContain('sast/js/sql-injection');
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
  });

  it('the table shows the path under the finding, one numbered step a line', async () => {
    const r = await sast(trees.make(CJS_APP), ['--format', 'table', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\s+1\. src\/routes\.js:8 {2}\S/m);
    expect(r.stdout).toMatch(/^\s+\d+\. src\/users\.js:7 {2}\S/m);
  });

  it('fingerprints survive lines moving; the second run (cache) gives the same findings', async () => {
    const dir = trees.make(CJS_APP);
    const env = cacheEnv();
    const first = report((await sast(dir, [], env)).stdout).findings;
    const again = report((await sast(dir, [], env)).stdout).findings;
    expect(again).toEqual(first);
    const shifted = '// moved down by a header comment\n\n' + readFileSync(join(dir, 'src/users.js'), 'utf8');
    writeFileSync(join(dir, 'src/users.js'), shifted);
    writeFileSync(join(dir, 'src/routes.js'), '\n\n\n' + readFileSync(join(dir, 'src/routes.js'), 'utf8'));
    const moved = report((await sast(dir, [], env)).stdout).findings;
    expect(moved.map((f) => f.fingerprint).sort()).toEqual(first.map((f) => f.fingerprint).sort());
    expect(moved.find((f) => f.ruleId === 'sast/js/sql-injection')!.location.startLine).toBe(9);
  });

  it('an inline rampart:ignore at the sink suppresses the finding (and it is counted)', async () => {
    const users = CJS_APP['src/users.js'].replace(
      '  const result = await pool.query(sql);',
      '  // rampart:ignore sast/js/sql-injection -- name is checked against an allow-list upstream\n  const result = await pool.query(sql);',
    );
    const r = await sast(trees.make({ ...CJS_APP, 'src/users.js': users }));
    const j = report(r.stdout);
    expect(j.findings.map((f) => f.ruleId)).not.toContain('sast/js/sql-injection');
    expect(j.suppressed.map((s) => s.finding.ruleId)).toContain('sast/js/sql-injection');
  });

  it('reports rules that need no data flow (TLS verification off, weak password hash)', async () => {
    const dir = trees.make({
      'src/client.ts': `import https from 'node:https';
import { createHash } from 'node:crypto';

export const agent = new https.Agent({ rejectUnauthorized: false });

export function hashPassword(password: string): string {
  return createHash('md5').update(password).digest('hex');
}
`,
      'src/etag.ts': `import { createHash } from 'node:crypto';

export function etag(body: string): string {
  return createHash('md5').update(body).digest('hex');
}
`,
    });
    const r = await sast(dir);
    expect(r.code).toBe(1);
    const got = report(r.stdout).findings.map(brief).sort();
    expect(got).toContain('src/client.ts:4 sast/js/tls-verification-disabled');
    expect(got.some((s) => s.startsWith('src/client.ts:7 sast/js/weak-hash'))).toBe(true);
    // An MD5 ETag is not a password hash.
    expect(got.filter((s) => s.startsWith('src/etag.ts'))).toEqual([]);
  });

  it('env and argv are sources only when sast.sources turns them on', async () => {
    const files = {
      'tool.js': `const { execSync } = require('child_process');
execSync('git log ' + process.env.GIT_ARGS);
`,
    };
    const off = await sast(trees.make(files));
    expect(report(off.stdout).findings).toEqual([]);
    const on = await sast(trees.make({ ...files, 'rampart.yaml': 'version: 1\nsast:\n  sources: [http, env]\n' }));
    expect(report(on.stdout).findings.map(brief)).toEqual(['tool.js:2 sast/js/command-injection']);
  });

  it('custom pattern rules from the folder rampart.yaml names (search and taint mode)', async () => {
    const dir = trees.make({
      'rampart.yaml': 'version: 1\nsast:\n  rules: ./security-rules\n',
      'security-rules/house.yml': `rules:
  - id: no-legacy-auth
    message: legacyAuth($X) bypasses the SSO check
    severity: high
    cwe: [287]
    pattern: legacyAuth($X)
  - id: audit-log-from-request
    mode: taint
    message: request data reaches the audit log writer
    severity: medium
    pattern-sources:
      - pattern: $REQ.query
    pattern-sinks:
      - pattern: writeAudit(...)
`,
      'src/app.js': `const express = require('express');
const { legacyAuth, writeAudit } = require('./lib');
const app = express();
app.get('/login', (req, res) => {
  legacyAuth(req.query.user);
  const who = req.query.user;
  writeAudit('login by ' + who);
  res.end();
});
`,
      'src/lib.js': 'exports.legacyAuth = () => true;\nexports.writeAudit = () => {};\n',
    });
    const r = await sast(dir);
    expect(r.code).toBe(1);
    const j = report(r.stdout);
    const got = j.findings.map(brief);
    expect(got).toContain('src/app.js:5 sast/custom/no-legacy-auth');
    expect(got).toContain('src/app.js:7 sast/custom/audit-log-from-request');
    expect(j.findings.find((f) => f.ruleId === 'sast/custom/no-legacy-auth')!.message).toContain('legacyAuth(req.query.user)');
    const audit = j.findings.find((f) => f.ruleId === 'sast/custom/audit-log-from-request')!;
    expect(audit.message).toMatch(/^Request data reaches the audit log writer \(from .*line 6\)$/);
    expect(audit.codeFlow!.map((s) => s.location.startLine)).toEqual(expect.arrayContaining([6, 7]));
    // The rules are listed for SARIF consumers too.
    const sarif = JSON.parse((await sast(dir, ['--format', 'sarif'])).stdout);
    expect(sarif.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toContain('sast/custom/no-legacy-auth');
  });

  it('with worker threads (over 1 MB of sources) the per-file rules and flows come back the same', async () => {
    const files: Record<string, string> = { ...CJS_APP, 'src/agent.js': "module.exports = new (require('https').Agent)({ rejectUnauthorized: false });\n" };
    // Filler modules, enough source for the driver to start its worker pool.
    const filler = Array.from({ length: 200 }, (_, i) => `export const message${i} = '${'lorem ipsum dolor sit amet '.repeat(4)}';\n`).join('');
    for (let i = 0; i < 45; i++) files[`src/gen/m${i}.js`] = filler;
    expect(Object.values(files).join('').length).toBeGreaterThan(1 << 20);
    const dir = trees.make(files);
    const one = report((await sast(dir, ['--threads', '1'])).stdout).findings.map(brief).sort();
    const two = report((await sast(dir, ['--threads', '2'])).stdout).findings.map(brief).sort();
    expect(two).toEqual(one);
    expect(two).toEqual(expect.arrayContaining(['src/agent.js:1 sast/js/tls-verification-disabled', 'src/users.js:7 sast/js/sql-injection']));
  }, 120_000);

  it('a broken rule file is reported by name; the scan goes on', async () => {
    const dir = trees.make({
      'rampart.yaml': 'version: 1\nsast:\n  rules: ./security-rules\n',
      'security-rules/bad.yml': 'rules:\n  - id: broken\n    pattern: foo(\n',
      ...CJS_APP,
    });
    const r = await sast(dir);
    const j = report(r.stdout);
    expect(j.issues.find((i) => i.path === 'security-rules/bad.yml')).toMatchObject({ kind: 'config', scanner: 'sast' });
    expect(j.findings.some((f) => f.ruleId === 'sast/js/sql-injection')).toBe(true);
  });
});

describe('sast scanner on bad input: a clear issue naming the file, never a crash or a hang', () => {
  /** Runs the scan on the good app plus `bad`; the good app's findings must survive. */
  async function withGood(bad: Record<string, string | Buffer>) {
    const dir = trees.make({ ...CJS_APP, ...bad });
    const started = Date.now();
    const r = await sast(dir);
    const ms = Date.now() - started;
    expect(r.code, r.stderr).toBe(1);
    const j = report(r.stdout);
    expect(j.findings.some((f) => f.ruleId === 'sast/js/sql-injection')).toBe(true);
    return { j, ms, issuesFor: (p: string) => j.issues.filter((i) => i.path === p) };
  }

  it('a syntax error', async () => {
    const { issuesFor } = await withGood({ 'src/broken.js': 'function broken( {\n  return 1;\n' });
    const list = issuesFor('src/broken.js');
    expect(list.length).toBe(1);
    expect(list[0]!.message).toMatch(/syntax/i);
    expect(list[0]!.scanner).toBe('sast');
  });

  it('a 10 MB minified bundle is skipped quickly', async () => {
    const chunk = 'var a=function(b,c){return b+c};'.repeat(2000);
    // 10 MB, under the core's default --max-file-size (10 MiB), so the SAST size cap decides.
    const big = Array.from({ length: 160 }, () => chunk).join('\n');
    expect(big.length).toBeGreaterThan(10_000_000);
    const { issuesFor, ms } = await withGood({ 'public/vendor.min.js': big, 'public/small.min.js': chunk.repeat(10) });
    expect(issuesFor('public/vendor.min.js')).toEqual([expect.objectContaining({ kind: 'skipped-size', scanner: 'sast', message: expect.stringMatching(/maxFileBytes/) })]);
    expect(issuesFor('public/small.min.js')[0]?.message).toMatch(/minified/);
    expect(ms).toBeLessThan(15_000);
  });

  it('a 5,000-deep nested expression', async () => {
    const deep = 'const x =\n' + '  (\n'.repeat(5000) + '1' + '\n)'.repeat(5000) + ';\n';
    const { issuesFor } = await withGood({ 'src/deep.js': deep });
    expect(issuesFor('src/deep.js')[0]?.message).toMatch(/nest/);
  });

  it('nesting without brackets (a 20,000-branch else-if chain, a ternary chain) is refused, not a segfault', async () => {
    const elseIf = 'let x;\nif (a === 0) { x = 0; }\n' + Array.from({ length: 20_000 }, (_, i) => `else if (a === ${i + 1}) { x = ${i}; }\n`).join('');
    const ternary = 'const y =\n' + '  a ? 1 :\n'.repeat(10_000) + '  0;\n';
    const { issuesFor } = await withGood({ 'src/lookup.js': elseIf, 'src/pick.js': ternary });
    for (const p of ['src/lookup.js', 'src/pick.js']) {
      expect(issuesFor(p)).toEqual([expect.objectContaining({ kind: 'unparsable', scanner: 'sast', message: expect.stringMatching(/nests deeper than 1000 levels/) })]);
    }
  });

  it('cyclic imports terminate and still carry flows', async () => {
    const dir = trees.make({
      'a.js': `const express = require('express');
const { b } = require('./b');
const app = express();
app.get('/x', (req, res) => { b(req.query.cmd); res.end(); });
exports.a = (v) => v;
`,
      'b.js': `const { c } = require('./c');
exports.b = (v) => c(v);
`,
      'c.js': `const { a } = require('./a');
const { execSync } = require('child_process');
exports.c = (v) => execSync('run ' + a(v));
`,
    });
    const r = await sast(dir, [], cacheEnv());
    expect(r.code).toBe(1);
    expect(report(r.stdout).findings.map(brief)).toContain('c.js:3 sast/js/command-injection');
  });

  it('a Flow-annotated file', async () => {
    const flow = `// @flow
type User = {| name: string |};
function greet(u: User): string { return 'hi ' + u.name; }
module.exports = greet;
`;
    const { issuesFor } = await withGood({ 'src/flow.js': flow });
    expect(issuesFor('src/flow.js')[0]?.message).toMatch(/Flow/);
  });

  it('a binary file with a .js name', async () => {
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 37) % 256;
    const { j } = await withGood({ 'src/blob.js': bin });
    const issues = j.issues.filter((i) => i.path === 'src/blob.js' || (i.kind === 'skipped-binary' && i.path === '.'));
    expect(issues.length).toBeGreaterThan(0);
  });

  it('a file with invalid UTF-8', async () => {
    const good = Buffer.from("const greeting = 'caf");
    const bad = Buffer.concat([good, Buffer.from([0xc3, 0x28, 0xff]), Buffer.from("';\nmodule.exports = greeting;\n")]);
    const { issuesFor } = await withGood({ 'src/latin1.js': bad });
    expect(issuesFor('src/latin1.js')[0]?.message).toMatch(/UTF-8/);
  });
});

describe('the demo project', () => {
  it('shows the demo app\'s cross-file SQL injection and command injection, not the safe handler', async () => {
    const r = await runCli(['scan', 'examples/demo', '--scanners', 'sast', '--format', 'json'], { env: cacheEnv() });
    expect(r.code).toBe(1);
    const got = report(r.stdout).findings.filter((f) => f.location.path.startsWith('app/'));
    expect(got.map(brief).sort()).toEqual(['app/db.js:7 sast/js/sql-injection', 'app/images.js:8 sast/js/command-injection']);
    for (const f of got) expect(f.codeFlow![0]!.location.path).toBe('app/server.js');
  });
});

describe('custom taint rules across functions and files (built CLI)', () => {
  const RULES = `rules:
  - id: tainted-audit
    mode: taint
    message: request data reaches the audit log writer
    severity: medium
    pattern-sources:
      - pattern: $REQ.query
    pattern-sinks:
      - pattern: writeAudit(...)
    pattern-sanitizers:
      - pattern: redact(...)
`;

  it('a helper parameter and an exported helper in another file reach the sink; a sanitizer ends the path', async () => {
    const dir = trees.make({
      'rampart.yaml': 'version: 1\nsast:\n  rules: ./rules\n',
      'rules/audit.yml': RULES,
      'src/app.js': `const express = require('express');
const { writeAudit, redact } = require('./audit');
const { logIt } = require('./other');
const app = express();
function helper(v) { writeAudit('x' + v); }
app.get('/d', (req, res) => { helper(req.query.y); res.end(); });
app.get('/e', (req, res) => { logIt(req.query.z); res.end(); });
app.get('/f', (req, res) => { logIt(redact(req.query.z)); helper(redact(req.query.y)); res.end(); });
`,
      'src/audit.js': 'exports.writeAudit = () => {};\nexports.redact = (s) => String(s).length;\n',
      'src/other.js': "const { writeAudit } = require('./audit');\nexports.logIt = (m) => writeAudit(m);\n",
    });
    const r = await sast(dir);
    expect(r.code).toBe(0);
    const j = report(r.stdout);
    const got = j.findings.filter((f) => f.ruleId === 'sast/custom/tainted-audit');
    expect(got.map(brief).sort()).toEqual(['src/app.js:5 sast/custom/tainted-audit', 'src/other.js:2 sast/custom/tainted-audit']);
    for (const f of got) expect(f.codeFlow![0]!.location.path).toBe('src/app.js');
    expect(got.find((f) => f.location.path === 'src/other.js')!.codeFlow!.map((s) => s.location.startLine)[0]).toBe(7);
  });

  it('sast.rules naming a folder that does not exist is a config error (exit 2) naming the file and line', async () => {
    const dir = trees.make({ 'rampart.yaml': 'version: 1\nsast:\n  rules: ./rulez\n', 'rules/audit.yml': RULES, 'a.js': 'x();\n' });
    const r = await sast(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rampart\.yaml:3: sast\.rules: "\.\/rulez" does not exist/);
  });
});
