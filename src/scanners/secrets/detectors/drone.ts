import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/drone/token',
    title: 'Drone CI token or RPC secret',
    description: 'A 32-character Drone token (DRONE_TOKEN, DRONE_RPC_SECRET); a user token calls the Drone API, an RPC secret lets runners join the server.',
    remediation: 'Rotate the user token in the Drone UI (or regenerate the RPC secret and restart server and runners).',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.drone.io/cli/setup/'],
    keywords: ['drone'],
    pattern: assigned('drone[a-z0-9_.\\-]{0,20}(?:token|secret)', '[A-Za-z0-9]{32}', 'A-Za-z0-9'),
    maxLength: 100,
    minEntropy: 3.8,
  },
];
