import { describe, expect, it } from 'vitest';
import { parseSource, type ParsedFile } from '../../../src/scanners/sast/parse/index.js';
import { openTransferBuffer, parseRaw } from '../../../src/scanners/sast/parse/raw-transfer.js';
import { walk, type AnyNode } from '../../../src/scanners/sast/parse/walk.js';

/** Key order kept (walkers visit children in it); BigInt and RegExp values spelled out. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `bigint:${v}`;
    if (v instanceof RegExp) return `regexp:${String(v)}`;
    return v;
  });
}

/**
 * The one known difference: in the JS-shaped AST of a TypeScript file the JSON hand-over stretches
 * a binding identifier's `end` over its dropped type annotation (`const x: T` ends after `T`), raw
 * transfer ends it at the name (as both do for parameters). Undo that in the JSON tree, only where
 * the text between the two ends is the annotation.
 */
function trimAnnotatedIds(json: unknown, raw: unknown, source: string): void {
  const stack: [unknown, unknown][] = [[json, raw]];
  while (stack.length > 0) {
    const [j, r] = stack.pop()!;
    if (typeof j !== 'object' || j === null || typeof r !== 'object' || r === null) continue;
    const jn = j as Record<string, unknown>;
    const rn = r as Record<string, unknown>;
    if (jn['type'] === 'Identifier' && rn['type'] === 'Identifier' && typeof jn['end'] === 'number' && typeof rn['end'] === 'number'
      && rn['end'] < jn['end'] && /^\s*[!?]?\s*:/.test(source.slice(rn['end'], jn['end']))) jn['end'] = rn['end'];
    for (const k of Object.keys(jn)) stack.push([jn[k], rn[k]]);
  }
}

type Outcome = ReturnType<typeof parseSource>;

function both(path: string, source: string): { raw: Outcome; json: Outcome } {
  return {
    raw: parseSource(path, source, { includeMinified: true, parser: 'raw' }),
    json: parseSource(path, source, { includeMinified: true, parser: 'json' }),
  };
}

function expectSame(path: string, source: string): ParsedFile | undefined {
  const { raw, json } = both(path, source);
  expect(raw.ok).toBe(json.ok);
  if (!raw.ok || !json.ok) {
    expect(raw).toEqual(json);
    return undefined;
  }
  trimAnnotatedIds(json.file.program, raw.file.program, source);
  expect(canonical(raw.file.program)).toBe(canonical(json.file.program));
  expect(raw.file.errors).toEqual(json.file.errors);
  expect(raw.file.comments).toEqual(json.file.comments);
  return raw.file;
}

const TS_CLASS = [
  '@Controller("users")',
  'export class UsersController {',
  '  private repo: Repo;',
  '  constructor(private readonly db: Db, @Inject(TOKEN) public cfg?: Config) { this.repo = new Repo(db); }',
  '  @Get(":id") find(@Param("id") id: string, @Body() body: Dto): Promise<User | undefined> {',
  '    return this.db.query<User>(`select * from users where id = ${id}`) as any;',
  '  }',
  '  abstract?: never;',
  '}',
  'enum Color { Red = 1, Green }',
  'namespace NS { export const a = 1 as const; }',
  'type T<K extends string> = { [P in K]?: readonly P[] };',
  'const v = <T,>(x: T) => x satisfies unknown;',
  'declare module "m" { export function f(): void; }',
  'let n = obj!.field!;',
].join('\n');

