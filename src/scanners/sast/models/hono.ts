/** Hono: every handler gets the context `c`; `c.req` is the request. */
import type { TaintModel } from './types.js';

const C = '@hono.context';
const METHODS = '{get,post,put,delete,patch,all,on,use,options}';

export const honoModel: TaintModel = {
  framework: 'hono',
  handlers: [
    { framework: 'hono', register: `hono.Hono().${METHODS}`, params: [C, null] },
    { framework: 'hono', register: `hono.Hono().route().${METHODS}`, params: [C, null] },
  ],
  sources: [
    // c.req.query(), .param(), .header(), .json(), .parseBody(), .url, .path: all from the client.
    { api: `${C}.req`, label: 'http', description: 'the request (c.req)' },
  ],
  sinks: [
    { id: 'hono.c.html', kind: 'xss', call: `${C}.html`, description: 'is the HTML response body (c.html)' },
    { id: 'hono.c.redirect', kind: 'open-redirect', call: `${C}.redirect`, labels: ['http'],
      description: 'is the target of an HTTP redirect' },
    { id: 'hono.c.header', kind: 'header-injection', call: `${C}.header`, args: [1], labels: ['http'],
      description: 'is written into a response header' },
  ],
};
