import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { compileModels } from '../../../src/scanners/sast/models/compile.js';
import { analyzeFile } from '../../../src/scanners/sast/taint/file.js';
import { TEST_MODEL, WEB_LABELS, brief } from './engine-helpers.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

const models = compileModels([TEST_MODEL]);
const ctx = { labels: WEB_LABELS, importedExports: () => undefined };

function analyse(path: string, src: string) {
  const o = parseSource(path, src);
  if (!o.ok) throw new Error('parse failed');
  return analyzeFile(o.file, models, ctx);
}

/**
 * Two object graphs in which every level keeps the level below in two fields (a tree of linked
 * nodes pointing back and sideways, as a UI framework's fibers do), joined where two branches meet.
 * A join that walks each path to a shared part visits 2^depth pairs: the engine ran out of memory.
 */
function sharedGraphs(depth: number): string {
  const lines = ['var a0 = { text: location.hash };', 'var b0 = { text: "plain" };'];
  for (let i = 1; i <= depth; i++) {
    lines.push(`var a${i} = { child: a${i - 1}, sibling: a${i - 1}, text: location.hash };`);
    lines.push(`var b${i} = { child: b${i - 1}, sibling: b${i - 1}, text: 'plain' };`);
  }
  lines.push(`var node = Math.random() > 0.5 ? a${depth} : b${depth};`);
  lines.push('document.body.innerHTML = node.child.child.text;');
  return lines.join('\n') + '\n';
}

describe('taint engine: joins of objects that share parts', () => {
  it('a join of two 40-level graphs with shared parts finishes and reports the cut', () => {
    const { value: r, ms } = cpuTimed(() => analyse('graph.js', sharedGraphs(40)));
    // Generous: the shared parts are joined once each now (about 40 pairs), not once per path (2^40).
    expect(ms).toBeLessThan(5000);
    expect(r.truncated.length).toBe(1);
    expect(r.truncated[0]!.reason).toMatch(/too deep or too wide to merge/);
    // Within the merged depth the tainted field is still found.
    expect(brief(r)).toEqual([{ kind: 'xss', sink: 84, source: 77, label: 'browser' }]);
  });

  it('shallow objects joined at a branch keep their fields exactly (flagged and clean), with no cut reported', () => {
    const flagged = analyse('flagged.js', `var o = Math.random() > 0.5 ? { a: { b: { t: location.hash } } } : { a: { b: { t: 'x' }, c: 1 } };
document.body.innerHTML = o.a.b.t;
`);
    expect(brief(flagged)).toEqual([{ kind: 'xss', sink: 2, source: 1, label: 'browser' }]);
    expect(flagged.truncated).toEqual([]);
    const clean = analyse('clean.js', `var o = Math.random() > 0.5 ? { a: { b: { t: location.hash } } } : { a: { b: { t: 'x' }, c: 1 } };
document.body.innerHTML = o.a.c;
`);
    expect(brief(clean)).toEqual([]);
    expect(clean.truncated).toEqual([]);
  });
});
