import { describe, expect, it } from 'vitest';
import { isOwned, SETUID_RULE, setuidFindings } from '../../../src/scanners/image/rules/setuid.js';
import { safeStep } from '../../../src/scanners/image/rules/config.js';
import type { LayerRef } from '../../../src/scanners/image/types.js';

const layer: LayerRef = {
  index: 2,
  digest: 'sha256:' + '3f'.repeat(32),
  createdBy: 'RUN /bin/sh -c cp /build/helper /usr/local/bin/helper && chmod u+s /usr/local/bin/helper # buildkit',
};

describe('setuidFindings', () => {
  it('flags a setuid file no package owns, naming the layer and the step', () => {
    const fs = setuidFindings([{ path: 'usr/local/bin/helper', mode: 0o4755, layer }], new Set(['usr/bin/passwd']));
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f.ruleId).toBe(SETUID_RULE.id);
    expect(f.scanner).toBe('image');
    expect(f.location.path).toBe('usr/local/bin/helper');
    expect(f.message).toContain('setuid (mode 4755)');
    expect(f.message).toContain('layer 3 3f3f3f3f3f3f');
    expect(f.message).toContain('chmod u+s');
    expect(f.evidence).toMatchObject({ mode: '4755', bits: 'setuid', layer: { index: 2, digest: layer.digest } });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('flags setgid and setuid+setgid, and says which', () => {
    const fs = setuidFindings(
      [
        { path: 'opt/a', mode: 0o2755 },
        { path: 'opt/b', mode: 0o6755 },
      ],
      new Set(),
    );
    expect(fs.map((f) => f.evidence?.bits)).toEqual(['setgid', 'setuid and setgid']);
    expect(fs[0]!.message).not.toContain('layer');
  });

  it('passes files a package owns, with or without a leading slash', () => {
    const owned = new Set(['/usr/bin/passwd', 'usr/bin/chage']);
    expect(setuidFindings([{ path: 'usr/bin/passwd', mode: 0o4755 }, { path: '/usr/bin/chage', mode: 0o2755 }], owned)).toEqual([]);
  });

  it('passes merged-/usr twins: dpkg lists /bin/su, the layer holds usr/bin/su (and the reverse)', () => {
    expect(setuidFindings([{ path: 'usr/bin/su', mode: 0o4755 }], new Set(['/bin/su']))).toEqual([]);
    expect(setuidFindings([{ path: 'sbin/unix_chkpwd', mode: 0o2755 }], new Set(['/usr/sbin/unix_chkpwd']))).toEqual([]);
    expect(isOwned('usr/lib/dbus-1.0/dbus-daemon-launch-helper', new Set(['/lib/dbus-1.0/dbus-daemon-launch-helper']))).toBe(true);
    expect(isOwned('usr/local/bin/su', new Set(['/bin/su']))).toBe(false);
  });

  it('passes files without the bits (sticky or plain executables)', () => {
    expect(setuidFindings([{ path: 'tmp', mode: 0o1777 }, { path: 'usr/local/bin/x', mode: 0o755 }], new Set())).toEqual([]);
  });

  it('never shows build-arg values or credentials from the step', () => {
    const l: LayerRef = { index: 1, createdBy: 'RUN |1 NPM_TOKEN=npmvalue42x /bin/sh -c curl -u bob:pw9 https://alice:pw8@x.example/h -o /h && chmod 4755 /h # buildkit' };
    const f = setuidFindings([{ path: 'h', mode: 0o4755, layer: l }], new Set())[0]!;
    const text = JSON.stringify(f);
    for (const secret of ['npmvalue42x', 'pw9', 'pw8']) expect(text).not.toContain(secret);
    expect(f.message).toContain('step: RUN curl -u … https://…@x.example/h');
    expect(safeStep('/bin/sh -c #(nop) COPY file:abc in /h')).toBe('COPY file:abc in /h');
  });

  it('reports a path once even when two layers list it', () => {
    const fs = setuidFindings(
      [
        { path: 'opt/x', mode: 0o4755, layer: { index: 1 } },
        { path: './opt/x', mode: 0o4755, layer: { index: 3 } },
      ],
      new Set(),
    );
    expect(fs).toHaveLength(1);
    expect(fs[0]!.location.path).toBe('opt/x');
  });
});
