import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

const REMEDIATION = 'Revoke the token in the Doppler dashboard (Tokens page, or the config\'s Access tab for service tokens) and issue a new one.';

function doppler(name: string, kind: string, prefix: string, what: string, extra = ''): Detector {
  return {
    id: `secrets/doppler/${name}`,
    title: `Doppler ${kind}`,
    description: `A Doppler ${kind} (${prefix}) ${what}`,
    remediation: REMEDIATION,
    severity: 'high',
    cwe: [798],
    references: ['https://docs.doppler.com/reference/api#authentication'],
    keywords: [prefix],
    pattern: delimited(`${prefix.replace(/\./g, '\\.')}${extra}[A-Za-z0-9]{40,44}`, 'A-Za-z0-9'),
    maxLength: prefix.length + extra.length + 50,
    minEntropy: 4,
  };
}

export const detectors: Detector[] = [
  doppler('personal-token', 'personal token', 'dp.pt.', 'reads and writes every project its user can reach.'),
  doppler('service-token', 'service token', 'dp.st.', 'reads (or writes) the secrets of one config.', '(?:[a-z0-9_-]{1,40}\\.)?'),
  doppler('service-account-token', 'service account token', 'dp.sa.', 'acts as a service account with its workplace role.'),
  doppler('cli-token', 'CLI token', 'dp.ct.', 'acts as the user who logged in with the Doppler CLI.'),
  doppler('scim-token', 'SCIM token', 'dp.scim.', 'provisions users and groups in the workplace.'),
  doppler('audit-token', 'audit token', 'dp.audit.', 'reads the workplace\'s audit data.'),
];
