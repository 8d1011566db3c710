/**
 * The shared HTTP roles: `@http.request` (Node's IncomingMessage and the Express / Fastify / Next.js
 * pages request built on it) and `@http.response` (ServerResponse and Express's additions), plus
 * Node's own `http.createServer` handlers. Framework models only say which parameters get these roles.
 */
import type { ContentTypeSpec, SinkSpec, SourceSpec, TaintModel } from './types.js';

const REQ = '@http.request';
const RES = '@http.response';
const REQ_NAMES = ['req', 'request', '_req', '_request'];
const RES_NAMES = ['res', 'response', '_res', '_response'];
/**
 * Routers for Node's own server (find-my-way, beeline, http-hash-router, routes) call a route's
 * handler with the path's captures third: `(req, res, params) => …`, `'/files/`path...`': (req, res, details)`.
 */
const ROUTE_PARAMS = '@http.route-params';
const ROUTE_PARAM_NAMES = ['params', 'details', 'captures', 'match', 'matches', 'tokens', 'routeparams'];

const read = (member: string, description: string, text = false): SourceSpec => ({ api: `${REQ}.${member}`, label: 'http', description, ...(text ? { text } : {}) });
const call = (member: string, description: string, text = false): SourceSpec => ({ api: `${REQ}.${member}`, on: 'call', label: 'http', description, ...(text ? { text } : {}) });

/** `text`: route parameters, the URL and header values are always strings (no NoSQL operator objects). */
export const HTTP_REQUEST_SOURCES: SourceSpec[] = [
  read('query', 'query string parameters'),
  read('params', 'route parameters', true),
  read('body', 'request body'),
  read('rawBody', 'raw request body'),
  read('headers', 'request headers', true),
  read('rawHeaders', 'raw request headers', true),
  read('cookies', 'request cookies'),
  read('signedCookies', 'signed cookies'),
  read('url', 'request URL', true),
  read('originalUrl', 'request URL', true),
  read('path', 'request path', true),
  read('hostname', 'Host header', true),
  read('host', 'Host header', true),
  read('files', 'uploaded files'),
  // multer: the client names and fills the file; its `path`/`filename` on disk are the server's own.
  read('file.{originalname,buffer,mimetype,fieldname}', 'uploaded file (name and contents from the client)'),
  call('get', 'request header', true),
  // Node's own body reading: `req.on('data', (chunk) => body += chunk)`.
  { api: `${REQ}.{on,once,addListener}`, on: 'callback', event: 'data', label: 'http', description: 'request body (data event)' },
  call('header', 'request header', true),
  call('param', 'request parameter'),
];

/**
 * Helpers that take the whole request object and return its data: the request itself is a role
 * without taint (only its members are sources), so these are sources of their own.
 */
export const REQUEST_HELPER_SOURCES: SourceSpec[] = [
  { api: 'parseurl', on: 'call', label: 'http', description: 'request URL (parseurl)' },
  { api: 'parseurl.original', on: 'call', label: 'http', description: 'request URL (parseurl.original)' },
  { api: 'raw-body', on: 'call', label: 'http', description: 'request body (raw-body)' },
  { api: 'co-body', on: 'call', label: 'http', description: 'request body (co-body)' },
  { api: 'co-body.{json,form,text}', on: 'call', label: 'http', description: 'request body (co-body)' },
  { api: 'get-raw-body', on: 'call', label: 'http', description: 'request body' },
];

/**
 * Chainable response methods that leave the body's type alone. Not `type` / `contentType`
 * (`res.type('text/plain').send(x)` is text, and JSON or a file type is not HTML either) nor
 * `attachment` (a download the browser does not render).
 */
const CHAIN = '{status,set,header,cookie,clearCookie,append,vary,links,location,writeHead}';

