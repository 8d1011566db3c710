/**
 * Sources and sinks of single-file components (vue/sfc.ts): the template sinks the extractor
 * writes (`v_html(x)` for Vue `v-html` / `:innerHTML`, `svelte_html(x)` for Svelte `{@html}`), and
 * the route as templates and Nuxt/SvelteKit code reach it without an import: `$route` in a Vue
 * template or `this.$route`, Nuxt's auto-imported `useRoute()`, SvelteKit's `$page` store and `page` state.
 * `computed(() => x)` holds what its function returns. (`useRoute` imported from vue-router is the
 * browser model's.)
 */
import type { PropagatorSpec, SinkSpec, TaintModel } from '../models/types.js';
import { SVELTE_HTML_SINK, VUE_HTML_SINK } from './sfc.js';

/** Stored data too: a row or a record fetched from the API rendered raw is stored XSS (models/browser.ts FETCHED). */
const LABELS: SinkSpec['labels'] = ['http', 'browser', 'message', 'stored'];
const ROUTE_PARTS = '{query,params,hash,fullPath,path}';

export const componentsModel: TaintModel = {
  framework: 'components',
  sources: [
    { api: `$route.${ROUTE_PARTS}`, label: 'browser', description: 'the current route from the page URL ($route)' },
    { api: 'useRoute', on: 'call', label: 'browser', description: 'the current route from the page URL (useRoute)' },
    { api: '$page.url', label: 'browser', description: 'the page URL ($page.url)' },
    { api: '$page.params', label: 'browser', description: 'route parameters from the page URL ($page.params)' },
    // SvelteKit 2's `import { page } from '$app/state'` (a module subpath is dotted).
    { api: '$app.state.page.url', label: 'browser', description: 'the page URL (page.url)' },
    { api: '$app.state.page.params', label: 'browser', description: 'route parameters from the page URL (page.params)' },
  ],
  // `computed(() => x)` (Vue, Nuxt's auto-import) and React's `useMemo(() => x)` hold what their function returns.
  propagators: ['vue.computed', '@vue/reactivity.computed', 'computed', 'react.useMemo'].map((call): PropagatorSpec => ({ call, from: ['callback'], to: 'return' })),
  sinks: [
    { id: `vue.${VUE_HTML_SINK}`, kind: 'xss', call: VUE_HTML_SINK, labels: LABELS,
      description: 'is rendered as raw HTML by the template (v-html)' },
    { id: `svelte.${SVELTE_HTML_SINK}`, kind: 'xss', call: SVELTE_HTML_SINK, labels: LABELS,
      description: 'is rendered as raw HTML by the template ({@html})' },
  ],
};
