import { describe, expect, it } from 'vitest';
import {
  BUILTIN_ROLES,
  PERMISSIONS,
  authorize,
  permissionCovers,
  roleCatalog,
  validateRole,
  type Principal,
  type Role,
} from '../../../src/server/identity/rbac.js';

const who = (bindings: Principal['bindings'], extra: Partial<Principal> = {}): Principal => ({ id: 'user:alice', bindings, ...extra });

describe('built-in roles', () => {
  it('are the five named roles, global, with valid permissions', () => {
    expect(BUILTIN_ROLES.map((r) => r.name)).toEqual(['viewer', 'developer', 'deployer', 'security-admin', 'admin']);
    for (const r of BUILTIN_ROLES) {
      expect(r.project).toBeNull();
      expect(validateRole(r)).toEqual([]);
    }
  });

  it('grant what each role is for, and nothing more', () => {
    const on = (role: string, perm: string) => authorize(who([{ role, project: 'p1' }]), perm, 'p1').allow;
    expect(on('viewer', 'findings:read')).toBe(true);
    expect(on('viewer', 'secrets:list')).toBe(true);
    expect(on('viewer', 'secrets:read')).toBe(false);
    expect(on('viewer', 'deploy:check')).toBe(false);
    expect(on('developer', 'secrets:write')).toBe(true);
    expect(on('developer', 'waivers:approve')).toBe(false);
    expect(on('developer', 'audit:read')).toBe(false);
    expect(on('deployer', 'deploy:check')).toBe(true);
    expect(on('deployer', 'secrets:write')).toBe(false);
    // Whoever deploys does not supply the scan evidence the gate judges.
    expect(on('deployer', 'findings:write')).toBe(false);
    expect(on('developer', 'findings:write')).toBe(true);
    expect(on('security-admin', 'waivers:approve')).toBe(true);
    expect(on('security-admin', 'audit:export')).toBe(true);
    expect(on('security-admin', 'secrets:read')).toBe(false);
    expect(on('admin', 'secrets:destroy')).toBe(true);
  });

  it('cannot be widened at run time', () => {
    const viewer = BUILTIN_ROLES[0]!;
    expect(() => viewer.permissions.push('secrets:read')).toThrow(TypeError);
    expect(() => ((viewer as { project: string | null }).project = 'p1')).toThrow(TypeError);
    expect(authorize(who([{ role: 'viewer', project: 'p1' }]), 'secrets:read', 'p1').allow).toBe(false);
  });

  it('every known permission is granted by the admin role bound globally', () => {
    for (const p of PERMISSIONS) expect(authorize(who([{ role: 'admin', project: null }]), p, 'p1').allow, p).toBe(true);
  });
});

describe('authorize', () => {
  it('denies by default: no bindings, unknown role, unknown permission', () => {
    expect(authorize(who([]), 'findings:read', 'p1')).toEqual({
      allow: false,
      reason: 'no role binding grants findings:read on project p1',
    });
    expect(authorize(who([{ role: 'ghost', project: 'p1' }]), 'findings:read', 'p1').allow).toBe(false);
    expect(authorize(who([{ role: 'developer', project: 'p1' }]), 'rockets:launch', 'p1').allow).toBe(false);
  });

  it('explains an allow with the role, scope and grant', () => {
    expect(authorize(who([{ role: 'developer', project: 'p1' }]), 'secrets:read', 'p1')).toEqual({
      allow: true,
      reason: 'role developer bound on project p1 grants secrets:read (via secrets:read)',
    });
  });

  it('a project-scoped binding never grants on another project or server-wide', () => {
    const p = who([{ role: 'admin', project: 'p1' }]);
    expect(authorize(p, 'secrets:read', 'p1').allow).toBe(true);
    expect(authorize(p, 'secrets:read', 'p2').allow).toBe(false);
    expect(authorize(p, 'secrets:read', null).allow).toBe(false);
    // A prefix of another project's id is not that project.
    expect(authorize(who([{ role: 'admin', project: 'p' }]), 'secrets:read', 'p1').allow).toBe(false);
  });

  it('server administration needs an explicit global admin binding', () => {
    const projectAdmin = who([{ role: 'admin', project: 'p1' }]);
    expect(authorize(projectAdmin, 'admin:users', null).allow).toBe(false);
    expect(authorize(projectAdmin, 'admin:users', 'p1')).toMatchObject({ allow: false, reason: expect.stringContaining('needs a global binding') });
    const globalAdmin = who([{ role: 'admin', project: null }]);
    expect(authorize(globalAdmin, 'admin:users', null).allow).toBe(true);
    expect(authorize(globalAdmin, 'secrets:read', 'any-project').allow).toBe(true);
  });

  it('ignores bindings whose scope is not explicit', () => {
    const bad = [
      { role: 'admin' },
      { role: 'admin', project: undefined },
      { role: 'admin', project: '' },
      { role: 'admin', project: 7 },
    ] as unknown as Principal['bindings'];
    for (const b of bad) expect(authorize(who([b] as Principal['bindings']), 'secrets:read', 'p1').allow).toBe(false);
    expect(authorize(who([null, 5] as unknown as Principal['bindings']), 'secrets:read', 'p1').allow).toBe(false);
  });

  it('a global non-admin binding applies on every project but not to server administration', () => {
    const p = who([{ role: 'viewer', project: null }]);
    expect(authorize(p, 'findings:read', 'p9').allow).toBe(true);
    expect(authorize(p, 'findings:write', 'p9').allow).toBe(false);
    expect(authorize(p, 'admin:settings', null).allow).toBe(false);
  });

  it('refuses a disabled principal even with a global admin binding', () => {
    const p = who([{ role: 'admin', project: null }], { disabled: true });
    expect(authorize(p, 'findings:read', 'p1')).toEqual({ allow: false, reason: 'principal is disabled' });
  });

  it('refuses wildcard or malformed requested permissions', () => {
    const p = who([{ role: 'admin', project: null }]);
    for (const perm of ['secrets:*', '*:*', 'secrets', 'Secrets:read', 'secrets:read:x', '', ':read']) {
      expect(authorize(p, perm, 'p1').allow, perm).toBe(false);
    }
    expect(authorize(p, 'secrets:read', '').allow).toBe(false);
  });

  it('takes the first granting binding when several apply', () => {
    const p = who([
      { role: 'viewer', project: 'p1' },
      { role: 'developer', project: 'p1' },
    ]);
    expect(authorize(p, 'secrets:write', 'p1').reason).toContain('role developer');
  });

  describe('token narrowing', () => {
    const alice = [
      { role: 'developer', project: 'p1' },
      { role: 'admin', project: 'p2' },
    ];
    it('a project-limited token cannot reach the owner\'s other projects', () => {
      const p = who(alice, { tokenScope: { role: null, project: 'p1' } });
      expect(authorize(p, 'secrets:write', 'p1').allow).toBe(true);
      expect(authorize(p, 'secrets:write', 'p2')).toEqual({ allow: false, reason: 'token is limited to project p1' });
      expect(authorize(p, 'admin:users', null).allow).toBe(false);
    });
    it('a role-limited token only uses bindings of that role', () => {
      const p = who(alice, { tokenScope: { role: 'developer', project: null } });
      expect(authorize(p, 'secrets:write', 'p1').allow).toBe(true);
      expect(authorize(p, 'secrets:destroy', 'p2').allow).toBe(false);
    });
    it('narrowing never adds rights the owner lacks', () => {
      const p = who([{ role: 'viewer', project: 'p1' }], { tokenScope: { role: 'admin', project: 'p1' } });
      expect(authorize(p, 'findings:read', 'p1').allow).toBe(false);
      expect(authorize(p, 'secrets:read', 'p1').allow).toBe(false);
    });
  });
});

