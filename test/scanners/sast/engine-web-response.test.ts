/** A route handler's Web Response is a page only when its init gives it an HTML content type. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run } from './engine-helpers.js';

const lines = (code: string) => brief(run(code, { models: MODELS, path: 'app/greet/route.ts' })).map((h) => `${h.sink}:${h.kind}`);

const HEAD = `import { NextResponse } from 'next/server';
import escapeHtml from 'escape-html';
export async function GET(request: Request) {
  const who = new URL(request.url).searchParams.get('who') ?? 'guest';
  const mode = request.headers.get('x-mode');
`;

describe('new Response / new NextResponse with an HTML body', () => {
  it('an HTML content type in the init (object, Headers, NextResponse) makes the body a page', () => {
    expect(lines(`${HEAD}  if (mode === 'plain') return new Response(\`<main>Hello \${who}</main>\`, { headers: { 'content-type': 'text/html' } });
  if (mode === 'next') return new NextResponse('<h1>' + who + '</h1>', { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  const init = { headers: new Headers({ 'Content-Type': 'text/html' }) };
  return new Response(\`<p>\${who}</p>\`, init);
}`)).toEqual(['6:xss', '7:xss', '9:xss']);
  });

  it('JSON, no content type (text/plain), an escaped body and NextResponse.json are not', () => {
    expect(lines(`${HEAD}  if (mode === 'json') return new Response(JSON.stringify({ who }), { headers: { 'content-type': 'application/json' } });
  if (mode === 'text') return new Response('Hello ' + who);
  if (mode === 'status') return new NextResponse('Hello ' + who, { status: 200 });
  if (mode === 'safe') return new Response(\`<main>Hello \${escapeHtml(who)}</main>\`, { headers: { 'content-type': 'text/html' } });
  if (mode === 'fixed') return new Response('<main>Hello</main>', { headers: new Headers({ 'Content-Type': 'text/html' }) });
  return NextResponse.json({ greeting: 'Hello ' + who });
}`)).toEqual([]);
  });
});
