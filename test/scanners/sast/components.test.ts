/** Vue and Svelte single-file components: script blocks at their own lines, v-html / {@html} as XSS sinks. */
import { afterAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { componentCode } from '../../../src/scanners/sast/vue/sfc.js';
import { instanceExpr, templateBindings } from '../../../src/scanners/sast/vue/options.js';
import { tmpTrees } from '../../helpers/tmp.js';
import { brief, run, WEB_LABELS } from './engine-helpers.js';
import { scanRoot } from './scan-root.js';

const xss = (code: string, path = 'src/components/Page.vue') =>
  brief(run(code, { models: MODELS, path, labels: WEB_LABELS })).map((h) => `${h.source}->${h.sink}:${h.kind}`);

const SETUP = `<template>
  <div class="page">
    <h1>{{ route.query.title }}</h1>
    <div v-html="html"></div>
    <p
      v-html="route.query.note as string"></p>
    <span v-html="clean"></span>
    <!-- <div v-html="route.query.old"></div> -->
    <a :innerHTML="$route.params.id">x</a>
    <b v-text="route.query.q"></b>
    <i v-html="'<b>static</b>'"></i>
  </div>
</template>

<script setup lang="ts">
import { computed } from 'vue';
import { useRoute } from 'vue-router';
import DOMPurify from 'dompurify';

const route = useRoute();
const html = computed(() => \`<b>\${route.query.q}</b>\`);
const clean = computed(() => DOMPurify.sanitize(String(route.query.q)));
</script>

<style scoped>
.page { color: red; }
</style>
`;

describe('single-file component extraction', () => {
  it('keeps script lines and columns, blanks the rest, writes template sinks on their lines', () => {
    const c = componentCode('src/Page.vue', SETUP)!;
    expect(c.lang).toBe('ts');
    const src = SETUP.split('\n');
    const out = c.code.split('\n');
    expect(out.length).toBe(src.length);
    for (let i = 15; i < 22; i++) expect(out[i]).toBe(src[i]); // the script block's lines
    expect(out[3]).toBe(`${' '.repeat(8)};v_html(html);`); // the call starts where v-html does (column 10)
    expect(out[5]).toMatch(/^\s+;v_html\(route\.query\.note as string\);$/);
    expect(out[7]).toBe(''); // a commented-out v-html is no sink
    expect(out[25]).toBe(''); // style
  });

  it('Vue `<script>` plus `<script setup>`, JavaScript, and Svelte module scripts', () => {
    const both = '<script>\nexport default { name: "A" };\n</script>\n<script setup>\nconst a = 1;\n</script>\n<template><p v-html="a"></p></template>\n';
    const c = componentCode('A.vue', both)!;
    expect(c.lang).toBe('js');
    expect(c.code.split('\n')[1]).toBe('export default { name: "A" };');
    expect(c.code.split('\n')[4]).toBe('const a = 1;');
    expect(componentCode('a.ts', 'x')).toBeUndefined();
    const parsed = parseSource('A.vue', both);
    expect(parsed.ok && parsed.file.errors).toEqual([]);
  });

  it('a broken template expression or an unterminated tag is left out, not a failed parse', () => {
    const bad = '<template><p v-html="a + (b"></p><div v-html="ok"></div><span v-html="x\n</template>\n<script setup>\nconst ok = location.hash;\n</script>\n';
    const parsed = parseSource('B.vue', bad);
    expect(parsed.ok && parsed.file.errors).toEqual([]);
    expect(xss(bad, 'src/B.vue')).toEqual(['4->1:xss']);
  });
});

describe('Vue components', () => {
  it('route data reaching v-html (through computed) and :innerHTML is XSS at the template line; {{ }}, v-text, sanitized and static values are not', () => {
    expect(xss(SETUP)).toEqual(['20->4:xss', '20->6:xss', '9->9:xss']);
  });

  it('Options API: $route in the template, and sinks in its script, at the component file lines', () => {
    const options = `<template>
  <section v-html="$route.query.msg"></section>
  <section v-html="message"></section>
</template>
<script>
export default {
  data() { return { message: 'hi' }; },
  mounted() { document.getElementById('out').innerHTML = location.hash; },
  methods: {
    go() { window.location.href = this.$route.query.next; },
    show() { this.$refs.box.innerHTML = this.$route.params.text; },
    safe() { this.$refs.box.textContent = this.$route.params.text; },
  },
};
</script>
`;
    const found = brief(run(options, { models: MODELS, path: 'src/components/Page.vue', labels: WEB_LABELS })).map((h) => `${h.source}->${h.sink}:${h.kind}`);
    // (`location.href =` is two sink models at one place; the scanner reports it once.)
    expect([...new Set(found)]).toEqual(['2->2:xss', '8->8:xss', '10->10:open-redirect', '11->11:xss']);
  });

  it('a non-ASCII capital that lowers to two characters (İ) before the script keeps every later offset', () => {
    const turkish = `<template>\n  <p>İstanbul İzmir</p>\n  <a :innerHTML="$route.query.city">x</a>\n</template>\n<script setup>\ndocument.body.innerHTML = location.hash;\n</script>\n`;
    const c = componentCode('src/City.vue', turkish)!;
    expect(c.code.split('\n')[5]).toBe('document.body.innerHTML = location.hash;');
    expect(xss(turkish, 'src/components/City.vue')).toEqual(['3->3:xss', '6->6:xss']);
  });
});

describe('Vue Options API: the template reads the component instance', () => {
  it('data, computed and fields set in created()/methods from $route are XSS in v-html; fixed data, escaped text and a computed of fixed data are not', () => {
    const page = `<template>
  <div>
    <div v-html="note"></div>
    <div v-html="preview"></div>
    <div v-html="banner"></div>
    <p>{{ note }}</p>
    <div v-html="framed"></div>
    <div v-html="render(note)"></div>
  </div>
</template>
<script>
import { api } from './api';
export default {
  props: ['title'],
  data() {
    return { note: '', banner: '<b>Welcome</b>' };
  },
  computed: {
    preview() { return '<p>' + this.$route.query.text + '</p>'; },
    framed() { return '<p>' + this.banner + '</p>'; },
  },
  created() { this.load(); },
  methods: {
    load() { this.note = this.$route.query.note; },
    render(s) { return '<em>' + s + '</em>'; },
  },
};
</script>
`;
    expect([...new Set(xss(page))].sort()).toEqual(['19->4:xss', '24->3:xss', '24->8:xss']);
  });

  it('template names read the instance: members, keywords, $-globals, object keys and quoted text stay', () => {
    expect(instanceExpr('note')).toBe('($vm_.note || $vmc_.computed.note())');
    expect(instanceExpr("render(item.body, 'x y', true)")).toBe("$vm_.render(($vm_.item || $vmc_.computed.item()).body, 'x y', true)");
    expect(instanceExpr('$route.query.q')).toBe('$route.query.q');
    expect(instanceExpr('{ a: b }')).toBe('{ a: ($vm_.b || $vmc_.computed.b()) }');
  });

  it('names come from the parser: arrow parameters, v-for and slot bindings stay, ${…} names are read, an unparsable rewrite keeps the expression', () => {
    expect(instanceExpr("items.map(i => i.body).join('')")).toBe("($vm_.items || $vmc_.computed.items()).map(i => i.body).join('')");
    expect(instanceExpr('`<b>${note}</b>`')).toBe('`<b>${($vm_.note || $vmc_.computed.note())}</b>`');
    expect(instanceExpr('{ a }')).toBe('{ a: ($vm_.a || $vmc_.computed.a()) }');
    const bound = templateBindings('<li v-for="(row, i) in rows"><x slot-scope="{ cell }"><y #item="{ item: it }">');
    expect([...bound].sort()).toEqual(['cell', 'i', 'it', 'row']);
    expect(instanceExpr('row.html + cell + it', bound)).toBe('row.html + cell + it');
    // A type name rewritten is no expression: the sink keeps what the template wrote.
    expect(instanceExpr('note as Html')).toBe('note as Html');
    expect(instanceExpr('a +')).toBe('a +');
  });

  it('an arrow function in one v-html no longer loses the component: its other sinks are still XSS', () => {
    const page = `<template>
  <div v-html="items.map(i => i.body).join('')"></div>
  <p v-html="note"></p>
  <ul><li v-for="item in items" v-html="item.body"></li></ul>
</template>
<script>
export default {
  data() { return { items: [], note: this.$route.query.note }; },
};
</script>
`;
    expect(parseSource('src/components/List.vue', page).ok).toBe(true);
    expect([...new Set(xss(page))].sort()).toEqual(['8->2:xss', '8->3:xss']);
    expect(xss(page.replace('this.$route.query.note', "'<b>hi</b>'"))).toEqual([]);
  });

  it('a route value in data() and defineComponent; without a route source nothing is reported', () => {
    const page = `<template>
  <div v-html="msg"></div>
</template>
<script lang="ts">
import { defineComponent } from 'vue';
export default defineComponent({
  data() { return { msg: this.$route.query.msg as string }; },
});
</script>
`;
    expect([...new Set(xss(page))]).toEqual(['7->2:xss']);
    const fixed = page.replace('this.$route.query.msg as string', "'<b>hello</b>'");
    expect(xss(fixed)).toEqual([]);
  });
});

describe('Svelte components', () => {
  it('{@html x} with page URL data is XSS; {x}, a sanitized value and a comment are not', () => {
    const svelte = `<script>
  import { page } from '$app/stores';
  import DOMPurify from 'dompurify';
  let q = new URLSearchParams(location.search).get('q');
  const bio = $page.url.searchParams.get('bio');
</script>

<h1>{q}</h1>
{@html q}
<p>{@html bio}</p>
{@html DOMPurify.sanitize(q)}
<!-- {@html q} -->
<style>
  p { color: red; }
</style>
`;
    expect(xss(svelte, 'src/routes/+page.svelte')).toEqual(['4->9:xss', '5->10:xss']);
    const runes = `<script lang="ts">\n  import { page } from '$app/state';\n  const q = $derived(page.url.searchParams.get('q'));\n</script>\n<div>{@html q}</div>\n<div>{q}</div>\n`;
    expect(xss(runes, 'src/routes/+page.svelte')).toEqual(['3->5:xss']);
  });

  it('a JSON-LD script in <svelte:head> is no component script: the component still parses and its {@html} is reported', () => {
    const seo = `<script>
  import { page } from '$app/stores';
  const title = $page.url.searchParams.get('title');
</script>

<svelte:head>
  <script type="application/ld+json">{ "@context": "https://schema.org", "@type": "WebPage" }</script>
  <script>window.dataLayer = [];</script>
</svelte:head>
<h1>{@html title}</h1>
`;
    const c = componentCode('src/routes/+page.svelte', seo)!;
    expect(c.code.split('\n')[6]).toBe(''); // JSON-LD is blanked
    expect(c.code.split('\n')[7]).toBe(''); // a head script is markup the page renders, not the component's
    const parsed = parseSource('src/routes/+page.svelte', seo);
    expect(parsed.ok && parsed.file.errors).toEqual([]);
    expect(xss(seo, 'src/routes/+page.svelte')).toEqual(['3->10:xss']);
  });

  it('script types: module and TypeScript ones are code, an import map or a Vue x-template is not', () => {
    const kinds = `<script type="module">\nconst a = 1;\n</script>\n<script type="text/typescript">\nconst b: number = 2;\n</script>\n<script type="importmap">{ "imports": {} }</script>\n<script type="text/x-template" id="t"><p v-html="x"></p></script>\n`;
    const c = componentCode('src/K.vue', kinds)!;
    expect(c.lang).toBe('ts');
    const out = c.code.split('\n');
    expect(out[1]).toBe('const a = 1;');
    expect(out[4]).toBe('const b: number = 2;');
    expect(out[6]).toBe('');
    expect(out[7]).toBe('');
  });
});

describe('components through the scanner', () => {
  const trees = tmpTrees();
  afterAll(() => trees.cleanup());

  it('a .vue file is scanned: the finding and its path are in the component, an import from a .ts file is followed', async () => {
    const files = {
      'src/lib/query.ts': "export function note(): string {\n  return new URLSearchParams(location.search).get('note') ?? '';\n}\n",
      'src/components/Note.vue': `<template>\n  <article v-html="body"></article>\n</template>\n<script setup lang="ts">\nimport { note } from '../lib/query';\nconst body = note();\n</script>\n`,
    };
    const root = trees.make(files);
    const found = (await scanRoot(root, Object.keys(files))).filter((f) => f.ruleId === 'sast/js/xss');
    expect(found.map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(['src/components/Note.vue:2']);
    expect(found[0]!.codeFlow?.[0]?.location.path).toBe('src/lib/query.ts');
    expect(found[0]!.message).toContain('v_html');
  });
});
