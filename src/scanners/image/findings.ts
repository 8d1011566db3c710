/**
 * Findings and rules for the vulnerabilities of an image's packages: one finding per
 * (package, advisory), located at the package database or manifest inside the image, naming the
 * layer (and Dockerfile step) that brought the package in.
 */
import type { Finding } from '../../core/finding.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { RuleMeta } from '../../core/rule.js';
import { layerEvidence } from './inventory/collect.js';
import type { ImageMatch } from './match.js';
import { safeStep } from './rules/config.js';
import { advisoryPackageRef, advisoryTitle, aliasText } from '../deps/advisory-text.js';
import type { LayerRef } from './types.js';

const VULN_CWE = [1395];

/**
 * `RUN apt-get install -y curl` from `/bin/sh -c apt-get install -y curl`: the config rules' step
 * reader, which also drops build-arg values and credentials (layers already carry this form).
 */
export function stepText(createdBy: string): string {
  return safeStep(createdBy);
}

/** `layer 3 sha256:abcdef012345… RUN apt-get install -y curl` (layers count from 1, as `docker history` reads bottom-up). */
export function layerText(layer: LayerRef): string {
  const digest = layer.diffId ?? layer.digest;
  const short = digest ? ` ${digest.slice(0, digest.indexOf(':') + 13)}…` : '';
  const step = layer.createdBy ? ` ${stepText(layer.createdBy)}` : '';
  return `layer ${layer.index + 1}${short}${step}`;
}

/** The advisory's rule (SARIF `tool.driver.rules`), one per advisory id. */
export function vulnerabilityRule(m: ImageMatch): RuleMeta {
  const refs = [`https://osv.dev/vulnerability/${encodeURIComponent(m.id)}`];
  return {
    id: `image/${m.id}`,
    title: advisoryTitle(m, m.matchedAs.name),
    severity: m.severity?.bucket ?? 'medium',
    cwe: VULN_CWE,
    description: m.details ?? m.summary ?? `Known vulnerability ${m.id}${m.aliases.length ? ` (${m.aliases.join(', ')})` : ''}.`,
    remediation: 'Rebuild the image with the fixed package version (update the base image or the package install step).',
    references: refs,
    tags: ['vulnerability', 'container'],
  };
}

/**
 * One finding per match. The fingerprint is the path inside the image, the purl and the advisory:
 * the same image scanned from a registry or from a tar in another place keeps its baseline.
 */
export function vulnerabilityFinding(m: ImageMatch): Finding {
  const p = m.package;
  const ruleId = `image/${m.id}`;
  const aka = aliasText(m.aliases);
  const source = m.matchedAs.name !== p.name ? ` (source package ${m.matchedAs.name} ${m.matchedAs.version})` : '';
  const fixText = m.smallestFix ? `fixed in ${m.smallestFix}` : 'no fixed version yet';
  // A --rootfs directory is one pseudo-layer with no digest or step: nothing to say about it.
  const l = p.layer;
  const where = l && (l.digest || l.diffId || l.createdBy) ? `; installed by ${layerText(l)}` : '';
  const line = p.line ?? 1;
  return {
    ruleId,
    scanner: 'image',
    severity: m.severity?.bucket ?? 'medium',
    title: advisoryTitle(m),
    message: `${p.name} ${p.version}${source} is affected by ${m.id}${aka}${m.summary ? `: ${m.summary}` : ''} — ${fixText}${where}`,
    location: { path: p.source, startLine: line, startColumn: 1, endLine: line, endColumn: 1 },
    cwe: VULN_CWE,
    fingerprint: fingerprint(ruleId, p.source, `${p.purl}\u0000${m.id}`),
    ...(m.smallestFix ? { fix: `Upgrade ${p.name} to ${m.smallestFix} or later (${m.matchedAs.name !== p.name ? `source ${m.matchedAs.name}` : 'rebuild the image'}).` } : {}),
    package: advisoryPackageRef(m),
    evidence: {
      severity: m.severity,
      affectedRanges: m.affectedRanges,
      smallestFix: m.smallestFix,
      unfixed: m.fixedVersions.length === 0,
      ...(m.matchedAs.name !== p.name || m.matchedAs.version !== p.version ? { matchedAs: m.matchedAs } : {}),
      ...(p.release ? { release: p.release } : {}),
      ...(p.layer ? { layer: layerEvidence(p.layer) } : {}),
    },
  };
}

/** Findings for `matches`, unfixed ones only when asked; rules once per advisory. */
export function vulnerabilityFindings(
  matches: readonly ImageMatch[],
  opts: { includeUnfixed?: boolean } = {},
): { findings: Finding[]; rules: RuleMeta[] } {
  const findings: Finding[] = [];
  const rules = new Map<string, RuleMeta>();
  for (const m of matches) {
    if (!opts.includeUnfixed && m.fixedVersions.length === 0) continue;
    findings.push(vulnerabilityFinding(m));
    if (!rules.has(m.id)) rules.set(m.id, vulnerabilityRule(m));
  }
  return { findings, rules: [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}
