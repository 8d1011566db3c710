import { existsSync } from 'node:fs';
import type { Finding } from '../../core/finding.js';
import { fingerprint } from '../../core/fingerprint.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanContext, Scanner, SourceFile } from '../../core/scanner.js';
import { RampartError } from '../../core/errors.js';
import { acceptsDepsFile, collectLockfiles, type Lockfile } from './collect.js';
import { chains } from './graph.js';
import { createInstalledLicenseReader, licensePolicy, LICENSE_RULES } from './licenses.js';
import { depsOptionsSchema, type DepsOptions } from './options.js';
import { packageKey, type Package } from './package.js';
import { advisoryPackageRef, advisoryTitle, aliasText } from './advisory-text.js';

export const UNPINNED_RULE: RuleMeta = {
  id: 'deps/unpinned-requirement',
  title: 'Dependency declared with a range, not a pinned version',
  severity: 'info',
  cwe: [1357],
  description:
    'A requirement gives a version range, so the installed version depends on the day of the install and cannot be checked against advisories.',
  remediation: 'Pin exact versions in a lockfile (pip-compile, poetry lock, uv lock) or with ==.',
};

/** Vulnerabilities get one rule per advisory (`deps/<id>`), built from the finding. */
export const DEPS_RULES: RuleMeta[] = [UNPINNED_RULE, ...LICENSE_RULES];

export const depsScanner: Scanner = {
  id: 'deps',
  rules: () => DEPS_RULES,
  accepts: acceptsDepsFile,
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    const opts = depsOptionsSchema.parse(ctx.options);
    const lockfiles = collectLockfiles(ctx.root, files, ctx.issue);
    for (const f of files) ctx.fileRead(f.size, false, f.path);
    if (lockfiles.length === 0) return;
    ctx.inventory?.(lockfiles.flatMap((l) => l.packages));
    const licenses = createInstalledLicenseReader(ctx.root);
    for (const lf of lockfiles) for (const p of lf.packages) p.license ??= licenses.read(p);

    for (const lf of lockfiles) for (const p of lf.packages) if (!p.pinned) yield unpinnedFinding(p);
    if (opts.vulnerabilities) yield* vulnerabilityFindings(lockfiles, opts, ctx);
    if (opts.licenses.allow.length || opts.licenses.deny.length) {
      const r = licensePolicy(
        lockfiles.flatMap((l) => l.packages),
        opts.licenses,
      );
      yield* r.findings;
    }
  },
};

async function* vulnerabilityFindings(lockfiles: Lockfile[], opts: DepsOptions, ctx: ScanContext): AsyncIterable<Finding> {
  const { defaultDbPath, openDbReadOnly, matchPackages, dbStatus, staleness } = await import('../../vulndb/index.js');
  const dbPath = opts.db ?? defaultDbPath();
  if (!existsSync(dbPath)) {
    ctx.issue({
      path: dbPath,
      kind: 'other',
      scanner: 'deps',
      message: 'no vulnerability database, so dependencies were not checked for known vulnerabilities; run `rampart db update` (online) or `rampart db import FILE` (offline)',
    });
    return;
  }
  let db;
  try {
    db = openDbReadOnly(dbPath);
  } catch (e) {
    // A locked or corrupt DB: say so and go on with the rest of the scan.
    ctx.issue({ path: dbPath, kind: 'unreadable', scanner: 'deps', message: e instanceof RampartError ? e.message : String(e) });
    return;
  }
  try {
    const all = lockfiles.flatMap((l) => l.packages);
    const ecosystems = [...new Set(all.map((p) => p.ecosystem))];
    const stale = staleness(dbStatus(dbPath), { maxAgeDays: opts.maxDbAgeDays, ecosystems });
    if (stale) ctx.issue({ path: dbPath, kind: 'other', scanner: 'deps', message: stale });
    const pinned = all.filter((p) => p.pinned && (opts.includeDev || !p.dev));
    const chainOf = new Map<Lockfile, Map<string, string[]>>();
    for (const lf of lockfiles) chainOf.set(lf, chains(lf.packages));
    const lockOf = new Map<Package, Lockfile>();
    for (const lf of lockfiles) for (const p of lf.packages) lockOf.set(p, lf);
    const matches = matchPackages(db, pinned, undefined, {
      onUnresolved: (pkg, id, reason) =>
        ctx.issue({ path: pkg.source, line: pkg.line, kind: 'other', scanner: 'deps', message: `${pkg.name}@${pkg.version} vs ${id}: not decided (${reason})` }),
    });
    for (const m of matches) {
      if (!opts.includeUnfixed && m.fixedVersions.length === 0) continue;
      const p = m.package;
      const chain = chainOf.get(lockOf.get(p)!)?.get(packageKey(p));
      yield vulnFinding(m, chain);
    }
  } finally {
    db.close();
  }
}

type Match = import('../../vulndb/index.js').Match;

function vulnFinding(m: Match, chain: string[] | undefined): Finding {
  const p = m.package;
  const ruleId = `deps/${m.id}`;
  const aka = aliasText(m.aliases);
  const fixText = m.smallestFix ? `upgrade to ${m.smallestFix}` : 'no fixed version yet';
  const via = chain && chain.length > 1 ? `; pulled in by ${chain.join(' > ')}` : p.direct ? '; direct dependency' : '';
  return {
    ruleId,
    scanner: 'deps',
    severity: m.severity?.bucket ?? 'medium',
    title: advisoryTitle(m),
    message: `${p.name}@${p.version} is affected by ${m.id}${aka}${m.summary ? `: ${m.summary}` : ''} — ${fixText}${via}`,
    location: { path: p.source, startLine: p.line ?? 1, startColumn: 1, endLine: p.line ?? 1, endColumn: 1 },
    cwe: [1395],
    fingerprint: fingerprint(ruleId, p.source, `${p.purl}\0${m.id}`),
    fix: m.smallestFix ? `Upgrade ${p.name} to ${m.smallestFix} or later.` : undefined,
    package: advisoryPackageRef(m),
    evidence: {
      severity: m.severity,
      affectedRanges: m.affectedRanges,
      smallestFix: m.smallestFix,
      chain,
      direct: p.direct,
      dev: p.dev,
      unfixed: m.fixedVersions.length === 0,
    },
  };
}

function unpinnedFinding(p: Package): Finding {
  return {
    ruleId: UNPINNED_RULE.id,
    scanner: 'deps',
    severity: UNPINNED_RULE.severity,
    title: UNPINNED_RULE.title,
    message: `${p.name} ${p.version} is a range, not a version: it is not checked against advisories`,
    location: { path: p.source, startLine: p.line ?? 1, startColumn: 1, endLine: p.line ?? 1, endColumn: 1 },
    cwe: UNPINNED_RULE.cwe,
    fingerprint: fingerprint(UNPINNED_RULE.id, p.source, `${p.ecosystem}\0${p.name}\0${p.version}`),
    fix: UNPINNED_RULE.remediation,
    package: { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl },
  };
}
