/**
 * The image scan, assembled from its parts: open -> collect (per layer) -> merge -> match ->
 * findings -> suppressions. The parts come in as an object so the pipeline can run on fakes; the
 * real ones are wired in `defaultParts` below.
 */
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { readBaseline } from '../../core/baseline.js';
import { InputError } from '../../core/errors.js';
import type { Finding } from '../../core/finding.js';
import type { ScanResult } from '../../core/result.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanIssue } from '../../core/scanner.js';
import type { Severity } from '../../core/severity.js';
import { applySuppressions } from '../../core/suppress.js';
import { VERSION } from '../../core/version.js';
import { dbStatus, staleness } from '../../vulndb/status.js';
import { defaultDbPath, openDbReadOnly } from '../../vulndb/store.js';
import type { Ecosystem } from '../deps/package.js';
import { vulnerabilityFindings } from './findings.js';
import { collectLayers, type LayerSource } from './inventory/collect.js';
import { isOsPackage, mergeLayers, type Inventory, type SetuidFile } from './inventory/merge.js';
import { matchImage } from './match.js';
import type { Analyzer, ImageConfig, ImageMeta, LayerEntry, LayerRef, OpenedImage } from './types.js';

/** Flags of `rampart image`, as the pipeline takes them. */
export interface ImageScanOptions {
  /** Vulnerability database file (default: the cache directory's). */
  db?: string;
  /** `os/arch[/variant]` for multi-arch images. */
  platform?: string;
  /** The input is an unpacked root filesystem directory. */
  rootfs?: boolean;
  dockerConfig?: string;
  insecureRegistries?: string[];
  /** Report advisories without a fixed version too. */
  includeUnfixed?: boolean;
  /** Look for secrets in files, env and history (default true). */
  secrets?: boolean;
  /** Network timeout for registry pulls. */
  timeoutMs?: number;
  baseline?: string;
  failOn?: Severity | 'none';
  showSecrets?: boolean;
  /** Clock for reproducible tests. */
  now?: Date;
}

/** What the pipeline needs from the other parts of the image scanner. */
export interface ImageParts {
  openImage(input: string, opts: ImageScanOptions): Promise<OpenedImage>;
  layerEntries(tar: Readable, layer: LayerRef, input: string, onIssue: (i: ScanIssue) => void): AsyncIterable<LayerEntry>;
  walkRootfs(dir: string, onIssue: (i: ScanIssue) => void): AsyncIterable<LayerEntry>;
  /** Every analyzer to run for these options (OS, language, secrets unless --no-secrets, setuid). */
  analyzers(opts: ImageScanOptions): Analyzer[];
  configFindings(config: ImageConfig, meta: ImageMeta): Finding[];
  /** Secrets in env, labels and history (only called with secrets on). */
  configSecretFindings(config: ImageConfig, meta: ImageMeta, opts: ImageScanOptions): Finding[];
  /** Setuid/setgid files no OS package owns (each file carries the layer that added it). */
  setuidFindings(files: SetuidFile[], owned: Set<string>): Finding[];
  /** Drops findings on files an OS package installed (distro files are not the image's secrets). */
  dropPackageOwned?(findings: Finding[], owned: Set<string>): Finding[];
  /** Config and setuid rules: always listed. */
  rules: RuleMeta[];
  /** Secret detectors' rules; only those that fired are listed. */
  secretRules: RuleMeta[];
}

async function* layerSources(image: OpenedImage, parts: ImageParts, onIssue: (i: ScanIssue) => void): AsyncIterable<LayerSource> {
  if (image.meta.kind === 'rootfs') {
    const layer: LayerRef = image.layers[0] ?? { index: 0 };
    yield { layer, entries: parts.walkRootfs(image.meta.input, onIssue) };
    return;
  }
  for await (const { layer, tar } of image.layerStreams()) {
    yield { layer, entries: parts.layerEntries(tar, layer, image.meta.input, onIssue) };
  }
}

function missingDb(path: string): InputError {
  return new InputError(path, 'no vulnerability database here; run `rampart db update` (online) or `rampart db import FILE` (offline)', undefined, 'E_VULNDB_MISSING');
}

/** Vulnerability findings, or issues saying why there are none to be had. */
function vulnerabilities(inv: Inventory, opts: ImageScanOptions, onIssue: (i: ScanIssue) => void): { findings: Finding[]; rules: RuleMeta[] } {
  const none = { findings: [], rules: [] };
  if (inv.packages.length === 0) return none;
  const dbPath = opts.db ?? defaultDbPath();
  if (!existsSync(dbPath)) {
    // An explicit --db that is not there is a usage mistake; a missing default one is a first run.
    if (opts.db) throw missingDb(dbPath);
    onIssue({
      path: dbPath,
      kind: 'other',
      scanner: 'image',
      message: `no vulnerability database, so the image's ${inv.packages.length} package(s) were NOT checked for known vulnerabilities; run \`rampart db update\` or \`rampart db import FILE\``,
    });
    return none;
  }
  const status = dbStatus(dbPath);
  // Missing ecosystems get their own "not checked" issue from the matcher; here only the age.
  const used = new Set(inv.packages.map((p) => (isOsPackage(p) ? inv.os?.ecosystem : p.ecosystem)));
  const stale = staleness(status, { ecosystems: status.ecosystems.map((e) => e.ecosystem).filter((e) => used.has(e as Ecosystem)), ...(opts.now ? { now: opts.now } : {}) });
  if (stale) onIssue({ path: dbPath, kind: 'other', scanner: 'image', message: stale });
  const db = openDbReadOnly(dbPath);
  try {
    return vulnerabilityFindings(matchImage(db, inv, onIssue, dbPath), { includeUnfixed: opts.includeUnfixed });
  } finally {
    db.close();
  }
}

