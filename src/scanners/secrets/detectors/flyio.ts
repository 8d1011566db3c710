import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const remediation =
  'Revoke the token (fly tokens revoke, or the dashboard\'s Tokens page), issue a narrower one with an expiry and load it from a secrets store.';
const references = ['https://fly.io/docs/security/tokens/'];

export const detectors: Detector[] = [
  {
    id: 'secrets/flyio/macaroon-token',
    title: 'Fly.io macaroon token',
    description: 'A Fly.io macaroon (FlyV1 fm1_/fm2_...) deploys and manages apps of its organization, per its caveats.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['flyv1 fm'],
    pattern: '(?:^|[^A-Za-z0-9_])(FlyV1 fm[12][a-z]?_[A-Za-z0-9+/=,_-]{100,1000})(?:[^A-Za-z0-9+/=,_-]|$)',
    maxLength: 1020,
    minEntropy: 4.5,
  },
  {
    id: 'secrets/flyio/access-token',
    title: 'Fly.io personal access token',
    description: 'A legacy Fly.io auth token (fo1_) acts as its user on every organization and app.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['fo1_'],
    pattern: delimited('fo1_[A-Za-z0-9_-]{43}', 'A-Za-z0-9_-'),
    maxLength: 49,
    minEntropy: 4,
  },
];
