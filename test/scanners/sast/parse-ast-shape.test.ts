import { describe, expect, it } from 'vitest';
import { hasParameterProperty, parseSource, tsOnlyNodesNeeded } from '../../../src/scanners/sast/parse/index.js';

describe('parse: which TypeScript files keep the full AST', () => {
  it('keeps it for parameter properties, decorators and typed fields', () => {
    expect(tsOnlyNodesNeeded('ts', 'class S {\n  constructor(private readonly repo = new Repo()) {}\n}')).toBe(true);
    expect(tsOnlyNodesNeeded('ts', 'class E extends Error {\n  constructor(readonly field: string, message: string) { super(message); }\n}')).toBe(true);
    expect(tsOnlyNodesNeeded('ts', 'class S {\n  constructor(\n    a: number,\n    public b: Db,\n  ) {}\n}')).toBe(true);
    expect(tsOnlyNodesNeeded('tsx', '@Controller()\nclass C { get(@Body() b: Dto) {} }')).toBe(true);
    expect(tsOnlyNodesNeeded('ts', 'class S {\n  private repo: Repo;\n  constructor(repo: Repo) { this.repo = repo; }\n}')).toBe(true);
  });

  it('drops it for constructors without parameter properties and for JavaScript', () => {
    expect(tsOnlyNodesNeeded('ts', 'class S {\n  constructor(repo: Repo, n = 2) { this.repo = repo; }\n}')).toBe(false);
    expect(tsOnlyNodesNeeded('ts', 'const constructor = 1;\nexport function f(x: string): string { return x; }')).toBe(false);
    expect(tsOnlyNodesNeeded('ts', 'interface A {\n  status: Status;\n}\n')).toBe(false);
    expect(tsOnlyNodesNeeded('jsx', 'class S { constructor(private) {} }')).toBe(false);
  });

  it('finds parameter properties only inside constructor parameter lists', () => {
    expect(hasParameterProperty('function f(private x) {}')).toBe(false);
    expect(hasParameterProperty('class A { constructor (f: (x: number) => void, protected y = 1) {} }')).toBe(true);
    expect(hasParameterProperty('class A { constructor(a = g(1, 2)) { private_x(1); } }')).toBe(false);
    // Unclosed list: scanned to the end, no hang and no throw.
    expect(hasParameterProperty('class A { constructor(a, ')).toBe(false);
    expect(hasParameterProperty('constructor'.repeat(1000))).toBe(false);
  });

  it('the analysis sees parameter properties in the full AST and plain parameters otherwise', () => {
    const full = parseSource('a.ts', 'class S {\n  constructor(private readonly repo = new Repo()) {}\n}');
    const plain = parseSource('b.ts', 'class S {\n  constructor(repo = new Repo()) {}\n}');
    if (!full.ok || !plain.ok) throw new Error('did not parse');
    const param = (f: typeof full) => {
      const cls = f.ok ? (f.file.program.body[0] as unknown as { body: { body: { value: { params: { type: string }[] } }[] } }) : undefined;
      return cls?.body.body[0]?.value.params[0]?.type;
    };
    expect(param(full)).toBe('TSParameterProperty');
    expect(param(plain)).toBe('AssignmentPattern');
    expect(Array.isArray(full.file.comments)).toBe(true);
  });

  it('restores RegExp and BigInt literal values and hands comments over on demand', () => {
    const o = parseSource('a.ts', '// lead\nconst r = /a+b/gi;\nconst n = 10n; /* tail */\n');
    if (!o.ok) throw new Error('did not parse');
    const init = (i: number) => (o.file.program.body[i] as unknown as { declarations: { init: { value: unknown } }[] }).declarations[0]!.init.value;
    expect(init(0)).toBeInstanceOf(RegExp);
    expect(String(init(0))).toBe('/a+b/gi');
    expect(init(1)).toBe(10n);
    expect(o.file.comments.map((c) => [c.type, c.value])).toEqual([['Line', ' lead'], ['Block', ' tail ']]);
    // Read twice: the same array (the parser hands its comments over once).
    expect(o.file.comments).toBe(o.file.comments);
  });
});
