import { describe, expect, it } from 'vitest';
import { SHOP, shopHarness } from './shop-harness.js';

/**
 * Conformance sweep, issue 7: `rampart whoami [--project <name or id>]`. GET /api/v1/whoami names
 * each binding's role and project (not only ids); ?project= keeps the bindings that apply there
 * with what they grant, takes a name or an id, and an unknown project is a 404, not "no roles";
 * a project where no binding of the caller applies is the same 404 (unknown and forbidden look alike).
 */
describe.each(['sqlite', 'postgres'] as const)('whoami on %s', (dialect) => {
  const h = shopHarness(dialect, { tmpPrefix: 'rampart-whoami-', secrets: [] });

  it('names roles and projects; ?project= by name or id filters to what applies there; unknown project 404', async () => {
    let r = await h.call('GET', '/api/v1/whoami', h.tok.carol!);
    expect(r.status).toBe(200);
    expect(r.json.bindings).toEqual([expect.objectContaining({ role: 'admin', roleName: 'admin', projectName: 'shop', paths: ['app/**'] })]);
    const shopId = r.json.bindings[0].project as string;
    for (const ref of ['shop', shopId]) {
      r = await h.call('GET', `/api/v1/whoami?project=${encodeURIComponent(ref)}`, h.tok.carol!);
      expect(r.status).toBe(200);
      expect(r.json.project).toEqual({ id: shopId, name: 'shop' });
      expect(r.json.bindings).toHaveLength(1);
      expect(r.json.bindings[0].permissions).toContain('*:*');
    }
    // A project where none of carol's bindings applies answers as an unknown one: no existence, no id.
    r = await h.call('GET', '/api/v1/whoami?project=other', h.tok.carol!);
    expect(r.status).toBe(404);
    expect(r.json.error.message).toMatch(/project other not found/);
    expect(JSON.stringify(r.json)).not.toMatch(/"id"/);
    const unknown = await h.call('GET', '/api/v1/whoami?project=no-such-project', h.tok.carol!);
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/project no-such-project not found/);
    expect(Object.keys(unknown.json.error).sort()).toEqual(Object.keys(r.json.error).sort());
    // A global binding applies in every project.
    r = await h.call('GET', '/api/v1/whoami?project=other', h.tok.root!);
    expect(r.json.bindings).toEqual([expect.objectContaining({ roleName: 'admin', project: null, projectName: null })]);
  });

  it('a token narrowed to a project shows its narrowing, and no binding applies elsewhere', async () => {
    const t = await h.call('POST', '/api/v1/tokens', h.tok.carol!, { name: 'narrow', project: 'shop' });
    expect(t.status).toBe(201);
    let r = await h.call('GET', '/api/v1/whoami?project=shop', t.json.token);
    expect(r.json.tokenScope).toMatchObject({ role: null });
    expect(r.json.bindings).toHaveLength(1);
    r = await h.call('GET', `/api/v1/whoami?project=other`, t.json.token);
    expect(r.status).toBe(404);
    expect(SHOP).toBe('/api/v1/projects/shop');
  });
});
