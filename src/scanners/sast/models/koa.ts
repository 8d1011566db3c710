/** Koa and its routers: every middleware gets the context `ctx`. */
import type { SourceSpec, TaintModel } from './types.js';

const CTX = '@koa.context';
const METHODS = '{get,post,put,delete,del,patch,all,use,head,options}';

/** `text`: route parameters, the URL and header values are always strings (no NoSQL operator objects). */
const src = (member: string, description: string, on: 'read' | 'call' = 'read', text = false): SourceSpec => ({
  api: `${CTX}.${member}`, on, label: 'http', description, ...(text ? { text } : {}),
});
const text = (member: string, description: string, on: 'read' | 'call' = 'read'): SourceSpec => src(member, description, on, true);

export const koaModel: TaintModel = {
  framework: 'koa',
  handlers: [
    { framework: 'koa', register: 'koa().use', params: [CTX, null] },
    { framework: 'koa', register: `@koa/router().${METHODS}`, params: [CTX, null] },
    { framework: 'koa', register: `koa-router().${METHODS}`, params: [CTX, null] },
    // Only `ctx` by name: `context` and `c` are too common elsewhere.
    { framework: 'koa', paramNames: [['ctx']], params: [CTX, null] },
    // Koa v1: `module.exports = function* (next) { … this.request.path … }`, pushed onto a list
    // and registered in another file; `next` alone is too common, so only generator functions.
    { framework: 'koa', paramNames: [['next']], params: [CTX, null], generator: true },
  ],
  sources: [
    src('query', 'query string parameters'),
    text('querystring', 'query string'),
    text('params', 'route parameters'),
    text('headers', 'request headers'),
    text('header', 'request headers'),
    text('url', 'request URL'),
    text('originalUrl', 'request URL'),
    text('path', 'request path'),
    text('href', 'request URL'),
    text('host', 'Host header'),
    text('hostname', 'Host header'),
    text('get', 'request header', 'call'),
    text('cookies.get', 'request cookie', 'call'),
    src('request.body', 'request body'),
    src('request.query', 'query string parameters'),
    text('request.headers', 'request headers'),
    src('request.files', 'uploaded files'),
    text('request.url', 'request URL'),
    src('request.rawBody', 'raw request body'),
    text('request.{path,querystring,search,href,originalUrl,header,host,hostname}', 'request URL or headers'),
    text('request.get', 'request header', 'call'),
    // The Node request under Koa's.
    text('req.{url,headers,rawHeaders}', 'request URL or headers (ctx.req)'),
  ],
  sinks: [
    { id: 'koa.ctx.body', kind: 'xss', assign: `${CTX}.body`, bodyJson: true,
      description: 'is the response body (Koa serves a string starting with "<" as HTML)' },
    { id: 'koa.ctx.response.body', kind: 'xss', assign: `${CTX}.response.body`, bodyJson: true,
      description: 'is the response body (Koa serves a string starting with "<" as HTML)' },
    { id: 'koa.ctx.redirect', kind: 'open-redirect', call: `${CTX}.redirect`, labels: ['http'],
      description: 'is the target of an HTTP redirect' },
    { id: 'koa.ctx.set', kind: 'header-injection', call: `${CTX}.{set,append}`, args: [1], labels: ['http'],
      description: 'is written into a response header' },
    { id: 'koa.ctx.attachment', kind: 'header-injection', call: `${CTX}.attachment`, labels: ['http'],
      description: 'is written into the Content-Disposition header' },
  ],
};
