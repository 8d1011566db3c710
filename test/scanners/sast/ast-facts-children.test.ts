import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { factChildren, type N } from '../../../src/scanners/sast/rules/ast-facts.js';
import { walk, type AnyNode } from '../../../src/scanners/sast/parse/walk.js';

const SOURCES: [string, string][] = [
  ['a.ts', [
    '@Controller("x") export class C {',
    '  @Inject() private readonly svc!: Svc;',
    '  constructor(private db: Db, @Body() { a, b = 2 }: Dto, [c, , d]: number[]) { super(); }',
    '  @Get() async find(@Param("id") id: string): Promise<void> { const r = await this.db.q(`s ${id} e`, ...rest) as any; return r!?.x; }',
    '  static f = function named(this: C) { if (a) throw new Error(); else return; };',
    '}',
    'let x = a ? b : c, y = [1, , ...z], o = { k: 1, [q]: 2, m() {}, ...s };',
    'x += -y; x++; label: for (const k in o) { if (k === "a") continue; }',
    'const t = `a${b}c${d}`, u = tag`x${y}`, v = (p satisfies P), w = <T,>(p: T) => p;',
    'function decl(a = 1, ...b: string[]) { return a && b || null; }',
  ].join('\n')],
  // No decorator or parameter property: the JS-shaped AST of a TypeScript file.
  ['c.ts', 'export async function h(req: Request, res: Response): Promise<void> {\n  const { id } = req.params as { id: string };\n  const rows = await db.query<Row>(`select ${id}`);\n  res.json(rows!.map((r) => ({ ...r, n: r.n ?? 0 })));\n}\n'],
  ['b.js', [
    '#!/usr/bin/env node',
    'const { exec } = require("child_process");',
    'exec(`ls ${process.argv[2]}`, (err, out) => { console.log(out); });',
    'class K extends B { #p = 1; get g() { return this.#p; } static { init(); } }',
    'const el = <div a={x} {...p}>{y}<b/></div>;',
    'try { f(); } catch ({ message }) { log(message); } finally {}',
    'switch (a) { case 1: break; default: ; } while (i--) {} do {} while (0);',
    'new Foo(1, 2); void 0; typeof x; delete o[k]; a?.b?.(c); import("m"); new.target;',
  ].join('\n')],
];

describe('AST facts walk: the typed child cases take exactly what the generic key search takes', () => {
  for (const [path, source] of SOURCES) {
    it(`${path}: same children, same order, for every node`, () => {
      const o = parseSource(path, source);
      if (!o.ok) throw new Error(`did not parse: ${o.message}`);
      const types = new Set<string>();
      let nodes = 0;
      walk(o.file.program as unknown as AnyNode, (n) => {
        nodes++;
        types.add(n.type);
        expect(factChildren(n as N), n.type).toEqual(factChildren(n as N, true));
        return true;
      });
      expect(nodes).toBeGreaterThan(40);
      for (const t of ['CallExpression', 'MemberExpression', 'Identifier', 'ArrowFunctionExpression', 'TemplateLiteral', 'Property']) expect(types).toContain(t);
    });
  }
});
