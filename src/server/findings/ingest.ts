import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { isSeverity, severityRank, type Severity } from '../../core/severity.js';
import { trimEndChars } from '../../core/trim.js';
import type { OwnerKind, Schema } from '../../store/schema.js';

/**
 * Scan uploads: parse a Rampart JSON report or a SARIF 2.1.0 log into findings, then record the
 * scan with what it found (scan_findings: the deployment gate judges these, per scan of the
 * image or commit being deployed), and move each finding of the project through its states,
 * which are for reporting (first seen, fixed, reintroduced), never for the gate:
 *
 *   new fingerprint            -> open (first_seen = now)
 *   seen again while open      -> open (last_seen = now)
 *   absent from a later scan that ran its scanner -> fixed (fixed_at = now)
 *   seen again after fixed     -> open again with reintroduced_at = now (shown as "reintroduced")
 *
 * The scope of "fixed" is the project and the scanner. The model has no branch, and a project is
 * one repository whose commits are one line of history: a scan of the commit that removed a leak
 * (or of the image built from it) fixes what a scan of an earlier commit found, whichever of the
 * two named an image. Narrowing it to the same kind of target would call that natural flow "not
 * fixed". The price: any upload (also an empty report for an unrelated commit) can mark findings
 * fixed in this report until the next real scan shows them as reintroduced. The gate does not
 * read this state (gate/check.ts judges what the deployment's own latest scans found), so the
 * report can be wrong for a while, a deployment decision cannot.
 *
 * Findings a report marks suppressed (inline, baseline, VEX; SARIF `suppressions`) are not
 * ingested: the server's own waivers decide what the gate excuses.
 */

export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
export const MAX_FINDINGS = 20_000;
/** Stored JSON of one finding; bigger ones keep only their identifying fields. */
const MAX_FINDING_JSON = 32 * 1024;
const MAX_ID = 256;

export const COMMIT_RE = /^[0-9a-f]{7,64}$/;
export const DIGEST_RE = /^sha256:[0-9a-f]{64}$/;
export const SCANNER_RE = /^[a-z][a-z0-9-]{0,62}$/;

/** A problem with the uploaded document; the route answers 400 with this message. */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}

export interface IngestFinding {
  fingerprint: string;
  ruleId: string;
  scanner: string;
  severity: Severity;
  /** What is stored and shown: title, message, location, package, cwe... */
  data: Record<string, unknown>;
}

