/** postMessage handlers: an exact check of the sender's origin makes the message data trusted on that branch. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const sinks = (code: string) => brief(run(code, { models: MODELS, path: 'public/widget.js' })).map((h) => `${h.sink}:${h.kind}:${h.label}`);

/** A message handler whose body is `body`, writing e.data as HTML on its last line. */
const handler = (body: string) => `const el = document.getElementById('out');
window.addEventListener('message', (e) => {
${body}
  el.innerHTML = e.data;
});`;

describe('postMessage origin checks', () => {
  it('without a check the data is XSS', () => {
    expect(sinks(handler('  console.log(e.origin);'))).toEqual(['4:xss:message']);
  });

  it('an exact comparison with a literal origin (early return or enclosing if) is a check', () => {
    expect(sinks(handler("  if (e.origin !== 'https://app.example.com') return;"))).toEqual([]);
    expect(sinks(handler("  if (e.origin != 'https://app.example.com') { return; }"))).toEqual([]);
    expect(sinks(`window.addEventListener('message', function (event) {
  if ('https://app.example.com' === event.origin) {
    document.body.innerHTML = event.data.html;
  }
});`)).toEqual([]);
    // The page's own origin is an exact origin too.
    expect(sinks(handler('  if (e.origin !== window.location.origin) return;'))).toEqual([]);
  });

  it('the checked event destructured after the check is clean', () => {
    expect(sinks(`window.addEventListener('message', (msg) => {
  if (msg.origin !== 'https://app.example.com') throw new Error('unexpected sender');
  const { data } = msg;
  document.getElementById('x').innerHTML = data.body;
});`)).toEqual([]);
  });

  it('two exact origins in one condition are a check; one exact and one prefix are not', () => {
    expect(sinks(handler("  if (e.origin !== 'https://a.example.com' && e.origin !== 'https://b.example.com') return;"))).toEqual([]);
    expect(sinks(`window.addEventListener('message', (e) => {
  if (e.origin === 'https://a.example.com' || e.origin === 'https://b.example.com') {
    document.body.innerHTML = e.data;
  }
});`)).toEqual([]);
    expect(sinks(handler("  if (e.origin !== 'https://a.example.com' && !e.origin.startsWith('https://b')) return;"))).toEqual(['4:xss:message']);
  });

  it('only the checked branch is clean', () => {
    expect(sinks(`window.addEventListener('message', (e) => {
  if (e.origin === 'https://app.example.com') console.log('trusted');
  document.body.innerHTML = e.data;
});`)).toEqual(['3:xss:message']);
  });

  it('an allow-list of literal origins (includes, Set.has, indexOf) is a check', () => {
    expect(sinks(`const ALLOWED = ['https://app.example.com', 'https://admin.example.com'];
${handler('  if (!ALLOWED.includes(e.origin)) return;')}`)).toEqual([]);
    expect(sinks(`const TRUSTED = new Set(['https://app.example.com']);
${handler('  if (!TRUSTED.has(e.origin)) return;')}`)).toEqual([]);
    expect(sinks(handler("  if (['https://a.example.com', 'https://b.example.com'].indexOf(e.origin) === -1) return;"))).toEqual([]);
  });

  it('an allow-list admitting any sender ("*", "null") is not a check', () => {
    expect(sinks(`const ALLOWED = ['https://app.example.com', '*'];
${handler('  if (!ALLOWED.includes(e.origin)) return;')}`)).toEqual(['5:xss:message']);
    expect(sinks(handler("  if (e.origin !== 'null') return;"))).toEqual(['4:xss:message']);
  });

  it('prefix and suffix tests are not checks (https://app.evil.com starts with https://app)', () => {
    expect(sinks(handler("  if (!e.origin.startsWith('https://app')) return;"))).toEqual(['4:xss:message']);
    // Kept flagged on purpose: http:// and every subdomain (a takeover, user content) pass too.
    expect(sinks(handler("  if (!e.origin.endsWith('.example.com')) return;"))).toEqual(['4:xss:message']);
    expect(sinks(handler("  if (e.origin.indexOf('example.com') === -1) return;"))).toEqual(['4:xss:message']);
  });

  it('data read before the check keeps its label', () => {
    expect(sinks(`window.addEventListener('message', (e) => {
  const html = e.data;
  if (e.origin !== 'https://app.example.com') return;
  document.body.innerHTML = html;
});`)).toEqual(['4:xss:message']);
  });
});
