import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { factsAndApi } from '../../../src/scanners/sast/rules/ast-facts.js';

function callNames(path: string, source: string): string[] {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(`${path}: ${o.message}`);
  return [...factsAndApi(o.file).facts.callsByName.keys()].sort();
}

describe('AST facts over both AST shapes', () => {
  it('sees calls in parameter decorators after learning node keys from JavaScript-shaped files', () => {
    // JS-shaped ASTs first: their identifiers and patterns have no `decorators` key.
    for (let i = 0; i < 3; i++) expect(callNames(`a${i}.ts`, 'function f(a, b = 1, { c }, [d], ...e) { return g(a, b, c, d, e); }')).toEqual(['g']);
    // Then a TS-shaped file (parameter decorators keep the full AST).
    const ts = 'class C {\n  get(@Body(pipe()) body: Dto, @Query() { q } = {}) { return run(body, q); }\n}';
    expect(callNames('c.ts', ts)).toEqual(['Body', 'Query', 'pipe', 'run']);
  });
});
