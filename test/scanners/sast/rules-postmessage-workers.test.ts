import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { insecurePostMessage } from '../../../src/scanners/sast/rules/insecure-postmessage.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  return insecurePostMessage.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

/** A worker's bare `addEventListener('message')` hears only its own page (written by us). */
describe('sast/js/insecure-postmessage: web workers and service workers', () => {
  it('a dedicated worker replying with self.postMessage is clean', () => {
    expect(lines(`addEventListener('message', (e) => {
  const total = e.data.items.length;
  self.postMessage({ total });
});`)).toEqual([]);
  });

  it('a service worker (skipWaiting, clients.claim, fetch listeners) is clean', () => {
    expect(lines(`addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') skipWaiting();
});`)).toEqual([]);
    expect(lines(`addEventListener('activate', () => self.clients.claim());
addEventListener('message', (event) => { caches.delete(event.data.name); });`)).toEqual([]);
  });

  it("a page's bare listener is reported, also when it replies to its parent with a target origin", () => {
    expect(lines(`addEventListener('message', (event) => {
  localStorage.setItem('theme', event.data.theme);
  postMessage('ok', '*');
});
const clients = [];
clients.push(1);`)).toEqual([1]);
    expect(lines(`window.addEventListener('message', (event) => {
  document.title = event.data.title;
});
self.postMessage('ready');`)).toEqual([1]);
  });
});
