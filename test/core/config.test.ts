import { describe, expect, it } from 'vitest';
import { parseConfig, loadConfig } from '../../src/core/config.js';
import { CONFIG_TEMPLATE } from '../../src/core/config-template.js';

describe('config', () => {
  it('the init template is valid and gives the defaults', () => {
    const c = parseConfig(CONFIG_TEMPLATE, 'rampart.yaml');
    expect(c.failOn).toBe('high');
    expect(c.maxFileSize).toBe('10MB');
    expect(c.exclude).toEqual(['**/node_modules/**']);
  });

  it('an empty file is the defaults', () => {
    expect(parseConfig('', 'rampart.yaml')).toMatchObject({ version: 1, failOn: 'high', waivers: [] });
  });

  it('names an unknown key and its line', () => {
    expect(() => parseConfig('version: 1\nfailon: high\n', 'rampart.yaml')).toThrow(
      /rampart\.yaml:2 failon: unknown key "failon"/,
    );
  });

  it('names a wrong value, nested, with its line', () => {
    const text = 'failOn: high\nwaivers:\n  - rule: secrets/x/y\n    reason: ok\n    expires: next year\n';
    expect(() => parseConfig(text, 'r.yaml')).toThrow(/r\.yaml:5 waivers\.0\.expires: expected a date as YYYY-MM-DD/);
  });

  it('reports every problem at once', () => {
    try {
      parseConfig('failOn: severe\nthreads: many\n', 'r.yaml');
      expect.unreachable();
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toMatch(/r\.yaml:1 failOn:/);
      expect(m).toMatch(/r\.yaml:2 threads:/);
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });

  it('rejects invalid YAML with the line', () => {
    expect(() => parseConfig('exclude: [a, b\nfailOn: high\n', 'r.yaml')).toThrow(/r\.yaml:\d+: invalid YAML/);
  });

  it('a waiver needs a reason and something to match', () => {
    expect(() => parseConfig('waivers:\n  - reason: because\n    expires: 2030-01-01\n', 'r.yaml')).toThrow(
      /must name a rule, a path glob or a fingerprint/,
    );
  });

  it('a missing config file is an input error', async () => {
    await expect(loadConfig('/nonexistent/rampart.yaml')).rejects.toMatchObject({ exitCode: 2, code: 'E_CONFIG_UNREADABLE' });
  });
});
