import { PackageURL } from 'packageurl-js';
import { unparsable, skipped, baseName } from '../../issues.js';
import type { Package } from '../../package.js';

/** `pkg:golang/<namespace>/<name>@<version>`: the module path split at its last `/`. */
export function goPurl(modulePath: string, version?: string): string {
  const i = modulePath.lastIndexOf('/');
  const ns = i < 0 ? undefined : modulePath.slice(0, i);
  const name = i < 0 ? modulePath : modulePath.slice(i + 1);
  try {
    return new PackageURL('golang', ns, name, version || undefined, undefined, undefined).toString();
  } catch {
    return `pkg:golang/${modulePath}`;
  }
}

export interface GoFields {
  name: string;
  version: string;
  direct: boolean;
  source: string;
  line?: number;
  pinned?: boolean;
}

export function goPackage(f: GoFields): Package {
  const pinned = f.pinned ?? true;
  const p: Package = {
    ecosystem: 'Go',
    name: f.name,
    version: f.version,
    purl: goPurl(f.name, pinned ? f.version : undefined),
    direct: f.direct,
    dev: false,
    pinned,
    source: f.source,
  };
  if (f.line !== undefined) p.line = f.line;
  return p;
}

/** A replacement target that is a directory, not a module (https://go.dev/ref/mod#go-mod-file-replace). */
export function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || p === '.' || p === '..' || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('.\\') || p.startsWith('..\\');
}

/** A module version as go.mod and go.sum spell it: `v` + SemVer (pseudo-versions and +incompatible included). */
export const GO_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Go toolchain version (`go1.22.1`, `go1.21rc2`, `go1.20`) → the SemVer form OSV's `stdlib`
 * package uses (`1.22.1`, `1.21.0-rc.2`, `1.20.0`); undefined for a devel toolchain.
 */
export function goToolchainSemver(v: string): string | undefined {
  const m = /^go(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(v.trim().split(/\s+/)[0] ?? '');
  if (!m) return undefined;
  const base = `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  return m[4] ? `${base}-${m[4]}.${m[5]}` : base;
}

export { unparsable, skipped, baseName };
