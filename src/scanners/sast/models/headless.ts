/**
 * Server-side renderers that fetch what they are given: headless browsers (puppeteer, playwright,
 * phantom) and HTML-to-PDF tools. A URL or HTML from the request makes the server load internal
 * addresses and local files (SSRF); a script string is run in the page. Also vm2, safe-eval and
 * static-eval: sandboxes and evaluators with a history of escapes.
 */
import type { SinkSpec, TaintModel } from './types.js';
import { receiverNamed } from './receivers.js';

const PAGE = receiverNamed(['page', 'tab', 'p'], ['page']);
const LABELS: SinkSpec['labels'] = ['http', 'message'];

export const headlessModel: TaintModel = {
  framework: 'headless',
  sinks: [
    { id: 'page.goto', kind: 'ssrf', method: { name: 'goto', receiver: PAGE }, labels: LABELS,
      description: 'is the URL a headless browser on the server opens' },
    { id: 'page.open', kind: 'ssrf', method: { name: 'open', receiver: PAGE }, labels: LABELS,
      description: 'is the URL a headless browser on the server opens' },
    // HTML injected into a server-side renderer: escaping it (escape-html) is the fix, as for XSS.
    { id: 'page.setContent', kind: 'xss', method: { name: 'setContent', receiver: PAGE }, labels: LABELS,
      description: 'is HTML a headless browser on the server renders (scripts and references in it run and load there)' },
    ...['evaluate', 'evaluateHandle', 'evaluateOnNewDocument', 'addScriptTag'].map((name): SinkSpec => ({
      id: `page.${name}`, kind: 'code-injection', method: { name, receiver: PAGE }, requiresConcatenation: true,
      labels: LABELS, description: 'is script text run in a headless browser page',
    })),
    { id: 'wkhtmltopdf', kind: 'ssrf', call: 'wkhtmltopdf', labels: LABELS,
      description: 'is the URL or HTML wkhtmltopdf renders on the server' },
    { id: 'wkhtmltoimage', kind: 'ssrf', call: 'wkhtmltoimage.generate', labels: LABELS,
      description: 'is the URL or HTML wkhtmltoimage renders on the server' },
    { id: 'html-pdf.create', kind: 'xss', call: 'html-pdf.create', labels: LABELS,
      description: 'is HTML rendered to PDF on the server (scripts and references in it run and load there)' },
    { id: 'vm2.run', kind: 'code-injection', call: 'vm2.{VM,NodeVM}().run', labels: LABELS,
      description: 'is run as JavaScript in a vm2 sandbox (which has known escapes)' },
    { id: 'notevil', kind: 'code-injection', call: 'notevil', labels: LABELS,
      description: 'is evaluated by notevil (a sandbox with known escapes)' },
    { id: 'sandbox.run', kind: 'code-injection', call: 'sandbox().run', labels: LABELS,
      description: 'is run as JavaScript by the sandbox package' },
    { id: 'vm2.VMScript', kind: 'code-injection', call: 'vm2.VMScript', labels: LABELS,
      description: 'is compiled as JavaScript for a vm2 sandbox (which has known escapes)' },
    // Evaluators sold as safe that have published sandbox escapes.
    { id: 'safe-eval', kind: 'code-injection', call: 'safe-eval', labels: LABELS,
      description: 'is evaluated by safe-eval (a vm context with known escapes)' },
    { id: 'static-eval', kind: 'code-injection', call: 'static-eval', labels: LABELS,
      description: 'is evaluated by static-eval (its AST can reach Function and constructors)' },
  ],
};
