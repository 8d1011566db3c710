/** Express: route and middleware registration give handlers the shared HTTP roles; express.static and send. */
import type { TaintModel } from './types.js';

// Not `use`: its callbacks include error middleware (err, req, res, next), whose positions differ;
// middleware is recognised by its parameter names instead (models/http.ts).
const METHODS = '{get,post,put,delete,patch,all,options,head}';
const APPS = ['express()', 'express.Router()'];
const ROLES = ['@http.request', '@http.response', null];

export const expressModel: TaintModel = {
  framework: 'express',
  handlers: APPS.flatMap((app) => [
    { framework: 'express', register: `${app}.${METHODS}`, params: ROLES },
    { framework: 'express', register: `${app}.route().${METHODS}`, params: ROLES },
  ]),
  sinks: [
    {
      id: 'express.static', kind: 'path-traversal', call: 'express.static',
      description: 'is the root directory Express serves files from',
    },
    // send (under res.sendFile and serve-static): without a root the path is used as given, and
    // an absolute path reads any file; with one it is resolved under the root and '..' is refused.
    {
      id: 'send', kind: 'path-traversal', call: 'send', args: [1], unless: [{ arg: 2, property: 'root' }],
      description: 'is the file the send module streams to the client',
    },
  ],
};
