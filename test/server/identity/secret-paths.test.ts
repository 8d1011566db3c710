import { describe, expect, it } from 'vitest';
import { authorize, type Principal } from '../../../src/server/identity/rbac.js';
import { parseStoredPaths, pathMatches, patternWithin, validatePathPatterns } from '../../../src/server/identity/secret-paths.js';

describe('secret path patterns', () => {
  it('* is exactly one segment, ** one or more, literals match themselves', () => {
    expect(pathMatches('db/*', 'db/password')).toBe(true);
    expect(pathMatches('db/*', 'db/a/b')).toBe(false);
    expect(pathMatches('db/*', 'db')).toBe(false);
    expect(pathMatches('db/*', 'dbx/password')).toBe(false);
    expect(pathMatches('ci/**', 'ci/deploy')).toBe(true);
    expect(pathMatches('ci/**', 'ci/a/b/c')).toBe(true);
    expect(pathMatches('ci/**', 'ci')).toBe(false);
    expect(pathMatches('a/**/z', 'a/b/c/z')).toBe(true);
    expect(pathMatches('a/**/z', 'a/z')).toBe(false);
    expect(pathMatches('*/token', 'github/token')).toBe(true);
    expect(pathMatches('*/token', 'github/x/token')).toBe(false);
    expect(pathMatches('ci/deploy', 'ci/deploy')).toBe(true);
    expect(pathMatches('ci/deploy', 'ci/deploy2')).toBe(false);
    expect(pathMatches('**', 'any/depth/at/all')).toBe(true);
  });

  it('refuses partial-segment wildcards, regex syntax, empty segments and oversize lists, naming the entry', () => {
    expect(validatePathPatterns(['db/*', 'ci/deploy', 'x/**'])).toEqual([]);
    expect(validatePathPatterns(['db-*'])[0]).toMatch(/^paths\[0\]: .*whole segment/);
    expect(validatePathPatterns(['ok', 'a/(b|c)'])[0]).toMatch(/^paths\[1\]: /);
    expect(validatePathPatterns(['a//b'])[0]).toMatch(/^paths\[0\]: /);
    expect(validatePathPatterns([])[0]).toMatch(/at least one/);
    expect(validatePathPatterns('db/*')[0]).toMatch(/a list/);
    expect(validatePathPatterns(Array.from({ length: 33 }, () => 'a'))[0]).toMatch(/at most 32/);
    // An invalid pattern covers nothing, even what it seems to say.
    expect(pathMatches('db-*', 'db-x')).toBe(false);
  });

  it('a deep path against many ** segments answers without blowup', () => {
    const deep = Array.from({ length: 60 }, (_, i) => `s${i}`).join('/');
    const pattern = Array.from({ length: 30 }, () => '**').join('/') + '/nomatch';
    expect(pathMatches(pattern, deep)).toBe(false);
    expect(pathMatches(Array.from({ length: 30 }, () => '**').join('/'), deep)).toBe(true);
  });

  it('pattern containment (for grants by a path-limited granter) is conservative', () => {
    expect(patternWithin('app/*', ['app/*'])).toBe(true);
    expect(patternWithin('app/x', ['app/*'])).toBe(true);
    expect(patternWithin('app/*', ['app/**'])).toBe(true);
    expect(patternWithin('app/a/**', ['app/**'])).toBe(true);
    expect(patternWithin('anything/**', ['**'])).toBe(true);
    expect(patternWithin('app/**', ['app/*'])).toBe(false);
    expect(patternWithin('app', ['app/**'])).toBe(false);
    expect(patternWithin('db/*', ['app/**', 'ci/deploy'])).toBe(false);
    expect(patternWithin('*/x', ['app/*'])).toBe(false);
    expect(patternWithin('app-x/y', ['app/**'])).toBe(false);
  });

  it('a corrupt stored scope covers nothing; NULL is unscoped', () => {
    expect(parseStoredPaths(null)).toBeNull();
    expect(parseStoredPaths('["app/*"]')).toEqual(['app/*']);
    expect(parseStoredPaths('not json')).toEqual([]);
    expect(parseStoredPaths('["a(b"]')).toEqual([]);
  });
});

describe('authorize with path-scoped bindings', () => {
  const scoped: Principal = { id: 'user:s', bindings: [{ role: 'developer', project: 'p1', paths: ['app/*'] }] };

  it('a path check allows matching paths only', () => {
    expect(authorize(scoped, 'secrets:read', 'p1', undefined, 'app/x').allow).toBe(true);
    const d = authorize(scoped, 'secrets:read', 'p1', undefined, 'db/x');
    expect(d.allow).toBe(false);
    expect(d.reason).toContain('for path db/x');
  });

  it('a check without a path allows and returns the patterns the route must apply', () => {
    const d = authorize(scoped, 'secrets:list', 'p1');
    expect(d).toMatchObject({ allow: true, paths: ['app/*'] });
  });

  it('the scope limits secrets only; other grants of the binding are unchanged', () => {
    const d = authorize(scoped, 'findings:write', 'p1');
    expect(d.allow).toBe(true);
    expect(d.paths).toBeUndefined();
  });

  it('an unscoped binding on the same project wins over a scoped one, in either order', () => {
    for (const bindings of [
      [{ role: 'viewer', project: 'p1' }, { role: 'developer', project: 'p1', paths: ['app/*'] }],
      [{ role: 'developer', project: 'p1', paths: ['app/*'] }, { role: 'viewer', project: 'p1' }],
    ]) {
      const p: Principal = { id: 'user:m', bindings };
      expect(authorize(p, 'secrets:list', 'p1').paths).toBeUndefined();
      // read comes only from the scoped developer binding
      expect(authorize(p, 'secrets:read', 'p1').paths).toEqual(['app/*']);
      expect(authorize(p, 'secrets:read', 'p1', undefined, 'db/x').allow).toBe(false);
    }
  });

  it('scoped bindings on a project combine their patterns; another project is still refused', () => {
    const p: Principal = { id: 'user:c', bindings: [{ role: 'developer', project: 'p1', paths: ['app/*'] }, { role: 'deployer', project: 'p1', paths: ['ci/deploy'] }] };
    expect(authorize(p, 'secrets:read', 'p1').paths).toEqual(['app/*', 'ci/deploy']);
    expect(authorize(p, 'secrets:read', 'p1', undefined, 'ci/deploy').allow).toBe(true);
    expect(authorize(p, 'secrets:read', 'p2', undefined, 'app/x').allow).toBe(false);
  });

  it('a malformed stored scope grants no secrets', () => {
    const p = { id: 'user:x', bindings: [{ role: 'developer', project: 'p1', paths: [] }] } satisfies Principal;
    expect(authorize(p, 'secrets:read', 'p1').allow).toBe(false);
    expect(authorize(p, 'secrets:read', 'p1', undefined, 'app/x').allow).toBe(false);
  });

  it('an unscoped binding keeps its meaning for every path', () => {
    const p: Principal = { id: 'user:u', bindings: [{ role: 'developer', project: 'p1' }] };
    expect(authorize(p, 'secrets:read', 'p1')).toMatchObject({ allow: true });
    expect(authorize(p, 'secrets:read', 'p1').paths).toBeUndefined();
    expect(authorize(p, 'secrets:read', 'p1', undefined, 'db/x').allow).toBe(true);
  });
});
