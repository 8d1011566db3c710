import { describe, expect, it } from 'vitest';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Conformance sweep, issue 7: a token narrowed to a role (`rampart tokens create --role X`) must
 * name a role its owner holds where the token acts. An unknown role, a role of another project, or
 * a role the owner holds no binding of (or only on another project) is a clear 4xx: never a token
 * that passes at issue and then grants nothing.
 */
describe.each(['sqlite', 'postgres'] as const)('token role narrowing on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-token-roles-', secrets: [] });

  it('for a service account: unknown role 404 naming where it looked; a role it holds no binding of 400 E_ROLE_NOT_HELD; a held one works', async () => {
    const sa = await h.call('POST', `${SHOP}/service-accounts`, h.tok.root!, { name: 'deploy-bot' });
    expect(sa.status).toBe(201);
    const issue = (role: string) => h.call('POST', `${SHOP}/service-accounts/${sa.json.id}/tokens`, h.tok.root!, { name: 'ci', role });
    let r = await issue('no-such-role');
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/no such role no-such-role among the global roles and project shop's/);
    r = await issue('deployer');
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('E_ROLE_NOT_HELD');
    expect(r.json.error.message).toMatch(/service account deploy-bot holds no binding of role deployer that applies in project shop/);
    expect(r.json).not.toHaveProperty('token');
    expect((await h.bind(`${SHOP}/role-bindings`, 'service_account', sa.json.id, 'deployer')).status).toBe(201);
    r = await issue('deployer');
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ role: 'deployer', project: 'shop' });
  });

  it("for a user: a role held only on another project is refused for a token narrowed to this one, and another project's custom role is unknown here", async () => {
    await h.user('una');
    expect((await h.bind('/api/v1/projects/other/role-bindings', 'user', h.ids.una!, 'viewer')).status).toBe(201);
    const issue = (body: Record<string, unknown>) => h.call('POST', `/api/v1/users/${h.ids.una}/tokens`, h.tok.root!, { name: 'laptop', ...body });
    let r = await issue({ role: 'viewer', project: 'shop' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/user una holds no binding of role viewer that applies in project shop \(only on project other\)/);
    expect((await issue({ role: 'viewer', project: 'other' })).status).toBe(201);
    // Her own token: the same rule (developer on shop lets her create tokens there).
    expect((await h.bind(`${SHOP}/role-bindings`, 'user', h.ids.una!, 'developer')).status).toBe(201);
    r = await h.call('POST', '/api/v1/tokens', h.tok.una!, { name: 'mine', role: 'viewer', project: 'shop' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/^you hold no binding of role viewer that applies in project shop/);
    expect((await h.call('POST', '/api/v1/tokens', h.tok.una!, { name: 'mine', role: 'developer', project: 'shop' })).status).toBe(201);
    // A custom role of project other is not a role of shop.
    expect((await h.call('POST', '/api/v1/projects/other/roles', h.tok.root!, { name: 'other-reader', permissions: ['secrets:read'] })).status).toBe(201);
    r = await issue({ role: 'other-reader', project: 'shop' });
    expect(r.status).toBe(404);
    r = await issue({ role: 'other-reader' });
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/needs the token narrowed to its project/);
  });
});
