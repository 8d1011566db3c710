import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

const common = {
  severity: 'high' as const,
  cwe: [798],
  remediation: 'Delete the token under Account settings > API tokens on PyPI and switch CI uploads to Trusted Publishing (OIDC).',
  references: ['https://pypi.org/help/#apitoken'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/pypi/upload-token',
    title: 'PyPI API token',
    description: 'A PyPI API token (pypi- macaroon for pypi.org) uploads releases of its user\'s projects, or of one project.',
    keywords: ['pypi-ageichlwas5vcmc'],
    pattern: delimited('pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}', 'A-Za-z0-9_\\-'),
    maxLength: 1030,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/pypi/test-upload-token',
    title: 'TestPyPI API token',
    description: 'A TestPyPI API token (pypi- macaroon for test.pypi.org) uploads releases to the test index; it often shares a password habit with PyPI.',
    severity: 'medium',
    keywords: ['pypi-agendgvzdc5wexbplm9yzw'],
    pattern: delimited('pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9_-]{50,1000}', 'A-Za-z0-9_\\-'),
    maxLength: 1030,
    minEntropy: 4,
  },
];
