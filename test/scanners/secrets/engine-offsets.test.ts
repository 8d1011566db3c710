import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../../../src/scanners/secrets/engine.js';
import type { Detector } from '../../../src/scanners/secrets/detector.js';

const det: Detector = {
  id: 'secrets/test/user-pass',
  title: 't',
  description: 't',
  remediation: 't',
  severity: 'high',
  cwe: [798],
  keywords: ['db://'],
  pattern: 'db://[a-z0-9]{1,20}:([a-z0-9]{1,20})@',
  maxLength: 50,
};

describe('SecretEngine offsets', () => {
  it('places the secret at its capture group, not at an earlier copy of the same bytes', () => {
    const text = 'é url = db://k3y9q:k3y9q@host';
    const [m] = new SecretEngine([det]).scan(Buffer.from(text), false);
    const buf = Buffer.from(text);
    expect(m).toBeDefined();
    expect(buf.subarray(m!.start, m!.end).toString()).toBe('k3y9q');
    expect(m!.start).toBe(buf.indexOf(':k3y9q@') + 1);
  });

  it('finds back-to-back tokens that share one delimiter character', () => {
    const tok: Detector = { ...det, id: 'secrets/test/tok', keywords: ['tk_'], pattern: '(?:^|[^a-z0-9_])(tk_[a-z0-9]{6})(?:[^a-z0-9_]|$)' };
    const text = 'tk_a1b2c3\ntk_d4e5f6,tk_g7h8i9';
    const found = new SecretEngine([tok]).scan(Buffer.from(text), false).map((m) => m.secret);
    expect(found).toEqual(['tk_a1b2c3', 'tk_d4e5f6', 'tk_g7h8i9']);
  });
});
