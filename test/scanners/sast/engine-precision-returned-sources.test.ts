/** Source data a function reads and returns keeps what the function did to it (issue 5 precision). */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

function flows(src: string) {
  return brief(run(src, { models: MODELS }));
}

describe('taint engine: a function returning its own source data', () => {
  it('sanitised inside the function: clean at the call site; returned raw: still flagged', () => {
    expect(flows(`import DOMPurify from 'dompurify';
function clean() { return DOMPurify.sanitize(location.hash); }
document.getElementById('x').innerHTML = clean();
function raw() { return location.hash; }
document.getElementById('y').innerHTML = raw();`))
      .toEqual([{ kind: 'xss', sink: 5, source: 4, label: 'browser' }]);
  });

  it('cleaned for one kind only: clean there, still flagged for another', () => {
    const found = flows(`const escapeHtml = require('escape-html');
function target() { return escapeHtml(location.hash.slice(1)); }
document.getElementById('x').innerHTML = target();
location.href = target();`);
    expect(found.filter((f) => f.kind === 'xss')).toEqual([]);
    expect(found).toContainEqual({ kind: 'open-redirect', sink: 4, source: 2, label: 'browser' });
  });
});
