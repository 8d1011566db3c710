#!/usr/bin/env node
// Pipelines (GitHub Actions) benchmark: Rampart's `pipelines` scanner and zizmor side by side on
// the same generated corpus of workflows, plus an optional IaC run (Rampart `iac` vs checkov) on
// generated Dockerfiles + Kubernetes manifests. Not part of `npm test`.
//
//   npm run build && node bench/pipelines.mjs [--count 1000] [--iac-count 1000] [--seed 1]
//     [--runs 1] [--no-zizmor] [--no-checkov] [--no-iac] [--write]
//
// Children run only through execFile/spawn with argument arrays. Corpora go to bench/.corpus/.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './lib/prng.mjs';
import { which, measure as measureChild, median } from './lib/measure.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CORPUS = join(HERE, '.corpus');

// ------------------------------------------------------------------ args
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);
const COUNT = Number(opt('count', 1000));
const IAC_COUNT = Number(opt('iac-count', 1000));
const SEED = Number(opt('seed', 1));
const RUNS = Math.max(1, Number(opt('runs', 1)));
const WRITE = flag('write');

// ------------------------------------------------------------------ helpers
// Children run in the repository root unless told otherwise.
const measure = (cmd, args, o = {}) => measureChild(cmd, args, { cwd: ROOT, timeoutSec: 600, tag: 'pl', ...o });
async function measureRuns(cmd, args, opts) {
  const rs = [];
  for (let i = 0; i < RUNS; i++) rs.push(await measure(cmd, args, opts));
  const last = rs[rs.length - 1];
  return { ...last, wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu ?? 0)), rssMb: Math.max(...rs.map((r) => r.rssMb ?? 0)) };
}
const countBy = (xs) => {
  const m = new Map();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
};
const fmt = (n, d = 2) => (n == null || Number.isNaN(n) ? '?' : n.toFixed(d));

// ------------------------------------------------------------------ workflow corpus
const SHA = (r) => r.str('0123456789abcdef', 40);
const ACTIONS = [
  ['actions/checkout', 'v4'], ['actions/setup-node', 'v4'], ['actions/setup-python', 'v5'], ['actions/cache', 'v4'],
  ['actions/upload-artifact', 'v4'], ['actions/download-artifact', 'v4'], ['actions/setup-go', 'v5'],
  ['docker/login-action', 'v3'], ['docker/build-push-action', 'v6'], ['docker/setup-buildx-action', 'v3'],
  ['codecov/codecov-action', 'v4'], ['github/codeql-action/init', 'v3'], ['softprops/action-gh-release', 'v2'],
  ['peter-evans/create-pull-request', 'v6'], ['aws-actions/configure-aws-credentials', 'v4'], ['actions/github-script', 'v7'],
];
const RUN_CMDS = [
  'npm ci', 'npm test', 'npm run build', 'npm run lint', 'pip install -r requirements.txt', 'pytest -q', 'go test ./...',
  'make build', 'cargo test --locked', 'docker build -t app:${{ github.sha }} .', './scripts/release.sh', 'yarn install --frozen-lockfile',
  'echo "Building ${{ matrix.node }}"', 'ls -la dist/', 'git diff --exit-code',
];
const INJECT = [
  '${{ github.event.pull_request.title }}', '${{ github.event.issue.body }}', '${{ github.event.comment.body }}',
  '${{ github.head_ref }}', '${{ github.event.pull_request.head.ref }}', '${{ github.event.head_commit.message }}',
];
const TRIGGERS = ['push', 'pull_request', 'pull_request_target', 'workflow_dispatch', 'schedule', 'release', 'issue_comment', 'workflow_run', 'issues'];

