/**
 * Secrets inside images (issue 6): the secret scanner's detectors over the files a build added
 * and over what the image config records (ENV, history `created_by` with its build args, labels).
 *
 * Findings keep scanner `secrets` and the detector's rule id, so the waivers, baselines and
 * allow-lists users already have for `rampart scan` apply to images too. Evidence is always
 * redacted. Name-only hits in the config (`DB_PASSWORD=...` that no detector recognises) use the
 * image rules below.
 */
import type { Finding } from '../../core/finding.js';
import { fingerprint, sha256Hex } from '../../core/fingerprint.js';
import type { RuleMeta } from '../../core/rule.js';
import type { Detector } from '../secrets/detector.js';
import { ALL_DETECTORS } from '../secrets/detectors/index.js';
import { SecretEngine } from '../secrets/engine.js';
import { scanBuffer } from '../secrets/file-scan.js';
import { isPlaceholder } from '../secrets/filters.js';
import { redact } from '../secrets/redact.js';
import { findingAt } from '../secrets/to-finding.js';
import { isSecretName } from '../iac/rules/dockerfile/secret-names.js';
import { CONFIG_PATH, parseHistoryStep } from './rules/config.js';
import { isOwned } from './rules/setuid.js';
import type { Analyzer, ImageConfig, ImageMeta } from './types.js';

export const SECRET_ENV_RULE: RuleMeta = {
  id: 'image/secret-env',
  title: 'Credential in the image environment',
  severity: 'high',
  cwe: [798, 526],
  description:
    'The image config sets an environment variable named like a credential (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, API keys) to a literal value. Anyone who can pull the image reads it with `docker inspect`, and every container started from it carries it.',
  remediation: 'Rotate the credential; pass it at run time (orchestrator secrets, a mounted file) instead of baking it into the image with ENV.',
  references: ['https://docs.docker.com/build/building/secrets/'],
};

export const SECRET_BUILD_ARG_RULE: RuleMeta = {
  id: 'image/secret-build-arg',
  title: 'Credential passed as a build argument',
  severity: 'high',
  cwe: [798, 532],
  description:
    'A build argument named like a credential has a literal value that the image history records (`ARG NAME=value`, or the `|N NAME=value` prefix of RUN steps): anyone who can pull the image reads it with `docker history`.',
  remediation: 'Rotate the credential and use build secrets (`RUN --mount=type=secret,id=...`) instead of `--build-arg`.',
  references: ['https://docs.docker.com/build/building/secrets/'],
};

export const IMAGE_SECRET_RULES: RuleMeta[] = [SECRET_ENV_RULE, SECRET_BUILD_ARG_RULE];

/** Files above this are not read for secrets (the analyzer's cap). */
export const DEFAULT_SECRET_MAX_BYTES = 1024 * 1024;

// Trees that package managers fill: documentation, locales, headers, language runtimes shipped
// by the distribution, package databases. Their test keys and examples are not the image's
// secrets, and they are most of an image's files.
const SKIP_PREFIXES = [
  'usr/share/doc/', 'usr/share/doc-base/', 'usr/share/man/', 'usr/share/info/', 'usr/share/locale/',
  'usr/share/i18n/', 'usr/share/zoneinfo/', 'usr/share/common-licenses/', 'usr/share/lintian/',
  'usr/share/perl/', 'usr/share/perl5/', 'usr/share/mime/', 'usr/share/fonts/', 'usr/share/icons/',
  'usr/share/terminfo/', 'usr/share/vim/', 'usr/share/X11/', 'usr/share/ca-certificates/',
  'usr/share/bash-completion/', 'usr/share/zsh/', 'usr/share/gocode/', 'usr/share/java/',
  'usr/share/maven-repo/', 'usr/share/python3/', 'usr/share/pixmaps/', 'usr/share/gtk-doc/',
  'usr/share/tcltk/', 'usr/share/source-highlight/', 'usr/share/rubygems-integration/', 'usr/share/alsa/',
  'usr/share/gdb/', 'usr/share/fontconfig/', 'usr/share/keyrings/', 'usr/share/dpkg/', 'usr/share/git-core/',
  'usr/share/gcc/', 'usr/share/debconf/', 'usr/share/bug/', 'usr/share/tabset/', 'usr/lib/terminfo/',
  'usr/lib/systemd/', 'usr/lib/udev/', 'etc/fonts/',
  'usr/include/', 'usr/src/', 'usr/lib/jvm/', 'usr/lib/gcc/', 'usr/lib/locale/', 'usr/lib/firmware/',
  'lib/firmware/', 'usr/lib/modules/', 'lib/modules/', 'usr/lib/git-core/', 'usr/lib/apt/',
  'usr/lib/dpkg/', 'usr/lib/perl5/', 'usr/lib/ruby/', 'usr/lib/jvm/', 'usr/libexec/',
  'usr/bin/', 'usr/sbin/', 'bin/', 'sbin/', 'lib/apk/', 'etc/ssl/certs/', 'etc/ca-certificates/',
  'var/lib/dpkg/', 'var/lib/apt/', 'var/cache/apt/', 'var/cache/debconf/', 'var/lib/rpm/',
  'var/cache/yum/', 'var/cache/dnf/', 'var/lib/dnf/', 'var/lib/yum/', 'var/cache/apk/', 'var/log/',
  'proc/', 'sys/', 'dev/',
];
/** Distro Python, Go and LLVM trees carry versioned names (`usr/lib/python3.11/`, `usr/lib/go-1.19/`). */
const SKIP_VERSIONED = /^usr\/(?:lib|lib64|share)\/(?:python[23](?:\.\d+)?|go-\d[\d.]*|llvm-\d+|[a-z0-9_]+-linux-gnu[a-z]*)\//;
/**
 * Third-party trees anywhere: npm dependencies, the Go module cache, git object stores (compressed). Their
 * test fixtures are the usual false positives. `.git/config` stays in (tokens in remote URLs); application code (including pip-installed apps in
 * site-packages) stays in.
 */
