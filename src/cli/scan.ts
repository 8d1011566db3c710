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
    .option('--threads <n>', 'worker threads (default: number of cores)')
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
  if (f.strict && result.issues.some((i) => i.kind === 'unreadable' || i.kind === 'unparsable')) {
    if (!f.quiet) process.stderr.write('rampart: --strict: some files could not be read or parsed\n');
    return EXIT_USAGE;
  }
  return policyFailed(result) ? EXIT_POLICY : EXIT_OK;
}