const SOURCES: [string, string][] = [
  ['plain.mjs', 'import fs from "node:fs";\nexport const r = /a+(b|c)*\\d/giu, big = 12345678901234567890n;\nfs.readFileSync(process.argv[2]);\n'],
  ['hashbang.cjs', '#!/usr/bin/env node\n// lead\nconst { exec } = require("child_process");\nexec(process.argv[2]); /* tail */\n'],
  ['hashbang.ts', '#!/usr/bin/env node\nconst x: number = 1;\nconsole.log(x);\n'],
  ['react.js', 'export default function A({ html }) {\n  return <div className="x" dangerouslySetInnerHTML={{ __html: html }}>{"é"}<br/></div>;\n}\n'],
  ['view.jsx', 'const L = () => <><a href={u}>😀 café</a>{list.map((i) => <li key={i}>{i}</li>)}</>;\n'],
  ['service.ts', TS_CLASS],
  ['plain.ts', 'export function f(a: string, b?: number): string {\n  return a + String(b ?? 0) + /x/y.source;\n}\nconst re = /é+/u;\n'],
  ['comp.tsx', 'import type { FC } from "react";\nexport const C: FC<{ s: string }> = ({ s }) => <p title={s as string}>{s}</p>;\n@dec class K { constructor(public k: number) {} }\n'],
  ['unicode.ts', '\uFEFFconst s = "𝒳 — 😀 ü";\r\n// 注释 😀\r\nconst t = `${s}𝒳${"é"}`; foo(s, t);\r\nclass Q { constructor(private q: string) {} }\r\n'],
  ['crlf.js', 'var a = 1;\r\nfunction f(x) {\r\n  return x + "\\u00e9";\r\n}\r\nf(a);\r\n'],
  ['bom.js', '\uFEFF/* c */ let x = /[😀]/u.test("😀");\n'],
  ['recover.js', 'const a = "é";\nfunction f() { return 2 }\nconst = ;\nf();\n'],
  ['broken.ts', 'class {{{ = 😀'],
  ['generics.ts', 'function g<T>(x: T): T { return x; }\nconst y = g<string>("s");\nabstract class Base { protected abstract m(): void; }\n'],
];

