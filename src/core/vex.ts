import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { InputError } from './errors.js';
import type { Finding } from './finding.js';

/*
 * VEX (Vulnerability Exploitability eXchange): statements that a product is or is not affected by
 * a vulnerability. Rampart reads OpenVEX (v0.2.0, and the older string-vulnerability form) and
 * CycloneDX VEX (a BOM whose vulnerabilities carry an analysis), flattens both into one statement
 * per vulnerability and component, and suppresses a finding only on not_affected / false_positive.
 */

/** OpenVEX statuses, plus CycloneDX's false_positive (the others map onto these). */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation' | 'false_positive';

export interface VexStatement {
  /** The vulnerability id and every alias the document gives (CVE, GHSA, ...). */
  vulnerabilityIds: string[];
  /** Package URL of the affected component. Without a version it covers every version. */
  product: string;
  status: VexStatus;
  /** OpenVEX justification or CycloneDX analysis.justification, as written. */
  justification?: string;
  /** OpenVEX impact_statement (or action_statement) / CycloneDX analysis.detail. */
  statement?: string;
  /** ISO time of the statement (or its document), when given; the newest statement wins. */
  timestamp?: string;
  /** File the statement came from, and its position in it. */
  source: string;
  format: 'openvex' | 'cyclonedx';
  /** Order of appearance across everything read; breaks timestamp ties (later wins). */
  index: number;
}

const SUPPRESSING: ReadonlySet<VexStatus> = new Set(['not_affected', 'false_positive']);

const OPENVEX_STATUSES: ReadonlySet<string> = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);

/** CycloneDX impactAnalysisState -> status. */
const CDX_STATE: Record<string, VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'false_positive',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

