/**
 * Serverless handlers: AWS Lambda behind API Gateway / function URLs (`handler(event, context)`),
 * Azure Functions (`(context, req)`), Cloudflare Workers and Deno (`fetch(request, env)`, a Web
 * `Request`); Google Cloud Functions are (req, res) like Express.
 */
import type { TaintModel } from './types.js';

const EVENT = '@lambda.event';
const WEB_REQ = '@web.request';

export const serverlessModel: TaintModel = {
  framework: 'serverless',
  handlers: [
    { framework: 'aws-lambda', exports: { file: '.', names: ['handler'] }, params: [EVENT, null] },
    { framework: 'aws-lambda', paramNames: [['event', 'evt'], ['context', 'ctx', '_context']], params: [EVENT, null] },
    { framework: 'azure-functions', paramNames: [['context'], ['req', 'request']], params: [null, '@http.request'] },
    { framework: 'cloudflare-workers', paramNames: [['request', 'req'], ['env']], params: [WEB_REQ, null] },
    { framework: 'deno', register: 'Deno.serve', params: [WEB_REQ] },
  ],
  sources: [
    { api: `${WEB_REQ}.{url,headers,body}`, label: 'http', description: 'the request (URL, headers, body)' },
    { api: `${WEB_REQ}.{json,text,formData,arrayBuffer,blob}`, on: 'call', label: 'http', description: 'the request body' },
    ...['body', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers',
      'multiValueHeaders', 'rawPath', 'rawQueryString', 'cookies', 'path'].map((m) => ({
      api: `${EVENT}.${m}`, label: 'http' as const, description: `API Gateway request (event.${m})`,
    })),
  ],
};
