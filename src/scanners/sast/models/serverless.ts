/**
 * Serverless handlers: AWS Lambda behind API Gateway / function URLs (`handler(event, context)`),
 * Azure Functions (`(context, req)`); Google Cloud Functions are (req, res) like Express.
 */
import type { TaintModel } from './types.js';

const EVENT = '@lambda.event';

export const serverlessModel: TaintModel = {
  framework: 'serverless',
  handlers: [
    { framework: 'aws-lambda', exports: { file: '.', names: ['handler'] }, params: [EVENT, null] },
    { framework: 'aws-lambda', paramNames: [['event', 'evt'], ['context', 'ctx', '_context']], params: [EVENT, null] },
    { framework: 'azure-functions', paramNames: [['context'], ['req', 'request']], params: [null, '@http.request'] },
  ],
  sources: [
    ...['body', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers',
      'multiValueHeaders', 'rawPath', 'rawQueryString', 'cookies', 'path'].map((m) => ({
      api: `${EVENT}.${m}`, label: 'http' as const, description: `API Gateway request (event.${m})`,
    })),
  ],
};
