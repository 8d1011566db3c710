/** Express: route and middleware registration give handlers the shared HTTP roles. */
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
  ],
};
