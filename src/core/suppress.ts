import type { Finding } from './finding.js';
import type { Waiver } from './config.js';
import { directiveMatches, ruleIdMatches, type Directive } from './directives.js';
import type { ExpiredWaiver, SuppressedFinding, UnusedDirective } from './result.js';
// picomatch loads on a waiver's first path glob, not with every scan.
import { globMatcher } from './walker.js';

export interface SuppressInput {
  findings: Finding[];
  /** Inline directives per file path. */
  directives: Map<string, Directive[]>;
  waivers: Waiver[];
  baseline: Set<string>;
  /**
   * The reason a VEX statement (not_affected / false_positive) suppresses a finding, undefined when
   * none does. A function, so the VEX reader and its purl parser load only when there are documents.
   */
  vex?: (f: Finding) => string | undefined;
  /** Today as YYYY-MM-DD (a waiver expiring today still holds today). */
  today: string;
}

export interface SuppressOutput {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  expiredWaivers: ExpiredWaiver[];
  unusedDirectives: UnusedDirective[];
}

/**
 * Applies inline directives, then waivers, then VEX statements, then the baseline. Nothing is dropped: every
 * suppressed finding is returned with its kind and reason so reports can count it.
 */
export function applySuppressions(inp: SuppressInput): SuppressOutput {
  const active: { w: Waiver; match: (f: Finding) => boolean }[] = [];
  const expiredWaivers: ExpiredWaiver[] = [];
  for (const w of inp.waivers) {
    if (w.expires < inp.today) {
      expiredWaivers.push({ rule: w.rule, path: w.path, fingerprint: w.fingerprint, reason: w.reason, expires: w.expires });
      continue;
    }
    const pathMatch = w.path ? globMatcher(w.path, { dot: true }) : null;
    active.push({
      w,
      match: (f) =>
        (!w.rule || ruleIdMatches(w.rule, f.ruleId)) &&
        (!pathMatch || pathMatch(f.location.path)) &&
        (!w.fingerprint || w.fingerprint === f.fingerprint),
    });
  }
  const used = new Set<Directive>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of inp.findings) {
    const ds = inp.directives.get(f.location.path) ?? [];
    const matching = ds.filter((x) => directiveMatches(x, f.ruleId, f.location.startLine));
    // An expired inline suppression is listed like an expired waiver and suppresses nothing;
    // a valid directive for the same finding still applies.
    for (const x of matching) {
      if (!x.expires || x.expires >= inp.today || used.has(x)) continue;
      expiredWaivers.push({ rule: x.ruleId, path: `${f.location.path}:${x.line}`, reason: x.reason, expires: x.expires });
      used.add(x);
    }
    const d = matching.find((x) => !x.expires || x.expires >= inp.today);
    if (d) {
      used.add(d);
      suppressed.push({ finding: f, kind: 'inline', reason: d.reason });
      continue;
    }
    const w = active.find((a) => a.match(f));
    if (w) {
      suppressed.push({ finding: f, kind: 'waiver', reason: w.w.reason, expires: w.w.expires });
      continue;
    }
    const v = inp.vex?.(f);
    if (v !== undefined) {
      suppressed.push({ finding: f, kind: 'vex', reason: v });
      continue;
    }
    if (inp.baseline.has(f.fingerprint)) {
      suppressed.push({ finding: f, kind: 'baseline', reason: 'in baseline' });
      continue;
    }
    kept.push(f);
  }
  const unusedDirectives: UnusedDirective[] = [];
  for (const [path, ds] of inp.directives) {
    for (const d of ds) if (!used.has(d)) unusedDirectives.push({ path, line: d.line, ruleId: d.ruleId });
  }
  unusedDirectives.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  return { kept, suppressed, expiredWaivers, unusedDirectives };
}
