/** Component props across files: `<Comp html={x} />` is a call of Comp with `{ html: x }`, prop by prop. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';
import type { FileExports } from '../../../src/scanners/sast/taint/summary.js';

const BROWSER = new Set(['browser'] as const);
const lib = (code: string, path: string) => run(code, { models: MODELS, path, labels: BROWSER }).exports;
const hits = (code: string, path: string, imported: Record<string, FileExports>) =>
  brief(run(code, { models: MODELS, path, labels: BROWSER, imported })).map((h) => `${h.source}:${h.kind}`);

const MARKUP = lib(`import React from 'react';
export function Markup({ html, title }: { html: string; title: string }) {
  return <section title={title} dangerouslySetInnerHTML={{ __html: html }} />;
}
export default function Note(props) {
  const { body } = props;
  return <article className={props.tone}><h2>{props.heading}</h2><div dangerouslySetInnerHTML={{ __html: body }} /></article>;
}
export const Banner = ({ text, raw = '' }) => <p>{text}<span dangerouslySetInnerHTML={{ __html: raw }} /></p>;`, 'src/components/Markup.tsx');

describe('props of a component from another file', () => {
  it('the prop that reaches dangerouslySetInnerHTML is reported (destructured, props.x, default export, arrow)', () => {
    expect(hits(`import React from 'react';
import Note, { Markup, Banner } from './components/Markup';
export function Preview() {
  const frag = decodeURIComponent(location.hash.slice(1));
  return <main>
    <Markup html={frag} title="Preview" />
    <Note body={document.referrer} tone="info" heading="From" />
    <Banner text="hi" raw={location.search} />
  </main>;
}`, 'src/pages/Preview.tsx', { './components/Markup': MARKUP })).toEqual(['4:xss', '7:xss', '8:xss']);
  });

  it('input in a prop rendered as text, or fixed markup in the raw prop, is clean', () => {
    expect(hits(`import React from 'react';
import Note, { Markup, Banner } from './components/Markup';
import DOMPurify from 'dompurify';
export function Preview() {
  const frag = location.hash.slice(1);
  return <main>
    <Markup html="<b>Welcome</b>" title={frag} />
    <Note body="<p>static</p>" tone={document.referrer} heading={frag} />
    <Banner text={location.search} />
    <Markup html={DOMPurify.sanitize(frag)} title="x" />
  </main>;
}`, 'src/pages/Preview.tsx', { './components/Markup': MARKUP })).toEqual([]);
  });

  it('a spread of input reaches every prop; the component called as a function works the same', () => {
    expect(hits(`import React from 'react';
import { Markup } from './components/Markup';
const fromUrl = Object.fromEntries(new URLSearchParams(location.search));
export const A = () => <Markup {...fromUrl} />;
export const B = () => Markup({ html: location.hash, title: 'x' });
export const C = () => Markup({ html: '<br>', title: location.hash });`, 'src/pages/Spread.tsx', { './components/Markup': MARKUP })).toEqual(['3:xss', '5:xss']);
  });
});
