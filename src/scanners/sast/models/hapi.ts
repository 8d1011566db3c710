/** hapi: `server.route({ handler(request, h) })`. */
import type { SourceSpec, TaintModel } from './types.js';

const REQ = '@hapi.request';
const H = '@hapi.h';
const SERVER = '@hapi.server';
const SERVERS = ['@hapi/hapi.server()', '@hapi/hapi.Server()', 'hapi.server()', 'hapi.Server()'];

const src = (member: string, description: string): SourceSpec => ({ api: `${REQ}.${member}`, label: 'http', description });

export const hapiModel: TaintModel = {
  framework: 'hapi',
  handlers: [
    // A string a handler returns is sent as text/html.
    ...SERVERS.map((s) => ({ framework: 'hapi', register: `${s}.route`, params: [REQ, H], returnsHtml: true })),
    { framework: 'hapi', paramNames: [['request', 'req'], ['h']], params: [REQ, H], returnsHtml: true },
    // Plugins: `register: async (server, options) => { server.route(…) }`.
    { framework: 'hapi', paramNames: [['server'], ['options', 'opts', '_options']], params: [SERVER, null] },
    { framework: 'hapi', register: `${SERVER}.route`, params: [REQ, H], returnsHtml: true },
  ],
  sources: [
    src('payload', 'request payload'),
    src('query', 'query string parameters'),
    src('params', 'route parameters'),
    src('headers', 'request headers'),
    src('state', 'request cookies'),
    src('url', 'request URL'),
    src('path', 'request path'),
    src('info.host', 'Host header'),
    src('info.referrer', 'Referer header'),
  ],
  // `h.response(x).type('application/json')` / `.header('Content-Type', …)`: set after the body, on the response it returns.
  contentTypes: [
    { call: `${H}.response().type`, arg: 0 },
    { call: `${H}.response().header`, header: 0 },
  ],
  sinks: [
    { id: 'hapi.h.response', kind: 'xss', call: `${H}.response`, bodyJson: true,
      description: 'is the response body (hapi serves strings as text/html)' },
    { id: 'hapi.h.redirect', kind: 'open-redirect', call: `${H}.redirect`, labels: ['http'],
      description: 'is the target of an HTTP redirect' },
    { id: 'hapi.response.header', kind: 'header-injection', call: `${H}.response().header`, args: [1], labels: ['http'],
      description: 'is written into a response header' },
    { id: 'hapi.response.redirect', kind: 'open-redirect', call: `${H}.response().redirect`, labels: ['http'],
      description: 'is the target of an HTTP redirect' },
    // @hapi/inert h.file(path): `confine` defaults to the route's relativeTo folder and answers 403
    // for a path resolving outside it, so only a call turning that off is a sink.
    { id: 'hapi.h.file.unconfined', kind: 'path-traversal', call: `${H}.file`, when: { arg: 1, property: 'confine', equals: false },
      description: 'is a file path served by inert with confine: false' },
  ],
};
