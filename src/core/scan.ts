import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Finding } from './finding.js';
import type { Config } from './config.js';
import { defaultConfig, findConfig } from './config-default.js';
import type { Directive } from './directives.js';
import { InputError, UsageError } from './errors.js';
import type { ScanIssue, Scanner, SourceFile } from './scanner.js';
import type { ScanResult, ScanStats, SuppressedFinding } from './result.js';
import type { Severity } from './severity.js';
import { applySuppressions } from './suppress.js';
import { defaultThreads } from './pool.js';
import { parseSize, walk, errMsg } from './walker.js';
import { VERSION } from './version.js';
import { loadScanners, SCANNER_IDS } from '../scanners/index.js';
import type { RuleMeta } from './rule.js';
import type { Package } from '../scanners/deps/package.js';

export interface ScanOptions {
  path: string;
  scanners?: string[];
  configPath?: string;
  exclude?: string[];
  maxFileSize?: string | number;
  threads?: number;
  baseline?: string;
  failOn?: Severity | 'none';
  showSecrets?: boolean;
  /** Flags for the secrets scanner: history, since, range, staged, verify. */
  secrets?: Record<string, unknown>;
  /** Called now and then while files are read. */
  onProgress?: (p: { filesDone: number; filesTotal: number; bytes: number; commits?: number }) => void;
  /** Extra VEX documents (--vex), besides those in the config. */
  vex?: string[];
  /** Options for the deps scanner from flags (--db). */
  deps?: Record<string, unknown>;
  /** Options for the iac scanner from flags (--var-file, --show-unresolved). */
  iac?: { varFiles?: string[]; showUnresolved?: boolean; bestPractices?: boolean };
  /** Clock for waiver expiry (tests). */
  now?: Date;
}

/** walker -> scanners -> findings -> suppressions. Formatting and exit codes happen elsewhere. */
export async function runScan(o: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const target = resolve(o.path);
  const st = await stat(target).catch((e: unknown) => {
    throw new InputError(o.path, `cannot scan: ${errMsg(e)}`, undefined, 'E_TARGET');
  });
  const isFile = st.isFile();
  if (!isFile && !st.isDirectory()) throw new InputError(o.path, 'cannot scan: not a file or directory', undefined, 'E_TARGET');
  const root = isFile ? dirname(target) : target;

  const cfgPath = o.configPath ?? findConfig(root);
  // The YAML parser and the schemas load only when there is a config file to read.
  const config = cfgPath ? (await (await import('./config.js')).loadConfig(cfgPath)).config : defaultConfig();
  // The selected scanners' modules load while the tree is walked (only those: see scanners/index.ts).
  const scannersLoading = loadScanners(selectScanners(o.scanners ?? config.scanners));
  scannersLoading.catch(() => {}); // awaited below; a walk error must not leave it unhandled
  const failOn = o.failOn ?? config.failOn;
  let maxFileSize: number;
  try {
    maxFileSize = parseSize(o.maxFileSize ?? config.maxFileSize);
  } catch (e) {
    throw new UsageError(`--max-file-size: ${(e as Error).message}`);
  }
  const threads = o.threads ?? config.threads ?? defaultThreads();
  const baselinePath = o.baseline ?? (config.baseline ? resolve(root, config.baseline) : undefined);
  const baseline = baselinePath ? await (await import('./baseline.js')).readBaseline(baselinePath) : new Set<string>();
  const cfgDir = cfgPath ? dirname(resolve(cfgPath)) : root;
  const vexPaths = [...config.vex, ...(o.vex ?? [])];
  // The VEX reader (and its purl parser) loads only when there are VEX documents.
  const vex = vexPaths.length
    ? await import('./vex.js').then(({ readVexFile, vexSuppresses, vexReason }) => {
      const statements = vexPaths.flatMap((p) => readVexFile(resolve(cfgDir, p)));
      return (f: Finding) => {
        const v = statements.length && f.package ? vexSuppresses(f, statements) : undefined;
        return v ? vexReason(v) : undefined;
      };
    })
    : undefined;

  const issues: ScanIssue[] = [];
  const stats: ScanStats = {
    filesScanned: 0,
    bytesScanned: 0,
    filesSkippedBinary: 0,
    filesSkippedSize: 0,
    filesExcluded: 0,
    durationMs: 0,
  };
  const historyMode = Boolean(o.secrets?.history || o.secrets?.staged);
  let files: SourceFile[] = [];
  if (isFile) {
    if (st.size > maxFileSize) {
      stats.filesSkippedSize++;
      issues.push({ path: basename(target), kind: 'skipped-size', message: `skipped: over the size cap (--max-file-size)` });
    } else files = [{ path: basename(target), absPath: target, size: st.size }];
  } else if (!historyMode) {
    const w = await walk(root, { exclude: [...config.exclude, ...(o.exclude ?? [])], maxFileSize });
    files = w.files;
    issues.push(...w.issues);
    stats.filesExcluded = w.excluded;
    stats.filesSkippedSize = w.skippedSize;
  }

  const scanners = await scannersLoading;
  const directives = new Map<string, Directive[]>();
  const packages: Package[] = [];
  const counted = new Set<string>();
  const preSuppressed: SuppressedFinding[] = [];
  const findings: Finding[] = [];
  let filesDone = 0;
  let lastProgress = 0;
  const progress = (commits?: number) => {
    const now = Date.now();
    if (!o.onProgress || now - lastProgress < 200) return;
    lastProgress = now;
    o.onProgress({ filesDone, filesTotal: files.length, bytes: stats.bytesScanned, commits });
  };
  for (const s of scanners) {
    const accepted = files.filter((f) => s.accepts(f));
    const options = scannerOptions(s, config, o, cfgPath);
    const ctx = {
      root,
      showSecrets: o.showSecrets ?? false,
      options,
      threads,
      issue: (i: ScanIssue) => issues.push(i),
      directives: (path: string, list: Directive[]) => {
        if (!directives.has(path)) directives.set(path, list);
      },
      fileRead: (bytes: number, binary: boolean, path?: string) => {
        if (path !== undefined) {
          if (counted.has(path)) return;
          counted.add(path);
        }
        filesDone++;
        if (binary) stats.filesSkippedBinary++;
        else {
          stats.filesScanned++;
          stats.bytesScanned += bytes;
        }
        progress();
      },
      suppressed: (finding: Finding, reason: string) => {
        preSuppressed.push({ finding, kind: 'inline', reason });
      },
      inventory: (list: Package[]) => {
        packages.push(...list);
      },
      historyProgress: (commits: number, blobs: number, bytes: number) => {
        stats.commitsScanned = commits;
        stats.blobsScanned = blobs;
        stats.bytesScanned = bytes;
        progress(commits);
      },
    };
    for await (const f of s.scan(accepted, ctx)) findings.push(f);
  }
  if (stats.filesSkippedBinary > 0) {
    issues.push({
      path: '.',
      kind: 'skipped-binary',
      message: `${stats.filesSkippedBinary} binary file(s) skipped (NUL bytes in the first 8 KB)`,
    });
  }

  const today = (o.now ?? new Date()).toISOString().slice(0, 10);
  const sup = applySuppressions({ findings, directives, waivers: config.waivers, baseline, ...(vex ? { vex } : {}), today });
  const ran = new Set(scanners.map((s) => s.id));
  const rules: RuleMeta[] = (await Promise.all(scanners.map((s) => (s.rulesFor ? s.rulesFor(scannerOptions(s, config, o, cfgPath)) : s.rules())))).flat();
  stats.durationMs = Date.now() - started;
  return {
    tool: { name: 'rampart', version: VERSION },
    root,
    scanners: scanners.map((s) => s.id),
    startedAt: new Date(started).toISOString(),
    findings: sup.kept,
    suppressed: [...preSuppressed, ...sup.suppressed],
    expiredWaivers: sup.expiredWaivers,
    // A directive for a scanner that did not run is not "unused".
    unusedDirectives: sup.unusedDirectives.filter((d) => ran.has(d.ruleId.split('/')[0]!) || d.ruleId === '*'),
    issues,
    stats,
    rules,
    failOn,
    packages: scanners.some((s) => s.id === 'deps') ? packages : undefined,
  };
}

