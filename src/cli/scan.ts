import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT_OK, EXIT_POLICY, EXIT_USAGE, UsageError } from '../core/errors.js';
import { isSeverity, type Severity } from '../core/severity.js';
import { loadFormatters } from './formats.js';
import { pairOutputs } from './outputs.js';
import { Progress } from './progress.js';
import { useColor, type GlobalOpts } from './shared.js';

interface ScanFlags extends GlobalOpts {
  scanners?: string;
  failOn: string;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  exclude: string[];
  maxFileSize?: string;
  threads?: string;
  history?: boolean;
  since?: string;
  range?: string;
  staged?: boolean;
  verify?: boolean;
  showSecrets?: boolean;
  strict?: boolean;
  db?: string;
  vex: string[];
  varFile: string[];
  showUnresolved?: boolean;
  bestPractices?: boolean;
  upload?: boolean;
  project?: string;
  server?: string;
  commit?: string;
  imageDigest?: string;
}

export function registerScan(program: Command, argv: string[], setCode: (c: number) => void): void {
  program
    .command('scan')
    .description('scan a directory (or one file) for security problems and report them')
    .argument('[path]', 'directory or file to scan', '.')
    .option('--scanners <list>', 'comma-separated scanners to run (default: all): secrets, deps, iac, pipelines, sast')
    .option('-f, --format <format>', 'table|json|sarif|junit|markdown|cyclonedx|spdx; repeat with --output for several reports')
    .option('-o, --output <file>', 'write the preceding --format to this file instead of stdout')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: critical|high|medium|low|info|none', 'high')
    .option('--config <file>', 'config file (default: rampart.yaml in the scanned directory)')
    .option('--baseline <file>', 'suppress findings recorded in this baseline file')
    .option('--write-baseline <file>', 'record the current findings as the accepted baseline')
    .option('--exclude <glob>', 'skip paths matching this glob (repeatable)', collect, [])
    .option('--max-file-size <size>', 'skip files larger than this (e.g. 10MB)')
    .option('--threads <n>', 'threads for analysis, this one included: n - 1 worker threads (default: number of cores)')
    .option('--history', 'secrets: scan every commit reachable from all refs')
    .option('--since <rev>', 'secrets: with --history, only commits after <rev>')
    .option('--range <a..b>', 'secrets: with --history, only commits in this range (pull requests)')
    .option('--staged', 'secrets: scan the staged changes (pre-commit hook)')
    .option('--verify', 'secrets: check found credentials against their provider (network)')
    .option('--show-secrets', 'print secrets unredacted (local use only, never in CI logs)')
    .option('--strict', 'exit 2 when any file could not be read or parsed')
    .option('--db <file>', 'deps: vulnerability database file (default: your cache directory)')
    .option('--vex <file>', 'deps: VEX document whose not_affected statements suppress findings (repeatable)', collect, [])
    .option('--var-file <file>', 'iac: Terraform variables file, applied after *.tfvars and *.auto.tfvars (repeatable)', collect, [])
    .option('--best-practices', 'iac: also run the best-practice checks (logging, customer-managed keys, probes, ...) that are off by default')
    .option('--show-unresolved', 'iac: list Terraform/CloudFormation values that stayed unknown (they never cause findings)')
    .option('--upload', 'send the result to the Rampart server (needs --project; login from rampart login or --server with RAMPART_TOKEN)')
    .option('--project <name>', 'upload: project name on the server')
    .option('--server <url>', 'upload: server URL (default: the current login)')
    .option('--commit <sha>', 'upload: the commit scanned (default: git rev-parse HEAD in the scanned directory)')
    .option('--image-digest <digest>', 'upload: the image (sha256:<64 hex>) built from this commit, for the deployment gate')
    .action(async (path: string, flags: ScanFlags) => {
      setCode(await scan(path, flags, argv));
    });
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

async function scan(path: string, f: ScanFlags, argv: string[]): Promise<number> {
  const outputs = pairOutputs(argv.slice(argv.indexOf('scan') + 1));
  const failOn = f.failOn.toLowerCase();
  if (failOn !== 'none' && !isSeverity(failOn)) {
    throw new UsageError(`--fail-on "${f.failOn}": use critical, high, medium, low, info or none`);
  }
  let threads: number | undefined;
  if (f.threads !== undefined) {
    threads = Number(f.threads);
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) throw new UsageError(`--threads "${f.threads}": use a whole number from 1 to 256`);
  }
  if ((f.since || f.range) && !f.history) throw new UsageError('--since and --range need --history');
  if (f.since && f.range) throw new UsageError('use either --since or --range, not both');
  if (f.staged && f.history) throw new UsageError('use either --staged or --history, not both');
  const failOnExplicit = argv.some((a) => a === '--fail-on' || a.startsWith('--fail-on='));
  // Checked (and the login and commit resolved) before scanning, so a bad upload setup fails fast.
  const upload = f.upload ? await prepareUpload(path, f) : undefined;
  if (!f.upload && (f.project !== undefined || f.server !== undefined || f.commit !== undefined || f.imageDigest !== undefined)) {
    throw new UsageError('--project, --server, --commit and --image-digest go with --upload');
  }

  const scanners = f.scanners?.split(',').map((s) => s.trim()).filter(Boolean);
  // Loaded here, not at startup, so `rampart --help` and `--version` stay instant; of the report
  // formats only those asked for load. Scanners named on the command line start loading at once,
  // beside the core (runScan picks up the same modules; it also reports unknown names).
  if (scanners?.length) void import('../scanners/index.js').then((m) => m.loadScanners(scanners)).catch(() => {});
  const [{ runScan, policyFailed }, formatters] = await Promise.all([import('../core/scan.js'), loadFormatters(outputs.map((o) => o.format))]);
  const progress = new Progress(process.stderr.isTTY === true && !f.quiet);
  const result = await runScan({
    path,
    scanners,
    configPath: f.config,
    exclude: f.exclude,
    maxFileSize: f.maxFileSize,
    threads,
    baseline: f.baseline,
    failOn: failOnExplicit ? (failOn as Severity | 'none') : undefined,
    showSecrets: f.showSecrets,
    secrets: { history: f.history, since: f.since, range: f.range, staged: f.staged, verify: f.verify },
    deps: { db: f.db },
    iac: { varFiles: f.varFile.map((v) => resolve(v)), showUnresolved: f.showUnresolved, bestPractices: f.bestPractices },
    vex: f.vex.map((v) => resolve(v)),
    onProgress: (p) => progress.update(p),
  });
  progress.done();

  for (const o of outputs) {
    const text = formatters.get(o.format)!(result, { color: !o.path && useColor(f) });
    if (o.path) await writeFile(o.path, text);
    else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }
  if (f.writeBaseline) {
    const accepted = [...result.findings, ...result.suppressed.filter((s) => s.kind === 'baseline').map((s) => s.finding)];
    const { writeBaseline } = await import('../core/baseline.js');
    await writeBaseline(f.writeBaseline, accepted);
    if (!f.quiet) process.stderr.write(`rampart: wrote ${accepted.length} finding(s) to baseline ${f.writeBaseline}\n`);
  }
  if (!f.quiet && outputs.every((o) => o.path || o.format !== 'table')) {
    const s = result.stats;
    process.stderr.write(
      `rampart: ${result.findings.length} finding(s), ${result.suppressed.length} suppressed, ${s.filesScanned} file(s) scanned in ${(s.durationMs / 1000).toFixed(1)}s\n`,
    );
  }
  if (upload) {
    const { uploadScan } = await import('../server/findings/client.js');
    const s = await uploadScan(upload.server, upload.token, upload.project, upload.commit, result, upload.imageDigest ? { imageDigest: upload.imageDigest } : {});
    if (!f.quiet) {
      process.stderr.write(
        `rampart: uploaded scan ${s.scanId} of ${upload.commit.slice(0, 12)} to ${upload.server} (project ${upload.project}): ${s.new} new, ${s.reintroduced} reintroduced, ${s.unchanged} unchanged, ${s.fixed} fixed\n`,
      );
    }
  }
  if (f.strict && result.issues.some((i) => i.kind === 'unreadable' || i.kind === 'unparsable')) {
    if (!f.quiet) process.stderr.write('rampart: --strict: some files could not be read or parsed\n');
    return EXIT_USAGE;
  }
  return policyFailed(result) ? EXIT_POLICY : EXIT_OK;
}