export interface ScanUpload {
  format: 'rampart' | 'sarif';
  commit: string;
  imageDigest: string | null;
  /** Scanners that ran: their findings absent from this upload become fixed. */
  scanners: string[];
  findings: IngestFinding[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// Identifiers are stored as columns: control characters have no place in them, and PostgreSQL
// refuses a NUL in text outright (a query error, not a clear 400).
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

function str(v: unknown, where: string, max = MAX_ID): string {
  if (typeof v !== 'string' || v.length === 0) throw new IngestError(`${where}: expected a non-empty string`);
  if (v.length > max) throw new IngestError(`${where}: longer than ${max} characters`);
  if (CONTROL_RE.test(v)) throw new IngestError(`${where}: contains a control character`);
  return v;
}

function scannerId(v: unknown, where: string): string {
  const s = str(v, where, 63);
  if (!SCANNER_RE.test(s)) throw new IngestError(`${where}: "${s.slice(0, 63)}" is not a scanner id (lowercase letters, digits, dashes)`);
  return s;
}

/**
 * Validates an upload body `{ commit, imageDigest?, scanners?, report }` and extracts the
 * findings. `report` is a Rampart JSON report or a SARIF 2.1.0 log.
 */
export function parseUpload(body: unknown): ScanUpload {
  if (!isObj(body)) throw new IngestError('body: expected an object { commit, imageDigest?, scanners?, report }');
  const commit = str(body.commit, 'commit', 64).toLowerCase();
  if (!COMMIT_RE.test(commit)) throw new IngestError('commit: expected a git commit id (7 to 64 hex digits)');
  let imageDigest: string | null = null;
  if (body.imageDigest !== undefined && body.imageDigest !== null) {
    imageDigest = str(body.imageDigest, 'imageDigest', 80);
    if (!DIGEST_RE.test(imageDigest)) throw new IngestError('imageDigest: expected sha256:<64 lowercase hex digits>');
  }
  let declared: string[] | null = null;
  if (body.scanners !== undefined) {
    if (!Array.isArray(body.scanners) || body.scanners.length > 64) throw new IngestError('scanners: expected an array of at most 64 scanner ids');
    declared = body.scanners.map((s, i) => scannerId(s, `scanners[${i}]`));
  }
  const report = body.report;
  if (!isObj(report)) throw new IngestError('report: expected a Rampart JSON report or a SARIF 2.1.0 log');

  let parsed: { scanners: string[]; findings: IngestFinding[] };
  let format: ScanUpload['format'];
  if (report.version === '2.1.0' && Array.isArray(report.runs)) {
    format = 'sarif';
    parsed = parseSarif(report);
  } else if (isObj(report.tool) && report.tool.name === 'rampart' && typeof report.schemaVersion === 'string') {
    format = 'rampart';
    parsed = parseRampart(report);
  } else {
    throw new IngestError('report: neither a Rampart JSON report (tool.name "rampart", schemaVersion) nor a SARIF 2.1.0 log (version "2.1.0", runs)');
  }
  const scanners = [...new Set(declared ?? parsed.scanners)].sort();
  if (scanners.length === 0) throw new IngestError('scanners: the report names no scanner that ran; pass "scanners"');
  for (const f of parsed.findings) {
    if (!scanners.includes(f.scanner)) throw new IngestError(`findings: scanner "${f.scanner}" of rule ${f.ruleId} is not among the scanners that ran (${scanners.join(', ')})`);
  }
  return { format, commit, imageDigest, scanners, findings: parsed.findings };
}

function capCount(n: number): void {
  if (n > MAX_FINDINGS) throw new IngestError(`report: more than ${MAX_FINDINGS} findings in one upload`);
}

// ---- Rampart JSON report -----------------------------------------------------------------------

function parseRampart(r: Obj): { scanners: string[]; findings: IngestFinding[] } {
  if (!/^1\.\d+\.\d+$/.test(r.schemaVersion as string)) throw new IngestError(`report.schemaVersion: "${String(r.schemaVersion).slice(0, 20)}" is not a supported version (1.x.y)`);
  if (!Array.isArray(r.scanners)) throw new IngestError('report.scanners: expected an array');
  const scanners = r.scanners.map((s, i) => scannerId(s, `report.scanners[${i}]`));
  if (!Array.isArray(r.findings)) throw new IngestError('report.findings: expected an array');
  capCount(r.findings.length);
  const findings = r.findings.map((f, i): IngestFinding => {
    const at = `report.findings[${i}]`;
    if (!isObj(f)) throw new IngestError(`${at}: expected an object`);
    const severity = f.severity;
    if (typeof severity !== 'string' || !isSeverity(severity)) throw new IngestError(`${at}.severity: expected critical, high, medium, low or info`);
    const data: Obj = {};
    for (const k of ['title', 'message', 'location', 'cwe', 'fix', 'package', 'evidence', 'codeFlow', 'commit'] as const) if (f[k] !== undefined) data[k] = f[k];
    return { fingerprint: str(f.fingerprint, `${at}.fingerprint`), ruleId: str(f.ruleId, `${at}.ruleId`), scanner: scannerId(f.scanner, `${at}.scanner`), severity, data };
  });
  return { scanners, findings };
}

// ---- SARIF 2.1.0 ------------------------------------------------------------------------------

/** The CVSS-like `security-severity` bands GitHub code scanning uses. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score >= 0.1) return 'low';
  return 'info';
}

const LEVEL_SEVERITY: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'info' };

function scoreOf(props: unknown): number | null {
  if (!isObj(props)) return null;
  const raw = props['security-severity'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,2}(\.\d{1,3})?$/.test(raw) ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : null;
}

/** A tool name as a scanner id: `Semgrep OSS` -> `semgrep-oss`. */
function toolScanner(name: string): string {
  const s = trimEndChars(
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .slice(0, 63),
    '-',
  );
  return s || 'sarif';
}

function parseSarif(log: Obj): { scanners: string[]; findings: IngestFinding[] } {
  const runs = log.runs as unknown[];
  if (runs.length > 100) throw new IngestError('report.runs: more than 100 runs');
  const scanners = new Set<string>();
  const findings: IngestFinding[] = [];
  runs.forEach((run, ri) => {
    const at = `report.runs[${ri}]`;
    if (!isObj(run) || !isObj(run.tool) || !isObj(run.tool.driver)) throw new IngestError(`${at}.tool.driver: required`);
    const driver = run.tool.driver;
    const toolName = str(driver.name, `${at}.tool.driver.name`);
    const isRampart = toolName.toLowerCase() === 'rampart';
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const ruleById = new Map<string, Obj>();
    for (const rule of rules) if (isObj(rule) && typeof rule.id === 'string') ruleById.set(rule.id, rule);
    // Rampart's own SARIF: the scanner is the first segment of the rule id, and the rule list
    // covers every scanner that ran. Another tool is one scanner named after it.
    const scannerOfRule = (id: string): string => {
      if (!isRampart) return toolScanner(toolName);
      const first = id.split('/')[0] ?? '';
      return SCANNER_RE.test(first) ? first : 'rampart';
    };
    if (isRampart) for (const id of ruleById.keys()) scanners.add(scannerOfRule(id));
    else scanners.add(toolScanner(toolName));

    const results = run.results ?? [];
    if (!Array.isArray(results)) throw new IngestError(`${at}.results: expected an array`);
    capCount(findings.length + results.length);
    results.forEach((res, i) => {
      const rat = `${at}.results[${i}]`;
      if (!isObj(res)) throw new IngestError(`${rat}: expected an object`);
      if (Array.isArray(res.suppressions) && res.suppressions.some((s) => isObj(s) && s.status !== 'rejected' && s.status !== 'underReview')) return;
      let rule: Obj | undefined;
      let ruleId: string | undefined;
      if (typeof res.ruleId === 'string') ruleId = res.ruleId;
      if (isObj(res.rule)) {
        if (typeof res.rule.id === 'string') ruleId ??= res.rule.id;
        const idx = res.rule.index;
        if (typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 && idx < rules.length && isObj(rules[idx])) rule = rules[idx] as Obj;
      }
      if (typeof res.ruleIndex === 'number' && Number.isInteger(res.ruleIndex) && isObj(rules[res.ruleIndex])) rule ??= rules[res.ruleIndex] as Obj;
      if (ruleId === undefined && rule && typeof rule.id === 'string') ruleId = rule.id;
      ruleId = str(ruleId, `${rat}.ruleId`);
      rule ??= ruleById.get(ruleId);

      const fingerprint = sarifFingerprint(res, rat);
      const severity = sarifSeverity(res, rule);
      const data: Obj = {};
      const text = isObj(res.message) && typeof res.message.text === 'string' ? res.message.text : undefined;
      if (text !== undefined) data.message = text.slice(0, 4096);
      const title = rule && isObj(rule.shortDescription) && typeof rule.shortDescription.text === 'string' ? rule.shortDescription.text : undefined;
      if (title !== undefined) data.title = title.slice(0, 512);
      const loc = sarifLocation(res);
      if (loc) data.location = loc;
      findings.push({ fingerprint, ruleId, scanner: scannerOfRule(ruleId), severity, data });
      scanners.add(scannerOfRule(ruleId));
    });
  });
  return { scanners: [...scanners], findings };
}

/** Rampart's own key when present; otherwise a digest of all the partial fingerprints. */
function sarifFingerprint(res: Obj, at: string): string {
  for (const field of ['partialFingerprints', 'fingerprints'] as const) {
    const fp = res[field];
    if (!isObj(fp)) continue;
    if (typeof fp['rampart/v1'] === 'string' && fp['rampart/v1'].length > 0) return str(fp['rampart/v1'], `${at}.${field}`);
    const pairs = Object.entries(fp)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (pairs.length > 0) return 'sarif:' + createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
  }
  throw new IngestError(`${at}: no partialFingerprints (needed to track a finding across scans)`);
}

function sarifSeverity(res: Obj, rule: Obj | undefined): Severity {
  const score = scoreOf(res.properties) ?? scoreOf(rule?.properties);
  if (score !== null) return severityFromScore(score);
  for (const props of [res.properties, rule?.properties]) {
    if (isObj(props) && typeof props.severity === 'string' && isSeverity(props.severity)) return props.severity;
  }
  const ruleLevel = isObj(rule?.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
  const level = typeof res.level === 'string' ? res.level : typeof ruleLevel === 'string' ? ruleLevel : 'warning';
  return LEVEL_SEVERITY[level] ?? 'medium';
}

function sarifLocation(res: Obj): Obj | null {
  const first = Array.isArray(res.locations) ? res.locations[0] : undefined;
  const phys = isObj(first) ? first.physicalLocation : undefined;
  if (!isObj(phys)) return null;
  const uri = isObj(phys.artifactLocation) && typeof phys.artifactLocation.uri === 'string' ? phys.artifactLocation.uri.slice(0, 1024) : undefined;
  if (uri === undefined) return null;
  const region = isObj(phys.region) ? phys.region : {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  const startLine = num(region.startLine);
  return { path: uri, startLine, startColumn: num(region.startColumn), endLine: num(region.endLine) || startLine, endColumn: num(region.endColumn) };
}

// ---- storing --------------------------------------------------------------------------------

export interface IngestSummary {
  scanId: string;
  findings: number;
  new: number;
  reintroduced: number;
  unchanged: number;
  fixed: number;
}

type Db = Kysely<Schema> | Transaction<Schema>;
const CHUNK = 200;

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function dataJson(f: IngestFinding): string {
  const full = JSON.stringify(f.data);
  if (full.length <= MAX_FINDING_JSON) return full;
  const { title, location } = f.data;
  return JSON.stringify({ title: typeof title === 'string' ? title.slice(0, 512) : undefined, location, truncated: true });
}

/**
 * Records the scan and updates the project's findings. Run it inside a transaction (the caller
 * adds the audit entry to the same one), so a failed upload changes nothing.
 */
/**
 * Who uploaded a scan, as the deployment gate's evidence rule reads it (gate/evidence.ts).
 * `policyId` and `sha` are set for CI tokens only: the trust policy it was exchanged under and
 * the commit its id token named.
 */
export interface Uploader {
  /** Principal id (`user:<id>`...). */
  actor: string;
  kind: OwnerKind;
  name: string;
  tokenId: string;
  policyId: string | null;
  sha: string | null;
}

export async function storeScan(db: Db, o: { projectId: string; upload: ScanUpload; uploader: Uploader; now: Date }): Promise<IngestSummary> {
  const { projectId, upload, uploader: u } = o;
  const now = o.now.toISOString();
  const scanId = randomUUID();
  await db
    .insertInto('scans')
    .values({
      id: scanId, project_id: projectId, commit: upload.commit, image_digest: upload.imageDigest, scanners: JSON.stringify(upload.scanners), uploaded_by: u.actor, created_at: now,
      uploader_kind: u.kind, uploader_name: u.name, uploader_token_id: u.tokenId, uploader_policy_id: u.policyId, uploader_sha: u.sha,
    })
    .execute();

  // One entry per fingerprint: the worst severity wins when a report repeats one.
  const byFp = new Map<string, IngestFinding>();
  for (const f of upload.findings) {
    const seen = byFp.get(f.fingerprint);
    if (!seen || severityRank(f.severity) > severityRank(seen.severity)) byFp.set(f.fingerprint, f);
  }
  const all = [...byFp.values()];
  for (const part of chunks(all, 100)) {
    await db
      .insertInto('scan_findings')
      .values(part.map((f) => ({ scan_id: scanId, fingerprint: f.fingerprint, rule_id: f.ruleId, scanner: f.scanner, severity: f.severity })))
      .execute();
  }

  const existing = new Map<string, { id: string; state: string; rule_id: string; scanner: string; severity: string; data: string }>();
  for (const part of chunks(all, CHUNK)) {
    const rows = await db
      .selectFrom('findings')
      .select(['id', 'fingerprint', 'state', 'rule_id', 'scanner', 'severity', 'data'])
      .where('project_id', '=', projectId)
      .where(
        'fingerprint',
        'in',
        part.map((f) => f.fingerprint),
      )
      .execute();
    for (const r of rows) existing.set(r.fingerprint, r);
  }

  const summary: IngestSummary = { scanId, findings: all.length, new: 0, reintroduced: 0, unchanged: 0, fixed: 0 };
  const fresh = all.filter((f) => !existing.has(f.fingerprint));
  for (const part of chunks(fresh, 100)) {
    await db
      .insertInto('findings')
      .values(
        part.map((f) => ({
          id: randomUUID(),
          project_id: projectId,
          fingerprint: f.fingerprint,
          rule_id: f.ruleId,
          scanner: f.scanner,
          severity: f.severity,
          state: 'open' as const,
          first_seen: now,
          last_seen: now,
          fixed_at: null,
          reintroduced_at: null,
          last_scan_id: scanId,
          data: dataJson(f),
        })),
      )
      .execute();
  }
  summary.new = fresh.length;

  // Findings seen again: one statement per chunk marks them seen; only a finding whose content
  // changed (or that comes back after a fix) gets its own update. A re-scan of a large project
  // stays a handful of statements.
  const seenAgain: string[] = [];
  for (const f of all) {
    const row = existing.get(f.fingerprint);
    if (!row) continue;
    seenAgain.push(row.id);
    const data = dataJson(f);
    if (row.state === 'fixed') {
      await db.updateTable('findings').set({ rule_id: f.ruleId, scanner: f.scanner, severity: f.severity, data, state: 'open', fixed_at: null, reintroduced_at: now }).where('id', '=', row.id).execute();
      summary.reintroduced++;
      continue;
    }
    summary.unchanged++;
    if (row.rule_id !== f.ruleId || row.scanner !== f.scanner || row.severity !== f.severity || row.data !== data) {
      await db.updateTable('findings').set({ rule_id: f.ruleId, scanner: f.scanner, severity: f.severity, data }).where('id', '=', row.id).execute();
    }
  }
  for (const part of chunks(seenAgain, CHUNK)) {
    await db.updateTable('findings').set({ last_seen: now, last_scan_id: scanId }).where('id', 'in', part).execute();
  }

  // Every open finding of a scanner that ran and that this scan did not touch is gone: fixed
  // (in the project's report only; see the top for the scope and why the gate does not read it).
  const res = await db
    .updateTable('findings')
    .set({ state: 'fixed', fixed_at: now })
    .where('project_id', '=', projectId)
    .where('state', '=', 'open')
    .where('scanner', 'in', upload.scanners)
    .where((eb) => eb.or([eb('last_scan_id', 'is', null), eb('last_scan_id', '!=', scanId)]))
    .executeTakeFirst();
  summary.fixed = Number(res.numUpdatedRows);
  return summary;
}