function genWorkflow(r, i, planted) {
  const L = [];
  const name = `${r.pick(['CI', 'Build', 'Release', 'Lint', 'Test', 'Deploy', 'Nightly', 'Triage', 'Docs'])} ${i}`;
  L.push(`name: ${name}`, '', 'on:');
  const ntrig = r.range(1, 3);
  const trig = new Set();
  while (trig.size < ntrig) trig.add(r.weighted([[6, 'push'], [6, 'pull_request'], [1, 'pull_request_target'], [3, 'workflow_dispatch'], [2, 'schedule'], [1, 'release'], [1, 'issue_comment'], [1, 'workflow_run'], [1, 'issues']]));
  for (const t of trig) {
    if (t === 'push') L.push('  push:', '    branches: [main]', ...(r.chance(0.3) ? ['    tags: ["v*"]'] : []));
    else if (t === 'pull_request' || t === 'pull_request_target') L.push(`  ${t}:`, `    types: [opened, synchronize${r.chance(0.5) ? ', reopened' : ''}]`);
    else if (t === 'schedule') L.push('  schedule:', `    - cron: "${r.int(60)} ${r.int(24)} * * ${r.int(7)}"`);
    else if (t === 'release') L.push('  release:', '    types: [published]');
    else if (t === 'issue_comment') L.push('  issue_comment:', '    types: [created]');
    else if (t === 'issues') L.push('  issues:', '    types: [opened, edited]');
    else if (t === 'workflow_run') L.push('  workflow_run:', '    workflows: ["CI"]', '    types: [completed]');
    else L.push(`  ${t}:`);
  }
  L.push('');
  const perm = r.weighted([[4, 'read'], [2, 'none'], [1, 'write-all'], [1, 'scoped']]);
  if (perm === 'read') L.push('permissions:', '  contents: read', '');
  else if (perm === 'write-all') { L.push('permissions: write-all', ''); planted.push('permissions'); }
  else if (perm === 'scoped') L.push('permissions:', '  contents: read', '  pull-requests: write', '');
  else planted.push('default-permissions');
  if (r.chance(0.3)) L.push('env:', `  NODE_VERSION: "${r.pick(['18', '20', '22'])}"`, '  CI: true', '');
  L.push('jobs:');
  const njobs = r.range(1, 4);
  const jids = [];
  for (let j = 0; j < njobs; j++) {
    const jid = `${r.pick(['build', 'test', 'lint', 'deploy', 'publish', 'docs', 'scan', 'package'])}-${j}`;
    L.push(`  ${jid}:`);
    if (j > 0 && r.chance(0.5)) L.push(`    needs: [${r.pick(jids)}]`);
    jids.push(jid);
    L.push(`    runs-on: ${r.weighted([[8, 'ubuntu-latest'], [1, 'macos-latest'], [1, 'windows-latest'], [1, '[self-hosted, linux]']])}`);
    if (r.chance(0.2)) L.push('    timeout-minutes: 30');
    if (r.chance(0.25)) L.push('    strategy:', '      matrix:', '        node: [18, 20, 22]');
    if (r.chance(0.1)) { L.push('    container:', `      image: ${r.pick(['node:20', 'python:3.12-slim', 'golang:1.22'])}`); planted.push('unpinned-container'); }
    L.push('    steps:');
    const nsteps = r.range(2, 9);
    for (let s = 0; s < nsteps; s++) {
      const kind = s === 0 ? 'checkout' : r.weighted([[5, 'run'], [4, 'uses'], [1, 'inject'], [1, 'script']]);
      if (kind === 'checkout') {
        const pin = r.chance(0.4);
        L.push(`      - uses: actions/checkout@${pin ? `${SHA(r)} # v4.2.2` : 'v4'}`);
        if (!pin) planted.push('unpinned');
        if (trig.has('pull_request_target') && r.chance(0.5)) {
          L.push('        with:', '          ref: ${{ github.event.pull_request.head.sha }}');
          planted.push('untrusted-checkout');
        } else if (r.chance(0.5)) L.push('        with:', '          persist-credentials: false');
      } else if (kind === 'uses') {
        const [a, v] = r.pick(ACTIONS);
        const pin = r.chance(0.35);
        L.push(`      - name: ${a.split('/')[1]}`, `        uses: ${a}@${pin ? `${SHA(r)} # ${v}` : v}`);
        if (!pin) planted.push('unpinned');
        if (a === 'actions/setup-node') L.push('        with:', `          node-version: ${r.pick(['18', '20', '22', '${{ matrix.node }}'])}`);
        if (a === 'actions/cache') L.push('        with:', '          path: ~/.npm', "          key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}");
        if (a === 'docker/login-action') L.push('        with:', '          username: ${{ secrets.DOCKER_USER }}', '          password: ${{ secrets.DOCKER_TOKEN }}');
      } else if (kind === 'inject') {
        const e = r.pick(INJECT);
        L.push('      - name: Echo context', '        run: |', `          echo "Processing ${e}"`, `          ./scripts/notify.sh`);
        planted.push('injection');
      } else if (kind === 'script') {
        L.push('      - uses: actions/github-script@' + SHA(r) + ' # v7', '        with:', '          script: |', "            core.info('label ' + context.issue.number)");
      } else {
        const cmd = r.pick(RUN_CMDS);
        if (r.chance(0.4)) L.push(`      - name: ${cmd.split(' ').slice(0, 2).join(' ')}`);
        L.push(`      ${L[L.length - 1].startsWith('      - name') ? '  ' : '- '}run: ${cmd.includes('"') ? `'${cmd.replace(/'/g, "''")}'` : cmd}`);
        if (r.chance(0.2)) L.push('        env:', '          TOKEN: ${{ secrets.GITHUB_TOKEN }}');
      }
    }
  }
  return L.join('\n') + '\n';
}

function ensureWorkflows() {
  const dir = join(CORPUS, SEED === 1 ? `workflows-${COUNT}` : `workflows-${COUNT}-s${SEED}`);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) return { dir, ...JSON.parse(readFileSync(marker, 'utf8')) };
  rmSync(dir, { recursive: true, force: true });
  const wf = join(dir, '.github', 'workflows');
  mkdirSync(wf, { recursive: true });
  const r = new Rng(`workflows-${SEED}`);
  const planted = [];
  let bytes = 0;
  for (let i = 0; i < COUNT; i++) {
    const text = genWorkflow(r, i, planted);
    bytes += text.length;
    writeFileSync(join(wf, `wf-${String(i).padStart(4, '0')}.yml`), text);
  }
  const meta = { files: COUNT, bytes, planted: Object.fromEntries(countBy(planted)) };
  writeFileSync(marker, JSON.stringify(meta));
  return { dir, ...meta };
}

