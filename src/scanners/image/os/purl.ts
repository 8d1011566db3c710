import { PackageURL } from 'packageurl-js';
import type { ImagePackage, OsInfo } from '../types.js';

/**
 * Package URL of an OS package (purl spec types deb, apk, rpm). Analyzers call it without the
 * OsInfo (they see one file); the merge calls it again once the distribution is known, so the
 * namespace and `distro` qualifier name the real distribution.
 *
 *   pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12
 *   pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1
 *   pkg:rpm/almalinux/openssl@3.0.7-25.el9_3?arch=x86_64&distro=almalinux-9.3&epoch=1
 */
export function osPurl(pkg: ImagePackage, os: OsInfo | undefined): string {
  const q: Record<string, string> = {};
  if (pkg.arch) q.arch = pkg.arch;
  try {
    switch (pkg.ecosystem) {
      case 'Debian':
      case 'Ubuntu': {
        const known = os !== undefined && (os.id === 'debian' || os.id === 'ubuntu');
        const ns = known ? os.id : pkg.ecosystem.toLowerCase();
        if (known && os.versionId) q.distro = `${ns}-${os.versionId}`;
        return make('deb', ns, pkg.name, pkg.version, q);
      }
      case 'Alpine': {
        // apk databases also come from Alpine's relatives (Wolfi, Chainguard): the namespace is theirs.
        const ns = os?.id ?? 'alpine';
        if (os?.versionId) q.distro = os.versionId;
        return make('apk', ns, pkg.name, pkg.version, q);
      }
      case 'AlmaLinux':
      case 'Rocky Linux':
      case 'Red Hat': {
        const ns = rpmNamespace(pkg.ecosystem, os);
        // purl keeps the epoch apart: `1:3.0.7-25` -> version `3.0.7-25`, qualifier epoch=1.
        const m = /^(\d+):(.*)$/.exec(pkg.version);
        const version = m?.[2] ?? pkg.version;
        if (m?.[1] && m[1] !== '0') q.epoch = m[1];
        if (os?.versionId) q.distro = `${ns}-${os.versionId}`;
        return make('rpm', ns, pkg.name, version, q);
      }
      default:
        return pkg.purl;
    }
  } catch {
    // packageurl-js rejects only empty names; analyzers never emit those.
    return pkg.purl;
  }
}

function rpmNamespace(ecosystem: ImagePackage['ecosystem'], os: OsInfo | undefined): string {
  if (os?.id) return os.id === 'rhel' ? 'redhat' : os.id;
  if (ecosystem === 'AlmaLinux') return 'almalinux';
  if (ecosystem === 'Rocky Linux') return 'rocky';
  return 'redhat';
}

function make(type: string, ns: string, name: string, version: string, q: Record<string, string>): string {
  const qualifiers = Object.keys(q).length ? q : undefined;
  return new PackageURL(type, ns, name, version || undefined, qualifiers, undefined).toString();
}
