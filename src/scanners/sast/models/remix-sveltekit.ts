/**
 * File-routed full-stack frameworks whose handlers get the Web `Request`: Remix (and React Router 7)
 * `loader`/`action` in `app/routes/`, SvelteKit `load`/actions and `+server` GET/POST….
 */
import type { SinkSpec, TaintModel } from './types.js';

const REMIX = '@remix.args';
const SVELTE = '@sveltekit.event';

const redirectSink = (id: string, call: string): SinkSpec => ({
  id, kind: 'open-redirect', call, labels: ['http'], description: 'is the target of a redirect',
});

export const remixSveltekitModel: TaintModel = {
  framework: 'remix-sveltekit',
  handlers: [
    { framework: 'remix', exports: { file: '(^|/)app/routes/', names: ['loader', 'action'] }, params: [REMIX] },
    {
      framework: 'sveltekit',
      exports: { file: '(^|/)\\+(page|layout)\\.server\\.(t|j)s$', names: ['load'] },
      params: [SVELTE],
    },
    {
      framework: 'sveltekit',
      exports: { file: '(^|/)\\+server\\.(t|j)s$', names: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      params: [SVELTE],
    },
  ],
  sources: [
    { api: `${REMIX}.request`, label: 'http', description: 'the request (URL, body, headers)' },
    { api: `${REMIX}.params`, label: 'http', description: 'route parameters' },
    { api: `${SVELTE}.url`, label: 'http', description: 'the request URL' },
    { api: `${SVELTE}.request`, label: 'http', description: 'the request (body, headers)' },
    { api: `${SVELTE}.params`, label: 'http', description: 'route parameters' },
    { api: `${SVELTE}.cookies`, label: 'http', description: 'request cookies' },
  ],
  sinks: [
    // A scoped package and its member are one path segment, so each package is spelled out.
    ...['@remix-run/node', '@remix-run/cloudflare', '@remix-run/deno', 'react-router'].map((m) => redirectSink(`${m}.redirect`, `${m}.redirect`)),
    redirectSink('sveltekit.redirect', '@sveltejs/kit.redirect'),
  ],
};
