import type { Finding, Location } from '../core/finding.js';
import { scannerOf, type RuleMeta } from '../core/rule.js';
import type { ScanResult, SuppressedFinding, SuppressionKind } from '../core/result.js';
import type { ScanIssue } from '../core/scanner.js';
import { SECURITY_SEVERITY, type Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import {
  sortExpiredWaivers,
  sortFindings,
  sortIssues,
  sortSuppressed,
  sortUnusedDirectives,
  summarize,
} from './summary.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Project home shown by SARIF viewers; update if the repository moves. */
export const RAMPART_INFORMATION_URI = 'https://github.com/rampart-scanner/rampart';
/** Key of partialFingerprints; bump the suffix if the fingerprint algorithm changes. */
export const FINGERPRINT_KEY = 'rampart/v1';
/** The base every artifact URI is relative to (GitHub resolves it to the checkout). */
export const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

/** GitHub shows error/warning/note; critical and high must read as errors. */
export function sarifLevel(s: Severity): Level {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

const SUPPRESSION_KIND: Record<SuppressionKind, 'inSource' | 'external'> = {
  inline: 'inSource',
  waiver: 'external',
  baseline: 'external',
  vex: 'external',
};

/** Relative POSIX path to a URI reference: each segment percent-encoded, slashes kept. */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Absolute root to a file: URI ending in '/', as originalUriBaseIds requires; undefined if relative. */
export function rootToUri(root: string): string | undefined {
  const posix = root.replace(/\\/g, '/');
  let segments: string[];
  if (/^[A-Za-z]:\//.test(posix)) segments = posix.split('/');
  else if (posix.startsWith('/')) segments = posix.slice(1).split('/');
  else return undefined;
  const body = segments
    .filter((s) => s !== '')
    .map((s, i) => (i === 0 && /^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s)))
    .join('/');
  return `file:///${body}${body ? '/' : ''}`;
}

function region(l: Location): Record<string, number> | undefined {
  // Line 0 means "the whole file" (e.g. a lockfile-level finding): no region at all.
  if (!(l.startLine >= 1)) return undefined;
  const r: Record<string, number> = { startLine: l.startLine };
  if (l.startColumn >= 1) r.startColumn = l.startColumn;
  if (l.endLine >= l.startLine) {
    r.endLine = l.endLine;
    // SARIF endColumn is exclusive; an end before the start would make viewers drop the result.
    if (l.endColumn >= 1 && (l.endLine > l.startLine || l.endColumn >= (r.startColumn ?? 1))) r.endColumn = l.endColumn;
  }
  return r;
}

function physical(l: Location) {
  const reg = region(l);
  return {
    physicalLocation: {
      artifactLocation: { uri: pathToUri(l.path), uriBaseId: SRCROOT },
      ...(reg ? { region: reg } : {}),
    },
  };
}

function ruleName(id: string): string {
  // SARIF wants a readable identifier: 'secrets/github/classic-pat' -> 'GithubClassicPat'.
  const rest = id.includes('/') ? id.slice(id.indexOf('/') + 1) : id;
  return rest
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function isHttpUrl(s: string): boolean {
  return /^https?:\/\/[^\s<>"{}|\\^`]+$/.test(s);
}

function cweLink(n: number): string {
  return `https://cwe.mitre.org/data/definitions/${n}.html`;
}

function ruleDescriptor(rule: RuleMeta) {
  const scanner = scannerOf(rule.id);
  const tags = [...new Set([scanner, 'security', ...rule.cwe.map((n) => `external/cwe/cwe-${n}`), ...(rule.tags ?? [])])];
  const refs = (rule.references ?? []).filter(isHttpUrl);
  const description = rule.description || rule.title;
  const remediation = rule.remediation || 'See the rule description.';
  const text = [
    description,
    `Remediation: ${remediation}`,
    ...(rule.cwe.length ? [`CWE: ${rule.cwe.map((n) => `CWE-${n}`).join(', ')}`] : []),
    ...(refs.length ? ['References:', ...refs.map((u) => `- ${u}`)] : []),
  ].join('\n\n');
  const markdown = [
    `**${rule.title}**`,
    description,
    `**Remediation:** ${remediation}`,
    ...(rule.cwe.length ? [`**CWE:** ${rule.cwe.map((n) => `[CWE-${n}](${cweLink(n)})`).join(', ')}`] : []),
    ...(refs.length ? [`**References:**\n${refs.map((u) => `- <${u}>`).join('\n')}`] : []),
  ].join('\n\n');
  return {
    id: rule.id,
    name: ruleName(rule.id) || rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: description },
    ...(refs[0] ? { helpUri: refs[0] } : {}),
    help: { text, markdown },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[rule.severity],
      // Rules still being measured ship 'experimental' (STYLE.md); say so to viewers.
      precision: rule.tags?.includes('experimental') ? 'medium' : 'high',
      severity: rule.severity,
    },
  };
}

/** A rule referenced by a finding but missing from r.rules (e.g. one advisory per deps rule). */
function ruleFromFinding(f: Finding): RuleMeta {
  return {
    id: f.ruleId,
    title: f.title,
    severity: f.severity,
    cwe: f.cwe,
    description: f.title,
    remediation: f.fix ?? '',
  };
}

function collectRules(r: ScanResult, findings: Finding[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const rule of r.rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  for (const f of findings) if (!byId.has(f.ruleId)) byId.set(f.ruleId, ruleFromFinding(f));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function result(f: Finding, ruleIndex: number, sup?: SuppressedFinding) {
  const props: Record<string, unknown> = { severity: f.severity, scanner: f.scanner };
  if (f.cwe.length) props.cwe = f.cwe.map((n) => `CWE-${n}`);
  if (f.commit) {
    props.commit = { ...f.commit };
    props.commitSha = f.commit.sha;
  }
  if (f.package) props.package = { ...f.package };
  if (f.evidence?.confidence) props.confidence = f.evidence.confidence;
  if (f.evidence?.verification) props.verification = f.evidence.verification;
  if (sup) props.suppression = { kind: sup.kind, ...(sup.expires ? { expires: sup.expires } : {}) };
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: f.message || f.title },
    locations: [physical(f.location)],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.codeFlow?.length
      ? {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: f.codeFlow.map((step) => ({
                    location: { ...physical(step.location), message: { text: step.message || ' ' } },
                  })),
                },
              ],
            },
          ],
        }
      : {}),
    ...(sup
      ? {
          // No review status: the 2.1.0 committee specification calls it `state`, the final OASIS
          // standard `status`; leaving it out is valid under both (absent means accepted).
          suppressions: [{ kind: SUPPRESSION_KIND[sup.kind], justification: sup.reason }],
        }
      : {}),
    properties: props,
  };
}