/** Response methods, also reached through a chain like `res.status(200).send(…)`. */
function responseSinks(prefix: string, idPrefix: string): SinkSpec[] {
  return [
    {
      id: `${idPrefix}.send`, kind: 'xss', call: `${prefix}.{send,write,end}`, bodyJson: true,
      description: 'is written into the HTTP response as HTML',
    },
    { id: `${idPrefix}.redirect`, kind: 'open-redirect', call: `${prefix}.redirect`, args: [0, 1],
      labels: ['http'], description: 'is the target of an HTTP redirect' },
    { id: `${idPrefix}.location`, kind: 'open-redirect', call: `${prefix}.location`, labels: ['http'],
      description: 'is set as the Location header' },
    { id: `${idPrefix}.setHeader.Location`, kind: 'open-redirect', call: `${prefix}.{setHeader,set,header,append}`, args: [1],
      when: { arg: 0, equals: 'location' }, labels: ['http'], description: 'is set as the Location header (where the browser is sent)' },
    { id: `${idPrefix}.setHeader`, kind: 'header-injection', call: `${prefix}.{setHeader,set,header,append}`,
      args: [1], labels: ['http'], description: 'is written into a response header' },
    { id: `${idPrefix}.writeHead`, kind: 'header-injection', call: `${prefix}.writeHead`, args: [1, 2],
      labels: ['http'], description: 'is written into the response headers' },
    ...['Location', 'location'].map((property): SinkSpec => ({
      id: `${idPrefix}.writeHead.${property}`, kind: 'open-redirect', call: `${prefix}.writeHead`, args: [1, 2], property,
      labels: ['http'], description: 'is the Location a redirect response sends the browser to',
    })),
    // With a root option the file is resolved under it and '..' is refused (express, via send).
    { id: `${idPrefix}.sendFile`, kind: 'path-traversal', call: `${prefix}.sendFile`, unless: [{ arg: 1, property: 'root' }],
      description: 'names the file sent to the client' },
    // download(path, [filename], [options], [fn]): the options may be the second or third argument.
    { id: `${idPrefix}.download`, kind: 'path-traversal', call: `${prefix}.download`,
      unless: [{ arg: 1, property: 'root' }, { arg: 2, property: 'root' }], description: 'names the file sent to the client' },
    { id: `${idPrefix}.render`, kind: 'path-traversal', call: `${prefix}.render`,
      description: 'names the view template rendered (a file under the views directory)' },
  ];
}

/** Response methods that set the body's content type (value.ts F_CT_*): `res.type('json')`, `res.set('Content-Type', t)`. */
function contentTypeSetters(prefix: string): ContentTypeSpec[] {
  return [
    { call: `${prefix}.{type,contentType}`, arg: 0 },
    { call: `${prefix}.{set,header,setHeader}`, header: 0 },
    { call: `${prefix}.writeHead`, headers: [1, 2] },
  ];
}

export const httpModel: TaintModel = {
  framework: 'node-http',
  handlers: [
    {
      framework: 'node-http',
      register: '{http,https,http2}.{createServer,createSecureServer}',
      params: [REQ, RES],
    },
    // Handlers whose registration is in another file: (req, res, params) of a router, (req, res),
    // and Express error middleware.
    { framework: 'node-http', paramNames: [REQ_NAMES, RES_NAMES, ROUTE_PARAM_NAMES], params: [REQ, RES, ROUTE_PARAMS] },
    { framework: 'node-http', paramNames: [REQ_NAMES, RES_NAMES], params: [REQ, RES] },
    {
      framework: 'node-http',
      paramNames: [['err', 'error', 'e', '_err'], REQ_NAMES, RES_NAMES],
      params: [null, REQ, RES],
    },
  ],
  sources: [
    ...HTTP_REQUEST_SOURCES, ...REQUEST_HELPER_SOURCES,
    { api: `${ROUTE_PARAMS}.*`, label: 'http', description: 'route parameters', text: true },
  ],
  sinks: [
    ...responseSinks(RES, 'response'),
    ...responseSinks(`${RES}.${CHAIN}()`, 'response.chained'),
    ...responseSinks(`${RES}.${CHAIN}().${CHAIN}()`, 'response.chained2'),
    { id: 'response.pipe', kind: 'xss', pipeInto: RES, description: 'is streamed into the HTTP response as its body' },
  ],
  // Chains after a type is set are already typed: `res.status(200).type('json')` is one of these.
  contentTypes: [...contentTypeSetters(RES), ...contentTypeSetters(`${RES}.${CHAIN}()`)],
};
