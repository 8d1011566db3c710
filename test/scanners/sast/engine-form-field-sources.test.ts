/** Browser form fields as sources (models/browser.ts): element.value and an input event's target.value. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const scan = (src: string) => brief(run(src, { path: 'public/app.js', models: MODELS }));

describe('taint engine: form fields in browser code', () => {
  it('a field value read by id or selector, or from an input event, reaching eval or innerHTML is flagged', () => {
    expect(scan(`function runSnippet() {
  const code = document.getElementById('snippet').value;
  eval(code);
}
const box = document.querySelector('#comment');
box.addEventListener('input', (e) => {
  document.getElementById('preview').innerHTML = '<p>' + e.target.value + '</p>';
});
function greet() {
  document.getElementById('out').innerHTML = 'Hi ' + document.querySelector('#name').value;
}`)).toEqual([
      { kind: 'code-injection', sink: 3, source: 2, label: 'browser' },
      { kind: 'xss', sink: 7, source: 7, label: 'browser' },
      { kind: 'xss', sink: 10, source: 10, label: 'browser' },
    ]);
  });

  it('the same values written as text, or a click event, are clean', () => {
    expect(scan(`function runSnippet() {
  const code = document.getElementById('snippet').value;
  document.getElementById('echo').textContent = code;
}
const box = document.querySelector('#comment');
box.addEventListener('input', (e) => {
  document.getElementById('preview').textContent = e.target.value;
});
box.addEventListener('click', (e) => {
  document.getElementById('preview').innerHTML = e.target.value;
});`)).toEqual([]);
  });
});
