/**
 * A classic script's global functions (taint/classic-scripts.ts) are called by other scripts the
 * scan may not see, often with constants: their parameters built into markup are reported at low
 * severity with that caveat; a concrete source reaching the same markup is reported at its own
 * severity (examples written by us).
 */
import { describe, expect, it } from 'vitest';
import { oneFileScanner } from './scan-root.js';

const scanFile = oneFileScanner('rampart-classic-severity-');
async function xss(name: string, source: string): Promise<[number, string][]> {
  const found = await scanFile(name, source);
  return found.filter((f) => f.ruleId === 'sast/js/xss').map((f): [number, string] => [f.location.startLine, f.severity]).sort((a, b) => a[0] - b[0]);
}

describe("classic scripts: global function parameters are reported low", () => {
  it('a global helper building its parameter into markup is low severity', async () => {
    expect(await xss('static/ui.js', `function showBusy(boxId, label = 'Please wait') {
  document.getElementById(boxId).innerHTML = '<span class="busy">' + label + '</span>';
}
function clearBox(boxId) {
  document.getElementById(boxId).textContent = '';
}
`)).toEqual([[2, 'low']]);
  });

  it('the page URL or a fetched record reaching markup in the same script keeps its severity', async () => {
    const found = await xss('static/board.js', `function showNote(text) {
  document.getElementById('note').innerHTML = '<em>' + text + '</em>';
}
async function loadBoard() {
  const r = await fetch('/api/board');
  const board = await r.json();
  document.getElementById('title').innerHTML = '<h1>' + board.title + '</h1>';
  document.getElementById('from').innerHTML = '<b>' + location.hash.slice(1) + '</b>';
}
loadBoard();
`);
    expect(found.filter(([, s]) => s !== 'low').map(([l]) => l)).toEqual([7, 8]);
    expect(found.filter(([, s]) => s === 'low').map(([l]) => l)).toEqual([2]);
  });
});
