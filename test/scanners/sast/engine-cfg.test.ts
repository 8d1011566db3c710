import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import type { AnyNode } from '../../../src/scanners/sast/parse/walk.js';
import { buildCfg, reachable, type Cfg } from '../../../src/scanners/sast/ir/cfg.js';

function cfgOf(src: string): { cfg: Cfg; text: (n: AnyNode) => string } {
  const o = parseSource('a.js', src);
  if (!o.ok) throw new Error(o.message);
  const fn = (o.file.program.body[0] as unknown as AnyNode & { type: string });
  return { cfg: buildCfg(fn.type === 'FunctionDeclaration' ? fn : (o.file.program as unknown as AnyNode)), text: (n) => src.slice(n.start, n.end) };
}

/** The texts of nodes in blocks reachable from the entry. */
function reachableTexts(src: string): string[] {
  const { cfg, text } = cfgOf(src);
  const r = reachable(cfg);
  return cfg.blocks.filter((b) => r.has(b.id)).flatMap((b) => b.nodes.map(text));
}

describe('control-flow graph', () => {
  it('if/else joins; code after return and throw is unreachable', () => {
    const t = reachableTexts(`function f(x) { if (x) { a(); return 1; } else { b(); } c(); throw e; d(); }`);
    expect(t).toEqual(expect.arrayContaining(['x', 'a();', 'return 1;', 'b();', 'c();', 'throw e;']));
    expect(t).not.toContain('d();');
  });

  it('loops have a back edge; break and continue reach their targets (labels too)', () => {
    const { cfg, text } = cfgOf(`function f(xs) { outer: for (const x of xs) { while (y) { if (x) continue outer; if (z) break; w(); } v(); } done(); }`);
    const r = reachable(cfg);
    const texts = cfg.blocks.filter((b) => r.has(b.id)).flatMap((b) => b.nodes.map(text));
    expect(texts).toEqual(expect.arrayContaining(['w();', 'v();', 'done();']));
    expect(cfg.blocks.some((b) => b.succ.some((s) => s.kind === 'continue'))).toBe(true);
    expect(cfg.blocks.some((b) => b.succ.some((s) => s.kind === 'break'))).toBe(true);
    // A back edge: some block's successor was created before it.
    expect(cfg.blocks.some((b) => b.succ.some((s) => s.to < b.id && s.kind === 'next'))).toBe(true);
  });

  it('short-circuit conditions split into blocks; switch falls through; try reaches catch and finally', () => {
    const { cfg, text } = cfgOf(`function f(a, b, k) {
  if (a && b) g();
  switch (k) { case 1: one(); case 2: two(); break; default: other(); }
  try { risky(); } catch (e) { handle(e); } finally { cleanup(); }
  end();
}`);
    const blockOf = (t: string) => cfg.blocks.find((b) => b.nodes.some((n) => text(n) === t))!;
    expect(blockOf('a')).not.toBe(blockOf('b'));
    expect(blockOf('a').succ.map((s) => s.kind).sort()).toEqual(['false', 'true']);
    const one = blockOf('one();');
    expect(one.succ.some((s) => cfg.blocks[s.to]!.nodes.some((n) => text(n) === 'two();') || cfg.blocks[s.to]!.nodes.some((n) => text(n) === '2'))).toBe(true);
    const r = reachable(cfg);
    for (const t of ['handle(e);', 'cleanup();', 'end();', 'other();']) expect(r.has(blockOf(t).id), t).toBe(true);
  });

  it('the module top level is a function too', () => {
    expect(reachableTexts(`const a = 1;\nif (a) b();\nc();`)).toEqual(['const a = 1;', 'a', 'b();', 'c();']);
  });
});