interface UploadTarget {
  server: string;
  token: string;
  project: string;
  commit: string;
  imageDigest?: string;
}

const COMMIT_RE = /^[0-9a-f]{7,64}$/;
const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

/** Validates the upload flags and resolves the login and the commit, before any scanning. */
async function prepareUpload(path: string, f: ScanFlags): Promise<UploadTarget> {
  if (!f.project?.trim()) throw new UsageError('--upload needs --project NAME (the project on the server)');
  if (f.staged) throw new UsageError('--upload cannot send a --staged scan: it describes no commit');
  const imageDigest = f.imageDigest?.trim().toLowerCase();
  if (imageDigest !== undefined && !DIGEST_RE.test(imageDigest)) throw new UsageError('--image-digest: expected sha256:<64 hex digits>');
  let commit = f.commit?.trim().toLowerCase();
  if (commit !== undefined && !COMMIT_RE.test(commit)) throw new UsageError('--commit: expected a git commit id (7 to 64 hex digits)');
  if (commit === undefined) commit = await headOf(path);
  const { resolveLogin } = await import('../server/findings/client.js');
  const login = await resolveLogin(f.server);
  return { ...login, project: f.project.trim(), commit, ...(imageDigest ? { imageDigest } : {}) };
}

/** HEAD of the repository holding `path` (a directory, or a file's directory). */
async function headOf(path: string): Promise<string> {
  const { stat } = await import('node:fs/promises');
  const { dirname } = await import('node:path');
  const { gitText, isGitRepo } = await import('../core/git.js');
  const abs = resolve(path);
  let dir = abs;
  try {
    if (!(await stat(abs)).isDirectory()) dir = dirname(abs);
  } catch {
    throw new UsageError(`${path}: no such file or directory`);
  }
  if (!(await isGitRepo(dir))) throw new UsageError(`${path} is not in a git repository: pass --commit SHA with --upload`);
  let sha: string;
  try {
    sha = (await gitText(['rev-parse', '--verify', 'HEAD^{commit}'], { cwd: dir })).toLowerCase();
  } catch {
    throw new UsageError(`${path}: the repository has no commit yet: pass --commit SHA with --upload`);
  }
  if (!COMMIT_RE.test(sha)) throw new UsageError(`${path}: git rev-parse HEAD gave no commit id: pass --commit SHA`);
  return sha;
}
