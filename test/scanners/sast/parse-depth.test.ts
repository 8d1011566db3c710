import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parseSource } from '../../../src/scanners/sast/parse/index.js';
import { syntaxDepth } from '../../../src/scanners/sast/parse/shape.js';

// Nesting that is not brackets made oxc overflow the native stack (a segfault that killed the
// scan). Each construct below, repeated past the limit, must be refused before the parser sees it;
// at a third of the limit it must parse.
const constructs: Record<string, (n: number) => string> = {
  'else if chain': (n) => 'if (a === 0) { x = 0; }\n' + Array.from({ length: n }, (_, i) => `else if (a === ${i + 1}) { x = ${i}; }\n`).join(''),
  'ternary chain': (n) => 'const x = ' + 'a ? 1 :\n'.repeat(n) + '0;\n',
  'arrow chain': (n) => 'const f = ' + '() =>\n'.repeat(n) + '0;\n',
  'braceless if': (n) => 'if (a)\n'.repeat(n) + 'x();\n',
  labels: (n) => Array.from({ length: n }, (_, i) => `l${i}:\n`).join('') + 'x();\n',
  'unary operators': (n) => 'const x = ' + '!\n'.repeat(4 * n) + 'a;\n',
  'new new': (n) => 'const x = ' + 'new\n'.repeat(4 * n) + 'X;\n',
  'assignment chain': (n) => 'a' + '\n = a'.repeat(8 * n) + ';\n',
  'string concatenation': (n) => 'const s = "a"' + '\n  + "b"'.repeat(8 * n) + ';\n',
};

describe('syntaxDepth: parser nesting estimated before parsing', () => {
  for (const [name, make] of Object.entries(constructs)) {
    it(`refuses a deep ${name} and parses a shallow one`, () => {
      const deep = make(MAX_NESTING + 50);
      expect(syntaxDepth(deep, MAX_NESTING)).toBeGreaterThan(MAX_NESTING);
      const refused = parseSource('deep.js', deep, { includeMinified: true });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.reason).toBe('too-deep');
        expect(refused.message).toMatch(/nests deeper than 1000 levels/);
      }
      const shallow = parseSource('shallow.js', make(Math.floor(MAX_NESTING / 3)), { includeMinified: true });
      expect(shallow.ok).toBe(true);
    });
  }

  it('does not count what is inside strings, comments, templates and regex literals', () => {
    const q = '?'.repeat(20_000);
    for (const text of [`const s = '${q}';`, `const s = "${q}";`, `// ${q}`, `/* ${q} */`, `const t = \`${q}\`;`, `const r = /${q.replace(/\?/g, 'a?')}/;`]) {
      expect(syntaxDepth(text, MAX_NESTING), text.slice(0, 12)).toBeLessThan(5);
    }
    // but a template's ${…} is code
    expect(syntaxDepth('const t = `${' + 'a ? 1 : '.repeat(2000) + '0}`;', MAX_NESTING)).toBeGreaterThan(MAX_NESTING);
  });

  it('ends a chain where the statement ends: ; , a new line after a complete expression', () => {
    const semis = 'x = a ? b : c;\n'.repeat(5_000);
    const asi = 'x = a ? b : c\n'.repeat(5_000);
    const fields = 'interface A {\n' + Array.from({ length: 3_000 }, (_, i) => `  f${i}: string\n`).join('') + '}\n';
    const args = 'f(' + Array.from({ length: 5_000 }, (_, i) => `a${i} ? 1 : 2`).join(', ') + ');\n';
    const ifs = 'if (a) x()\n'.repeat(5_000);
    for (const text of [semis, asi, fields, args, ifs]) expect(syntaxDepth(text, MAX_NESTING)).toBeLessThan(5);
    // `; else` continues an if chain
    expect(syntaxDepth('if (a) x();\n' + 'else if (b) y();\n'.repeat(2_000), MAX_NESTING)).toBeGreaterThan(MAX_NESTING);
  });

  it('stays far below the limit on real code (Rampart’s own sources)', () => {
    const root = join(import.meta.dirname, '../../../src');
    let worst = 0;
    let files = 0;
    const visit = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else if (p.endsWith('.ts')) {
          files++;
          worst = Math.max(worst, syntaxDepth(readFileSync(p, 'utf8'), MAX_NESTING));
        }
      }
    };
    visit(root);
    expect(files).toBeGreaterThan(100);
    expect(worst).toBeGreaterThan(3);
    expect(worst).toBeLessThan(100);
  });
});
