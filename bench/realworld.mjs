#!/usr/bin/env node
// Real-world IaC corpus: runs the built CLI's `iac` scanner on bench/.corpus/realworld/ (real
// Terraform, CloudFormation, Kubernetes and Dockerfiles copied from public repositories, one
// folder per repository: <owner>__<repo>/<path>) and prints, per format, how many files there
// are, how many have at least one default-on finding, the issues by kind, findings per rule and
// the wall time. Not part of `npm test`; the corpus is git-ignored and is not generated here.
//
//   npm run build && node bench/realworld.mjs [--corpus DIR] [--best-practices] [--json FILE]
//     [--list-clean] [--list-dirty]
//
// Without the corpus it prints how to build one and exits 0.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const CORPUS = resolve(opt('corpus', join(HERE, '.corpus', 'realworld')));
const CLI = join(ROOT, 'bin', 'rampart.js');

if (!existsSync(CORPUS) || readdirSync(CORPUS).length === 0) {
  console.log(`No real-world corpus at ${relative(ROOT, CORPUS) || CORPUS}.

Build one (it is git-ignored; never commit it): copy whole files from public repositories into
  bench/.corpus/realworld/<owner>__<repo>/<path inside the repository>
keeping each repository's layout so local modules, tfvars and sibling .tf files resolve. Take every
.tf file of a directory you take. Aim for variety: Terraform roots and examples (hashicorp
learn-terraform-*, terraform-provider-aws examples/, Azure/terraform quickstart/, terraform-google-
modules/terraform-docs-samples, gruntwork-io/terratest examples/), CloudFormation templates
(aws-cloudformation/aws-cloudformation-templates), Kubernetes manifests (kubernetes/examples,
GoogleCloudPlatform/microservices-demo release/, argoproj/argo-cd manifests/) and Dockerfiles of
well-known projects (the Go module cache, ~/go/pkg/mod, holds several). Then run:
  npm run build && node bench/realworld.mjs`);
  process.exit(0);
}
if (!existsSync(join(ROOT, 'dist'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

// ------------------------------------------------------------------ corpus inventory
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** The IaC format of a file by name and content, or null when it is none of the four. */
function formatOf(p) {
  const name = basename(p);
  if (/\.(tf|tf\.json)$/.test(name)) return 'terraform';
  if (/\.tfvars(\.json)?$/.test(name)) return 'terraform';
  if (/^(Dockerfile|Containerfile)(\..+)?$/i.test(name) || /\.(Dockerfile|dockerfile)$/.test(name)) return 'dockerfile';
  if (!/\.(ya?ml|json|template)$/i.test(name)) return null;
  let text;
  try {
    text = readFileSync(p, 'utf8');
  } catch {
    return null;
  }
  if (/AWSTemplateFormatVersion|"Type"\s*:\s*"AWS::|^[ \t]+Type:\s*['"]?AWS::/m.test(text)) return 'cloudformation';
  if (/^[ \t]*"?apiVersion"?\s*:/m.test(text) && /^[ \t]*"?kind"?\s*:/m.test(text)) return 'kubernetes';
  return null;
}

const files = walk(CORPUS)
  .map((p) => ({ path: relative(CORPUS, p), format: formatOf(p), bytes: statSync(p).size }))
  .filter((f) => f.format);
const FORMATS = ['terraform', 'cloudformation', 'kubernetes', 'dockerfile'];

// ------------------------------------------------------------------ run the CLI
function run(args) {
  return new Promise((res) => {
    const t0 = process.hrtime.bigint();
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      res({ code: err && typeof err.code === 'number' ? err.code : 0, stdout, stderr, ms });
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'rampart-realworld-'));
const out = join(tmp, 'report.json');
const args = ['scan', CORPUS, '--scanners', 'iac', '--format', 'json', '--output', out, '--show-unresolved', '--fail-on', 'none', '--no-color'];
if (flag('best-practices')) args.push('--best-practices');
const r = await run(args);
if (!existsSync(out)) {
  console.error(`scan failed (exit ${r.code}):\n${r.stderr}`);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}
const report = JSON.parse(readFileSync(out, 'utf8'));
if (opt('json', null)) writeFileSync(opt('json'), JSON.stringify(report));
rmSync(tmp, { recursive: true, force: true });

// ------------------------------------------------------------------ figures
const rel = (p) => (p.startsWith('/') ? relative(CORPUS, p) : p);
const findingsByFile = new Map();
for (const f of report.findings) {
  const p = rel(f.location.path);
  findingsByFile.set(p, (findingsByFile.get(p) ?? 0) + 1);
}
const issuesByFile = new Map();
for (const i of report.issues ?? []) {
  if (i.kind === 'unresolved') continue;
  const p = rel(i.path);
  issuesByFile.set(p, (issuesByFile.get(p) ?? 0) + 1);
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`Real-world IaC corpus: ${relative(ROOT, CORPUS)} (${files.length} IaC files, ${files.reduce((a, f) => a + f.bytes, 0)} bytes)`);
console.log(`rampart scan --scanners iac${flag('best-practices') ? ' --best-practices' : ''}: wall ${(r.ms / 1000).toFixed(2)} s (CLI start-up included), scan ${(report.stats?.durationMs ?? 0) / 1000} s, ${report.stats?.filesScanned ?? '?'} files scanned\n`);

console.log(`${pad('format', 16)}${lpad('files', 7)}${lpad('with findings', 15)}${lpad('clean', 7)}${lpad('clean %', 9)}${lpad('findings', 10)}${lpad('issues', 8)}`);
const rows = [];
for (const fmt of [...FORMATS, 'all']) {
  const fs = fmt === 'all' ? files : files.filter((f) => f.format === fmt);
  const dirty = fs.filter((f) => findingsByFile.has(f.path));
  const nFind = fs.reduce((a, f) => a + (findingsByFile.get(f.path) ?? 0), 0);
  const nIss = fs.reduce((a, f) => a + (issuesByFile.get(f.path) ?? 0), 0);
  const clean = fs.length - dirty.length;
  rows.push({ fmt, files: fs.length, dirty: dirty.length, clean });
  console.log(`${pad(fmt, 16)}${lpad(fs.length, 7)}${lpad(dirty.length, 15)}${lpad(clean, 7)}${lpad(fs.length ? ((100 * clean) / fs.length).toFixed(1) : '-', 9)}${lpad(nFind, 10)}${lpad(nIss, 8)}`);
}
// Terraform is evaluated per directory (a module): a directory is clean when none of its files has a finding.
const tfDirs = new Map();
for (const f of files.filter((x) => x.format === 'terraform')) {
  const d = dirname(f.path);
  tfDirs.set(d, (tfDirs.get(d) ?? false) || findingsByFile.has(f.path));
}
const tfDirty = [...tfDirs.values()].filter(Boolean).length;
console.log(`${pad('terraform dirs', 16)}${lpad(tfDirs.size, 7)}${lpad(tfDirty, 15)}${lpad(tfDirs.size - tfDirty, 7)}${lpad(tfDirs.size ? ((100 * (tfDirs.size - tfDirty)) / tfDirs.size).toFixed(1) : '-', 9)}`);
const orphan = [...findingsByFile.keys()].filter((p) => !files.some((f) => f.path === p));
if (orphan.length) console.log(`(findings in ${orphan.length} file(s) not classified above: ${orphan.slice(0, 5).join(', ')})`);

const kinds = {};
for (const i of report.issues ?? []) kinds[i.kind] = (kinds[i.kind] ?? 0) + 1;
console.log(`\nissues by kind: ${Object.entries(kinds).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
for (const i of report.issues ?? []) if (i.kind !== 'unresolved') console.log(`  ${i.kind} ${rel(i.path)}:${i.line ?? ''} ${i.message}`);

const sev = Object.fromEntries((report.rules ?? []).map((x) => [x.id, x.severity]));
const perRule = {};
for (const f of report.findings) {
  const p = rel(f.location.path);
  const e = (perRule[f.ruleId] ??= { n: 0, files: new Set(), severity: f.severity ?? sev[f.ruleId] });
  e.n++;
  e.files.add(p);
}
console.log(`\nfindings per rule (${report.findings.length} findings, ${Object.keys(perRule).length} rules):`);
console.log(`${pad('rule', 52)}${pad('severity', 10)}${lpad('findings', 9)}${lpad('files', 7)}`);
for (const [id, e] of Object.entries(perRule).sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0]))) {
  console.log(`${pad(id, 52)}${pad(e.severity ?? '', 10)}${lpad(e.n, 9)}${lpad(e.files.size, 7)}`);
}

if (flag('list-clean') || flag('list-dirty')) {
  const want = flag('list-clean') ? (f) => !findingsByFile.has(f.path) : (f) => findingsByFile.has(f.path);
  console.log(`\n${flag('list-clean') ? 'files without findings' : 'files with findings'}:`);
  for (const f of files.filter(want)) console.log(`  ${f.format.padEnd(15)} ${f.path}`);
}
