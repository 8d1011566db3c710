import { describe, expect, it } from 'vitest';
import { scanTemplate, type Syntax } from '../../../src/scanners/sast/views/syntaxes.js';

/** `local@line` for each unescaped output, in order. */
const raw = (text: string, syntax: Syntax): string[] => scanTemplate(text, syntax).outputs.map((o) => `${o.path.join('.')}@${o.line}`);

describe('view templates: unescaped outputs per syntax', () => {
  it('EJS: <%- x %> is raw, <%= x %> escaped; includes, escapers, numbers and comments are not outputs', () => {
    const t = [
      '<h1><%= name %></h1>',
      '<p><%- bio %></p>',
      "<%- include('partials/footer') %>",
      '<%# <%- commented %> %>',
      "<%- escape(x) %> <%- list.length %> <%- JSON.stringify(data) %> <%- locals.q -%>",
      '<%- user.profile.bio.trim() %> <%- Math.round(n) %> <%- a ? b : c %>',
      '<%% not a tag %>',
    ].join('\n');
    expect(raw(t, 'ejs')).toEqual(['bio@2', 'data@5', 'q@5', 'user.profile.bio@6', 'a@6', 'b@6', 'c@6']);
    expect(scanTemplate(t, 'ejs').includes).toEqual([{ name: 'partials/footer' }]);
  });

  it('EJS: a loop variable stands for its list; a scriptlet variable for what it was set to', () => {
    const t = [
      '<% items.forEach(function (item) { %><li><%- item.title %></li><% }) %>',
      '<% for (const c of post.comments) { %><%- c.text %><% } %>',
      '<% var about = user.about; %><%- about %>',
      '<% rows.map((r) => { %><%- r.html %><% }) %>',
    ].join('\n');
    expect(raw(t, 'ejs')).toEqual(['items@1', 'post.comments@2', 'user.about@3', 'rows@4']);
  });

  it('EJS: arrow parameters, object keys and index expressions are not locals', () => {
    expect(raw("<%- list.map(x => x.name).join('') %> <%- fmt({ key: val }) %> <%- rows[i] %>", 'ejs')).toEqual(['list', 'val', 'rows'].map((p) => `${p}@1`));
  });

  it('EJS: data given with an include maps the partial\'s locals to the view\'s', () => {
    const t = "<% rows.forEach(function (r) { %><%- include('row', { cell: r.html, n: 1, user, label: fmt(title) }) %><% }) %>";
    expect(scanTemplate(t, 'ejs').includes).toEqual([{ name: 'row', data: { cell: ['rows'], n: null, user: ['user'], label: ['title'] } }]);
  });

  it('Eta: <%~ it.x %> is raw, <%= it.x %> escaped', () => {
    expect(raw('<%= it.name %>\n<%~ it.bio %>\n<%~ include("footer", it) %>', 'eta')).toEqual(['bio@2']);
  });

  it('Pug: !{x}, tag!= x, != x and attribute != are raw; #{x}, tag= x and comments are not', () => {
    const t = [
      'doctype html',
      'html',
      '  body',
      '    h1= title',
      '    p!= bio',
      '    div #{safe} !{raw.html}',
      '    != footer',
      '    each c in comments',
      '      li!= c.text',
      '    a(href!=url, class="x") link',
      '    //-',
      '      p!= hidden',
      '    include partials/head',
      '    p.note(title="t")!= note',
      '    - var shown = page.intro',
      '    div!= shown',
    ].join('\n');
    expect(raw(t, 'pug')).toEqual(['bio@5', 'raw.html@6', 'footer@7', 'comments@9', 'url@10', 'note@14', 'page.intro@16']);
    expect(scanTemplate(t, 'pug').includes).toEqual([{ name: 'partials/head' }]);
  });

  it('Handlebars: {{{x}}} and {{& x}} are raw, in each/with contexts; helpers give their arguments; comments are skipped', () => {
    const t = '{{name}} {{{bio}}} {{& other}}\n{{#each posts}}{{{body}}}{{/each}} {{#with user}}{{{about}}} {{{../title}}}{{/with}}\n{{{markdown text}}} {{!-- {{{c}}} --}} {{> footer}} {{{escape e}}} {{{@root.site}}}';
    expect(raw(t, 'handlebars')).toEqual(['bio@1', 'other@1', 'posts@2', 'user.about@2', 'title@2', 'text@3', 'site@3']);
    expect(scanTemplate(t, 'handlebars').includes).toEqual([{ name: 'footer' }]);
  });

  it('Mustache: sections change the context', () => {
    expect(raw('{{#items}}{{{label}}}{{/items}}{{{top}}}{{^none}}{{{x}}}{{/none}}', 'mustache')).toEqual(['items@1', 'top@1', 'x@1']);
  });

  it('Nunjucks: | safe is raw unless escaped first; all of {% autoescape false %} is raw; {% raw %} is text', () => {
    const t = [
      // Escaping a value already marked safe leaves it as it is.
      '{{ name }} {{ bio | safe }} {{ x | escape | safe }} {{ y | safe | escape }} {{ n | safe | int }}',
      '{% for p in posts %}{{ p.body | safe }}{% endfor %}',
      '{% autoescape false %}{{ raw1 }}{{ n | int }}{% endautoescape %}{{ after }}',
      '{% raw %}{{ lit | safe }}{% endraw %}{# {{ c | safe }} #}',
      '{% set s = page.html %}{{ s | safe }}{% include "partial.njk" %}',
      '{{ a if ok else b | safe }} {{- trimmed | safe -}}',
    ].join('\n');
    expect(raw(t, 'nunjucks')).toEqual(['bio@1', 'y@1', 'posts@2', 'raw1@3', 'page.html@5', 'a@6', 'ok@6', 'b@6', 'trimmed@6']);
    expect(scanTemplate(t, 'nunjucks').includes).toEqual([{ name: 'partial.njk' }]);
  });

  it('Twig and Liquid: | raw', () => {
    expect(raw('{{ a | raw }} {{ b }} {{ c|raw }}', 'liquid')).toEqual(['a@1', 'c@1']);
    expect(raw('{% autoescape false %}{{ a }}{% endautoescape %}{{ b|raw }}', 'twig')).toEqual(['a@1', 'b@1']);
  });

  it('garbage and unterminated tags never throw', () => {
    const junk = ['<%- unterminated {{{ x | safe %} !{ ', '{{{ x', '{% autoescape false', 'p!= (((', '{{#each}}{{/each}}{{/x}}', '<% for ( %>', '!{', '{{> }}', '\u0000<%-%>{{{}}}'];
    let bigger = '';
    for (let i = 0; i < 2000; i++) bigger += junk[i % junk.length];
    for (const syntax of ['ejs', 'eta', 'pug', 'handlebars', 'mustache', 'nunjucks', 'twig', 'liquid'] as Syntax[]) {
      for (const j of [...junk, bigger, '(((('.repeat(50_000), `{{{a ${'('.repeat(20_000)}x${')'.repeat(20_000)}}}}`]) {
        expect(() => scanTemplate(j, syntax)).not.toThrow();
        expect(() => scanTemplate(j, syntax, true)).not.toThrow();
      }
    }
  });
});

describe('view templates: escaping turned off by the configuration', () => {
  it('Nunjucks/Swig autoescape: false makes every output raw except escaped or numeric ones and autoescape true regions', () => {
    const t = '{{ name }}\n{{ n | int }} {{ e | escape }}\n{% autoescape true %}{{ inner }}{% endautoescape %}{{ after }}';
    expect(raw(t, 'nunjucks')).toEqual([]);
    expect(scanTemplate(t, 'nunjucks', true).outputs.map((o) => `${o.path.join('.')}@${o.line}`)).toEqual(['name@1', 'after@3']);
  });

  it('Handlebars noEscape: {{x}} is raw; blocks, comments and else are not outputs', () => {
    const t = '{{email}} {{#if ok}}{{! note }}{{else}}{{/if}} {{> footer}}';
    expect(raw(t, 'handlebars')).toEqual([]);
    expect(scanTemplate(t, 'handlebars', true).outputs.map((o) => o.path.join('.'))).toEqual(['email']);
  });
});
