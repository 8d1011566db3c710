/**
 * AlmaLinux/Rocky/Red Hat errata as OSV carries them (checked on /work/shared/osv's AlmaLinux
 * export): no `severity`, the rating is the summary's first word, and bug-fix/enhancement errata
 * (ALBA/ALEA) are in the same feed as the security ones (ALSA).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanIssue } from '../../../src/core/scanner.js';
import { vulnerabilityFindings } from '../../../src/scanners/image/findings.js';
import { isNonSecurityErratum, matchImage, severityFromErratumSummary } from '../../../src/scanners/image/match.js';
import type { ImagePackage, OsInfo } from '../../../src/scanners/image/types.js';
import { importOsv } from '../../../src/vulndb/import.js';
import { openDbForBuild, type Db } from '../../../src/vulndb/store.js';

function erratum(id: string, ecosystem: string, name: string, fixed: string, summary: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    modified: '2026-01-01T00:00:00Z',
    summary,
    affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }],
    ...extra,
  };
}

const RECORDS = [
  erratum('ALSA-2022:0951', 'AlmaLinux:8', 'expat', '2.2.5-8.el8_6.2', 'Important: expat security update', { related: ['CVE-2022-25235'] }),
  erratum('ALSA-2024:1615', 'AlmaLinux:8', 'expat', '2.2.5-11.el8_9.1', 'Moderate: expat security update'),
  erratum('ALSA-2023:0001', 'AlmaLinux:8', 'expat', '2.2.5-12.el8', 'Critical: expat security update'),
  erratum('ALSA-2023:0002', 'AlmaLinux:8', 'expat', '2.2.5-13.el8', 'Low: expat security update'),
  erratum('ALBA-2022:2113', 'AlmaLinux:8', 'expat', '2.2.5-8.el8', 'expat update'),
  erratum('ALEA-2022:0001', 'AlmaLinux:8', 'expat', '2.2.5-9.el8', 'new feature'),
  // A CVSS vector wins over the summary word.
  erratum('ALSA-2023:0003', 'AlmaLinux:8', 'expat', '2.2.5-14.el8', 'Low: expat security update', {
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  }),
  erratum('RLSA-2023:0004', 'Rocky Linux:8', 'expat', '2.2.5-15.el8', 'Important: expat security update'),
  erratum('RLBA-2023:0005', 'Rocky Linux:8', 'expat', '2.2.5-16.el8', 'expat bug fix update'),
  // Not the Red Hat family: a leading word in a summary means nothing there.
  erratum('DSA-0001-1', 'Debian:12', 'expat', '2.5.0-2', 'Important: expat security update'),
];

let dir: string;
let db: Db;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-image-errata-'));
  const recs = join(dir, 'records');
  mkdirSync(recs);
  for (const r of RECORDS) writeFileSync(join(recs, `${r.id}.json`), JSON.stringify(r));
  db = openDbForBuild(join(dir, 'db.sqlite'));
  await importOsv(db, recs);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function pkg(ecosystem: ImagePackage['ecosystem'], version: string, extra: Partial<ImagePackage> = {}): ImagePackage {
  return { ecosystem, name: 'expat', version, purl: `pkg:x/expat@${version}`, direct: false, dev: false, pinned: true, source: 'var/lib/rpm/rpmdb.sqlite', ...extra };
}

function run(os: OsInfo, p: ImagePackage) {
  const issues: ScanIssue[] = [];
  const matches = matchImage(db, { os, packages: [p] }, (i) => issues.push(i), 'db.sqlite');
  return { issues, bySeverity: Object.fromEntries(matches.map((m) => [m.id, m.severity?.bucket ?? 'none'])) };
}

describe('Red Hat family errata', () => {
  it('AlmaLinux: security errata only, rated by the summary word unless a CVSS vector says otherwise', () => {
    const r = run({ id: 'almalinux', versionId: '8.5', ecosystem: 'AlmaLinux', release: '8' }, pkg('AlmaLinux', '2.2.5-4.el8'));
    expect(r.issues).toEqual([]);
    expect(r.bySeverity).toEqual({
      'ALSA-2022:0951': 'high',
      'ALSA-2024:1615': 'medium',
      'ALSA-2023:0001': 'critical',
      'ALSA-2023:0002': 'low',
      'ALSA-2023:0003': 'critical',
    });
  });

  it('Rocky Linux: the same rules (RLBA dropped, Important is high)', () => {
    const r = run({ id: 'rocky', versionId: '8.9', ecosystem: 'Rocky Linux', release: '8' }, pkg('Rocky Linux', '2.2.5-4.el8'));
    expect(r.bySeverity).toEqual({ 'RLSA-2023:0004': 'high' });
  });

  it('the rating reaches the finding, so --fail-on high fails on an Important erratum', () => {
    const issues: ScanIssue[] = [];
    const matches = matchImage(db, { os: { id: 'almalinux', versionId: '8.5', ecosystem: 'AlmaLinux', release: '8' }, packages: [pkg('AlmaLinux', '2.2.5-4.el8')] }, (i) => issues.push(i));
    const { findings, rules } = vulnerabilityFindings(matches);
    expect(findings.find((f) => f.ruleId === 'image/ALSA-2022:0951')?.severity).toBe('high');
    expect(rules.find((x) => x.id === 'image/ALSA-2022:0951')?.severity).toBe('high');
    expect(findings.map((f) => f.ruleId)).not.toContain('image/ALBA-2022:2113');
  });

  it('Debian advisories keep their own rules: no summary word rating, nothing dropped', () => {
    const r = run({ id: 'debian', versionId: '12', ecosystem: 'Debian', release: '12' }, pkg('Debian', '2.5.0-1', { source: 'var/lib/dpkg/status' }));
    expect(r.bySeverity).toEqual({ 'DSA-0001-1': 'none' });
  });
});

describe('errata helpers', () => {
  it('tells bug-fix and enhancement errata from security ones', () => {
    expect(['ALBA-2022:2113', 'ALEA-2022:1', 'RLBA-2023:1', 'RHEA-2020:1', 'RHBA-2020:1'].map(isNonSecurityErratum)).toEqual([true, true, true, true, true]);
    expect(['ALSA-2022:0951', 'RLSA-2023:1', 'RHSA-2020:1', 'DSA-1-1', 'ALPINE-CVE-2019-1', 'GHSA-xxxx-ALBA'].map(isNonSecurityErratum)).toEqual([false, false, false, false, false, false]);
  });

  it('reads only a leading rating word followed by a colon', () => {
    expect(severityFromErratumSummary('Important: expat security update')?.bucket).toBe('high');
    expect(severityFromErratumSummary('Moderate: x')?.bucket).toBe('medium');
    expect(severityFromErratumSummary('expat update')).toBeUndefined();
    expect(severityFromErratumSummary('An Important fix')).toBeUndefined();
    expect(severityFromErratumSummary(undefined)).toBeUndefined();
  });
});
