/** Outgoing HTTP clients: a URL from the request is server-side request forgery. */
import type { SinkSpec, TaintModel } from './types.js';

const VERBS = 'get,post,put,delete,patch,head,options,request';
const DESC = 'is the URL of an outgoing request';

function ssrf(id: string, call: string, extra: Partial<SinkSpec> = {}): SinkSpec {
  return { id, kind: 'ssrf', call, labels: ['http'], description: DESC, ...extra };
}

export const httpClientsModel: TaintModel = {
  framework: 'http-clients',
  sinks: [
    // Functions taking a URL or an options object: `property` picks the options' URL and falls back
    // to the whole argument when it is a string, so one spec covers both without flagging a body.
    ssrf('axios', 'axios', { property: 'url' }),
    ssrf('axios.verb', `axios.{get,post,put,delete,patch,head,options,getUri}`),
    ssrf('axios.request', 'axios.request', { property: 'url' }),
    ssrf('axios.create.verb', `axios.create().{${VERBS}}`),
    ssrf('got', 'got', { property: 'url' }),
    ssrf('got.verb', `got.{${VERBS},stream}`),
    ssrf('got.extend', `got.extend().{${VERBS}}`),
    ssrf('undici', 'undici.{request,fetch,stream,pipeline,connect}'),
    ssrf('node-fetch', 'node-fetch'),
    ssrf('cross-fetch', '{cross-fetch,isomorphic-fetch}'),
    ssrf('needle', `needle.{${VERBS}}`),
    ssrf('needle.call', 'needle', { args: [1] }),
    ssrf('superagent', `superagent.{${VERBS},del}`),
    ssrf('superagent.call', 'superagent', { args: [0, 1] }),
    ssrf('request', 'request', { property: 'url' }),
    ssrf('request.verb', `request.{${VERBS},del}`, { property: 'url' }),
    ssrf('request-promise', '{request-promise,request-promise-native}', { property: 'url' }),
    ssrf('ky', `ky.{${VERBS}}`),
    ssrf('ky.call', 'ky'),
  ],
  // A response from another server is not the request data that chose the URL.
  sanitizers: [
    { call: 'fetch', kinds: 'all', description: 'a response, not the URL' },
    { call: `axios.{${VERBS}}`, kinds: 'all', description: 'a response, not the URL' },
    { call: 'axios', kinds: 'all', description: 'a response, not the URL' },
    { call: `axios.create().{${VERBS}}`, kinds: 'all', description: 'a response, not the URL' },
    { call: '{got,node-fetch}', kinds: 'all', description: 'a response, not the URL' },
  ],
};