describe('custom roles', () => {
  const auditor: Role = { id: 'r-aud', name: 'auditor', project: null, permissions: ['audit:read', 'findings:*'] };
  const p1Reader: Role = { id: 'r-p1', name: 'secret-reader', project: 'p1', permissions: ['secrets:read', 'secrets:list'] };
  const roles = roleCatalog([auditor, p1Reader]);

  it('grant their permissions, wildcards included', () => {
    const p = who([{ role: 'r-aud', project: 'p1' }]);
    expect(authorize(p, 'audit:read', 'p1', roles).allow).toBe(true);
    expect(authorize(p, 'findings:write', 'p1', roles).allow).toBe(true);
    expect(authorize(p, 'audit:export', 'p1', roles).allow).toBe(false);
  });

  it('a project\'s custom role never applies in another project, even bound globally', () => {
    expect(authorize(who([{ role: 'r-p1', project: 'p1' }]), 'secrets:read', 'p1', roles).allow).toBe(true);
    expect(authorize(who([{ role: 'r-p1', project: 'p2' }]), 'secrets:read', 'p2', roles).allow).toBe(false);
    expect(authorize(who([{ role: 'r-p1', project: null }]), 'secrets:read', 'p2', roles).allow).toBe(false);
    expect(authorize(who([{ role: 'r-p1', project: null }]), 'secrets:read', 'p1', roles).allow).toBe(true);
  });

  it('the catalog refuses a duplicate id', () => {
    expect(() => roleCatalog([{ ...auditor, id: 'admin' }])).toThrow(/defined twice/);
  });

  it('validateRole lists every problem', () => {
    expect(validateRole(auditor)).toEqual([]);
    expect(validateRole(p1Reader)).toEqual([]);
    expect(validateRole({ id: 'x', name: 'admin', project: null, permissions: ['audit:read'] })).toEqual(['name: "admin" is a built-in role']);
    expect(validateRole({ id: 'x', name: 'Bad Name', project: null, permissions: [] })).toEqual([
      'name: "Bad Name" must be lowercase letters, digits and dashes',
      'permissions: at least one permission',
    ]);
    expect(validateRole({ id: 'x', name: 'ok', project: null, permissions: ['rockets:launch', 'secrets:fly', 'nocolon', 'audit:*'] })).toEqual([
      'permissions: unknown resource "rockets"',
      'permissions: unknown permission "secrets:fly"',
      'permissions: "nocolon" is not resource:action',
    ]);
    expect(validateRole({ id: 'x', name: 'ok', project: 'p1', permissions: ['admin:users', '*:*', 'secrets:read'] })).toEqual([
      'permissions: "admin:users" is server-wide and cannot be part of a project role',
      'permissions: "*:*" is server-wide and cannot be part of a project role',
    ]);
    expect(validateRole({ id: '', name: 'ok', project: '', permissions: ['secrets:read'] })).toEqual([
      'id: required',
      'project: a project id, or null for a global role',
    ]);
  });
});

describe('permissionCovers', () => {
  it.each([
    ['secrets:read', 'secrets:read', true],
    ['secrets:*', 'secrets:read', true],
    ['*:*', 'admin:users', true],
    ['*:read', 'audit:read', true],
    ['secrets:read', 'secrets:write', false],
    ['secrets:*', 'secretsx:read', false],
    ['secrets', 'secrets:read', false],
    ['secrets:read', 'secrets', false],
  ])('%s covers %s: %s', (grant, wanted, expected) => {
    expect(permissionCovers(grant, wanted)).toBe(expected);
  });
});
