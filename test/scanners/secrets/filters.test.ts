import { describe, expect, it } from 'vitest';
import { isPlaceholder, shannonEntropy } from '../../../src/scanners/secrets/filters.js';
import { CS, synth } from './synthetic-tokens.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

describe('shannonEntropy', () => {
  it('is 0 for empty and single-symbol strings', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
  });
  it('is log2 of the alphabet size for uniform strings', () => {
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
    expect(shannonEntropy('0123456789abcdef')).toBeCloseTo(4);
  });
  it('rates random tokens above typed words', () => {
    const g = synth(7);
    expect(shannonEntropy(g.tok(CS.alnum, 40))).toBeGreaterThan(4.5);
    expect(shannonEntropy('mississippi')).toBeLessThan(2);
  });
});

describe('isPlaceholder', () => {
  it.each([
    ['template holes', ['${API_TOKEN}', '{{ .Values.token }}', '%(password)s', '$(cat token)', '#{secret}', '{% raw %}', '<%= ENV["K"] %>', '%{hiera_key}']],
    ['bracketed holes', ['<your-token>', '<token>', '{token}', '[api-key]', '(secret)', 'token-<name>-value']],
    ['environment references', ['$API_TOKEN', '$env:API_TOKEN', '%API_TOKEN%']],
    ['stopwords', ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'changeme', 'my-dummy-key', 'your_api_key', 'REDACTED', 'insert-token', 'put_token_here', 'not-a-secret', 'P@ssw0rd', 'fakeTokenValue']],
    ['whole stand-in values', ['secret', 'PASSWORD', 'token', 'null', 'None', 'undefined', 'true', 'n/a']],
    ['masks and fillers', ['xxxx', 'XXXX-XXXX', '********', '...', '---', '000000', '••••••', 'ghp_aaaaaaaaaaaaaaaaaaaa', 'sk-1111111111']],
    ['typed sequences', ['abcdefghijkl', 'tok12345678', '0123456789']],
    ['empty', ['']],
    ['values published as examples in standards', ['2YotnFZFEjr1zCsicMWpAA', 'mF_9.B5f-4.1JqM', 'czZCaGRSa3F0MzpnWDFmQmF0M2JW']],
  ])('flags %s', (_kind, values) => {
    for (const v of values) expect(isPlaceholder(v), v).toBe(true);
  });

  it('keeps random-looking tokens, including ones containing "test"', () => {
    const g = synth(42);
    const tokens = [
      g.tok(CS.alnum, 40),
      g.tok(CS.hex, 64),
      g.tok(CS.b64, 88),
      `ghp_${g.tok(CS.alnum, 36)}`,
      `test_${g.tok(CS.alnum, 24)}`,
      `sk_test_${g.tok(CS.alnum, 24)}`,
      'Winter2024!',
      'hunter2hunter2',
      'q8Zr-Tw4_mX9',
      `${g.tok(CS.alnum, 10)}xxx${g.tok(CS.alnum, 10)}`,
    ];
    for (const t of tokens) expect(isPlaceholder(t), t).toBe(false);
  });

  it('does not treat a single $ or % inside a value as a reference', () => {
    expect(isPlaceholder('a$b%c9Zq7Lm')).toBe(false);
    expect(isPlaceholder('$2b$12$Kq7Rm2Vx9Lp4Tz8Wb3Nc6u')).toBe(false);
    expect(isPlaceholder('50%off-Kq7Rm2')).toBe(false);
  });

  it('runs in linear time on long adversarial input', () => {
    const long = `<${'{'.repeat(200_000)}${'x-'.repeat(200_000)}`;
    const cpu = cpuTimed(() => {
      isPlaceholder(long);
      isPlaceholder('a'.repeat(400_000));
      isPlaceholder(`(${'a'.repeat(400_000)}`);
    });
    expect(cpu.ms).toBeLessThan(500);
  });
});
