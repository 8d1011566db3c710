import { describe, expect, it } from 'vitest';
import { authorize, bindingScope, roleCatalog, validateRole, type Principal, type Role } from '../../../src/server/identity/rbac.js';
import { roleFromRow } from '../../../src/server/identity/role-store.js';
import { anyPathMatches, intersectPatterns, intersectScopes, pathMatches } from '../../../src/server/identity/secret-paths.js';

/** Custom roles with a secret path scope (issue 7): pattern intersection and what authorize() does with it. */

/** A small deterministic generator (mulberry32), so the exhaustive checks are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEGS = ['a', 'b', 'c'];
const TOKENS = [...SEGS, '*', '**'];

/** Every path over SEGS with 1..4 segments (120 paths). */
function allPaths(): string[] {
  const out: string[] = [];
  const walk = (prefix: string[]) => {
    if (prefix.length > 0) out.push(prefix.join('/'));
    if (prefix.length === 4) return;
    for (const s of SEGS) walk([...prefix, s]);
  };
  walk([]);
  return out;
}

describe('intersectPatterns', () => {
  it('meets segment by segment', () => {
    expect(intersectPatterns('app/*', 'app/web')).toEqual(['app/web']);
    expect(intersectPatterns('*/token', 'github/*')).toEqual(['github/token']);
    expect(intersectPatterns('app/**', 'app/web/*')).toEqual(['app/web/*']);
    expect(intersectPatterns('app/**', 'db/*')).toEqual([]);
    expect(intersectPatterns('app/*', 'app/*/x')).toEqual([]);
    expect(intersectPatterns('ci/deploy', 'ci/deploy')).toEqual(['ci/deploy']);
  });

  it('covers exactly the paths both patterns cover (400 generated pairs of short patterns, every short path)', () => {
    const paths = allPaths();
    const next = rng(7);
    const pattern = () => Array.from({ length: 1 + Math.floor(next() * 4) }, () => TOKENS[Math.floor(next() * TOKENS.length)]!).join('/');
    let nonEmpty = 0;
    for (let n = 0; n < 400; n++) {
      const a = pattern();
      const b = pattern();
      const both = intersectPatterns(a, b);
      if (both.length > 0) nonEmpty++;
      for (const p of paths) {
        const want = pathMatches(a, p) && pathMatches(b, p);
        if (anyPathMatches(both, p) !== want) throw new Error(`${a} ∩ ${b} = [${both.join(', ')}] is wrong about ${p} (want ${want})`);
      }
    }
    // The generator really produced overlapping pairs, not only disjoint ones.
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('invalid patterns intersect to nothing; deep ** chains stay bounded', () => {
    expect(intersectPatterns('app/x*', 'app/**')).toEqual([]);
    expect(intersectPatterns('', 'a')).toEqual([]);
    const deep = Array.from({ length: 16 }, () => '**').join('/');
    const out = intersectPatterns(deep, `${deep}/z`);
    expect(out.length).toBeLessThanOrEqual(64);
    for (const p of out) expect(p.split('/').length).toBeLessThanOrEqual(32);
  });
});

describe('intersectScopes', () => {
  it('null is every path; lists meet pairwise and drop what another pattern already covers', () => {
    expect(intersectScopes(null, null)).toBeNull();
    expect(intersectScopes(undefined, ['a/*'])).toEqual(['a/*']);
    expect(intersectScopes(['a/**'], null)).toEqual(['a/**']);
    expect(intersectScopes(['app/**'], ['app/web/*', 'db/*'])).toEqual(['app/web/*']);
    expect(intersectScopes(['app/**'], ['db/*'])).toEqual([]);
    expect(intersectScopes(['app/**', 'app/web/*'], ['app/**'])).toEqual(['app/**']);
  });
});

describe('validateRole with paths', () => {
  const base: Role = { id: 'r1', name: 'app-dev', project: 'p1', permissions: ['secrets:read', 'secrets:list'] };
  it('accepts valid patterns on a role with secrets permissions', () => {
    expect(validateRole({ ...base, paths: ['app/**', 'ci/deploy'] })).toEqual([]);
    expect(validateRole({ ...base, paths: null })).toEqual([]);
  });
  it('names the bad field: wildcards inside segments, empty lists, no secrets permission', () => {
    expect(validateRole({ ...base, paths: ['app/x*'] })).toEqual([expect.stringContaining('paths[0]')]);
    expect(validateRole({ ...base, paths: [] })).toEqual([expect.stringContaining('paths: at least one pattern')]);
    expect(validateRole({ ...base, permissions: ['findings:read'], paths: ['app/**'] })).toEqual(['paths: the role grants no secrets permission for them to limit']);
    expect(validateRole({ ...base, permissions: ['*:read'], project: null, paths: ['app/**'] })).toEqual([]);
  });
});

describe('authorize with a path-scoped role', () => {
  const appDev: Role = { id: 'r-app', name: 'app-dev', project: 'p1', permissions: ['secrets:read', 'secrets:list', 'findings:read'], paths: ['app/**'] };
  const cat = roleCatalog([appDev]);
  const who = (bindings: Principal['bindings']): Principal => ({ id: 'user:pat', bindings });

  it('a binding without paths inherits the role scope; other permissions are not path-limited', () => {
    const p = who([{ role: 'r-app', project: 'p1' }]);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'app/web/key').allow).toBe(true);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'db/password').allow).toBe(false);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'app').allow).toBe(false);
    expect(authorize(p, 'findings:read', 'p1', cat).allow).toBe(true);
    const gate = authorize(p, 'secrets:list', 'p1', cat);
    expect(gate).toMatchObject({ allow: true, paths: ['app/**'] });
  });

  it('a binding with paths gets the intersection, exactly on a path check and as patterns for a listing', () => {
    const p = who([{ role: 'r-app', project: 'p1', paths: ['app/web/*', 'db/*', '*/shared'] }]);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'app/web/key').allow).toBe(true);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'app/shared').allow).toBe(true);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'db/password').allow).toBe(false);
    expect(authorize(p, 'secrets:read', 'p1', cat, 'app/other/key').allow).toBe(false);
    const gate = authorize(p, 'secrets:list', 'p1', cat);
    expect(gate.allow).toBe(true);
    expect([...(gate.paths ?? [])].sort()).toEqual(['app/shared', 'app/web/*']);
  });

  it('disjoint scopes grant no secret at all; a CI binding (no paths of its own) gets the role scope', () => {
    const disjoint = who([{ role: 'r-app', project: 'p1', paths: ['db/*'] }]);
    expect(authorize(disjoint, 'secrets:read', 'p1', cat, 'db/password').allow).toBe(false);
    expect(authorize(disjoint, 'secrets:read', 'p1', cat, 'app/x').allow).toBe(false);
    expect(authorize(disjoint, 'secrets:list', 'p1', cat).allow).toBe(false);
    const ci: Principal = { id: 'oidc_policy:x', bindings: [{ role: 'r-app', project: 'p1' }], tokenScope: { role: 'r-app', project: 'p1' } };
    expect(authorize(ci, 'secrets:read', 'p1', cat, 'app/deploy').allow).toBe(true);
    expect(authorize(ci, 'secrets:read', 'p1', cat, 'prod/db').allow).toBe(false);
  });

  it('a malformed stored role scope covers nothing (deny), and bindingScope says what a binding covers', () => {
    const broken = roleCatalog([{ ...appDev, paths: 'app/**' as unknown as string[] }]);
    expect(authorize(who([{ role: 'r-app', project: 'p1' }]), 'secrets:read', 'p1', broken, 'app/x').allow).toBe(false);
    expect(bindingScope(appDev, {})).toEqual(['app/**']);
    expect(bindingScope({}, { paths: ['x/*'] })).toEqual(['x/*']);
    expect(bindingScope({ paths: null }, { paths: null })).toBeNull();
  });

  it('roleFromRow reads the stored scope; a corrupt column covers nothing', () => {
    const row = { id: 'r', name: 'n', project_id: 'p1', permissions: '["secrets:read"]', builtin: 0 as const, description: null, paths: '["app/**"]' };
    expect(roleFromRow(row)).toMatchObject({ permissions: ['secrets:read'], paths: ['app/**'], builtin: false });
    expect(roleFromRow({ ...row, paths: null }).paths).toBeNull();
    expect(roleFromRow({ ...row, paths: '{not json' }).paths).toEqual([]);
    expect(roleFromRow({ ...row, permissions: 'nope' }).permissions).toEqual([]);
  });
});