// ------------------------------------------------------------------ IaC corpus
const BASES = ['node:20', 'python:3.12-slim', 'golang:1.22-alpine', 'ubuntu:22.04', 'alpine:3.20', 'nginx:latest', 'debian:bookworm'];
function genDockerfile(r) {
  const L = [];
  const base = r.pick(BASES);
  L.push(`FROM ${r.chance(0.2) ? `${base}@sha256:${r.str('0123456789abcdef', 64)}` : base}`);
  if (r.chance(0.3)) L.push('LABEL maintainer="team@example.com"');
  L.push('WORKDIR /app');
  if (r.chance(0.3)) L.push('RUN apt-get update && apt-get install -y curl ca-certificates');
  if (r.chance(0.15)) L.push('RUN curl -fsSL https://example.com/install.sh | sh');
  if (r.chance(0.2)) L.push('ADD https://example.com/tool.tar.gz /tmp/');
  L.push(r.pick(['COPY . .', 'COPY package*.json ./', 'COPY requirements.txt .']));
  L.push(r.pick(['RUN npm ci --omit=dev', 'RUN pip install --no-cache-dir -r requirements.txt', 'RUN go build -o /bin/app ./cmd/app', 'RUN make']));
  if (r.chance(0.15)) L.push(`ENV API_TOKEN=${r.str('abcdef0123456789', 24)}`);
  if (r.chance(0.5)) L.push(`USER ${r.pick(['app', '1000', 'nobody'])}`);
  if (r.chance(0.1)) L.push('USER root');
  if (r.chance(0.4)) L.push('HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1');
  L.push(`EXPOSE ${r.pick([80, 8080, 3000, 22])}`);
  L.push(`CMD ${r.pick(['["node", "server.js"]', '["python", "app.py"]', '["/bin/app"]', 'nginx -g "daemon off;"'])}`);
  return L.join('\n') + '\n';
}
function genK8s(r, i) {
  const kind = r.weighted([[5, 'Deployment'], [1, 'Pod'], [1, 'DaemonSet'], [1, 'StatefulSet']]);
  const sc = [];
  if (r.chance(0.15)) sc.push('privileged: true');
  if (r.chance(0.5)) sc.push('runAsNonRoot: true');
  if (r.chance(0.4)) sc.push('readOnlyRootFilesystem: true');
  if (r.chance(0.4)) sc.push('allowPrivilegeEscalation: false');
  const ind = kind === 'Pod' ? '  ' : '      ';
  const c = [
    `${ind}containers:`,
    `${ind}  - name: app-${i}`,
    `${ind}    image: ${r.pick(['nginx', 'nginx:1.27', 'redis:7', 'registry.example.com/app:latest', `ghcr.io/acme/api@sha256:${r.str('0123456789abcdef', 64)}`])}`,
    `${ind}    ports:`,
    `${ind}      - containerPort: ${r.pick([80, 8080, 6379])}`,
  ];
  if (r.chance(0.5)) c.push(`${ind}    resources:`, `${ind}      limits:`, `${ind}        cpu: "500m"`, `${ind}        memory: 256Mi`);
  if (sc.length) c.push(`${ind}    securityContext:`, ...sc.map((s) => `${ind}      ${s}`));
  const podExtra = [];
  if (r.chance(0.1)) podExtra.push(`${ind}hostNetwork: true`);
  if (r.chance(0.05)) podExtra.push(`${ind}hostPID: true`);
  const L = [`apiVersion: ${kind === 'Pod' ? 'v1' : 'apps/v1'}`, `kind: ${kind}`, 'metadata:', `  name: svc-${i}`, `  namespace: ${r.pick(['default', 'prod', 'staging'])}`];
  if (kind === 'Pod') L.push('spec:', ...podExtra, ...c);
  else L.push('spec:', ...(kind !== 'DaemonSet' ? [`  replicas: ${r.range(1, 5)}`] : []), '  selector:', '    matchLabels:', `      app: svc-${i}`, '  template:', '    metadata:', '      labels:', `        app: svc-${i}`, '    spec:', ...podExtra, ...c);
  return L.join('\n') + '\n';
}
function ensureIac() {
  const dir = join(CORPUS, SEED === 1 ? `iac-${IAC_COUNT}` : `iac-${IAC_COUNT}-s${SEED}`);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) return { dir, ...JSON.parse(readFileSync(marker, 'utf8')) };
  rmSync(dir, { recursive: true, force: true });
  const r = new Rng(`iac-${SEED}`);
  const half = Math.floor(IAC_COUNT / 2);
  let bytes = 0;
  for (let i = 0; i < half; i++) {
    const d = join(dir, 'services', `svc-${String(i).padStart(3, '0')}`);
    mkdirSync(d, { recursive: true });
    const t = genDockerfile(r);
    bytes += t.length;
    writeFileSync(join(d, 'Dockerfile'), t);
  }
  mkdirSync(join(dir, 'k8s'), { recursive: true });
  for (let i = 0; i < IAC_COUNT - half; i++) {
    const t = genK8s(r, i);
    bytes += t.length;
    writeFileSync(join(dir, 'k8s', `svc-${String(i).padStart(3, '0')}.yaml`), t);
  }
  const meta = { files: IAC_COUNT, dockerfiles: half, manifests: IAC_COUNT - half, bytes };
  writeFileSync(marker, JSON.stringify(meta));
  return { dir, ...meta };
}

