import { describe, expect, it } from 'vitest';
import { parseSource, rawTransferFromStart } from '../../../src/scanners/sast/parse/index.js';

/** The declarator's id end: the JSON hand-over stretches it over the dropped annotation, raw transfer does not. */
function idEnd(source: string): number {
  const o = parseSource('a.ts', source);
  if (!o.ok) throw new Error(o.message);
  const decl = o.file.program.body[0] as unknown as { declarations: { id: { start: number; end: number } }[] };
  return decl.declarations[0]!.id.end;
}

describe('rawTransferFromStart', () => {
  it('makes the next file go through raw transfer instead of the JSON hand-over', () => {
    const source = 'const x: Foo = 1;\n';
    // A fresh thread (this test file's module) starts with JSON: the id spans `x: Foo`.
    expect(idEnd(source)).toBe(source.indexOf(' ='));
    rawTransferFromStart();
    // Raw transfer ends it at the name; the rest of the tree is the same (parse-raw-transfer.test.ts).
    expect(idEnd(source)).toBe(source.indexOf('x') + 1);
    expect(idEnd('let longerName: Bar = 2;\n')).toBe('let longerName'.length);
  });
});
