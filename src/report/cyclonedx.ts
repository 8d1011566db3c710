import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import { PackageURL } from 'packageurl-js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import { normalizeLicense } from '../scanners/deps/licenses.js';
import { packageKey, type Package } from '../scanners/deps/package.js';
import type { ImagePackage } from '../scanners/image/types.js';

/*
 * CycloneDX 1.6 JSON: the packages the lockfiles record (one component per purl, however many
 * lockfiles list it), the dependency graph from the project down, and optionally the
 * vulnerabilities the deps scanner found. Pure: input in, object out.
 */

export const CYCLONEDX_SPEC_VERSION = '1.6';
export const CYCLONEDX_SCHEMA_URI = 'http://cyclonedx.org/schema/bom-1.6.schema.json';
/** Project home, as the SARIF formatter names it. */
const RAMPART_URL = 'https://github.com/rampart-scanner/rampart';

const require = createRequire(import.meta.url);
const SPDX_IDS = new Set(require('spdx-license-ids') as string[]);

export interface SbomInput {
  packages: readonly Package[];
  /** Scan root; its last path segment names the project component. */
  root: string;
  toolVersion: string;
  /** Creation time. When given (and no serial number is), the serial number is derived from the content: same input, same BOM. */
  now?: Date;
  /**
   * The inventory is a container image's (`root` is the image as the user named it): the image
   * is the root component, OS packages sit under an operating-system component, every package
   * says its layer. Default: detected from the packages (image packages carry a `layer`).
   */
  image?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Container images

/** Whether `input` describes a container image's inventory. */
export function isImageInventory(input: Pick<SbomInput, 'packages' | 'image'>): boolean {
  return input.image ?? input.packages.some((p) => (p as ImagePackage).layer !== undefined);
}

/** The image's name: a registry reference as given, a file or directory by its last segment. */
export function imageName(root: string): string {
  const local = root.startsWith('/') || root.startsWith('.') || /\.(tar|tgz|tar\.gz)$/i.test(root) || !root.includes('/');
  return local ? projectName(root) : root;
}

export interface SbomLayer {
  index: number;
  digest?: string;
  diffId?: string;
  createdBy?: string;
}

/** The layer that brought a package in, when it came from an image. */
export function packageLayer(p: Package): SbomLayer | undefined {
  const l = (p as ImagePackage).layer;
  if (!l) return undefined;
  return { index: l.index, ...(l.digest ? { digest: l.digest } : {}), ...(l.diffId ? { diffId: l.diffId } : {}), ...(l.createdBy ? { createdBy: l.createdBy } : {}) };
}

const OS_PURL_TYPES = new Set(['deb', 'apk', 'rpm']);

/**
 * The distribution of an image, from its OS packages' purls (`pkg:deb/debian/x@1?distro=debian-12`):
 * name `debian`, version `12`. Undefined when the image has no OS packages.
 */
export function imageOs(packages: readonly Package[]): { name: string; version?: string } | undefined {
  for (const p of packages) {
    let purl: PackageURL;
    try {
      purl = PackageURL.fromString(p.purl);
    } catch {
      continue;
    }
    if (!OS_PURL_TYPES.has(purl.type) || !purl.namespace) continue;
    const distro = purl.qualifiers?.distro;
    const version = distro?.startsWith(`${purl.namespace}-`) ? distro.slice(purl.namespace.length + 1) : distro;
    return { name: purl.namespace, ...(version ? { version } : {}) };
  }
  return undefined;
}

export function isOsPurl(purl: string): boolean {
  return /^pkg:(deb|apk|rpm)\//.test(purl);
}

export interface CycloneDxInput extends SbomInput {
  /** Findings of the deps scanner become `vulnerabilities`; others are ignored. */
  findings?: readonly Finding[];
  /** `urn:uuid:...`; default random, or content-derived when `now` is given. */
  serialNumber?: string;
}

// ---------------------------------------------------------------------------------------------
// The merged package model both SBOM formats share

export interface SbomComponent {
  /** The package's purl: its identity across lockfiles and its bom-ref. */
  ref: string;
  pkg: Package;
  /** Lockfiles that record it, sorted. */
  sources: string[];
  /** Declared by the project in at least one lockfile. */
  direct: boolean;
  /** Dev-only in every lockfile that records it. */
  dev: boolean;
  /** Normalised SPDX expression; undefined when unknown. */
  license?: string;
  /** Refs it depends on; undefined when no lockfile records its dependencies (unknown, not none). */
  dependsOn?: string[];
}

export interface SbomModel {
  components: SbomComponent[];
  /** Refs of the project's direct dependencies, sorted. */
  direct: string[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Merges packages by purl and resolves each lockfile's `name@version` edges to purls. */
export function sbomModel(packages: readonly Package[]): SbomModel {
  const byRef = new Map<string, SbomComponent>();
  const deps = new Map<string, Set<string>>();
  const keyToRef = new Map<string, Map<string, string>>(); // source -> packageKey -> purl
  for (const p of packages) {
    let perSource = keyToRef.get(p.source);
    if (!perSource) keyToRef.set(p.source, (perSource = new Map()));
    if (!perSource.has(packageKey(p))) perSource.set(packageKey(p), p.purl);
  }
  for (const p of packages) {
    const ref = p.purl;
    const license = normalizeLicense(p.license);
    const c = byRef.get(ref);
    if (!c) {
      byRef.set(ref, { ref, pkg: p, sources: [p.source], direct: p.direct, dev: p.dev, ...(license ? { license } : {}) });
    } else {
      if (!c.sources.includes(p.source)) c.sources.push(p.source);
      c.direct ||= p.direct;
      c.dev &&= p.dev;
      if (!c.license && license) c.license = license;
    }
    if (p.dependsOn) {
      let set = deps.get(ref);
      if (!set) deps.set(ref, (set = new Set()));
      const perSource = keyToRef.get(p.source)!;
      for (const k of p.dependsOn) {
        const target = perSource.get(k);
        if (target !== undefined && target !== ref) set.add(target);
      }
    }
  }
  const components = [...byRef.values()].sort((a, b) => cmp(a.ref, b.ref));
  for (const c of components) {
    c.sources.sort(cmp);
    const d = deps.get(c.ref);
    if (d) c.dependsOn = [...d].sort(cmp);
  }
  const direct = components.filter((c) => c.direct).map((c) => c.ref);
  return { components, direct };
}

/** The project's name: the last segment of the scan root. */
export function projectName(root: string): string {
  return basename(resolve(root)) || 'project';
}

/** A purl safe to publish for a package: none for an unpinned requirement whose purl carries a range. */
export function publishablePurl(c: SbomComponent): string | undefined {
  if (c.pkg.pinned) return c.pkg.purl;
  try {
    return PackageURL.fromString(c.pkg.purl).version ? undefined : c.pkg.purl;
  } catch {
    return undefined;
  }
}

/** RFC 4122-shaped id from a hash (version 8: custom), for reproducible documents. */
export function uuidFromHash(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  const b = h.digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const x = b.toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A stable digest of what a document describes (for content-derived ids). */
export function contentDigest(model: SbomModel, root: string): string {
  const h = createHash('sha256').update(projectName(root));
  for (const c of model.components) h.update('\0').update(c.ref).update('\0').update(c.license ?? '');
  return h.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// CycloneDX structures (the subset Rampart writes)

type CdxLicense = { license: { id: string } } | { expression: string };

interface CdxProperty {
  name: string;
  value: string;
}

interface CdxComponent {
  type: 'library' | 'application' | 'container' | 'operating-system';
  'bom-ref': string;
  name: string;
  group?: string;
  version?: string;
  scope?: 'required' | 'optional' | 'excluded';
  purl?: string;
  licenses?: CdxLicense[];
  properties?: CdxProperty[];
}

interface CdxRating {
  source?: { name: string; url?: string };
  score?: number;
  severity: Severity;
  method?: 'CVSSv2' | 'CVSSv3' | 'CVSSv31' | 'CVSSv4' | 'other';
  vector?: string;
}

interface CdxVulnerability {
  'bom-ref': string;
  id: string;
  source: { name: string; url: string };
  references?: Array<{ id: string; source: { name: string; url?: string } }>;
  ratings: CdxRating[];
  cwes?: number[];
  description?: string;
  detail?: string;
  recommendation: string;
  affects: Array<{ ref: string; versions?: Array<{ version: string; status: 'affected' }> }>;
  properties?: CdxProperty[];
}

export interface CycloneDxBom {
  $schema: string;
  bomFormat: 'CycloneDX';
  specVersion: string;
  serialNumber: string;
  version: number;
  metadata: {
    timestamp: string;
    lifecycles: Array<{ phase: string }>;
    tools: { components: Array<{ type: 'application'; name: string; version: string; externalReferences: Array<{ type: string; url: string }> }> };
    component: CdxComponent;
  };
  components: CdxComponent[];
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
  vulnerabilities?: CdxVulnerability[];
}

/** `licenses`: a listed SPDX id as `license.id`, anything else (expressions, LicenseRefs) as `expression`. */
export function cdxLicenses(expression: string | undefined): CdxLicense[] | undefined {
  if (!expression) return undefined;
  if (SPDX_IDS.has(expression)) return [{ license: { id: expression } }];
  return [{ expression }];
}

function component(c: SbomComponent): CdxComponent {
  const purl = publishablePurl(c);
  const props: CdxProperty[] = c.sources.map((s) => ({ name: 'rampart:source', value: s }));
  if (!c.pkg.pinned) props.push({ name: 'rampart:versionRange', value: c.pkg.version });
  const layer = packageLayer(c.pkg);
  if (layer) {
    // Layers count from 1, as every message and `docker history` (bottom-up) count them.
    props.push({ name: 'rampart:layer', value: String(layer.index + 1) });
    if (layer.diffId ?? layer.digest) props.push({ name: 'rampart:layer:digest', value: (layer.diffId ?? layer.digest)! });
    if (layer.createdBy) props.push({ name: 'rampart:layer:createdBy', value: layer.createdBy });
  }
  const licenses = cdxLicenses(c.license);
  return {
    type: 'library',
    'bom-ref': c.ref,
    name: c.pkg.name,
    ...(c.pkg.pinned ? { version: c.pkg.version } : {}),
    scope: c.dev ? 'excluded' : 'required',
    ...(purl ? { purl } : {}),
    ...(licenses ? { licenses } : {}),
    properties: props,
  };
}

// ---------------------------------------------------------------------------------------------
// Vulnerabilities

function advisoryUrl(id: string): { name: string; url: string } {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}` };
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return { name: 'GitHub', url: `https://github.com/advisories/${id}` };
  return { name: 'OSV', url: `https://osv.dev/vulnerability/${encodeURIComponent(id)}` };
}

const METHODS: Record<string, CdxRating['method']> = { CVSS_V4: 'CVSSv4', CVSS_V3: 'CVSSv31', CVSS_V2: 'CVSSv2' };

/**
 * Ratings from `evidence.severity` ({ score?, bucket, vector?, source } as the vulnerability DB
 * reports it) when present; otherwise the finding's severity alone.
 */
function ratings(f: Finding): CdxRating[] {
  const sev = f.evidence?.severity as { score?: unknown; bucket?: unknown; vector?: unknown; source?: unknown } | undefined;
  const r: CdxRating = { source: { name: 'OSV' }, severity: f.severity };
  if (sev && typeof sev === 'object') {
    if (typeof sev.score === 'number' && Number.isFinite(sev.score)) r.score = sev.score;
    if (typeof sev.vector === 'string' && sev.vector) r.vector = sev.vector;
    const source = typeof sev.source === 'string' ? sev.source : '';
    let method = METHODS[source] ?? 'other';
    if (method === 'CVSSv31' && typeof r.vector === 'string' && r.vector.startsWith('CVSS:3.0/')) method = 'CVSSv3';
    r.method = method;
  }
  return [r];
}

function primaryId(f: Finding): string {
  return f.package?.advisoryIds?.[0] ?? f.ruleId.replace(/^(deps|image)\//, '');
}

function recommendation(f: Finding): string {
  if (f.fix) return f.fix;
  const fixed = f.package?.fixedVersions ?? [];
  if (fixed.length > 0) return `Upgrade ${f.package!.name} to ${fixed.join(' or ')}.`;
  return `No fixed version of ${f.package?.name ?? 'the package'} is known.`;
}

function vulnerabilities(findings: readonly Finding[], refs: ReadonlySet<string>): CdxVulnerability[] {
  const byId = new Map<string, CdxVulnerability>();
  // Vulnerabilities of dependencies (deps) and of image packages (image/<advisory>).
  const deps = findings.filter((f) => f.package && ((f.scanner === 'deps' && !f.ruleId.startsWith('deps/license/')) || f.scanner === 'image'));
  for (const f of [...deps].sort((a, b) => cmp(primaryId(a), primaryId(b)) || cmp(a.package?.purl ?? '', b.package?.purl ?? ''))) {
    const id = primaryId(f);
    let v = byId.get(id);
    if (!v) {
      const others = [...new Set([...(f.package?.advisoryIds ?? []), ...(f.package?.aliases ?? [])])].filter((a) => a !== id);
      v = {
        'bom-ref': `vuln:${id}`,
        id,
        source: advisoryUrl(id),
        ...(others.length ? { references: others.map((a) => ({ id: a, source: advisoryUrl(a) })) } : {}),
        ratings: ratings(f),
        ...(f.cwe.length ? { cwes: [...f.cwe] } : {}),
        description: f.title,
        detail: f.message,
        recommendation: recommendation(f),
        affects: [],
      };
      byId.set(id, v);
    }
    const purl = f.package?.purl;
    if (purl && refs.has(purl) && !v.affects.some((a) => a.ref === purl)) {
      v.affects.push({ ref: purl, versions: [{ version: f.package!.version, status: 'affected' }] });
    }
    const where = `${f.location.path}${f.location.startLine > 0 ? `:${f.location.startLine}` : ''}`;
    v.properties ??= [];
    if (!v.properties.some((p) => p.value === where)) v.properties.push({ name: 'rampart:location', value: where });
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------

export function toCycloneDx(input: CycloneDxInput): CycloneDxBom {
  const model = sbomModel(input.packages);
  const image = isImageInventory(input);
  const name = image ? imageName(input.root) : projectName(input.root);
  const rootRef = image ? `rampart:image:${name}` : `rampart:project:${name}`;
  const timestamp = (input.now ?? new Date()).toISOString();
  const serialNumber =
    input.serialNumber ??
    `urn:uuid:${input.now ? uuidFromHash('cyclonedx', contentDigest(model, input.root), timestamp) : randomUUID()}`;
  const refs = new Set(model.components.map((c) => c.ref));

  const components = model.components.map(component);
  const dependencies: CycloneDxBom['dependencies'] = [];
  if (image) {
    // An image contains its packages; OS packages hang under the distribution component.
    const os = imageOs(input.packages);
    const osRef = os ? `rampart:os:${os.name}${os.version ? `@${os.version}` : ''}` : undefined;
    const osPkgs = model.components.filter((c) => isOsPurl(c.ref)).map((c) => c.ref);
    const others = model.components.filter((c) => !isOsPurl(c.ref)).map((c) => c.ref);
    if (os && osRef) {
      components.unshift({ type: 'operating-system', 'bom-ref': osRef, name: os.name, ...(os.version ? { version: os.version } : {}) });
      dependencies.push({ ref: rootRef, dependsOn: [osRef, ...others] }, { ref: osRef, dependsOn: osPkgs });
    } else dependencies.push({ ref: rootRef, dependsOn: [...osPkgs, ...others] });
  } else dependencies.push({ ref: rootRef, dependsOn: model.direct });
  for (const c of model.components) if (c.dependsOn) dependencies.push({ ref: c.ref, dependsOn: c.dependsOn });

  const bom: CycloneDxBom = {
    $schema: CYCLONEDX_SCHEMA_URI,
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber,
    version: 1,
    metadata: {
      timestamp,
      lifecycles: [{ phase: image ? 'post-build' : 'pre-build' }],
      tools: {
        components: [
          { type: 'application', name: 'rampart', version: input.toolVersion, externalReferences: [{ type: 'website', url: RAMPART_URL }] },
        ],
      },
      component: { type: image ? 'container' : 'application', 'bom-ref': rootRef, name },
    },
    components,
    dependencies,
  };
  if (input.findings) {
    const vulns = vulnerabilities(input.findings, refs);
    if (vulns.length > 0) bom.vulnerabilities = vulns;
  }
  return bom;
}

/** The BOM as the JSON text `rampart sbom --format cyclonedx` writes. */
export function formatCycloneDx(input: CycloneDxInput): string {
  return `${JSON.stringify(toCycloneDx(input), null, 2)}\n`;
}