/** Opens the image, inventories it, matches it and returns the findings as a ScanResult. Always closes the image. */
export async function runImageScan(input: string, opts: ImageScanOptions, parts: ImageParts): Promise<ScanResult> {
  const started = Date.now();
  const baseline = opts.baseline ? await readBaseline(opts.baseline) : new Set<string>();
  // Bad flags fail before a possibly long pull, not after it.
  if (opts.db && !existsSync(opts.db)) throw missingDb(opts.db);
  const issues: ScanIssue[] = [];
  const onIssue = (i: ScanIssue) => issues.push(i);
  const findings: Finding[] = [];
  const image = await parts.openImage(input, opts);
  let inv: Inventory;
  let stats = { files: 0, bytes: 0 };
  let vulnRules: RuleMeta[] = [];
  try {
    const collected = await collectLayers(layerSources(image, parts, onIssue), parts.analyzers(opts), onIssue);
    stats = collected.stats;
    inv = mergeLayers(collected.layers);
    findings.push(...(parts.dropPackageOwned ? parts.dropPackageOwned(collected.findings, inv.owned) : collected.findings));
    if (image.config) {
      findings.push(...parts.configFindings(image.config, image.meta));
      if (opts.secrets !== false) findings.push(...parts.configSecretFindings(image.config, image.meta, opts));
    }
    findings.push(...parts.setuidFindings(inv.setuidFiles, inv.owned));
    const v = vulnerabilities(inv, opts, onIssue);
    findings.push(...v.findings);
    vulnRules = v.rules;
  } finally {
    await image.close();
  }

  const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
  const sup = applySuppressions({ findings, directives: new Map(), waivers: [], baseline, today });
  const fired = new Set([...sup.kept, ...sup.suppressed.map((s) => s.finding)].map((f) => f.ruleId));
  const rules = [...parts.rules, ...parts.secretRules.filter((r) => fired.has(r.id)), ...vulnRules];
  return {
    tool: { name: 'rampart', version: VERSION },
    root: input,
    scanners: ['image'],
    startedAt: new Date(started).toISOString(),
    findings: sup.kept,
    suppressed: sup.suppressed,
    expiredWaivers: sup.expiredWaivers,
    unusedDirectives: [],
    issues,
    stats: {
      filesScanned: stats.files,
      bytesScanned: stats.bytes,
      filesSkippedBinary: 0,
      filesSkippedSize: issues.filter((i) => i.kind === 'skipped-size').length,
      filesExcluded: 0,
      durationMs: Date.now() - started,
    },
    rules,
    failOn: opts.failOn ?? 'high',
    packages: inv.packages,
  };
}

/** Regular files with the setuid or setgid bit; metadata only (a 0-byte cap: nothing is read). */
export const setuidAnalyzer: Analyzer = {
  id: 'files/setuid',
  maxBytes: 0,
  wants: (e) => e.type === 'file' && (e.mode & 0o6000) !== 0,
  analyze: ({ path, mode }) => ({ setuidFiles: [{ path, mode }] }),
};

/** The real parts (loaded on first use, so the CLI starts fast). */
async function defaultParts(): Promise<ImageParts> {
  const [open, entries, os, lang, config, setuid, secrets, detectors] = await Promise.all([
    import('./oci/open.js'),
    import('./oci/entries.js'),
    import('./os/index.js'),
    import('./lang/index.js'),
    import('./rules/config.js'),
    import('./rules/setuid.js'),
    import('./secrets.js'),
    import('../secrets/detectors/index.js'),
  ]);
  return {
    openImage: (input, o) => open.openImage(input, o),
    layerEntries: (tar, layer, input, onIssue) => entries.layerEntries(tar, layer, input, onIssue),
    walkRootfs: (dir, onIssue) => entries.walkRootfs(dir, onIssue),
    analyzers: (opts) => [...os.OS_ANALYZERS, ...lang.LANG_ANALYZERS, setuidAnalyzer, ...(opts.secrets === false ? [] : [secrets.secretsAnalyzer()])],
    configFindings: (cfg, meta) => config.configFindings(cfg, meta),
    configSecretFindings: (cfg, meta) => secrets.configSecretFindings(cfg, meta),
    setuidFindings: (files, owned) => setuid.setuidFindings(files, owned),
    dropPackageOwned: (found, owned) => secrets.dropPackageOwned(found, owned),
    rules: [...config.IMAGE_CONFIG_RULES, setuid.SETUID_RULE],
    secretRules: [...secrets.IMAGE_SECRET_RULES, ...detectors.ALL_DETECTORS],
  };
}

/** `rampart image`: scans `input` (reference, image tar, OCI layout, or --rootfs directory). */
export async function scanImage(input: string, opts: ImageScanOptions): Promise<ScanResult> {
  const parts = await defaultParts();
  // Ctrl-C or a CI timeout during a long pull: remove the temp files, then die of the same signal.
  let opened: OpenedImage | undefined;
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  const onSignal = (sig: NodeJS.Signals) => {
    for (const s of signals) process.removeListener(s, onSignal);
    void (opened ? opened.close() : Promise.resolve()).finally(() => process.kill(process.pid, sig));
  };
  for (const s of signals) process.once(s, onSignal);
  try {
    return await runImageScan(input, opts, {
      ...parts,
      openImage: async (i, o) => (opened = await parts.openImage(i, o)),
    });
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
  }
}
