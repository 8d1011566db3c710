#!/usr/bin/env node
// IaC accuracy against an external labelled corpus: the query test files of KICS
// (Checkmarx/kics, Apache-2.0), fetched from the Go module proxy into bench/.corpus (never
// committed). Each KICS query folder has positive files with the expected lines in
// positive_expected_result.json, and negative files. We measure, for Terraform, CloudFormation,
// Kubernetes and Dockerfiles:
//   - recall on "implemented" queries: the share of labelled lines where Rampart reports something
//     on that exact line, and within the same resource block; a query counts as implemented when
//     Rampart hits at least one of its labelled lines (so classes Rampart has no rule for drop out);
//   - negative files with no default-on finding (an upper bound on noise: a KICS negative is clean
//     only for its own query, so other rules may rightly fire on it).
// Line conventions differ (KICS often marks the block, Rampart the offending attribute), which is
// why both the exact and the block figure are printed.
// Usage: npm run build && node bench/iac-accuracy.mjs [--write]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, appendFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = join(ROOT, 'bench/.corpus/kics');
const KICS = 'github.com/Checkmarx/kics/v2@v2.2.0';

function fetchKics() {
  const gopath = join(CORPUS, 'gopath');
  const dir = join(gopath, 'pkg/mod/github.com/!checkmarx/kics/v2@v2.2.0/assets/queries');
  if (existsSync(dir)) return dir;
  console.error(`fetching ${KICS} from the Go module proxy (about 60 MB) ...`);
  try {
    execFileSync('go', ['mod', 'download', '-json', KICS], { env: { ...process.env, GOPATH: gopath, GOFLAGS: '-modcacherw' }, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    return undefined;
  }
  return existsSync(dir) ? dir : undefined;
}

const dist = join(ROOT, 'dist/scanners/iac');
const { loadTerraform } = await import(`${dist}/formats/terraform/load.js`);
const { loadCloudFormation, isCloudFormation } = await import(`${dist}/formats/cloudformation/load.js`);
const { runCloudRules } = await import(`${dist}/cloud.js`);
const { cloudRules } = await import(`${dist}/rules/cloud/index.js`);
const { auditDockerfile, dockerfileRules } = await import(`${dist}/rules/dockerfile/index.js`);
const { auditKubernetes, kubernetesRules } = await import(`${dist}/rules/kubernetes/index.js`);
const { isBestPractice } = await import(`${dist}/best-practice.js`);
const off = new Set([...cloudRules, ...dockerfileRules, ...kubernetesRules].filter(isBestPractice).map((r) => r.id));
const defaultCloud = cloudRules.filter((r) => !off.has(r.id));

async function scan(kind, file) {
  const name = basename(file);
  const text = readFileSync(file, 'utf8');
  if (kind === 'dockerfile') return { findings: auditDockerfile(name, text).findings, blocks: [] };
  if (kind === 'kubernetes') return { findings: auditKubernetes(name, text).findings, blocks: [] };
  let units = [];
  if (kind === 'terraform') units = await loadTerraform([{ path: name, absPath: file }], { root: dirname(file), varFiles: [], env: {}, onlyGivenFiles: true });
  else if (isCloudFormation(name, text)) units = [loadCloudFormation(name, text)];
  const findings = [];
  const blocks = [];
  for (const u of units) {
    for (const r of u.resources) if (r.file === name) blocks.push([r.line, r.endLine]);
    findings.push(...runCloudRules(u, defaultCloud).findings.filter((f) => f.location.path === name));
  }
  return { findings, blocks };
}

const KINDS = [
  ['terraform', ['terraform/aws', 'terraform/azure', 'terraform/gcp'], (f) => f.endsWith('.tf')],
  ['cloudformation', ['cloudFormation/aws'], (f) => /\.(ya?ml|json)$/.test(f)],
  ['kubernetes', ['k8s'], (f) => /\.(ya?ml|json)$/.test(f)],
  ['dockerfile', ['dockerfile'], (f) => /dockerfile$/i.test(f)],
];

const queries = fetchKics();
if (!queries) {
  console.log('KICS query tests not available (needs `go` and the Go module proxy); nothing measured.');
  process.exit(0);
}
const rows = [];
const started = Date.now();
for (const [kind, roots, want] of KINDS) {
  let exp = 0, exact = 0, block = 0, implemented = 0, negFiles = 0, negClean = 0, files = 0;
  for (const r of roots) {
    const base = join(queries, r);
    if (!existsSync(base)) continue;
    for (const q of readdirSync(base)) {
      const t = join(base, q, 'test');
      if (!existsSync(t) || !statSync(t).isDirectory()) continue;
      let expected = [];
      try {
        expected = JSON.parse(readFileSync(join(t, 'positive_expected_result.json'), 'utf8'));
      } catch {
        continue;
      }
      const res = new Map();
      for (const f of readdirSync(t)) {
        if (f.startsWith('positive_expected') || !want(f) || !statSync(join(t, f)).isFile()) continue;
        files++;
        try {
          res.set(f, await scan(kind, join(t, f)));
        } catch (e) {
          res.set(f, { findings: [], blocks: [], error: String(e) });
        }
      }
      let qe = 0, qx = 0, qb = 0;
      // KICS leaves out fileName when a query has a single positive file.
      const positives = [...res.keys()].filter((f) => f.startsWith('positive'));
      for (const e of expected) {
        const r = res.get(e.fileName ?? (positives.length === 1 ? positives[0] : ''));
        if (!r) continue;
        qe++;
        const hit = r.findings.some((f) => f.location.startLine === e.line);
        const blk = r.blocks.find(([a, b]) => e.line >= a && e.line <= b);
        if (hit) qx++;
        if (hit || (blk && r.findings.some((f) => f.location.startLine >= blk[0] && f.location.startLine <= blk[1]))) qb++;
      }
      if (qb > 0) {
        implemented++;
        exp += qe;
        exact += qx;
        block += qb;
      }
      for (const [f, r] of res) {
        if (!f.startsWith('negative')) continue;
        negFiles++;
        if (!r.findings.some((x) => !off.has(x.ruleId))) negClean++;
      }
    }
  }
  rows.push({ kind, files, implemented, exp, exact, block, negFiles, negClean });
}
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
const lines = [
  '| format | files | queries matched | labelled lines | found, exact line | found, same block | negative files with no default-on finding |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.kind} | ${r.files} | ${r.implemented} | ${r.exp} | ${r.exact} (${pct(r.exact, r.exp)}) | ${r.block} (${pct(r.block, r.exp)}) | ${r.negClean}/${r.negFiles} (${pct(r.negClean, r.negFiles)}) |`),
];
console.log(lines.join('\n'));
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
if (process.argv.includes('--write')) {
  const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  appendFileSync(join(ROOT, 'bench/RESULTS.md'), `\n## ${new Date().toISOString().slice(0, 19)}Z — IaC accuracy on the KICS query tests (${sha})\n\n\`node bench/iac-accuracy.mjs --write\` (${KICS}, default rules only).\n\n${lines.join('\n')}\n`);
}
