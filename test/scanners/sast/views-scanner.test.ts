import { afterAll, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDirFor } from '../../../src/scanners/sast/options.js';
import { tmpTrees } from '../../helpers/tmp.js';
import type { Finding } from '../../../src/core/finding.js';
import { scanRoot } from './scan-root.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());


/**
 * A view finding is reported at the template's raw output, with the render call as the step
 * before it: this gives the render call's `file:line` (which call is XSS is what these tests ask).
 */
function renderCall(f: Finding): string {
  const flow = f.codeFlow ?? [];
  const at = flow.at(-1)?.message.startsWith('output unescaped') ? flow.at(-2)?.location : undefined;
  return at ? `${at.path}:${at.startLine}` : `${f.location.path}:${f.location.startLine}`;
}

/** XSS findings of a temp project as the `file:line` of the render call (or the sink, for other XSS). */
async function xss(files: Record<string, string>): Promise<string[]> {
  const root = trees.make(files);
  const findings = await scanRoot(root, Object.keys(files));
  return findings.filter((f) => f.ruleId === 'sast/js/xss').map(renderCall).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

const EXPRESS = "const express = require('express');\nconst app = express();\n";

describe('SAST XSS through view templates: Express res.render', () => {
  const app = EXPRESS + [
    "app.get('/a', (req, res) => res.render('profile', { bio: req.query.bio }));", // 3: raw bio
    "app.get('/b', (req, res) => res.render('profile', { name: req.query.name }));", // 4: name is escaped
    "app.get('/c', (req, res) => res.render('profile', { bio: Number(req.query.bio) }));", // 5: a number
    "app.get('/d', (req, res) => res.render('profile', { bio: require('escape-html')(req.query.bio) }));", // 6: escaped in code
    "app.get('/e', (req, res) => res.render('other', { bio: req.query.bio }));", // 7: another view
    "app.get('/f', (req, res) => res.render('profile', { bio: 'static', name: req.query.n }));", // 8: the raw one is constant
  ].join('\n');

  it('EJS: <%- bio %> with request data is XSS; <%= %>, numbers, escaped values and other views are not', async () => {
    const views = { 'views/profile.ejs': '<h1><%= name %></h1>\n<p><%- bio %></p>\n', 'views/other.ejs': '<p><%= bio %></p>\n' };
    expect(await xss({ 'app.js': app, ...views })).toEqual(['app.js:3']);
  });

  it('the finding names the template line that outputs the local raw', async () => {
    const root = trees.make({ 'app.js': app, 'views/profile.ejs': '<h1><%= name %></h1>\n<p><%- bio %></p>\n' });
    const f = (await scanRoot(root, ['app.js'])).find((x) => x.ruleId === 'sast/js/xss');
    expect(f?.message).toMatch(/reaches res\.render \(views\/profile\.ejs:2\)/);
    // Reported where the fix goes, the template's raw output; the render call is the step before.
    expect(f?.location).toMatchObject({ path: 'views/profile.ejs', startLine: 2, startColumn: 1 });
    expect(f?.codeFlow?.at(-1)?.message).toBe('output unescaped by <%- %>');
    expect(f?.codeFlow?.at(-2)?.location).toMatchObject({ path: 'app.js', startLine: 3 });
    expect(f?.codeFlow?.at(-2)?.message).toContain('views/profile.ejs:2 outputs unescaped (<%- %>)');
  });

  it('a local output raw on two lines is two findings, each at its line; escaped outputs of it are none', async () => {
    const root = trees.make({ 'app.js': app, 'views/profile.ejs': '<a onclick="go(\'<%- bio %>\')">x</a>\n<p><%= bio %></p>\n<p><%- bio %></p>\n' });
    const found = (await scanRoot(root, ['app.js'])).filter((x) => x.ruleId === 'sast/js/xss');
    expect(found.map((f) => `${f.location.path}:${f.location.startLine}`).sort()).toEqual(['views/profile.ejs:1', 'views/profile.ejs:3']);
  });

  it('stored data: a row read back from the database and output raw is XSS, output escaped it is not', async () => {
    const code = EXPRESS + [
      "const db = new (require('better-sqlite3'))('app.db');",
      "app.get('/p/:id', (req, res) => res.render('page', { page: db.prepare('SELECT * FROM pages WHERE id = ?').get(req.params.id) }));",
    ].join('\n');
    expect(await xss({ 'app.js': code, 'views/page.ejs': '<h1><%= page.title %></h1>\n<div><%- page.body %></div>\n' })).toEqual(['app.js:4']);
    expect(await xss({ 'app.js': code, 'views/page.ejs': '<h1><%= page.title %></h1>\n<div><%= page.body %></div>\n' })).toEqual([]);
  });

  it('Pug: p!= bio is XSS, p= bio is not', async () => {
    expect(await xss({ 'app.js': app, 'views/profile.pug': 'h1= name\np!= bio\n', 'views/other.pug': 'p= bio\n' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.pug': 'h1= name\np= bio\n' })).toEqual([]);
  });

  it('Handlebars: {{{bio}}} is XSS, {{bio}} is not', async () => {
    expect(await xss({ 'app.js': app, 'views/profile.hbs': '<h1>{{name}}</h1><p>{{{bio}}}</p>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.hbs': '<h1>{{name}}</h1><p>{{bio}}</p>' })).toEqual([]);
  });

  it('Nunjucks: {{ bio | safe }} is XSS, {{ bio }} is not', async () => {
    expect(await xss({ 'app.js': app, 'views/profile.njk': '<p>{{ bio | safe }}</p>{{ name }}' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.njk': '<p>{{ bio }}</p>' })).toEqual([]);
  });

  it('Mustache {{& bio}}, Liquid and Twig | raw, Eta <%~ it.bio %>', async () => {
    expect(await xss({ 'app.js': app, 'views/profile.mustache': '<p>{{& bio}}</p>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.liquid': '<p>{{ bio | raw }}</p>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.twig': '<p>{{ bio|raw }}</p>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.eta': '<p><%~ it.bio %></p><%= it.name %>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': app, 'views/profile.eta': '<p><%= it.bio %></p>' })).toEqual([]);
  });

  it('view names: a sub-folder, with or without the extension; a chained status', async () => {
    const code = EXPRESS + [
      "app.get('/a', (req, res) => res.render('users/show', { about: req.query.a }));",
      "app.get('/b', (req, res) => res.render('users/show.ejs', { about: req.query.a }));",
      "app.get('/c', (req, res) => res.render('profile.ejs', { bio: req.query.b }));",
      "app.get('/d', (req, res) => res.status(404).render('profile', { bio: req.query.b }));",
      "app.get('/e', (req, res) => res.render('show', { about: req.query.a }));",
    ].join('\n');
    const views = { 'views/users/show.ejs': '<%- about %>', 'views/profile.ejs': '<%- bio %>' };
    expect(await xss({ 'app.js': code, ...views })).toEqual(['app.js:3', 'app.js:4', 'app.js:5', 'app.js:6']);
  });

  it('a whole request object as the locals reaches every raw local; a nested local is followed member by member', async () => {
    const code = EXPRESS + [
      "app.post('/a', (req, res) => res.render('card', req.body));",
      "app.post('/b', (req, res) => res.render('card', { user: req.body }));",
      "app.post('/c', (req, res) => res.render('card', { user: { about: req.body.about, name: 'x' } }));",
      "app.post('/d', (req, res) => res.render('card', { user: { name: req.body.name } }));",
    ].join('\n');
    expect(await xss({ 'app.js': code, 'views/card.ejs': '<%= user.name %><%- user.about %>' })).toEqual(['app.js:3', 'app.js:4', 'app.js:5']);
  });

  it('res.locals and Koa ctx.state members a view outputs raw', async () => {
    const code = EXPRESS + [
      "app.use((req, res, next) => { res.locals.note = req.query.note; next(); });",
      "app.use((req, res, next) => { res.locals.title = req.query.title; next(); });",
      "app.get('/', (req, res) => res.render('page'));",
    ].join('\n');
    expect(await xss({ 'app.js': code, 'views/page.ejs': '<%- note %><%= title %>' })).toEqual(['app.js:3']);
    const koa = "const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx, next) => { ctx.state.note = ctx.query.note; await next(); });\n";
    expect(await xss({ 'app.js': koa, 'views/page.ejs': '<%- note %>' })).toEqual(['app.js:3']);
  });

  it('an included partial outputs the view locals raw', async () => {
    const code = EXPRESS + "app.get('/', (req, res) => res.render('page', { note: req.query.note }));";
    const views = { 'views/page.ejs': "<main><%- include('partials/footer') %></main>", 'views/partials/footer.ejs': '<%- note %>' };
    expect(await xss({ 'app.js': code, ...views })).toEqual(['app.js:3']);
    // Data given with the include: a literal replaces the view's local, a local is renamed, others pass through.
    expect(await xss({ 'app.js': code, 'views/page.ejs': "<%- include('partials/footer', { note: 'x' }) %>", 'views/partials/footer.ejs': '<%- note %>' })).toEqual([]);
    expect(await xss({ 'app.js': code, 'views/page.ejs': "<%- include('partials/alert', { msg: note }) %>", 'views/partials/alert.ejs': '<%- msg %>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': code, 'views/page.ejs': "<%- include('partials/alert', { msg: 'hi' }) %>", 'views/partials/alert.ejs': '<%- msg %><%- note %>' })).toEqual(['app.js:3']);
    expect(await xss({ 'app.js': code, 'views/page.ejs': "<%- include('partials/alert', { msg: 'hi' }) %>", 'views/partials/alert.ejs': '<%- msg %><%= note %>' })).toEqual([]);
  });

  it("a views folder named by app.set('views', …)", async () => {
    const code = EXPRESS + "const path = require('path');\napp.set('views', path.join(__dirname, 'templates'));\napp.get('/', (req, res) => res.render('home', { msg: req.query.m }));";
    expect(await xss({ 'src/app.js': code, 'src/templates/home.ejs': '<%- msg %>' })).toEqual(['src/app.js:5']);
  });
});

describe('SAST XSS through view templates: escaping turned off in the configuration', () => {
  const server = (setting: string) => EXPRESS + [
    "const swig = require('swig');",
    "app.engine('html', require('consolidate').swig);",
    "app.set('view engine', 'html');",
    setting,
    "app.get('/', (req, res) => res.render('greet', { who: req.query.who }));",
  ].join('\n');

  it('swig autoescape: false makes {{ who }} in an .html view raw; commented out it does not', async () => {
    const views = { 'views/greet.html': '<p>Hello {{ who }}</p>' };
    expect(await xss({ 'server.js': server('swig.setDefaults({ autoescape: false });'), ...views })).toEqual(['server.js:7']);
    expect(await xss({ 'server.js': server('swig.setDefaults({\n  // autoescape: false\n  autoescape: true\n});'), ...views })).toEqual([]);
  });
});

describe('SAST XSS through view templates: Koa, Fastify, hapi', () => {
  it('Koa ctx.render (koa-views)', async () => {
    const code = "const Koa = require('koa');\nconst app = new Koa();\napp.use(async (ctx) => { await ctx.render('profile', { bio: ctx.query.bio }); });\napp.use(async (ctx) => { await ctx.render('profile', { bio: parseInt(ctx.query.bio, 10) }); });\n";
    expect(await xss({ 'app.js': code, 'views/profile.ejs': '<%- bio %>' })).toEqual(['app.js:3']);
  });

  it('Fastify reply.view (@fastify/view), with the extension and a leading slash', async () => {
    const code = "const fastify = require('fastify')();\nfastify.get('/', (request, reply) => reply.view('/profile.hbs', { bio: request.query.bio }));\nfastify.get('/s', (request, reply) => reply.view('/profile.hbs', { name: request.query.bio }));\n";
    expect(await xss({ 'app.js': code, 'views/profile.hbs': '{{{bio}}} {{name}}' })).toEqual(['app.js:2']);
  });

  it('hapi h.view (@hapi/vision)', async () => {
    const code = "const Hapi = require('@hapi/hapi');\nconst server = Hapi.server();\nserver.route({ method: 'GET', path: '/', handler: (request, h) => h.view('profile', { bio: request.query.bio }) });\nserver.route({ method: 'GET', path: '/s', handler: (request, h) => h.view('profile', { name: request.query.bio }) });\n";
    expect(await xss({ 'app.js': code, 'views/profile.njk': '{{ bio | safe }}{{ name }}' })).toEqual(['app.js:3']);
  });
});

describe('SAST view templates and the cache', () => {
  it('changing a template from escaped to raw output re-analyses the file that renders it', async () => {
    const root = trees.make({ 'app.js': EXPRESS + "app.get('/', (req, res) => res.render('profile', { bio: req.query.bio }));\n", 'views/profile.ejs': '<p><%= bio %></p>\n' });
    try {
      const opts = { cache: true };
      expect((await scanRoot(root, ['app.js'], opts)).filter((f) => f.ruleId === 'sast/js/xss')).toEqual([]);
      writeFileSync(join(root, 'views/profile.ejs'), '<p><%- bio %></p>\n');
      expect((await scanRoot(root, ['app.js'], opts)).filter((f) => f.ruleId === 'sast/js/xss').map(renderCall)).toEqual(['app.js:3']);
      writeFileSync(join(root, 'views/profile.ejs'), '<p><%= bio %></p>\n');
      expect((await scanRoot(root, ['app.js'], opts)).filter((f) => f.ruleId === 'sast/js/xss')).toEqual([]);
    } finally {
      rmSync(cacheDirFor(root), { recursive: true, force: true });
    }
  });
});