/** The ids a scan runs (every scanner when none are named); unknown ids are usage errors. */
export function selectScanners(ids: string[] | undefined): string[] {
  if (!ids || ids.length === 0) return [...SCANNER_IDS];
  return ids.map((id) => {
    const s = id.trim();
    if (!SCANNER_IDS.includes(s)) throw new UsageError(`unknown scanner "${id}"; available: ${SCANNER_IDS.join(', ')}`);
    return s;
  });
}

/** Scanners whose options take paths relative to the config file (they read `configDir`). */
const SCANNERS_WITH_CONFIG_PATHS = new Set(['iac', 'sast']);

function scannerOptions(s: Scanner, config: Config, o: ScanOptions, cfgPath: string | undefined): Record<string, unknown> {
  const fromConfig = (config as Record<string, unknown>)[s.id];
  const base = fromConfig && typeof fromConfig === 'object' ? { ...(fromConfig as Record<string, unknown>) } : {};
  if (s.id === 'deps' && config.licenses) base.licenses = { ...((base.licenses as object) ?? {}), ...config.licenses };
  if (s.id === 'deps' && o.deps) {
    Object.assign(base, Object.fromEntries(Object.entries(o.deps).filter(([, v]) => v !== undefined)));
  }
  // Config paths (iac.policies, iac.varFiles, sast.rules) are relative to the config file.
  if (SCANNERS_WITH_CONFIG_PATHS.has(s.id) && cfgPath) base.configDir = dirname(resolve(cfgPath));
  if (s.id === 'iac') {
    // Flag paths arrive absolute and come after the config's.
    const fromFlags = o.iac?.varFiles ?? [];
    if (fromFlags.length) base.flagVarFiles = fromFlags;
    if (o.iac?.showUnresolved) base.showUnresolved = true;
    if (o.iac?.bestPractices) base.bestPractices = true;
  }
  if (s.id === 'secrets' && o.secrets) {
    const { verify, ...flags } = o.secrets;
    Object.assign(base, Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)));
    if (verify) base.verify = { ...((base.verify as object) ?? {}), enabled: true };
  }
  return base;
}

/** 1 when any finding is at or above the threshold. */
export function policyFailed(r: ScanResult): boolean {
  if (r.failOn === 'none') return false;
  const rank = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
  const t = rank[r.failOn];
  return r.findings.some((f) => rank[f.severity] >= t);
}