// ------------------------------------------------------------------ tools
function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 }).trim().split('\n')[0];
  } catch {
    return '?';
  }
}
function gitRev() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return rev;
  } catch {
    return '?';
  }
}
async function runRampart(dir, scanner) {
  const out = join(mkdtempSync(join(tmpdir(), 'rampart-bench-pl-')), 'report.json');
  const args = ['bin/rampart.js', 'scan', dir, '--scanners', scanner, '--format', 'json', '--output', out, '--fail-on', 'none'];
  const m = await measureRuns(process.execPath, args);
  let findings = [];
  try {
    findings = JSON.parse(readFileSync(out, 'utf8')).findings ?? [];
  } catch (e) {
    m.error = `no report: ${String(e.message).slice(0, 200)} ${m.stderr.slice(0, 300)}`;
  }
  return { ...m, cmd: `node ${args.join(' ').replace(dir, '<dir>').replace(out, '<report.json>')}`, total: findings.length, byRule: countBy(findings.map((f) => f.ruleId)), files: new Set(findings.map((f) => f.location?.path)).size };
}
const ZIZMOR = which('zizmor', [join(homedir(), '.cargo', 'bin')]);
async function runZizmor(dir) {
  const out = join(mkdtempSync(join(tmpdir(), 'rampart-bench-pl-')), 'zizmor.json');
  const args = ['--offline', '--format', 'json', dir];
  const m = await measureRuns(ZIZMOR, args, { stdoutFile: out });
  let findings = [];
  try {
    findings = JSON.parse(readFileSync(out, 'utf8'));
  } catch (e) {
    m.error = `unparsable output: ${m.stderr.slice(0, 300)}`;
  }
  return { ...m, cmd: `zizmor ${args.join(' ').replace(dir, '<dir>')}`, total: findings.length, byRule: countBy(findings.map((f) => f.ident ?? f.id ?? '?')) };
}
const CHECKOV = which('checkov', ['/tmp/checkov-venv/bin']);
async function runCheckov(dir) {
  const out = join(mkdtempSync(join(tmpdir(), 'rampart-bench-pl-')), 'checkov.json');
  // Run from inside the corpus with `-d .`: checkov's kubernetes runner silently skips files
  // whose path has a hidden directory (bench/.corpus/...), the dockerfile runner does not.
  const args = ['-d', '.', '--framework', 'dockerfile', 'kubernetes', '--quiet', '-o', 'json', '--skip-download'];
  const m = await measureRuns(CHECKOV, args, { stdoutFile: out, cwd: dir });
  let failed = [];
  try {
    let j = JSON.parse(readFileSync(out, 'utf8'));
    if (!Array.isArray(j)) j = [j];
    for (const rep of j) failed.push(...(rep.results?.failed_checks ?? []));
  } catch (e) {
    m.error = `unparsable output: ${m.stderr.slice(0, 300)}`;
  }
  return { ...m, cmd: `(cd <dir> && checkov ${args.join(' ')})`, total: failed.length, byRule: countBy(failed.map((f) => f.check_id)) };
}

