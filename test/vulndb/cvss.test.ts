import { describe, expect, it } from 'vitest';
import { bucketOf, bucketOfWord, cvssBaseScore, severityFromEntries, severityFromSpecific } from '../../src/vulndb/cvss.js';

describe('cvss', () => {
  it('scores v3.1, v3.0, v4.0 and v2 base vectors', () => {
    expect(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(9.8);
    expect(cvssBaseScore('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBe(8.1);
    expect(cvssBaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L')).toBe(5.3);
    expect(cvssBaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe(9.3);
    expect(cvssBaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBe(7.5);
  });

  it('gives undefined for incomplete or invalid vectors', () => {
    expect(cvssBaseScore('CVSS:3.1/AV:N')).toBeUndefined();
    expect(cvssBaseScore('garbage')).toBeUndefined();
    expect(cvssBaseScore('')).toBeUndefined();
  });

  it('buckets scores: critical >= 9, high >= 7, medium >= 4, low > 0', () => {
    expect([9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(bucketOf)).toEqual(['critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'info']);
  });

  it('prefers the newest CVSS version that scores', () => {
    const s = severityFromEntries([
      { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' },
    ]);
    expect(s).toMatchObject({ score: 9.3, bucket: 'critical', source: 'CVSS_V4' });
    // A broken v4 falls back to the v3 vector.
    expect(severityFromEntries([{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N' }, { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }])).toMatchObject({ score: 5.3, source: 'CVSS_V3' });
    expect(severityFromEntries([{ type: 'Ubuntu', score: 'negligible' }])).toEqual({ bucket: 'low', source: 'Ubuntu' });
    expect(severityFromEntries([{ type: 'FUTURE', score: 'x' }])).toBeUndefined();
  });

  it('falls back to GHSA words and bare scores in database_specific / ecosystem_specific', () => {
    expect(severityFromSpecific({ severity: 'MODERATE' }, 'database_specific')).toEqual({ bucket: 'medium', source: 'database_specific' });
    expect(severityFromSpecific({ severity: 'Important' }, 'ecosystem_specific')).toEqual({ bucket: 'high', source: 'ecosystem_specific' });
    expect(severityFromSpecific({ cvss_v3: 7.5 }, 'database_specific')).toEqual({ score: 7.5, bucket: 'high', source: 'database_specific' });
    expect(severityFromSpecific({ severity: 'weird' }, 'database_specific')).toBeUndefined();
    expect(bucketOfWord('CRITICAL')).toBe('critical');
  });
});