const SKIP_ANYWHERE = /(?:^|\/)(?:node_modules|\.git\/objects|pkg\/mod)\//;
/** Content that is never text worth scanning. */
const SKIP_EXT = /\.(?:so(?:\.[\d.]+)?|a|o|ko|png|jpe?g|gif|ico|webp|bmp|tiff?|gz|tgz|xz|bz2|zst|lz4|7z|zip|jar|war|ear|class|pyc|pyo|mo|woff2?|ttf|otf|eot|pdf|mp[34]|wasm|db|sqlite3?|deb|rpm|apk)$/i;

/** Cheap path test: string compares and three regexes, no content. */
export function wantsSecretScan(path: string): boolean {
  for (const p of SKIP_PREFIXES) if (path.startsWith(p)) return false;
  return !SKIP_VERSIONED.test(path) && !SKIP_EXT.test(path) && !SKIP_ANYWHERE.test(path);
}

let sharedEngine: { detectors: Detector[]; engine: SecretEngine } | undefined;
/** Compiling the detectors is the costly part; one engine serves every image and layer. */
function engineFor(detectors: Detector[]): SecretEngine {
  if (sharedEngine?.detectors !== detectors) sharedEngine = { detectors, engine: new SecretEngine(detectors) };
  return sharedEngine.engine;
}

export interface ImageSecretsOptions {
  maxBytes?: number;
  /** Detectors to run (the scan's enabled set, after `secrets.disable`); default: all. */
  detectors?: Detector[];
}

/** Analyzer for files inside layers: likely-text, likely-user files up to `maxBytes`. */
export function secretsAnalyzer(opts: ImageSecretsOptions = {}): Analyzer {
  const maxBytes = opts.maxBytes ?? DEFAULT_SECRET_MAX_BYTES;
  const detectors = opts.detectors ?? ALL_DETECTORS;
  const byId = new Map(detectors.map((d) => [d.id, d]));
  return {
    id: 'secrets',
    maxBytes,
    wants: (e) => e.type === 'file' && e.size > 0 && e.size <= maxBytes && wantsSecretScan(e.path),
    analyze(file) {
      let r: ReturnType<typeof scanBuffer>;
      try {
        // scanBuffer sniffs the first 8000 bytes for NUL and skips binaries.
        r = scanBuffer(engineFor(detectors), file.content, file.path);
      } catch (e) {
        // Analyzers never throw: one odd file is a warning, not a failed image.
        return { issues: [{ path: file.path, kind: 'other', message: `secret scan failed: ${e instanceof Error ? e.message : String(e)}`, scanner: 'secrets' }] };
      }
      if (r.binary) return {};
      const findings: Finding[] = [];
      for (const m of r.matches) {
        const det = byId.get(m.detectorId);
        if (!det) continue;
        const span = { start: { line: m.startLine, column: m.startColumn }, end: { line: m.endLine, column: m.endColumn } };
        findings.push(findingAt(det, m, file.path, span, false));
      }
      return findings.length ? { findings } : {};
    },
  };
}

/**
 * After the merge: drops file findings on paths an OS package installed (the path test above is
 * a cheap first cut; the package db is the full answer). Config findings (`image-config`) stay.
 */
export function dropPackageOwned(findings: Finding[], owned: Set<string>): Finding[] {
  return findings.filter((f) => f.location.path === CONFIG_PATH || !isOwned(f.location.path, owned));
}

/** Where in the config a value sits, for messages and evidence. */
interface ConfigText {
  where: string;
  text: string;
  /** For `NAME=value` texts: the name and value, for the name-based check. */
  pair?: { name: string; value: string; rule: RuleMeta };
}