function issueNotification(i: ScanIssue) {
  const loc: Location = { path: i.path, startLine: i.line ?? 0, startColumn: 0, endLine: 0, endColumn: 0 };
  return {
    level: 'warning' as const,
    message: { text: `${i.kind}: ${i.message}` },
    ...(i.path ? { locations: [physical(loc)] } : {}),
    properties: { kind: i.kind, ...(i.scanner ? { scanner: i.scanner } : {}) },
  };
}

function timeUtc(iso: string, plusMs = 0): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t + plusMs).toISOString();
}

/** SARIF 2.1.0 log as GitHub code scanning accepts it: one run, suppressed findings included. */
export function toSarif(r: ScanResult) {
  const findings = sortFindings(r.findings);
  const suppressed = sortSuppressed(r.suppressed);
  const rules = collectRules(r, [...findings, ...suppressed.map((s) => s.finding)]);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = [
    ...findings.map((f) => result(f, index.get(f.ruleId)!)),
    ...suppressed.map((s) => result(s.finding, index.get(s.finding.ruleId)!, s)),
  ];

  const configNotes = [
    ...sortExpiredWaivers(r.expiredWaivers).map((w) => ({
      level: 'warning' as const,
      message: {
        text:
          `Waiver expired on ${w.expires} and no longer suppresses` +
          `${w.rule ? ` rule ${w.rule}` : ''}${w.path ? ` in ${w.path}` : ''}${w.fingerprint ? ` (fingerprint ${w.fingerprint})` : ''}: ${w.reason}`,
      },
      properties: { kind: 'expired-waiver', expires: w.expires },
    })),
    ...sortUnusedDirectives(r.unusedDirectives).map((d) => ({
      level: 'note' as const,
      message: { text: `Unused rampart:ignore ${d.ruleId}: it matched no finding` },
      locations: [physical({ path: d.path, startLine: d.line, startColumn: 0, endLine: 0, endColumn: 0 })],
      properties: { kind: 'unused-directive', ruleId: d.ruleId },
    })),
  ];

  const start = timeUtc(r.startedAt);
  const end = timeUtc(r.startedAt, r.stats.durationMs);
  const rootUri = rootToUri(r.root);
  const summary = summarize(r);

  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'rampart',
            fullName: `rampart ${r.tool.version}`,
            version: r.tool.version,
            ...(/^\d+\.\d+\.\d+/.test(r.tool.version) ? { semanticVersion: r.tool.version } : {}),
            informationUri: RAMPART_INFORMATION_URI,
            rules: rules.map(ruleDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(start ? { startTimeUtc: start } : {}),
            ...(end ? { endTimeUtc: end } : {}),
            toolExecutionNotifications: sortIssues(r.issues).map(issueNotification),
            toolConfigurationNotifications: configNotes,
            properties: { stats: { ...r.stats }, scanners: [...r.scanners] },
          },
        ],
        originalUriBaseIds: {
          [SRCROOT]: rootUri ? { uri: rootUri } : { description: { text: `Scan root: ${r.root}` } },
        },
        columnKind: 'utf16CodeUnits' as const,
        results,
        properties: {
          // Counts every report shows, suppressed ones included, for consumers that do not read results.
          summary,
        },
      },
    ],
  };
}

export const formatSarif: Formatter = (r) => JSON.stringify(toSarif(r), null, 2) + '\n';
