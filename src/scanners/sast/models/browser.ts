/**
 * Front-end code: the URL, referrer, window name and cookies an attacker can set by sending a link,
 * `postMessage` data, and the DOM, jQuery, React and Angular sinks that turn text into markup.
 */
import type { HandlerSpec, SinkSpec, SourceSpec, TaintModel } from './types.js';
import { ANY_RECEIVER } from './receivers.js';

const LOCATION_PARTS = ['hash', 'search', 'href', 'pathname'];
// Events whose target is a form field the user edits.
const INPUT_EVENTS = ['input', 'change', 'keyup', 'keydown', 'keypress', 'paste', 'blur'];

const urlSources: SourceSpec[] = ['location', 'document.location'].flatMap((loc) =>
  LOCATION_PARTS.map((part): SourceSpec => ({
    api: `${loc}.${part}`, label: 'browser', description: `the page URL (${loc}.${part})`,
  })),
);

/**
 * What the user types into a form field of their own page is self-XSS when it reaches markup or eval
 * in that page: only the person typing is hurt, unless talked into pasting a payload. Stored or
 * shared values reach the page through other sources (a stored row, the URL, a message) that keep
 * their severity. We keep these flows (a labelled eval of a textarea's value, vlad-stohnii/uwu-vuln,
 * is the pattern: script run straight from a box) but report them at low severity with that caveat
 * (sast/index.ts), and a URL source at the same sink wins over them.
 */
export const FORM_FIELD = 'text typed into a form field';
/** Does a flow start at a form field's value (its source step's message)? */
export function selfInput(sourceMessage: string | undefined): boolean {
  return sourceMessage !== undefined && sourceMessage.startsWith(FORM_FIELD);
}

/**
 * JSON a page fetches from its application's API is stored data in browser code, like rows on the
 * server: a comment, a name or a post body another user saved comes back in it, and written into
 * the page as markup (`el.innerHTML = '<td>' + item.name`, `__html: post.body`) it is stored XSS.
 * Label `stored`, so it counts at XSS sinks only and text sinks (textContent, innerText, React
 * children) stay clean. Parsed JSON only (`r.json()`, axios `data`, `$.getJSON`): a response read
 * as text is markup the server rendered on purpose (htmx, pjax, partials).
 */
export const FETCHED = 'a record fetched from the application\'s API (stored data other users may have written)';
/**
 * Server code: a server framework or node's http server is imported, or the path is a server route
 * (Next.js pages/api and route handlers, *.server.js). There the same fetch or axios call is the
 * server asking another service, whose answer is no record other users wrote (FETCHED is not for it).
 * Browser code never imports these, so every other file keeps the fetched sources.
 */
