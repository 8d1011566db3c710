/**
 * Angular components and services. Sources: the current route (`ActivatedRoute`, injected by type:
 * taint/transfer.ts `typedInstance` makes `this.route` the API instance `@angular/router.ActivatedRoute()`),
 * read from its snapshot or subscribed to (`route.queryParams.subscribe(p => …)`: a callback of a
 * tainted receiver sees its taint), and the router's and `Location`'s URL. An `@Input()` is not a
 * source: its parent component sets it. Sinks: `Renderer2.setProperty(el, 'innerHTML', x)`; the
 * DomSanitizer bypasses and `nativeElement.innerHTML = x` are the browser model's (any receiver).
 * A template's `[innerHTML]` binding is sanitized by Angular, so it is no sink by itself.
 */
import type { SinkSpec, SourceSpec, TaintModel } from './types.js';
import { ANY_RECEIVER, receiverNamed } from './receivers.js';

const ROUTE = '@angular/router.ActivatedRoute()';
const ROUTE_PARTS = '{params,queryParams,fragment,paramMap,queryParamMap,url}';
const HTML_PROPS = ['innerHTML', 'outerHTML', 'srcdoc'] as const;
const LABELS: SinkSpec['labels'] = ['http', 'browser', 'message'];

const sources: SourceSpec[] = [
  { api: `${ROUTE}.snapshot.${ROUTE_PARTS}`, label: 'browser', description: 'route parameters from the page URL (ActivatedRoute.snapshot)' },
  // Observables: their subscribers' callbacks get the taint of the receiver.
  { api: `${ROUTE}.${ROUTE_PARTS}`, label: 'browser', description: 'route parameters from the page URL (ActivatedRoute)' },
  { api: `${ROUTE}.snapshot.root.${ROUTE_PARTS}`, label: 'browser', description: 'route parameters from the page URL (ActivatedRoute)' },
  { api: '@angular/router.Router().url', label: 'browser', description: 'the page URL (Router.url)' },
  { api: '@angular/common.Location().path', on: 'call', label: 'browser', description: 'the page URL (Location.path())' },
  { api: '@angular/common.PlatformLocation().{hash,search,pathname,href}', label: 'browser', description: 'the page URL (PlatformLocation)' },
];

/** `renderer.setProperty(el, 'innerHTML', x)`: a resolved Renderer2, or a receiver named like one. */
const setProperty: SinkSpec[] = [
  // A scoped package and its first member are one API segment (ir/api-names.ts splitApi): no alternatives there.
  ...['Renderer2', 'Renderer'].map((r): SinkSpec => ({
    id: `angular.${r}.setProperty`, kind: 'xss', call: `@angular/core.${r}().setProperty`, args: [2],
    when: { arg: 1, equals: HTML_PROPS }, labels: LABELS, description: `is set as HTML through ${r}.setProperty`,
  })),
  { id: 'angular.renderer.setProperty', kind: 'xss', method: { name: 'setProperty', receiver: receiverNamed(['renderer', 'renderer2', 'r2'], ['renderer']) },
    args: [2], when: { arg: 1, equals: HTML_PROPS }, labels: LABELS, description: 'is set as HTML through Renderer2.setProperty' },
];

export const angularModel: TaintModel = {
  framework: 'angular',
  sources,
  sinks: [
    ...setProperty,
    // The browser model lists the other four bypasses.
    { id: 'method.bypassSecurityTrustStyle', kind: 'xss', method: { name: 'bypassSecurityTrustStyle', receiver: ANY_RECEIVER }, labels: LABELS,
      description: 'is marked safe for Angular to render unescaped (bypassSecurityTrustStyle)' },
  ],
};