// ------------------------------------------------------------------ main
const lines = [];
const say = (s = '') => {
  console.log(s);
  lines.push(s);
};
const row = (tool, ver, r) => `| ${tool} | ${ver} | ${fmt(r.wall)} | ${fmt(r.cpu)} | ${fmt(r.rssMb, 1)} | ${r.total} | ${r.exit} |`;
const HEAD = '| tool | version | wall s | CPU s | peak RSS MB | findings | exit |\n|---|---|---:|---:|---:|---:|---:|';

if (!existsSync(join(ROOT, 'dist'))) {
  console.error('dist/ missing: run `npm run build` first');
  process.exit(2);
}
const load0 = loadavg()[0];
const rev = gitRev();
const date = new Date().toISOString();
say(`## Pipelines benchmark: ${COUNT} workflows (${date.slice(0, 10)})`);
say('');
say(`Machine: ${cpus().length} × ${cpus()[0]?.model?.trim() ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, load avg at start ${load0.toFixed(2)}. Rampart at ${rev}; median of ${RUNS} run(s). Generated ${date}.`);
say('');
const wf = ensureWorkflows();
say(`### GitHub Actions: ${wf.files} workflows, ${(wf.bytes / 1024).toFixed(0)} KiB (seed ${SEED})`);
say('');
say(`Planted problems (per occurrence, generator's view): ${Object.entries(wf.planted).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
say('');
const ram = await runRampart(wf.dir, 'pipelines');
if (ram.error) say(`Rampart error: ${ram.error}`);
let ziz = null;
let zizNote = '';
if (flag('no-zizmor')) zizNote = 'zizmor: skipped (--no-zizmor).';
else if (!ZIZMOR) {
  let why = 'not on PATH or in ~/.cargo/bin';
  if (existsSync('/tmp/zizmor-install.log')) {
    const log = readFileSync('/tmp/zizmor-install.log', 'utf8');
    const need = log.match(/requires rustc [\d.]+/);
    why += log.includes('EXIT') ? ` (cargo install failed${need ? `: ${need[0]}` : ''})` : ' (cargo install still building when the benchmark ran)';
  }
  zizNote = `zizmor: **not run**, ${why}.`;
} else ziz = await runZizmor(wf.dir);
say(HEAD);
say(row('rampart', `0.1.0 (${rev})`, ram));
let zver = '';
if (ziz) {
  zver = version(ZIZMOR, ['--version']);
  say(row('zizmor', zver, ziz));
}
say('');
const goal = ram.wall < 3;
say(`Goal 1,000 workflows < 3 s: **${goal ? 'met' : 'not met'}** (${fmt(ram.wall)} s${COUNT !== 1000 ? `, on ${COUNT} workflows` : ''}).`);
if (ziz) say(`Ratio zizmor/rampart wall time: **${fmt(ziz.wall / ram.wall)}x** (above 1: Rampart is faster); CPU ${fmt(ziz.cpu / ram.cpu)}x; peak RSS rampart/zizmor ${fmt(ram.rssMb / ziz.rssMb)}x.`);
if (zizNote) say(zizNote);
say('');
say(`Rampart findings by rule (${ram.total} in ${ram.files} files): ${ram.byRule.map(([k, v]) => `${k.replace('pipelines/github-actions/', '')} ${v}`).join(', ')}.`);
say('');
if (ziz) {
  say(`zizmor findings by audit (${ziz.total}): ${ziz.byRule.map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  say('');
}
say('Commands:');
say('');
say(`    ${ram.cmd}`);
if (ziz) say(`    ${ziz.cmd}`);
say('');

if (!flag('no-iac')) {
  const iac = ensureIac();
  say(`### IaC: ${iac.dockerfiles} Dockerfiles + ${iac.manifests} Kubernetes manifests, ${(iac.bytes / 1024).toFixed(0)} KiB`);
  say('');
  const ri = await runRampart(iac.dir, 'iac');
  if (ri.error) say(`Rampart error: ${ri.error}`);
  let ck = null;
  if (flag('no-checkov')) say('checkov: skipped (--no-checkov).');
  else if (!CHECKOV) say('checkov: **not run**, not on PATH or in /tmp/checkov-venv/bin.');
  else ck = await runCheckov(iac.dir);
  say(HEAD);
  say(row('rampart', `0.1.0 (${rev})`, ri));
  if (ck) say(row('checkov', version(CHECKOV, ['--version']), ck));
  say('');
  if (ck) say(`Ratio checkov/rampart wall time: **${fmt(ck.wall / ri.wall)}x** (above 1: Rampart is faster); CPU ${fmt(ck.cpu / ri.cpu)}x; peak RSS rampart/checkov ${fmt(ri.rssMb / ck.rssMb)}x.`);
  if (ck?.error) say(`checkov: ${ck.error}`);
  say('');
  say(`Rampart findings by rule (${ri.total}): ${ri.byRule.map(([k, v]) => `${k.replace('iac/', '')} ${v}`).join(', ')}.`);
  say('');
  if (ck) {
    say(`checkov failed checks by id (${ck.total}): ${ck.byRule.map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    say('');
  }
  say('Commands:');
  say('');
  say(`    ${ri.cmd}`);
  if (ck) say(`    ${ck.cmd}`);
  say('');
}

if (WRITE) {
  appendFileSync(join(HERE, 'RESULTS.md'), '\n' + lines.join('\n'));
  console.error('appended to bench/RESULTS.md');
}
