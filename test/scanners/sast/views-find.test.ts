import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findViews, readConfig } from '../../../src/scanners/sast/views/find.js';
import { viewLocals } from '../../../src/scanners/sast/views/index.js';
import { modelsForProject } from '../../../src/scanners/sast/models/project-versions.js';
import { tmpTrees } from '../../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

describe('view templates: where they are', () => {
  it('views/ next to or above the scanned files; without a file list the tree is walked', () => {
    const root = trees.make({ 'src/app.js': '', 'src/views/a.ejs': '', 'views/b.ejs': '', 'other/views/c.ejs': '', 'node_modules/x/views/d.ejs': '' });
    expect(findViews(root, ['src/app.js']).dirs).toEqual([join(root, 'src/views'), join(root, 'views')]);
    expect(findViews(root).dirs).toEqual([join(root, 'other/views'), join(root, 'src/views'), join(root, 'views')]);
  });

  it('folders named by Express, koa-views, @fastify/view and hapi vision configuration', () => {
    const root = trees.make({
      'a/app.js': "const path = require('path');\napp.set('views', path.join(__dirname, '..', 'pages'));",
      'b/server.js': "const views = require('koa-views');\napp.use(views(__dirname + '/tpl', { extension: 'pug' }));",
      'c/index.js': "fastify.register(require('@fastify/view'), {\n  engine: { ejs: require('ejs') },\n  root: path.join(__dirname, 'templates'),\n});",
      'd/server.js': "await server.register(require('@hapi/vision'));\nserver.views({ engines: { html: require('handlebars') }, relativeTo: __dirname, path: 'templates' });",
      'e/app.js': "app.set('views', './web/views');",
    });
    expect(readConfig(root, 'a/app.js').dirs).toEqual([join(root, 'pages')]);
    expect(readConfig(root, 'b/server.js').dirs).toEqual([join(root, 'b/tpl')]);
    expect(readConfig(root, 'c/index.js').dirs).toEqual([join(root, 'c/templates')]);
    expect(readConfig(root, 'd/server.js').dirs).toEqual([join(root, 'd/templates')]);
    expect(readConfig(root, 'e/app.js').dirs).toEqual([join(root, 'web/views')]);
  });

  it('configuration that turns escaping off; a commented-out setting does not', () => {
    const root = trees.make({
      'a.js': "const nunjucks = require('nunjucks');\nnunjucks.configure('views', { autoescape: false });",
      'b.js': "const swig = require('swig');\nswig.setDefaults({\n  // autoescape: false\n});",
      'c.js': "const exphbs = require('express-handlebars');\napp.engine('hbs', exphbs({ compilerOptions: { noEscape: true } }));",
    });
    expect([...readConfig(root, 'a.js').escapingOff]).toEqual(['nunjucks']);
    expect([...readConfig(root, 'b.js').escapingOff]).toEqual([]);
    expect([...readConfig(root, 'c.js').escapingOff]).toEqual(['handlebars']);
  });

  it('view names are paths under the views folder without the extension; templates over 1 MB are skipped', () => {
    const root = trees.make({ 'app.js': '', 'views/users/show.pug': 'p!= about', 'views/big.ejs': `<%- big %>${' '.repeat(1024 * 1024)}` });
    expect(viewLocals(root, ['app.js']).map((v) => `${v.view}${v.ext} ${v.local} ${v.file}:${v.line}`)).toEqual(['users/show.pug about views/users/show.pug:1']);
  });
});

describe('view templates in the per-project models', () => {
  it('a template whose raw outputs change changes the models (which key the taint cache); an escaped edit elsewhere does not', () => {
    const root = trees.make({ 'app.js': '', 'views/p.ejs': '<%= a %>' });
    const key = () => JSON.stringify(modelsForProject([], root, ['app.js']));
    expect(key()).toBe('[]');
    writeFileSync(join(root, 'views/p.ejs'), '<%- a %>');
    const raw = key();
    expect(raw).toContain('"property":"a"');
    writeFileSync(join(root, 'views/p.ejs'), '<%- a %><%= b %>');
    expect(key()).toBe(raw);
    writeFileSync(join(root, 'views/p.ejs'), '\n<%- a %>');
    expect(key()).not.toBe(raw); // the line the finding names moved
  });
});
