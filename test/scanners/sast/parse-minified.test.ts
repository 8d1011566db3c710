import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { looksMinified } from '../../../src/scanners/sast/parse/shape.js';

const handWritten = Array.from({ length: 200 }, (_, i) => `export function f${i}(a, b) {\n  return a + b * ${i};\n}\n`).join('');
const base64 = 'QUJD'.repeat(1_600); // 6,400 characters, no code marks
const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2L2 7l10 5 10-5-10-5z" fill="#000"/></svg>'.repeat(45);
const minifiedChunk = 'var a=function(b,c){if(/["\']/.test(b))return c;return b+c};a(1,2);'.repeat(120);

describe('looksMinified: judged on code, not on data lines', () => {
  it('reads a hand-written module that holds one long base64, SVG or number-table line', () => {
    for (const data of [`export const icon = '${base64}';`, `export const logo = \`${svg}\`;`, `export const table = [${Array.from({ length: 2_000 }, (_, i) => i).join(', ')}];`]) {
      expect(data.length).toBeGreaterThan(5_000);
      expect(looksMinified(`${handWritten}${data}\n`)).toBe(false);
    }
    // short file: the data line alone would make the average line far over 300 characters
    const short = `const { exec } = require('child_process');\nconst ICON = '${base64}';\nexec('ls ' + process.argv[2]);\n`;
    expect(looksMinified(short)).toBe(false);
    expect(parseSource('short.js', short).ok).toBe(true);
  });

  it('still skips minified code, also when its regex literals hold quotes', () => {
    expect(minifiedChunk.length).toBeGreaterThan(5_000);
    expect(looksMinified(minifiedChunk)).toBe(true);
    expect(looksMinified(`${handWritten}${minifiedChunk}\n`)).toBe(true);
    // lines of ~500 characters of code, as some minifiers wrap them
    const wrapped = Array.from({ length: 40 }, () => minifiedChunk.slice(0, 500)).join('\n');
    expect(looksMinified(wrapped)).toBe(true);
    const o = parseSource('dist/app.js', minifiedChunk);
    expect(o.ok).toBe(false);
    if (!o.ok) expect(o.reason).toBe('minified');
  });
});