class VexError extends InputError {
  constructor(path: string, message: string) {
    super(path, `invalid VEX document: ${message}`, undefined, 'E_VEX_INVALID');
    this.name = 'VexError';
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

let counter = 0;

function parsePurl(s: string): PackageURL | undefined {
  if (!s.startsWith('pkg:')) return undefined;
  try {
    return PackageURL.fromString(s);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// OpenVEX

function openVexVulnerability(v: unknown, where: string, path: string): string[] {
  if (typeof v === 'string' && v.trim()) return [v.trim()]; // pre-0.2.0 form
  if (!isObj(v)) throw new VexError(path, `${where}.vulnerability must be an object with a name`);
  const ids = [str(v.name), str(v['@id'])].filter((x): x is string => x !== undefined && !x.startsWith('http'));
  if (Array.isArray(v.aliases)) for (const a of v.aliases) if (str(a)) ids.push(str(a)!);
  if (ids.length === 0) throw new VexError(path, `${where}.vulnerability has no name`);
  return ids;
}

/** Purls a product entry names: its subcomponents when it has any (they hold the vulnerable code), else itself. */
function openVexProducts(products: unknown, where: string, path: string): string[] {
  if (!Array.isArray(products) || products.length === 0) throw new VexError(path, `${where}.products must be a non-empty array`);
  const out: string[] = [];
  const purlOf = (p: unknown, at: string): string | undefined => {
    if (typeof p === 'string') return p; // pre-0.2.0: products were plain strings
    if (!isObj(p)) throw new VexError(path, `${at} must be an object with an @id`);
    const ids = isObj(p.identifiers) ? str(p.identifiers.purl) : undefined;
    const id = str(p['@id']);
    if (ids) return ids;
    if (id) return id;
    throw new VexError(path, `${at} has neither @id nor identifiers.purl`);
  };
  products.forEach((p, i) => {
    const at = `${where}.products[${i}]`;
    const subs = isObj(p) && Array.isArray(p.subcomponents) && p.subcomponents.length > 0 ? p.subcomponents : undefined;
    if (subs) subs.forEach((s, j) => out.push(purlOf(s, `${at}.subcomponents[${j}]`)!));
    else out.push(purlOf(p, at)!);
  });
  return out;
}

function parseOpenVex(doc: Obj, path: string): VexStatement[] {
  if (!Array.isArray(doc.statements)) throw new VexError(path, 'OpenVEX document has no statements array');
  const docTime = str(doc.timestamp);
  const out: VexStatement[] = [];
  doc.statements.forEach((s, i) => {
    const where = `statements[${i}]`;
    if (!isObj(s)) throw new VexError(path, `${where} must be an object`);
    const status = str(s.status);
    if (!status || !OPENVEX_STATUSES.has(status)) {
      throw new VexError(path, `${where}.status must be one of ${[...OPENVEX_STATUSES].join(', ')} (got ${JSON.stringify(s.status)})`);
    }
    const justification = str(s.justification);
    const impact = str(s.impact_statement);
    if (status === 'not_affected' && !justification && !impact) {
      throw new VexError(path, `${where} is not_affected without a justification or impact_statement (OpenVEX requires one)`);
    }
    const ids = openVexVulnerability(s.vulnerability, where, path);
    const statement = impact ?? str(s.action_statement) ?? str(s.status_notes);
    for (const product of openVexProducts(s.products, where, path)) {
      out.push({
        vulnerabilityIds: ids,
        product,
        status: status as VexStatus,
        ...(justification ? { justification } : {}),
        ...(statement ? { statement } : {}),
        ...((str(s.timestamp) ?? docTime) ? { timestamp: str(s.timestamp) ?? docTime } : {}),
        source: `${path}#/${where.replace(/\[(\d+)\]/g, '/$1')}`,
        format: 'openvex',
        index: counter++,
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// CycloneDX VEX

/** bom-ref -> purl for every component, nested ones and metadata.component included. */
function cdxRefs(doc: Obj): Map<string, string> {
  const refs = new Map<string, string>();
  const visit = (c: unknown) => {
    if (!isObj(c)) return;
    const ref = str(c['bom-ref']);
    const purl = str(c.purl);
    if (ref && purl) refs.set(ref, purl);
    if (Array.isArray(c.components)) c.components.forEach(visit);
  };
  if (isObj(doc.metadata)) visit(doc.metadata.component);
  if (Array.isArray(doc.components)) doc.components.forEach(visit);
  return refs;
}

function parseCycloneDxVex(doc: Obj, path: string): VexStatement[] {
  if (doc.vulnerabilities === undefined) return [];
  if (!Array.isArray(doc.vulnerabilities)) throw new VexError(path, 'vulnerabilities must be an array');
  const refs = cdxRefs(doc);
  const docTime = isObj(doc.metadata) ? str(doc.metadata.timestamp) : undefined;
  const out: VexStatement[] = [];
  doc.vulnerabilities.forEach((v, i) => {
    const where = `vulnerabilities[${i}]`;
    if (!isObj(v)) throw new VexError(path, `${where} must be an object`);
    const id = str(v.id);
    if (!id) throw new VexError(path, `${where} has no id`);
    if (!isObj(v.analysis)) return; // a plain vulnerability listing, not a VEX statement
    const state = str(v.analysis.state);
    if (!state) return;
    const status = CDX_STATE[state];
    if (!status) throw new VexError(path, `${where}.analysis.state must be one of ${Object.keys(CDX_STATE).join(', ')} (got "${state}")`);
    const ids = [id];
    if (Array.isArray(v.references)) for (const r of v.references) if (isObj(r) && str(r.id)) ids.push(str(r.id)!);
    if (!Array.isArray(v.affects) || v.affects.length === 0) throw new VexError(path, `${where} has an analysis but no affects`);
    const justification = str(v.analysis.justification);
    const statement = str(v.analysis.detail);
    const timestamp = str(v.analysis.lastUpdated) ?? str(v.updated) ?? str(v.published) ?? docTime;
    v.affects.forEach((a, j) => {
      const ref = isObj(a) ? str(a.ref) : undefined;
      if (!ref) throw new VexError(path, `${where}.affects[${j}] has no ref`);
      // A ref is a bom-ref of this BOM, a purl, or a BOM-Link into another BOM ("urn:cdx:...#bom-ref").
      const local = ref.includes('#') && ref.startsWith('urn:cdx:') ? ref.slice(ref.indexOf('#') + 1) : ref;
      const product = refs.get(local) ?? refs.get(decodeURIComponent(local)) ?? (parsePurl(local) ? local : undefined);
      if (!product) throw new VexError(path, `${where}.affects[${j}].ref "${ref}" is neither a purl nor the bom-ref of a component with a purl`);
      out.push({
        vulnerabilityIds: [...new Set(ids)],
        product,
        status,
        ...(justification ? { justification } : {}),
        ...(statement ? { statement } : {}),
        ...(timestamp ? { timestamp } : {}),
        source: `${path}#/vulnerabilities/${i}/affects/${j}`,
        format: 'cyclonedx',
        index: counter++,
      });
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Parses one VEX document (OpenVEX or CycloneDX JSON); throws an InputError naming `path` when invalid. */
export function parseVex(content: string, path: string): VexStatement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (e) {
    throw new VexError(path, `not JSON (${(e as Error).message})`);
  }
  if (!isObj(doc)) throw new VexError(path, 'expected a JSON object');
  const context = str(doc['@context']);
  if ((context && /openvex/i.test(context)) || (Array.isArray(doc.statements) && doc.bomFormat === undefined)) {
    return parseOpenVex(doc, path);
  }
  if (doc.bomFormat === 'CycloneDX') return parseCycloneDxVex(doc, path);
  throw new VexError(path, 'neither OpenVEX (@context https://openvex.dev/ns/...) nor CycloneDX (bomFormat "CycloneDX")');
}

/** Reads and parses a VEX file; unreadable or invalid files throw an InputError naming the file. */
export function readVexFile(path: string): VexStatement[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(path, `cannot read VEX file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, undefined, 'E_VEX_UNREADABLE');
  }
  return parseVex(content, path);
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Names compare case-insensitively where the ecosystem does (PyPI is already PEP 503-normalised by packageurl-js). */
const CASE_INSENSITIVE_TYPES = new Set(['npm', 'pypi', 'nuget', 'composer', 'github', 'bitbucket']);

function purlKey(p: PackageURL): string {
  const k = `${p.type}/${p.namespace ?? ''}/${p.name}`;
  return CASE_INSENSITIVE_TYPES.has(p.type) ? k.toLowerCase() : k;
}

/**
 * True when the VEX product purl names the finding's package: same type, namespace and name;
 * qualifiers and subpath are ignored; a product without a version covers every version.
 */
export function purlMatches(productPurl: string, packagePurl: string): boolean {
  const a = parsePurl(productPurl);
  const b = parsePurl(packagePurl);
  if (!a || !b) return false;
  if (purlKey(a) !== purlKey(b)) return false;
  if (!a.version) return true;
  return a.version === b.version || decodeURIComponent(a.version) === decodeURIComponent(b.version ?? '');
}

function findingIds(f: Finding): Set<string> {
  const ids = new Set<string>();
  for (const id of [...(f.package?.advisoryIds ?? []), ...(f.package?.aliases ?? [])]) ids.add(id.toUpperCase());
  if (f.scanner === 'deps' && f.ruleId.startsWith('deps/')) ids.add(f.ruleId.slice('deps/'.length).toUpperCase());
  return ids;
}

/** The statements about this finding's vulnerability and package, newest last. */
export function vexStatementsFor(finding: Finding, statements: readonly VexStatement[]): VexStatement[] {
  const purl = finding.package?.purl;
  if (!purl) return [];
  const ids = findingIds(finding);
  return statements
    .filter((s) => s.vulnerabilityIds.some((id) => ids.has(id.toUpperCase())) && purlMatches(s.product, purl))
    .sort((a, b) => (a.timestamp ?? '').localeCompare(b.timestamp ?? '') || a.index - b.index);
}

/**
 * The statement that suppresses this finding: the newest statement about its vulnerability (any
 * alias) and package, if that statement says not_affected or false_positive. A newer "affected"
 * statement overrides an older "not_affected" one.
 */
export function vexSuppresses(finding: Finding, statements: readonly VexStatement[]): VexStatement | undefined {
  const matching = vexStatementsFor(finding, statements);
  const latest = matching[matching.length - 1];
  return latest && SUPPRESSING.has(latest.status) ? latest : undefined;
}

/** Suppression reason for reports: "VEX not_affected (vulnerable_code_not_present): text [file]". */
export function vexReason(s: VexStatement): string {
  const why = s.justification ? ` (${s.justification})` : '';
  const text = s.statement ? `: ${s.statement}` : '';
  return `VEX ${s.status}${why}${text} [${s.source}]`;
}
