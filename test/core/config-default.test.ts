import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, findConfig as findViaConfig } from '../../src/core/config.js';
import { defaultConfig, findConfig } from '../../src/core/config-default.js';

describe('config defaults without the schema', () => {
  it('defaultConfig() is what the schema makes of an empty file', () => {
    expect(defaultConfig()).toEqual(configSchema.parse({}));
  });

  it('each call returns a fresh object (a caller that extends one changes no other)', () => {
    const a = defaultConfig();
    a.exclude.push('x/**');
    expect(defaultConfig().exclude).toEqual([]);
  });

  it('findConfig is the same function through config.ts and finds the first name present', () => {
    expect(findViaConfig).toBe(findConfig);
    const dir = mkdtempSync(join(tmpdir(), 'rampart-cfg-'));
    try {
      expect(findConfig(dir)).toBeUndefined();
      writeFileSync(join(dir, '.rampart.yml'), 'version: 1\n');
      expect(findConfig(dir)).toBe(join(dir, '.rampart.yml'));
      writeFileSync(join(dir, 'rampart.yaml'), 'version: 1\n');
      expect(findConfig(dir)).toBe(join(dir, 'rampart.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
