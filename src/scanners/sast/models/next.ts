/**
 * Next.js: pages API routes (`pages/api/**`, default export (req, res)), app router route handlers
 * (`app/**\/route.ts`, exported GET/POST/…), app router pages (`app/**\/page.tsx` props), `getServerSideProps`,
 * and the Web `Request` they get.
 */
import type { SinkSpec, TaintModel } from './types.js';

const NEXT_REQ = '@next.request';
const NEXT_CTX = '@next.context';
const PAGE_CTX = '@next.page-context';
const FORM = '@next.form-data';
const PAGE_PROPS = '@next.page-props';
/** Web Response constructors (the global and next/server's subclass): `new Response(body, init)`, by sink id. */
const WEB_RESPONSE_IDS: Record<string, string> = { Response: 'web.Response', 'next.server.NextResponse': 'next.NextResponse' };
const WEB_RESPONSES = Object.keys(WEB_RESPONSE_IDS);

export const nextModel: TaintModel = {
  framework: 'nextjs',
  handlers: [
    {
      framework: 'nextjs',
      exports: { file: '(^|/)pages/api/', names: ['default'] },
      params: ['@http.request', '@http.response'],
    },
    {
      framework: 'nextjs',
      exports: { file: '(^|/)app/(.*/)?route\\.(t|j)sx?$', names: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
      params: [NEXT_REQ, NEXT_CTX],
    },
    {
      framework: 'nextjs',
      exports: { file: '(^|/)middleware\\.(t|j)s$', names: ['middleware', 'default'] },
      params: [NEXT_REQ],
    },
    // Server actions ('use server' functions) get the submitted form from any client.
    { framework: 'nextjs', paramNames: [['formdata']], params: [FORM] },
    { framework: 'nextjs', paramNames: [['prevstate', 'state', '_prevstate', '_state', 'previousstate'], ['formdata']], params: [null, FORM] },
    {
      framework: 'nextjs',
      exports: { file: '(^|/)pages/', names: ['getServerSideProps'] },
      params: [PAGE_CTX],
    },
    // App router pages and their metadata get the URL's dynamic segments and query as props.
    {
      framework: 'nextjs',
      exports: { file: '(^|/)app/(.*/)?page\\.(t|j)sx?$', names: ['default', 'generateMetadata'] },
      params: [PAGE_PROPS],
    },
  ],
  sources: [
    // The whole URL and everything read from it: nextUrl.searchParams.get(…), nextUrl.pathname.
    { api: `${NEXT_REQ}.nextUrl`, label: 'http', description: 'request URL (nextUrl)' },
    { api: `${NEXT_REQ}.url`, label: 'http', description: 'request URL' },
    { api: `${NEXT_REQ}.headers`, label: 'http', description: 'request headers' },
    { api: `${NEXT_REQ}.cookies`, label: 'http', description: 'request cookies' },
    { api: `${NEXT_REQ}.json`, on: 'call', label: 'http', description: 'request body (JSON)' },
    { api: `${NEXT_REQ}.formData`, on: 'call', label: 'http', description: 'request body (form data)' },
    { api: `${NEXT_REQ}.text`, on: 'call', label: 'http', description: 'request body (text)' },
    { api: `${NEXT_REQ}.body`, label: 'http', description: 'request body stream' },
    { api: `${NEXT_CTX}.params`, label: 'http', description: 'dynamic route segments' },
    { api: `${FORM}.{get,getAll,entries,values}`, on: 'call', label: 'http', description: 'form data submitted to a server action' },
    { api: `${PAGE_CTX}.query`, label: 'http', description: 'query string parameters' },
    { api: `${PAGE_CTX}.params`, label: 'http', description: 'dynamic route segments' },
    { api: `${PAGE_CTX}.resolvedUrl`, label: 'http', description: 'request URL' },
    { api: `${PAGE_CTX}.req.headers`, label: 'http', description: 'request headers' },
    { api: `${PAGE_CTX}.req.cookies`, label: 'http', description: 'request cookies' },
    { api: `${PAGE_CTX}.req.url`, label: 'http', description: 'request URL' },
    { api: `${PAGE_PROPS}.searchParams`, label: 'http', description: 'query string parameters (page searchParams)' },
    { api: `${PAGE_PROPS}.params`, label: 'http', description: 'dynamic route segments (page params)' },
  ],
  sinks: [
    { id: 'next.NextResponse.redirect', kind: 'open-redirect', call: 'next.server.NextResponse.redirect',
      labels: ['http', 'browser', 'message'], description: 'is the target of an HTTP redirect' },
    { id: 'next.navigation.redirect', kind: 'open-redirect', call: 'next.navigation.{redirect,permanentRedirect}',
      labels: ['http', 'browser', 'message'], description: 'is the target of a redirect' },
    { id: 'next.router.push', kind: 'open-redirect', call: 'next.router.{push,replace}',
      labels: ['http', 'browser', 'message'], description: 'is the target of a client-side navigation' },
    ...['next.router', 'next.navigation'].map((m): SinkSpec => ({
      id: `${m}.useRouter.push`, kind: 'open-redirect', call: `${m}.useRouter().{push,replace}`,
      labels: ['http', 'browser', 'message'], description: 'is the target of a client-side navigation',
    })),
    // A route handler's Web Response: a page only when its init gives an HTML type (a string body
    // is text/plain by default; Response.json / NextResponse.json are JSON).
    ...WEB_RESPONSES.map((call): SinkSpec => ({
      id: WEB_RESPONSE_IDS[call]!, kind: 'xss', call, args: [0], htmlOnly: true, description: 'is the body of an HTML response',
    })),
  ],
  contentTypes: WEB_RESPONSES.map((call) => ({ call, init: [1] })),
};
