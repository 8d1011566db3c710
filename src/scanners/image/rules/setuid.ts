/**
 * Setuid / setgid files the image's own build steps added (issue 6). Distribution packages ship a
 * known handful (su, passwd, mount ...) that their maintainers audit; a setuid file no package
 * owns was put there by a Dockerfile step and runs with its owner's rights for anyone who runs it.
 */
import type { Finding } from '../../../core/finding.js';
import { fingerprint } from '../../../core/fingerprint.js';
import type { RuleMeta } from '../../../core/rule.js';
import type { LayerRef } from '../types.js';
import { safeStep } from './config.js';

export const SETUID_RULE: RuleMeta = {
  id: 'image/setuid-unowned',
  title: 'Setuid or setgid file not installed by a package',
  severity: 'medium',
  cwe: [250],
  description:
    'A regular file in the image has the setuid or setgid bit and no OS package owns it, so a build step added it or set the bit. Any user in the container who runs it gets the rights of its owner (usually root): one flaw in it is a privilege escalation.',
  remediation:
    'Remove the setuid/setgid bit in the same build step (`chmod u-s,g-s <file>`), or drop the file; if it must stay setuid, install it from a package and document why.',
  references: ['https://cwe.mitre.org/data/definitions/250.html'],
};

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;

/** Root-relative, no leading `/` or `./`: how both the layers and the package db are compared. */
function norm(p: string): string {
  return p.replace(/^(\.\/|\/)+/, '');
}

// Merged-/usr distributions (Debian 12, Ubuntu, Fedora) keep file lists that name `/bin/su`
// while the file sits at `usr/bin/su` behind the `bin -> usr/bin` link, and the other way round.
const USR_MERGED = ['bin/', 'sbin/', 'lib/', 'lib32/', 'lib64/', 'libx32/'];

/** True when `owned` lists the path, directly or through its merged-/usr twin. */
export function isOwned(path: string, owned: Set<string>): boolean {
  const p = norm(path);
  if (owned.has(p) || owned.has('/' + p)) return true;
  for (const d of USR_MERGED) {
    if (p.startsWith('usr/' + d)) {
      const twin = p.slice(4);
      if (owned.has(twin) || owned.has('/' + twin)) return true;
    } else if (p.startsWith(d)) {
      const twin = 'usr/' + p;
      if (owned.has(twin) || owned.has('/' + twin)) return true;
    }
  }
  return false;
}

/** A short name for the layer and the step that made it. */
function layerText(l: LayerRef | undefined): string {
  if (!l) return '';
  const id = (l.digest ?? l.diffId ?? '').replace(/^sha256:/, '').slice(0, 12);
  const step = l.createdBy ? `, step: ${safeStep(l.createdBy)}` : '';
  // Counted from 1 like `docker history` and the package findings; evidence keeps the 0-based index.
  return ` (layer ${l.index + 1}${id ? ` ${id}` : ''}${step})`;
}

/**
 * Findings for setuid/setgid regular files that no OS package owns. `files` holds regular files
 * only (the collector's `setuidFiles`); `owned` the root-relative paths the package dbs list.
 */
export function setuidFindings(files: { path: string; mode: number; layer?: LayerRef }[], owned: Set<string>): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const bits = f.mode & (S_ISUID | S_ISGID);
    const path = norm(f.path);
    if (bits === 0 || path === '' || seen.has(path) || isOwned(path, owned)) continue;
    seen.add(path);
    const kind = bits === (S_ISUID | S_ISGID) ? 'setuid and setgid' : bits === S_ISUID ? 'setuid' : 'setgid';
    const mode = (f.mode & 0o7777).toString(8).padStart(4, '0');
    out.push({
      ruleId: SETUID_RULE.id,
      scanner: 'image',
      severity: SETUID_RULE.severity,
      title: SETUID_RULE.title,
      message: `${path} is ${kind} (mode ${mode}) and no OS package owns it${layerText(f.layer)}`,
      location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      cwe: [...SETUID_RULE.cwe],
      fingerprint: fingerprint(SETUID_RULE.id, path, kind),
      fix: SETUID_RULE.remediation,
      evidence: {
        mode,
        bits: kind,
        ...(f.layer
          ? {
              layer: {
                index: f.layer.index,
                ...(f.layer.digest ? { digest: f.layer.digest } : {}),
                ...(f.layer.diffId ? { diffId: f.layer.diffId } : {}),
                ...(f.layer.createdBy ? { createdBy: safeStep(f.layer.createdBy) } : {}),
              },
            }
          : {}),
      },
    });
  }
  return out.sort((a, b) => (a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0));
}
