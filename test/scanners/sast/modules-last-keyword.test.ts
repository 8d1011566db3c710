import { describe, expect, it } from 'vitest';
import { extractImports } from '../../../src/scanners/sast/ir/modules.js';

// The lexer stops past the last whole-word import/require/from: names that only contain those
// words (fromRow, requireAuth, importer) late in a file must not hide or add a specifier.
describe('extractImports stops at the last keyword', () => {
  it('finds imports before names containing the keywords', () => {
    const src = "import { a } from './a';\nconst rows = fromRow(x);\nrequireAuth(req);\nconst importer = 1;\n";
    expect(extractImports(src)).toEqual(['./a']);
  });

  it('finds a keyword at the very start and at the very end of the file', () => {
    expect(extractImports("require('./d')")).toEqual(['./d']);
    expect(extractImports("const fromX = 1;\nexport * from './b'")).toEqual(['./b']);
    expect(extractImports("const requireX = 2; import('./c')")).toEqual(['./c']);
  });

  it('finds nothing when the words appear only inside longer names', () => {
    expect(extractImports("const fromage = importance + required;\nrequirement('./x');")).toEqual([]);
  });
});
