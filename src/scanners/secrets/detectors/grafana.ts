import type { Detector } from '../detector.js';
import { base64JsonHas, delimited } from '../detector-patterns.js';

const remediation =
  'Delete the token (Grafana Administration > Service accounts, or Grafana Cloud Access Policies), create a new one with an expiry and load it from a secrets store.';

export const detectors: Detector[] = [
  {
    id: 'secrets/grafana/cloud-access-policy-token',
    title: 'Grafana Cloud access policy token',
    description: 'A Cloud access policy token (glc_) reads or writes metrics, logs and traces, or manages the stack, per its scopes.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/'],
    keywords: ['glc_'],
    pattern: delimited('glc_[A-Za-z0-9+/]{32,400}={0,2}', 'A-Za-z0-9+/=_'),
    maxLength: 410,
    // glc_ + base64 of {"o":org,"n":name,"k":key,"m":{"r":region}}.
    check: (s) => base64JsonHas(s.slice(4), ['o', 'k']),
  },
  {
    id: 'secrets/grafana/service-account-token',
    title: 'Grafana service account token',
    description: 'A service account token (glsa_) calls the Grafana HTTP API with the service account\'s role.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://grafana.com/docs/grafana/latest/administration/service-accounts/'],
    keywords: ['glsa_'],
    pattern: delimited('glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}', 'A-Za-z0-9_'),
    maxLength: 48,
    minEntropy: 4,
  },
  {
    id: 'secrets/grafana/legacy-api-key',
    title: 'Grafana API key (legacy)',
    description: 'A legacy Grafana API key (base64 of {"k":...,"n":...,"id":...}) calls the HTTP API with its role.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/'],
    keywords: ['eyjrijoi'],
    pattern: delimited('eyJrIjoi[A-Za-z0-9+/]{40,160}={0,2}', 'A-Za-z0-9+/=_'),
    maxLength: 172,
    check: (s) => base64JsonHas(s, ['k', 'n', 'id']),
  },
];
