/**
 * Fastify: the request is the shared `@http.request`; the reply is its own role because
 * `reply.send(string)` is text/plain (not HTML) unless the handler sets an HTML content type.
 */
import type { SinkSpec, TaintModel } from './types.js';

const REPLY = '@fastify.reply';
const INSTANCE = '@fastify.instance';
const METHODS = '{get,post,put,delete,patch,all,options,head,route}';

function replySinks(prefix: string, id: string): SinkSpec[] {
  return [
    { id: `${id}.redirect`, kind: 'open-redirect', call: `${prefix}.redirect`, args: [0, 1], labels: ['http'],
      description: 'is the target of an HTTP redirect' },
    { id: `${id}.header`, kind: 'header-injection', call: `${prefix}.{header,setHeader}`, args: [1], labels: ['http'],
      description: 'is written into a response header' },
  ];
}

export const fastifyModel: TaintModel = {
  framework: 'fastify',
  handlers: [
    { framework: 'fastify', register: `fastify().${METHODS}`, params: ['@http.request', REPLY] },
    { framework: 'fastify', register: `fastify.fastify().${METHODS}`, params: ['@http.request', REPLY] },
    { framework: 'fastify', register: 'fastify().register', params: [INSTANCE, null, null] },
    { framework: 'fastify', register: 'fastify.fastify().register', params: [INSTANCE, null, null] },
    // Plugins get the instance as a parameter, `async function (fastify, opts)`: its routes are
    // handlers even when they take only the request (`async (request) => …`).
    { framework: 'fastify', paramNames: [['fastify', 'instance']], params: [INSTANCE, null, null] },
    { framework: 'fastify', register: `${INSTANCE}.${METHODS}`, params: ['@http.request', REPLY] },
    { framework: 'fastify', register: `${INSTANCE}.register`, params: [INSTANCE, null, null] },
    // Handlers seen without their registration: (request, reply).
    { framework: 'fastify', paramNames: [['req', 'request'], ['reply', 'rep']], params: ['@http.request', REPLY] },
  ],
  sinks: [
    ...replySinks(REPLY, 'fastify.reply'),
    ...replySinks(`${REPLY}.*()`, 'fastify.reply.chained'),
    // reply.send(string) is text/plain: a page only once the handler set an HTML type
    // (`reply.type('text/html')`, `reply.header('Content-Type', 'text/html')`, chained or not).
    {
      id: 'fastify.reply.send-html', kind: 'xss', call: `${REPLY}.send`, htmlOnly: true,
      description: 'is sent as the response body of a text/html reply',
    },
    {
      id: 'fastify.reply.chained.send-html', kind: 'xss', call: `${REPLY}.{code,status,headers,hijack}().send`, htmlOnly: true,
      description: 'is sent as the response body of a text/html reply',
    },
    // @fastify/static: reply.sendFile(name) resolves name under the root (`send` refuses a path
    // climbing out with '..' and joins an absolute one under the root), so the name is not a sink;
    // a root from the request (`sendFile(name, root)`, `sendFile(name, { root })`) is.
    {
      id: 'fastify.reply.sendFile.root', kind: 'path-traversal', call: `${REPLY}.sendFile`, args: [1], property: 'root',
      description: 'is the root directory @fastify/static serves a file from',
    },
  ],
  contentTypes: [
    { call: `${REPLY}.type`, arg: 0 },
    { call: `${REPLY}.{header,setHeader}`, header: 0 },
    { call: `${REPLY}.headers`, headers: [0] },
    { call: `${REPLY}.{code,status}().type`, arg: 0 },
    { call: `${REPLY}.{code,status}().{header,setHeader}`, header: 0 },
  ],
};