/**
 * The detectors over the config's ENV, history `created_by` (build args included) and labels,
 * plus the name-based check for credential-named variables with literal values. Always redacted.
 */
export function configSecretFindings(config: ImageConfig, meta: ImageMeta, opts: Pick<ImageSecretsOptions, 'detectors'> = {}): Finding[] {
  const detectors = opts.detectors ?? ALL_DETECTORS;
  const byId = new Map(detectors.map((d) => [d.id, d]));
  const engine = engineFor(detectors);
  const what = meta.reference ?? meta.input;
  const texts: ConfigText[] = [];
  for (const e of config.env) {
    const eq = e.indexOf('=');
    const name = eq > 0 ? e.slice(0, eq) : e;
    texts.push({ where: 'config.Env', text: e, pair: eq > 0 ? { name, value: e.slice(eq + 1), rule: SECRET_ENV_RULE } : undefined });
  }
  config.history.forEach((h, i) => {
    if (!h.createdBy) return;
    const where = `history[${i}].created_by`;
    texts.push({ where, text: h.createdBy });
    const step = parseHistoryStep(h.createdBy);
    for (const a of step.buildArgs) texts.push({ where, text: `${a.name}=${a.value}`, pair: { ...a, rule: SECRET_BUILD_ARG_RULE } });
    if (step.keyword === 'ARG') {
      for (const p of pairsOf(step.text)) texts.push({ where, text: `${p.name}=${p.value}`, pair: { ...p, rule: SECRET_BUILD_ARG_RULE } });
    } else if (step.keyword === 'ENV') {
      // An ENV a later step overrode is gone from config.Env but not from the history.
      for (const p of pairsOf(step.text)) texts.push({ where, text: `${p.name}=${p.value}`, pair: { ...p, rule: SECRET_ENV_RULE } });
    }
  });
  for (const [k, v] of Object.entries(config.labels)) texts.push({ where: `config.Labels ${k}`, text: `${k}=${v}` });

  const out = new Map<string, Finding>();
  for (const t of texts) {
    const r = scanBuffer(engine, Buffer.from(t.text, 'utf8'), CONFIG_PATH);
    let detected = false;
    for (const m of r.matches) {
      const det = byId.get(m.detectorId);
      if (!det) continue;
      detected = true;
      const f = findingAt(det, m, CONFIG_PATH, { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } }, false);
      f.message = `${det.title} in ${t.where} of ${what}: ${redact(m.secret)}`;
      f.evidence = { ...f.evidence, where: t.where, image: what };
      // The same secret in ENV and in the ENV history step is one finding.
      if (!out.has(f.fingerprint)) out.set(f.fingerprint, f);
    }
    if (detected || !t.pair) continue;
    const { name, value, rule } = t.pair;
    if (!literalSecret(name, value)) continue;
    const fp = fingerprint(rule.id, CONFIG_PATH, `${name}\0${sha256Hex(value)}`);
    if (out.has(fp)) continue;
    out.set(fp, {
      ruleId: rule.id,
      scanner: 'image',
      severity: rule.severity,
      title: rule.title,
      message: `${name} in ${t.where} of ${what} holds a literal credential: ${redact(value)}`,
      location: { path: CONFIG_PATH, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      cwe: [...rule.cwe],
      fingerprint: fp,
      fix: rule.remediation,
      evidence: { snippet: `${name}=${redact(value)}`, where: t.where, image: what, secretLength: value.length },
    });
  }
  return [...out.values()];
}

/** `A=1 B="two words"` (BuildKit's ENV/ARG text; legacy `ENV A 1` too). Values unquoted. */
function pairsOf(text: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^=\s].*)$/.exec(text);
  if (legacy && !legacy[2]!.includes('=')) return [{ name: legacy[1]!, value: legacy[2]!.trim() }];
  const re = /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]{0,255})=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (const m of text.matchAll(re)) {
    let v = m[2]!;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out.push({ name: m[1]!, value: v });
  }
  return out;
}

/** A credential-named variable holding a value worth reporting: literal, not a placeholder, not trivial. */
export function literalSecret(name: string, value: string): boolean {
  const v = value.trim();
  if (!isSecretName(name) || v.length < 6 || isPlaceholder(v)) return false;
  // References and paths carry no secret by themselves.
  if (/^\$\{?[A-Za-z_]\w*/.test(v) || /^\/[\w./-]*$/.test(v) || /^(true|false|yes|no|on|off|enabled|disabled)$/i.test(v)) return false;
  // A value of one repeated character or only digits under 8 long is a filler or a flag.
  if (/^(.)\1*$/.test(v) || /^\d{1,7}$/.test(v)) return false;
  return true;
}