describe('parse: raw transfer builds the same AST as the JSON hand-over', () => {
  it('raw transfer works on this platform (so the comparisons below compare two paths)', () => {
    expect(parseRaw('a.ts', 'const x: number = 1;', { lang: 'ts', astType: 'ts' })?.program.body).toHaveLength(1);
    expect(parseRaw('a.js', 'f(1)', { lang: 'js', astType: 'js' })?.program.body).toHaveLength(1);
  });

  for (const [path, source] of SOURCES) {
    it(`${path}: program, errors and comments are equal`, () => {
      expectSame(path, source);
    });
  }

  it('is equal for the JS-shaped and the full TypeScript AST alike', () => {
    // Without a decorator or parameter property the TS files take the JS-shaped AST; with one, the full one.
    const file = expectSame('d.ts.ts', 'class S {\n  constructor(private readonly repo = new Repo()) {}\n}\nconst x = <T,>(a: T) => a;\n');
    const cls = file?.program.body[0] as unknown as { body: { body: { value: { params: { type: string }[] } }[] } };
    expect(cls.body.body[0]!.value.params[0]!.type).toBe('TSParameterProperty');
    const plain = expectSame('e.ts', 'class S {\n  constructor(repo = new Repo()) {}\n}\n');
    const pcls = plain?.program.body[0] as unknown as { body: { body: { value: { params: { type: string }[] } }[] } };
    expect(pcls.body.body[0]!.value.params[0]!.type).toBe('AssignmentPattern');
  });

  it('gives UTF-16 offsets after astral characters, a BOM and CRLF, as the line index expects', () => {
    const source = '\uFEFFconst s = "😀𝒳";\r\n  const t = "é";  foo(s);\r\n';
    const o = parseSource('u.ts', source, { parser: 'raw' });
    if (!o.ok) throw new Error('did not parse');
    const calls: number[] = [];
    walk(o.file.program as unknown as AnyNode, (n) => {
      if (n.type === 'CallExpression') calls.push(n.start);
    });
    expect(calls).toEqual([source.indexOf('foo(')]);
    expect(o.file.lines.position(calls[0]!)).toEqual({ line: 2, column: 19 });
  });

  it('reports a syntax error at the same line and column both ways, past non-ASCII text', () => {
    const source = 'const a = "😀😀";\nconst b = "ééé"; let = ;\n';
    const { raw, json } = both('e.js', source);
    expect(raw).toEqual(json);
    const errors = raw.ok ? raw.file.errors : [{ line: raw.line ?? 0, column: 0 }];
    expect(errors[0]!.line).toBe(2);
  });

  it('re-uses its buffer across files without mixing them up', () => {
    const long = 'export const big = [\n' + Array.from({ length: 3000 }, (_, i) => `  "v${i}é",\n`).join('') + '];\n';
    const a = parseSource('long.ts', long, { parser: 'raw' });
    const b = parseSource('short.ts', 'f(1);', { parser: 'raw' });
    if (!a.ok || !b.ok) throw new Error('did not parse');
    expect(b.file.program.body).toHaveLength(1);
    const json = parseSource('long.ts', long, { parser: 'json' });
    if (!json.ok) throw new Error('did not parse');
    expect(canonical(a.file.program)).toBe(canonical(json.file.program));
    expect(a.file.program.body).toHaveLength(1);
  });

  it('ends a typed binding identifier at its name in the JS-shaped AST (the JSON path ran on over the type)', () => {
    const source = 'let y: string;\nconst x: number = 1;\nfunction f(a: string) {}\n';
    const { raw, json } = both('t.ts', source);
    if (!raw.ok || !json.ok) throw new Error('did not parse');
    const ids = (o: ParsedFile) => o.program.body.map((s) => {
      const n = s as unknown as { declarations?: { id: { start: number; end: number } }[]; params?: { start: number; end: number }[] };
      const id = n.declarations?.[0]?.id ?? n.params?.[0];
      return source.slice(id!.start, id!.end);
    });
    expect(ids(raw.file)).toEqual(['y', 'x', 'a']);
    expect(ids(json.file)).toEqual(['y: string', 'x: number', 'a']);
  });

  it('a deserializer that runs out of stack gives undefined (the caller takes the JSON path), not a throw', () => {
    // parseSource refuses a 50,000-term chain before parsing (parse-depth.test.ts); raw transfer
    // on its own must still fail softly on it.
    const source = 'a = x' + '\n  + 1'.repeat(50_000) + ';';
    expect(parseRaw('chain.js', source, { lang: 'js', astType: 'js' })).toBeUndefined();
    const o = parseSource('chain.js', source, { parser: 'raw' });
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.reason).toBe('too-deep');
    // The thread goes on parsing through raw transfer afterwards.
    expect(parseRaw('next.js', 'g(2)', { lang: 'js', astType: 'js' })?.program.body).toHaveLength(1);
  });

  it('by default takes JSON for the first files of a thread and raw transfer once it has parsed 512 KiB', () => {
    // The typed binding identifier tells the two apart (see above).
    const idText = () => {
      const o = parseSource('t.ts', 'const x: number = 1;\n');
      if (!o.ok) throw new Error('did not parse');
      const id = (o.file.program.body[0] as unknown as { declarations: { id: { start: number; end: number } }[] }).declarations[0]!.id;
      return 'const x: number = 1;\n'.slice(id.start, id.end);
    };
    expect(idText()).toBe('x: number');
    const big = Array.from({ length: 40_000 }, (_, i) => `const a${i} = ${i};\n`).join('');
    expect(parseSource('big.js', big).ok).toBe(true);
    expect(idText()).toBe('x');
  });

  it('returns nothing when the buffer cannot be allocated, so the caller takes the JSON path', () => {
    expect(openTransferBuffer(2 ** 53)).toBeUndefined();
  });

  it('the Flow check and unrecoverable syntax errors are unchanged', () => {
    const flow = '// @flow\nfunction f(x: ?string): number { return 1; }\n';
    const a = both('f.js', flow);
    expect(a.raw).toEqual(a.json);
    const broken = both('b.js', ')))');
    expect(broken.raw).toEqual(broken.json);
    expect(broken.raw.ok).toBe(false);
  });
});
