import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANG_ANALYZERS } from '../../../src/scanners/image/lang/index.js';

const dir = fileURLToPath(new URL('../../../src/scanners/image/lang/', import.meta.url));

describe('image/lang/index', () => {
  it('lists one analyzer per analyzer file, with unique ids and sane caps', async () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'common.ts');
    const exported = new Set<unknown>();
    for (const f of files) {
      const mod = (await import(new URL(f, `file://${dir}`).href)) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (typeof v === 'object' && v !== null && 'wants' in v && 'analyze' in v) exported.add(v);
    }
    expect(exported.size).toBe(files.length);
    expect(new Set(LANG_ANALYZERS)).toEqual(exported);
    const ids = LANG_ANALYZERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of LANG_ANALYZERS) {
      expect(a.id, a.id).toMatch(/^lang\/[a-z0-9-]+$/);
      expect(a.maxBytes, a.id).toBeGreaterThan(0);
      expect(a.maxBytes, a.id).toBeLessThanOrEqual(256 << 20);
    }
  });

  it('sends each kind of file to the right analyzers only', () => {
    const who = (path: string, mode = 0o644, size = 10_000) => LANG_ANALYZERS.filter((a) => a.wants({ path, type: 'file', size, mode })).map((a) => a.id);
    expect(who('app/node_modules/ms/package.json')).toEqual(['lang/npm']);
    expect(who('usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA')).toEqual(['lang/python']);
    expect(who('usr/local/bin/app', 0o755)).toEqual(['lang/go-binary', 'lang/rust-audit']);
    expect(who('opt/app.jar')).toEqual(['lang/java-archive']);
    expect(who('usr/local/bundle/specifications/rack-2.2.8.gemspec')).toEqual(['lang/gemspec']);
    expect(who('app/vendor/composer/installed.json')).toEqual(['lang/composer']);
    expect(who('etc/passwd')).toEqual([]);
    expect(who('app/package.json')).toEqual([]);
  });
});
