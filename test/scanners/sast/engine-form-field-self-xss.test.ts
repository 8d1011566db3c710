/** Form-field values reaching eval/markup in their own page are self-XSS: reported low, with the reason (written by us). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanRoot } from './scan-root.js';

const root = mkdtempSync(join(tmpdir(), 'rampart-self-xss-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scan(source: string) {
  mkdirSync(join(root, 'public'), { recursive: true });
  const path = `public/app${Math.random().toString(36).slice(2, 8)}.js`;
  writeFileSync(join(root, path), source);
  const found = await scanRoot(root, [path]);
  return found.filter((f) => f.ruleId.startsWith('sast/')).map((f) => ({ rule: f.ruleId.split('/').pop(), line: f.location.startLine, severity: f.severity, self: f.message.includes('self-XSS') }))
    .sort((a, b) => a.line - b.line);
}

describe('taint engine: form fields are self-XSS', () => {
  it('a typed value reaching innerHTML or eval is reported at low severity as self-XSS', async () => {
    const got = await scan(`const input = document.getElementById('todo');
input.addEventListener('change', (e) => {
  const li = document.createElement('li');
  li.innerHTML = e.target.value;
  document.getElementById('list').appendChild(li);
});
function run() {
  const expr = document.getElementById('expr').value;
  document.getElementById('out').textContent = eval(expr);
}
`);
    expect(got.filter((g) => g.line === 4 || g.line === 9)).toEqual([
      { rule: 'xss', line: 4, severity: 'low', self: true },
      { rule: 'code-injection', line: 9, severity: 'low', self: true },
    ].map((g) => expect.objectContaining({ line: g.line, severity: g.severity, self: g.self })));
  });

  it('the page URL at the same kind of sink keeps its severity, also when a form field reaches the same sink', async () => {
    const got = await scan(`function show() {
  const q = document.getElementById('q').value || location.hash.slice(1);
  document.getElementById('out').innerHTML = q;
}
function shown() {
  document.getElementById('out2').innerHTML = location.hash.slice(1);
}
`);
    const at = got.filter((g) => g.line === 3 || g.line === 6);
    expect(at.length).toBe(2);
    for (const g of at) expect(g.severity === 'low' || g.self).toBe(false);
  });
});
