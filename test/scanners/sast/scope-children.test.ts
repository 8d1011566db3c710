import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { buildScopes, pushScopeChildren } from '../../../src/scanners/sast/ir/scope.js';
import { walk, type AnyNode } from '../../../src/scanners/sast/parse/walk.js';

type N = AnyNode & Record<string, any>;

const SOURCES: [string, string][] = [
  // Decorators and a parameter property: the TS-shaped AST.
  ['a.ts', [
    '@Controller("x") export class C {',
    '  @Inject() private readonly svc!: Svc;',
    '  constructor(private db: Db, @Body() { a, b = 2 }: Dto, [c, , d]: number[]) { super(); }',
    '  @Get() async find(@Param("id") id: string): Promise<void> { const r = await this.db.q<Row>(`s ${id} e`, ...rest) as any; return r!?.x; }',
    '  static f = function named<T>(this: C, p: T): T { if (a) throw new Error(); else return p; };',
    '}',
    'let x = a ? b : c, y = [1, , ...z], o = { k: 1, [q]: 2, m() {}, ...s };',
    'x += -y; x++; label: for (const k in o) { if (k === "a") continue; }',
    'const w = <T,>(p: T): T => p, v = (p satisfies P), n = new Map<string, number>();',
    'function decl(a = 1, ...b: string[]) { return a && b || null; }',
  ].join('\n')],
  // No decorator or parameter property: the JS-shaped AST of a TypeScript file.
  ['c.ts', 'export async function h(req: Request, res: Response): Promise<void> {\n  const { id } = req.params as { id: string };\n  const rows = await db.query<Row>(`select ${id}`);\n  if (!rows) throw new Error("none");\n  res.json(rows!.map((r) => ({ ...r, n: r.n ?? 0 })));\n}\n'],
  ['b.js', [
    'const { exec } = require("child_process");',
    'if (a) b(); else { c = d ? e : f; }',
    'exec(`ls ${process.argv[2]}`, function cb(err, out) { console.log(out); });',
    'class K extends B { #p = 1; get g() { return this.#p; } static { init(); } }',
    'const el = <div a={x} {...p}>{y}<b/></div>;',
    'try { f(); } catch ({ message }) { log(message); } finally {}',
    'switch (a) { case 1: break; default: ; } while (i--) {} do {} while (0);',
    'new Foo(1, 2); void 0; typeof x; delete o[k]; a?.b?.(c); import("m"); await x; throw e;',
  ].join('\n')],
];

function children(n: N, byKeys: boolean): N[] {
  const out: N[] = [];
  pushScopeChildren(n, out, byKeys);
  return out;
}

describe('scope building: the typed child cases take exactly what the generic key loop takes', () => {
  for (const [path, source] of SOURCES) {
    for (const parser of ['json', 'raw'] as const) {
      it(`${path} (${parser} hand-over): same children, same order, for every node`, () => {
        const o = parseSource(path, source, { parser });
        if (!o.ok) throw new Error(`did not parse: ${o.message}`);
        const types = new Set<string>();
        let nodes = 0;
        walk(o.file.program as unknown as AnyNode, (n) => {
          nodes++;
          types.add(n.type);
          expect(children(n as N, false), n.type).toEqual(children(n as N, true));
          return true;
        });
        expect(nodes).toBeGreaterThan(40);
        for (const t of ['CallExpression', 'MemberExpression', 'VariableDeclarator', 'IfStatement', 'Property', 'BlockStatement']) expect(types).toContain(t);
      });
    }
  }

  it('leaves and type positions are not children; functions in arguments and decorators are', () => {
    const o = parseSource('d.ts', '@Dec(() => 1) class A { m(@P(function inner() {}) p: string): void {} }\nf(x, (y: number): number => y, <T>(z: T) => z);');
    if (!o.ok) throw new Error(o.message);
    const s = buildScopes(o.file.program as unknown as AnyNode);
    const names = s.functions.map((f) => s.scopes.get(f)!.name);
    // The parameter decorator's function sits on an identifier (a leaf): as before, not a scope.
    expect(names).toEqual(['<anonymous>', 'm', '<anonymous>', '<anonymous>']);
    const call = (o.file.program.body[1] as N).expression as N;
    expect(children(call, false).map((c) => c.type)).toEqual(['ArrowFunctionExpression', 'ArrowFunctionExpression']);
  });
});
