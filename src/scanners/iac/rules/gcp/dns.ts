import type { Value } from '../../model/value.js';
import { blocks, isAbsent, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { GCP, docs, noBlock } from './util.js';

const TYPES = ['google_dns_managed_zone'] as const;
const REF = [docs('google_dns_managed_zone'), 'https://cloud.google.com/dns/docs/dnssec-config'];

/** Public zones only: DNSSEC does not apply to private zones. Unknown visibility is not known public. */
function isPublicZone(v: Value | undefined): boolean {
  return isAbsent(v) || (typeof v === 'string' && v.trim().toLowerCase() === 'public');
}

export const dnssecOff: CloudRule = {
  id: `${GCP}dns-dnssec-disabled`,
  title: 'Public DNS zone without DNSSEC',
  severity: 'low',
  cwe: [345],
  description: 'Without DNSSEC, resolvers cannot verify the zone\'s answers, so spoofed or cache-poisoned records can redirect users to attacker hosts.',
  remediation: 'Add `dnssec_config { state = "on" }` to the public zone.',
  references: REF,
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    const a = r.attrs;
    if (!isPublicZone(a.visibility)) return;
    if (noBlock(a, 'dnssec_config')) {
      report(null, 'public zone has no dnssec_config');
      return;
    }
    for (const c of blocks(a, 'dnssec_config')) {
      const state = str(c.block.state)?.toLowerCase();
      if (state === 'off') report(`${c.path}.state`, 'DNSSEC state is off');
      // dnssec_config without state leaves DNSSEC off.
      else if (isAbsent(c.block.state)) report(null, 'dnssec_config without state = "on"');
    }
  },
};

export const dnssecRsaSha1: CloudRule = {
  id: `${GCP}dns-dnssec-rsasha1`,
  title: 'DNSSEC signs with RSASHA1',
  severity: 'medium',
  cwe: [327],
  description: 'RSASHA1 relies on SHA-1, which has practical collision attacks; signatures made with it give weak assurance and are deprecated for DNSSEC signing.',
  remediation: 'Use `algorithm = "rsasha256"`, "rsasha512" or "ecdsap256sha256" in `dnssec_config.default_key_specs`.',
  references: REF,
  provider: 'gcp',
  types: TYPES,
  check(r, report) {
    for (const c of blocks(r.attrs, 'dnssec_config')) {
      for (const k of blocks(c.block, 'default_key_specs', c.path)) {
        if (str(k.block.algorithm)?.trim().toLowerCase() === 'rsasha1') {
          report(`${k.path}.algorithm`, `${str(k.block.key_type) ?? 'DNSSEC'} key uses RSASHA1`);
        }
      }
    }
  },
};

export const dnsRules: CloudRule[] = [dnssecOff, dnssecRsaSha1];
