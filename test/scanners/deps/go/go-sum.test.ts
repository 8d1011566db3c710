import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { combineGoModSum, extractGoSum, extractor, goModIsComplete } from '../../../../src/scanners/deps/ecosystems/go/go-sum.js';
import { extractGoMod } from '../../../../src/scanners/deps/ecosystems/go/go-mod.js';
import { scheme } from '../../../../src/scanners/deps/ecosystems/go/version.js';

const fx = (name: string) => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8');
const brief = (ps: { name: string; version: string; direct: boolean; line?: number; source: string }[]) =>
  ps.map((p) => `${p.name}@${p.version} ${p.direct ? 'direct' : 'indirect'} ${p.source}:${p.line}`);

describe('go/go-sum', () => {
  it('accepts go.sum only', () => {
    expect(extractor.accepts('x/go.sum')).toBe(true);
    expect(extractor.accepts('go.mod')).toBe(false);
  });

  it('lists modules whose code was downloaded (no /go.mod), each version once', () => {
    const r = extractGoSum({ path: 'go.sum', content: fx('go.sum') });
    expect(r.issues).toEqual([]);
    expect(brief(r.packages)).toEqual([
      'github.com/gin-gonic/gin@v1.9.1 indirect go.sum:2',
      'github.com/google/uuid@v1.6.0 indirect go.sum:4',
      'github.com/json-iterator/go@v1.1.12 indirect go.sum:6',
      'github.com/modern-go/reflect2@v1.0.1 indirect go.sum:8',
      'github.com/modern-go/reflect2@v1.0.2 indirect go.sum:9',
      'golang.org/x/crypto@v0.21.0 indirect go.sum:11',
      'gopkg.in/yaml.v3@v3.0.1 indirect go.sum:13',
    ]);
    expect(r.packages[0]!.purl).toBe('pkg:golang/github.com/gin-gonic/gin@v1.9.1');
  });

  it('keeps good lines and reports bad ones', () => {
    const r = extractGoSum({ path: 'go.sum', content: fx('bad.go.sum') });
    expect(r.packages.map((p) => `${p.name}@${p.version}:${p.line}`)).toEqual([
      'github.com/ok/one@v1.0.0:1',
      'github.com/ok/two@v2.0.0+incompatible:3',
    ]);
    expect(r.issues.map((i) => [i.line, i.kind])).toEqual([
      [2, 'unparsable'],
      [4, 'unparsable'],
      [6, 'unparsable'],
    ]);
    expect(extractGoSum({ path: 'go.sum', content: '' })).toEqual({ packages: [], issues: [] });
  });

  it('go.mod at go >= 1.17 is the whole build list: go.sum adds nothing', () => {
    expect(goModIsComplete('1.17')).toBe(true);
    expect(goModIsComplete('1.22.0')).toBe(true);
    expect(goModIsComplete('1.16')).toBe(false);
    expect(goModIsComplete(undefined)).toBe(false);
    const mod = extractGoMod({ path: 'go.mod', content: fx('go.mod') });
    const sum = extractGoSum({ path: 'go.sum', content: fx('go.sum') });
    expect(combineGoModSum(mod, sum, scheme.compare).packages).toEqual(mod.packages);
  });

  it('older go.mod: go.sum adds the modules go.mod omits, at their highest version', () => {
    const mod = extractGoMod({ path: 'go.mod', content: fx('old.go.mod') });
    const sum = extractGoSum({ path: 'go.sum', content: fx('go.sum') });
    const r = combineGoModSum(mod, sum, scheme.compare);
    expect(brief(r.packages)).toEqual([
      'github.com/json-iterator/go@v1.1.12 direct go.mod:6',
      'github.com/gin-gonic/gin@v1.9.1 direct go.mod:7',
      'github.com/google/uuid@v1.6.0 indirect go.sum:4',
      'github.com/modern-go/reflect2@v1.0.2 indirect go.sum:9',
      'golang.org/x/crypto@v0.21.0 indirect go.sum:11',
      'gopkg.in/yaml.v3@v3.0.1 indirect go.sum:13',
    ]);
  });

  it('go.sum alone: each module once at its highest version', () => {
    const sum = extractGoSum({ path: 'go.sum', content: 'a.com/m v1.10.0 h1:x=\na.com/m v1.9.0 h1:y=\n' });
    expect(brief(combineGoModSum(undefined, sum, scheme.compare).packages)).toEqual(['a.com/m@v1.10.0 indirect go.sum:1']);
    // without a comparator the last (go.sum is written sorted) wins
    expect(brief(combineGoModSum(undefined, sum).packages)).toEqual(['a.com/m@v1.9.0 indirect go.sum:2']);
  });
});