const SERVER_IMPORT = /(?:\brequire\s*\(\s*|\bfrom\s*|\bimport\s*)['"](?:express|koa|fastify|@hapi\/hapi|hapi|restify|hono|polka|@nestjs\/[\w-]+|next\/server|@remix-run\/node|(?:node:)?https?)['"]|\bcreateServer\s*\(/;
const SERVER_PATH = /(?:^|\/)pages\/api\/|(?:^|\/)route\.[cm]?[jt]s$|\.server\.[cm]?[jt]sx?$/;
export function serverCode(path: string, source: string): boolean {
  return SERVER_PATH.test(path) || SERVER_IMPORT.test(source);
}
const FETCHED_JSON = ['fetch().json', 'node-fetch().json', '{cross-fetch,isomorphic-fetch}().json', 'ky.get().json', 'ky().json'];
const AXIOS_VERBS = '{get,post,put,patch,delete,request}';
const AXIOS_RESPONSES = ['axios()', `axios.${AXIOS_VERBS}()`, `axios.create().${AXIOS_VERBS}()`];

const FORMATTERS = 'formatDate,formatTime,formatDateTime,formatNumber,formatCurrency,formatPrice,formatBytes,formatDuration';

const BROWSER_LABELS: SinkSpec['labels'] = ['http', 'browser', 'message'];
/**
 * HTML sinks also take a library's own input, which the engine counts only as a part of markup the
 * library builds (taint/context.ts `libraryReaches`): `'<span title="' + opts.title + '">'`, and
 * stored data (models/stored.ts): a row's text set as markup.
 */
const HTML_LABELS: SinkSpec['labels'] = [...BROWSER_LABELS, 'library-input', 'stored'];

function xssMethod(name: string, args: number[] = [0]): SinkSpec {
  return { id: `method.${name}`, kind: 'xss', method: { name, receiver: ANY_RECEIVER }, args,
    description: `is inserted into the page as HTML (${name})` };
}

export const browserModel: TaintModel = {
  framework: 'browser',
  handlers: [
    // window.addEventListener('message', (e) => …): the event's data comes from any window.
    { framework: 'browser', register: 'addEventListener', event: 'message', params: ['@dom.message-event'] },
    // field.addEventListener('input', (e) => …): e.target.value is what the user typed or pasted.
    ...INPUT_EVENTS.flatMap((event): HandlerSpec[] => ['addEventListener', '*.addEventListener'].map((register) => ({
      framework: 'browser', register, event, params: ['@dom.input-event'],
    }))),
  ],
  sources: [
    ...urlSources,
    { api: 'document.URL', label: 'browser', description: 'the page URL (document.URL)' },
    { api: 'document.documentURI', label: 'browser', description: 'the page URL (document.documentURI)' },
    { api: 'document.baseURI', label: 'browser', description: 'the page base URL' },
    { api: 'document.referrer', label: 'browser', description: 'the referring page (document.referrer)' },
    { api: 'document.cookie', label: 'browser', description: 'cookies (document.cookie)' },
    { api: 'name', label: 'browser', description: 'the window name (window.name), set by any opener' },
    { api: '@dom.message-event.data', label: 'message', description: 'postMessage data from another window' },
    // Form fields: text typed or pasted into the page (self-XSS, reported low: see FORM_FIELD).
    ...['target', 'currentTarget'].map((t): SourceSpec => ({
      api: `@dom.input-event.${t}.value`, label: 'browser', description: `${FORM_FIELD} (event.target.value)`, text: true,
    })),
    ...['getElementById', 'querySelector'].map((m): SourceSpec => ({
      api: `document.${m}().value`, label: 'browser', description: `${FORM_FIELD} (element.value)`, text: true,
    })),
    // Client-side routers: the URL again, parsed.
    ...['react-router-dom', 'react-router', 'next.navigation'].flatMap((m): SourceSpec[] => [
      { api: `${m}.useParams`, on: 'call', label: 'browser', description: 'route parameters from the page URL' },
      { api: `${m}.useSearchParams`, on: 'call', label: 'browser', description: 'query parameters from the page URL' },
    ]),
    { api: '{react-router-dom,react-router}.useLocation', on: 'call', label: 'browser', description: 'the page URL' },
    { api: 'next.router.useRouter().query', label: 'browser', description: 'query parameters from the page URL' },
    { api: 'next.router.useRouter().asPath', label: 'browser', description: 'the page URL' },
    { api: 'vue-router.useRoute', on: 'call', label: 'browser', description: 'the current route (params, query)' },
    // Records the page fetches from its application's API (see FETCHED).
    ...FETCHED_JSON.map((api): SourceSpec => ({ api, on: 'call', label: 'stored', description: `${FETCHED} (${api.replace(/\(\)/g, '')})`, browserOnly: true })),
    ...AXIOS_RESPONSES.map((api): SourceSpec => ({ api: `${api}.data`, label: 'stored', description: `${FETCHED} (axios response data)`, browserOnly: true })),
    { api: '{$,jQuery,jquery}.getJSON', on: 'callback', label: 'stored', description: `${FETCHED} ($.getJSON)`, browserOnly: true },
  ],
  sinks: [
    // DOM
    { id: 'dom.innerHTML', kind: 'xss', assign: '*.innerHTML', labels: HTML_LABELS,
      description: 'is parsed as HTML (innerHTML)' },
    { id: 'dom.outerHTML', kind: 'xss', assign: '*.outerHTML', labels: HTML_LABELS,
      description: 'is parsed as HTML (outerHTML)' },
    { id: 'dom.srcdoc', kind: 'xss', assign: '*.srcdoc', labels: BROWSER_LABELS,
      description: 'is the HTML of an iframe (srcdoc)' },
    { id: 'document.write', kind: 'xss', call: 'document.{write,writeln}', args: 'all', labels: HTML_LABELS,
      description: 'is written into the document as HTML' },
    { ...xssMethod('insertAdjacentHTML', [1]), labels: HTML_LABELS },
    { ...xssMethod('createContextualFragment'), labels: BROWSER_LABELS },
    // jQuery: $(html) and the methods that take HTML.
    { id: 'jquery.$', kind: 'xss', call: '{$,jQuery,jquery}', labels: HTML_LABELS,
      description: 'is parsed by jQuery as HTML or a selector' },
    { id: 'jquery.html', kind: 'xss',
      call: '{$,jQuery,jquery}().{html,append,prepend,after,before,replaceWith,wrap,wrapAll,wrapInner,insertAfter,insertBefore}',
      labels: HTML_LABELS, description: 'is inserted into the page as HTML by jQuery' },
    // `.html(markup)` on an element the engine cannot resolve (`this.el`, a `$` passed in): jQuery,
    // Zepto, cheerio and d3 selections all set markup with it. Not for request data: server-side
    // cheerio edits a document that need not reach a browser.
    { ...xssMethod('html'), labels: ['browser', 'message', 'library-input'] },
    // jQuery UI's button() shows its `label` option as HTML (a dialog's closeText reached it).
    { ...xssMethod('button'), property: 'label', labels: HTML_LABELS,
      description: "is the label jQuery UI's button() inserts as HTML" },
    { id: 'jquery.parseHTML', kind: 'xss', call: '{$,jQuery,jquery}.{parseHTML,globalEval}', labels: BROWSER_LABELS,
      description: 'is parsed by jQuery as HTML (or run as script)' },
    // AngularJS $sce and Vue runtime templates: marking input trusted or compiling it as a template.
    ...['trustAsHtml', 'trustAsJs', 'trustAsUrl', 'trustAsResourceUrl'].map((n) => ({
      ...xssMethod(n), description: `is marked trusted for AngularJS to render unescaped (${n})`,
    })),
    ...['vue', 'vue.createApp'].map((call): SinkSpec => ({
      id: `${call}.template`, kind: 'xss', call, property: 'template', labels: BROWSER_LABELS,
      description: 'is compiled as a Vue template in the browser (template expressions run as script)',
    })),
    // React, Angular
    { id: 'react.dangerouslySetInnerHTML', kind: 'xss', jsxAttribute: 'dangerouslySetInnerHTML', property: '__html',
      description: 'is rendered as raw HTML (dangerouslySetInnerHTML)' },
    // Compiled JSX, as packages publish it: `React.createElement('div', { dangerouslySetInnerHTML: { __html } })`.
    ...Object.entries({
      'react.createElement': '{react,React}.createElement', 'react.jsx': 'react.jsx-runtime.{jsx,jsxs}',
      'react.jsxDEV': 'react.jsx-dev-runtime.jsxDEV', 'preact.h': 'preact.{h,createElement}',
    }).map(([id, call]): SinkSpec => ({
      id: `${id}.dangerouslySetInnerHTML`, kind: 'xss', call, args: [1], property: 'dangerouslySetInnerHTML.__html',
      description: 'is rendered as raw HTML (dangerouslySetInnerHTML)',
    })),
    ...['bypassSecurityTrustHtml', 'bypassSecurityTrustScript', 'bypassSecurityTrustUrl', 'bypassSecurityTrustResourceUrl']
      .map((n) => ({ ...xssMethod(n), description: `is marked safe for Angular to render unescaped (${n})` })),
    // Navigation
    ...['location', 'location.href', 'document.location', 'document.location.href'].map((a): SinkSpec => ({
      id: `assign.${a}`, kind: 'open-redirect', assign: a, labels: BROWSER_LABELS,
      description: 'is the URL the browser navigates to (javascript: URLs run script)',
    })),
    // `a.href = url`: a link the user follows (javascript: URLs run script on click).
    { id: 'assign.href', kind: 'open-redirect', assign: '*.href', labels: BROWSER_LABELS,
      description: 'is the URL of a link (javascript: URLs run script on click)' },
    ...['location', 'document.location'].map((loc): SinkSpec => ({
      id: `${loc}.assign`, kind: 'open-redirect', call: `${loc}.{assign,replace}`, labels: BROWSER_LABELS,
      description: 'is the URL the browser navigates to (javascript: URLs run script)',
    })),
    { id: 'window.open', kind: 'open-redirect', call: 'open', labels: BROWSER_LABELS,
      description: 'is the URL a new window opens' },
    // A link or form whose whole URL comes from the page URL: `javascript:` runs on click or submit
    // (text after a literal local path or origin is not a URL the attacker picks). Not `src`: an
    // image is its common user, and an image URL runs nothing.
    ...['href', 'action', 'formAction'].map((attr): SinkSpec => ({
      id: `jsx.${attr}`, kind: 'open-redirect', jsxAttribute: attr, labels: BROWSER_LABELS,
      description: `is the ${attr} URL of an element (javascript: URLs run script)`,
    })),
  ],
  sanitizers: [
    // `$('<li>').text(t)` sets text, not markup; the element it returns is safe to insert.
    { call: '{$,jQuery,jquery}().{text,val}', kinds: ['xss'], description: 'jQuery text' },
    { call: '{dompurify,isomorphic-dompurify}.sanitize', kinds: ['xss'], description: 'DOMPurify' },
    { call: 'dompurify().sanitize', kinds: ['xss'], description: 'DOMPurify' },
    { method: 'sanitize', kinds: ['xss'], description: 'an HTML sanitizer (DOMPurify.sanitize)' },
    // A date or number formatter the engine cannot see (a global of another script, a helper module's
    // method) returns digits and separators: `'<p>' + formatDate(card.dt) + '</p>'` is no markup.
    { call: `{${FORMATTERS}}`, kinds: ['xss'], description: 'a date or number formatter' },
    ...FORMATTERS.split(',').map((m) => ({ method: m, kinds: ['xss' as const], description: 'a date or number formatter' })),
  ],
};
