import { describe, expect, it } from 'vitest';
import { loadFormatters } from '../../src/cli/formats.js';
import { FORMATS, getFormatter } from '../../src/report/index.js';
import type { ScanResult } from '../../src/core/result.js';

// The CLI loads formats one by one (cli/formats.ts); it must print exactly what the library's
// eager getFormatter prints, SBOM adapters included.
const result: ScanResult = {
  tool: { name: 'rampart', version: '0.0.0-test' },
  root: '/repo',
  scanners: ['sast', 'deps'],
  startedAt: '2026-01-01T00:00:00.000Z',
  findings: [
    {
      ruleId: 'sast/js/xss',
      scanner: 'sast',
      severity: 'high',
      title: 'Cross-site scripting',
      message: 'Request query reaches res.send',
      location: { path: 'src/app.ts', startLine: 3, startColumn: 5, endLine: 3, endColumn: 20 },
      cwe: [79],
      fingerprint: 'f1',
    },
  ],
  suppressed: [],
  expiredWaivers: [],
  unusedDirectives: [],
  issues: [],
  stats: { filesScanned: 2, bytesScanned: 100, filesSkippedBinary: 0, filesSkippedSize: 0, filesExcluded: 0, durationMs: 5 },
  rules: [],
  failOn: 'high',
  packages: [],
};

describe('loadFormatters', () => {
  it('gives, for every format, the same text as report/index getFormatter', async () => {
    const loaded = await loadFormatters(FORMATS);
    expect([...loaded.keys()]).toEqual([...FORMATS]);
    for (const name of FORMATS) {
      const lazy = loaded.get(name)!(result, { color: false });
      expect(lazy.length, name).toBeGreaterThan(0);
      // Timestamps and serial numbers differ between two runs of the SBOM formats: compare without them.
      const strip = (t: string) => t.replace(/"(timestamp|created|serialNumber|documentNamespace)": "[^"]*"/g, '"$1": ""');
      expect(strip(lazy), name).toBe(strip(getFormatter(name)(result, { color: false })));
    }
  });

  it('loads each name once when repeated', async () => {
    const loaded = await loadFormatters(['json', 'json', 'table']);
    expect([...loaded.keys()]).toEqual(['json', 'table']);
  });
});
