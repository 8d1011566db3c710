/**
 * XSS/browser AST rules (rules/xss-rules.ts): a URL sanitiser that refuses only javascript:, and window
 * messaging without an origin check. Each case is written by us; flagged and clean shapes side by side.
 */
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { xssRules } from '../../../src/scanners/sast/rules/xss-rules.js';

/** `line:rule` of every hit of the two rules on the snippet. */
function hits(src: string, path = 'src/render.js'): string[] {
  const o = parseSource(path, src);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  const out: string[] = [];
  for (const r of xssRules) for (const h of r.check(o.file, api)) out.push(`${o.file.lines.position(h.start).line}:${r.meta.id.slice(8)}`);
  return out.sort();
}

describe('incomplete-url-scheme-check', () => {
  it('flags a sanitiser whose only test is a javascript: regex, and an indexOf check before an href', () => {
    expect(hits(`function cleanLink(link) {
  const text = decodeURIComponent(link).trim();
  if (/^javascript:/i.test(text)) return '#';
  return link;
}
function anchor(url, label) {
  var scheme = url.replace(/[^a-z:]/gi, '').toLowerCase();
  if (scheme.indexOf('javascript:') === 0) { return label; }
  return '<a href="' + url + '">' + label + '</a>';
}`)).toEqual(['3:incomplete-url-scheme-check', '8:incomplete-url-scheme-check']);
  });

  it('is clean with a full block-list, an allow-list, or when the URL is not handed on', () => {
    expect(hits(`function cleanLink(link) {
  const text = decodeURIComponent(link).trim();
  if (/^(javascript|vbscript|data):/i.test(text)) return '#';
  return link;
}
function allowOnly(link) {
  if (link.startsWith('javascript:')) return null;
  if (!/^(https?:|mailto:|\\/)/.test(link)) return null;
  return link;
}
function onClick(ev) {
  const href = ev.target.getAttribute('href');
  if (href.indexOf('javascript:') === 0) return;
  ev.preventDefault();
  router.go(href);
}`)).toEqual([]);
  });
});

describe('insecure-postmessage', () => {
  it('flags a window listener that uses event.data with no origin check, and its replies to the parent with *', () => {
    expect(hits(`function reply(id, body) {
  window.parent.postMessage(JSON.stringify({ id, body }), '*');
}
function onMessage(event) {
  const req = JSON.parse(event.data);
  if (req.op === 'read') reply(req.id, sessionStorage.getItem(req.key));
}
window.addEventListener('message', onMessage);
window.onmessage = (e) => { document.title = e.data.title; };`)).toEqual([
      '2:insecure-postmessage', '8:insecure-postmessage', '9:insecure-postmessage',
    ]);
  });

  it('is clean when the origin or source is checked, for a worker or port, and for posts in a file without such a listener', () => {
    expect(hits(`const ALLOWED = 'https://app.example.com';
window.addEventListener('message', (event) => {
  if (event.origin !== ALLOWED) return;
  apply(JSON.parse(event.data));
});
window.addEventListener('message', function (e) {
  if (e.source === window && e.data === 'tick') drain();
});
self.addEventListener('message', (e) => { self.postMessage(work(e.data)); });
port.addEventListener('message', (e) => handle(e.data));
parent.postMessage({ height: document.body.scrollHeight }, '*');`)).toEqual([]);
  });

  it('is clean for a worker script listening on its own global scope', () => {
    expect(hits(`importScripts('lib.js');
addEventListener('message', function (e) {
  postMessage(compute(e.data));
});`, 'src/worker.js')).toEqual([]);
  });
});
