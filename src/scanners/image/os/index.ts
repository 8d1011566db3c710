import type { Analyzer, ImagePackage, OsInfo } from '../types.js';
import { osReleaseAnalyzer } from './release.js';
import { dpkgListAnalyzer, dpkgStatusAnalyzer, dpkgStatusDAnalyzer } from './dpkg.js';
import { apkAnalyzer } from './apk.js';
import { RPM_ANALYZERS } from './rpm/index.js';
import { osPurl } from './purl.js';

export { pickOs } from './release.js';
export { osPurl } from './purl.js';

/** Every analyzer of the OS inventory: distribution, dpkg, apk, rpm. */
export const OS_ANALYZERS: Analyzer[] = [
  osReleaseAnalyzer,
  dpkgStatusAnalyzer,
  dpkgStatusDAnalyzer,
  dpkgListAnalyzer,
  apkAnalyzer,
  ...RPM_ANALYZERS,
];

const FAMILY: Record<string, string> = {
  Debian: 'deb',
  Ubuntu: 'deb',
  Alpine: 'apk',
  AlmaLinux: 'rpm',
  'Rocky Linux': 'rpm',
  'Red Hat': 'rpm',
};

/**
 * For the merge, once the distribution is known: an OS package with the distribution's
 * ecosystem (dpkg's 'Debian' becomes 'Ubuntu' on Ubuntu; rpm's 'Red Hat' placeholder becomes
 * 'AlmaLinux' ...), its release and a purl naming the distribution. A package of another
 * family than the OsInfo (a dpkg database in an Alpine image) keeps its ecosystem and gets no
 * release, so it is not matched against the wrong advisories. Returns a new object.
 */
export function applyOsInfo(pkg: ImagePackage, os: OsInfo | undefined): ImagePackage {
  const family = FAMILY[pkg.ecosystem];
  if (!family) return pkg;
  const out: ImagePackage = { ...pkg };
  delete out.release;
  if (os?.ecosystem && FAMILY[os.ecosystem] === family) {
    out.ecosystem = os.ecosystem;
    if (os.release !== undefined) out.release = os.release;
    out.purl = osPurl(out, os);
  } else {
    // No advisories for this distribution (CentOS, Fedora ...): the purl still names it.
    out.purl = osPurl(out, os && !os.ecosystem ? os : undefined);
  }
  return out;
}
