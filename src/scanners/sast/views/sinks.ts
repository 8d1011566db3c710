/**
 * XSS sinks from the project's templates: for every local a view outputs unescaped, its render
 * calls are sinks for that member of the locals argument. `res.render('profile', { bio })` with
 * `<%- bio %>` in views/profile.ejs is a sink for `bio`; a whole request object as the locals
 * (`res.render('profile', req.body)`) stands for all of its members.
 */
import type { SinkSpec, TaintModel } from '../models/types.js';
import type { ViewLocal } from './index.js';

/**
 * Render calls taking (view, locals): Express `res.render` and Koa's `ctx.render` (koa-views,
 * koa-ejs); Fastify `reply.view` (@fastify/view, point-of-view) and hapi `h.view` (@hapi/vision);
 * either response after a chained status or header call (`res.status(404).render`). A role is one
 * segment (`@http.response`), so alternatives list whole roles.
 */
export const RENDER_CALLS = [
  '{@http.response,@koa.context}.render',
  '{@fastify.reply,@hapi.h}.view',
  '{@http.response,@fastify.reply}.{status,code,set,header,type,cookie,append,vary}().{render,view}',
];

/** The names a render call may give a view: `users/show`, `users/show.ejs`, `/users/show.ejs` (Fastify). */
function viewNames(v: ViewLocal): string[] {
  return [v.view, `${v.view}${v.ext}`, `/${v.view}${v.ext}`];
}

/**
 * Locals set on the response for whichever view it renders: Express `res.locals.x = …`, Koa
 * `ctx.state.x = …`. The view is not known at the assignment, so a local any view outputs raw is one.
 */
export const RESPONSE_LOCALS = '{@http.response,@koa.context}.{locals,state}';

export function viewSinks(locals: readonly ViewLocal[]): SinkSpec[] {
  const out: SinkSpec[] = [];
  const assigned = new Set<string>();
  for (const v of locals) {
    // `res.locals.user = x` for a raw `user.bio`: only x tainted as a whole is seen here.
    const root = v.local.split('.')[0]!;
    if (!assigned.has(root)) {
      assigned.add(root);
      out.push({
        id: `${v.file}:${v.line}`, kind: 'xss', assign: `${RESPONSE_LOCALS}.${root}`,
        description: `is set as the view local \`${root}\`, which ${v.file}:${v.line} outputs unescaped (${v.how})`,
        reportAt: { path: v.file, line: v.line, how: v.how },
      });
    }
    const description = `is the view local \`${v.local}\`, which ${v.file}:${v.line} outputs unescaped (${v.how})`;
    const names = viewNames(v);
    const reportAt = { path: v.file, line: v.line, how: v.how };
    for (const call of RENDER_CALLS) {
      // The id names the template line: the finding reads "reaches res.render (views/profile.ejs:12)",
      // and the scanner reports it at that line (reportAt; ids are unique per line).
      out.push({ id: `${v.file}:${v.line}`, kind: 'xss', call, args: [1], property: v.local, when: { arg: 0, equals: names }, description, reportAt });
    }
  }
  return out;
}

/** The view sinks as one model (none when the project has no templates with raw outputs). */
export function viewModel(locals: readonly ViewLocal[]): TaintModel | undefined {
  return locals.length ? { framework: 'view-templates', sinks: viewSinks(locals) } : undefined;
}
