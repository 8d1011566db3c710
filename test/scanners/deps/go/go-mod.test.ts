import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractGoMod, extractor } from '../../../../src/scanners/deps/ecosystems/go/go-mod.js';

const fx = (name: string) => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), 'utf8');
const run = (name: string, path = 'svc/go.mod') => extractGoMod({ path, content: fx(name) });
const brief = (r: ReturnType<typeof run>) => r.packages.map((p) => ({ name: p.name, version: p.version, direct: p.direct, line: p.line }));

describe('go/go-mod', () => {
  it('accepts go.mod only', () => {
    expect(extractor.accepts('go.mod')).toBe(true);
    expect(extractor.accepts('a/b/go.mod')).toBe(true);
    expect(extractor.accepts('go.sum')).toBe(false);
    expect(extractor.accepts('go.mod.bak')).toBe(false);
  });

  it('reads requires, indirect markers and replacements; the main module is not a package', () => {
    const r = run('go.mod');
    expect(r.module).toBe('github.com/acme/payments');
    expect(r.goVersion).toBe('1.22.0');
    expect(r.toolchain).toBe('go1.22.4');
    expect(brief(r)).toEqual([
      { name: 'github.com/gin-gonic/gin', version: 'v1.9.1', direct: true, line: 11 },
      { name: 'github.com/google/uuid', version: 'v1.6.0', direct: true, line: 12 },
      { name: 'golang.org/x/crypto', version: 'v0.21.0', direct: false, line: 13 },
      { name: 'github.com/sirupsen/logrus', version: 'v1.9.3', direct: true, line: 14 },
      // github.com/acme/shared (line 15) is replaced by ../shared: skipped
      // version-specific replace wins over the path-wide one
      { name: 'github.com/acme/newlib', version: 'v1.1.2', direct: true, line: 16 },
      { name: 'github.com/Azure/go-autorest', version: 'v14.2.0+incompatible', direct: false, line: 17 },
      { name: 'golang.org/x/net', version: 'v0.23.0', direct: false, line: 18 },
      { name: 'gopkg.in/yaml.v3', version: 'v3.0.1', direct: false, line: 21 },
    ]);
    expect(r.packages.find((p) => p.name === 'github.com/acme/newlib')?.replaces).toBe('github.com/acme/oldlib@v1.0.0');
    expect(r.packages.find((p) => p.name === 'golang.org/x/net')?.replaces).toBe('golang.org/x/net@v0.0.0-20231004114102-2b8a3c0ebc93');
    expect(r.issues).toEqual([
      { path: 'svc/go.mod', line: 15, kind: 'other', scanner: 'deps', message: expect.stringContaining('replaced by local directory ../shared (line 25)') },
    ]);
  });

  it('fills ecosystem, purl, dev and pinned', () => {
    const p = run('go.mod').packages;
    expect(p[0]).toEqual({
      ecosystem: 'Go',
      name: 'github.com/gin-gonic/gin',
      version: 'v1.9.1',
      purl: 'pkg:golang/github.com/gin-gonic/gin@v1.9.1',
      direct: true,
      dev: false,
      pinned: true,
      source: 'svc/go.mod',
      line: 11,
    });
    expect(p.find((x) => x.name === 'gopkg.in/yaml.v3')?.purl).toBe('pkg:golang/gopkg.in/yaml.v3@v3.0.1');
    expect(p.find((x) => x.name === 'github.com/Azure/go-autorest')?.purl).toBe('pkg:golang/github.com/Azure/go-autorest@v14.2.0+incompatible');
    expect(p.every((x) => !x.dev && x.pinned)).toBe(true);
  });

  it('keeps good lines of a file with bad ones and names each bad line', () => {
    const r = run('bad-lines.go.mod', 'go.mod');
    expect(brief(r)).toEqual([
      { name: 'github.com/ok/one', version: 'v1.0.0', direct: true, line: 6 },
      { name: 'github.com/ok/two', version: 'v2.0.0+incompatible', direct: true, line: 9 },
    ]);
    expect(r.issues.map((i) => [i.line, i.kind])).toEqual([
      [7, 'unparsable'],
      [8, 'unparsable'],
      [12, 'unparsable'],
      [13, 'unparsable'],
      [14, 'other'],
    ]);
    expect(r.issues[1]!.message).toContain('1.2.3 is not a module version');
  });

  it('reports empty and truncated files without throwing', () => {
    const empty = run('empty.go.mod', 'go.mod');
    expect(empty.packages).toEqual([]);
    expect(empty.issues).toEqual([{ path: 'go.mod', kind: 'unparsable', scanner: 'deps', message: 'no module directive' }]);

    const t = run('truncated.go.mod', 'go.mod');
    expect(brief(t)).toEqual([{ name: 'github.com/google/uuid', version: 'v1.6.0', direct: true, line: 6 }]);
    expect(t.issues.map((i) => i.line)).toEqual([5, 7]);
    expect(t.issues[0]!.message).toContain('never closed');
  });

  it('reads single-line forms, quoted and raw strings, and ignores non-package directives', () => {
    const r = extractGoMod({
      path: 'go.mod',
      content: [
        'module "example.com/q"',
        'go 1.23',
        'require `example.com/raw` v0.1.0',
        'require example.com/c v1.0.0 // indirect',
        'replace example.com/c v1.0.0 => example.com/d v1.0.1',
        'exclude example.com/c v0.9.0',
        'retract v0.0.1',
        'ignore ./testdata',
        'godebug (',
        '  panicnil=1',
        ')',
      ].join('\n'),
    });
    expect(r.module).toBe('example.com/q');
    expect(brief(r)).toEqual([
      { name: 'example.com/raw', version: 'v0.1.0', direct: true, line: 3 },
      { name: 'example.com/d', version: 'v1.0.1', direct: false, line: 4 },
    ]);
    expect(r.issues).toEqual([]);
  });

  it('never throws on binary junk', () => {
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => extractGoMod({ path: 'go.mod', content: junk })).not.toThrow();
  });
});
