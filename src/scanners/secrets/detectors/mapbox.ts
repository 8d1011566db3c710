import type { Detector } from '../detector.js';
import { base64JsonHas, delimited } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/mapbox/secret-token',
    title: 'Mapbox secret access token',
    description: 'A secret token (sk.eyJ...) has scopes public tokens lack: uploading tilesets, managing styles and tokens.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the token on the Mapbox account page (Tokens), create a new one with minimal scopes and load it from a secrets store.',
    references: ['https://docs.mapbox.com/accounts/guides/tokens/'],
    keywords: ['sk.eyj'],
    pattern: delimited('sk\\.eyJ[A-Za-z0-9_-]{20,300}\\.[A-Za-z0-9_-]{20,30}', 'A-Za-z0-9_.-'),
    maxLength: 340,
    // sk.<base64 {"u":user,"a":token id}>.<signature>
    check: (s) => base64JsonHas(s.slice(3, s.lastIndexOf('.')), ['u']),
  },
];
