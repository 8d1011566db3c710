/** Template engines: a template compiled from input runs code; HTML marked safe skips escaping. */
import type { SinkSpec, TaintModel } from './types.js';

const DESC = 'is compiled as a template (template code runs on the server)';

function tpl(id: string, call: string): SinkSpec {
  return { id, kind: 'template-injection', call, description: DESC };
}

export const templatesModel: TaintModel = {
  framework: 'templates',
  sinks: [
    tpl('ejs', 'ejs.{render,compile}'),
    tpl('pug', '{pug,jade}.{render,compile,compileClient}'),
    tpl('handlebars', '{handlebars,hbs}.{compile,precompile}'),
    tpl('handlebars.create', 'handlebars.create().{compile,precompile}'),
    tpl('nunjucks', 'nunjucks.{renderString,compile}'),
    tpl('nunjucks.env', 'nunjucks.Environment().renderString'),
    tpl('nunjucks.Template', 'nunjucks.Template'),
    tpl('lodash.template', '{lodash,underscore,lodash-es}.template'),
    tpl('dot', '{dot,doT}.{template,compile}'),
    tpl('swig', '{swig,swig-templates}.{render,compile}'),
    tpl('hogan', 'hogan.js.compile'),
    tpl('eta', 'eta.Eta().renderString'),
    { id: 'handlebars.SafeString', kind: 'xss', call: '{handlebars,hbs}.SafeString',
      description: 'is marked safe, so Handlebars renders it without escaping' },
    { id: 'handlebars.SafeString.utils', kind: 'xss', call: 'handlebars.Utils.SafeString',
      description: 'is marked safe, so Handlebars renders it without escaping' },
  ],
  // Rendering a template from the code base escapes its data (`<%= %>`, `{{ }}`, `#{}`, nunjucks
  // autoescape): the HTML it returns is not raw request data. Unescaped outputs (`<%-`, `{{{ }}}`,
  // `!{}`) are in the template file: views/ reads the project's view templates and makes their
  // render calls (`res.render(view, locals)`) sinks for the locals output raw (models/project-versions.ts).
  sanitizers: [
    ...[
      'ejs.{render,renderFile}', 'ejs.compile()', '{pug,jade}.{render,renderFile}', '{pug,jade}.{compile,compileFile}()',
      '{handlebars,hbs}.compile()', 'handlebars.template()', 'nunjucks.{render,renderString}', 'nunjucks.Environment().{render,renderString}',
      'nunjucks.configure().{render,renderString}',
    ].map((call) => ({ call, kinds: ['xss' as const], description: 'a rendered template (escapes its data)' })),
  ],
};
