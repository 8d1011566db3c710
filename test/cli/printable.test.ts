import { describe, expect, it } from 'vitest';
import { formatWhoami } from '../../src/cli/login.js';
import { principalLabel, printable } from '../../src/cli/printable.js';

// Server-given text reaches the terminal escaped: C0/C1 controls (the one-byte CSI \u009b too) and
// bidi overrides, which JSON.stringify leaves as they are.
describe('printable', () => {
  it('escapes C0, DEL, C1 and bidi controls and leaves other text alone', () => {
    expect(printable('plain name-1 é 名')).toBe('plain name-1 é 名');
    expect(printable('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(printable('\u001b[2J\u007f\u009b31m')).toBe('\\x1b[2J\\x7f\\x9b31m');
    expect(printable('evil\u202etxt.exe\u2066')).toBe('evil\\u202etxt.exe\\u2066');
  });

  it('principalLabel: kind and name, or the id, escaped', () => {
    expect(principalLabel('service_account:9f', 'bot')).toBe('service account bot');
    expect(principalLabel('user:1', '\u009b2J')).toBe('user \\x9b2J');
    expect(principalLabel('odd\u202e', null)).toBe('odd\\u202e');
  });

  it('whoami text escapes names the server gives', () => {
    const out = formatWhoami(
      { kind: 'user', id: 'user:1', name: 'm\u009b31mallory\u202e', tokenId: 't1', bindings: [{ role: 'r', roleName: 'ad\u001bmin', project: null, projectName: null, paths: null, permissions: [] }] } as never,
      'https://rampart.example',
    );
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e](?<!\n)/);
    expect(out).toContain('user m\\x9b31mallory\\u202e (user:1)');
    expect(out).toContain('ad\\x1bmin globally');
  });

  it("whoami text names a narrowed token's role and project from the bindings, ids only when no binding names them", () => {
    const me = {
      kind: 'oidc_policy', id: 'oidc_policy:p1', name: 'ci', tokenId: 't1',
      bindings: [{ role: 'r-uuid', roleName: 'scanner', project: 'p-uuid', projectName: 'shop', paths: null }],
      tokenScope: { role: 'r-uuid', project: 'p-uuid' },
    };
    expect(formatWhoami(me as never, 'https://rampart.example')).toContain('token narrowed to role scanner project shop\n');
    expect(formatWhoami({ ...me, bindings: [] } as never, 'https://rampart.example')).toContain('token narrowed to role r-uuid project p-uuid\n');
  });
});
