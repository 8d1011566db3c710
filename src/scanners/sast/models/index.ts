/**
 * Every taint model the SAST scanner loads, one per framework or library family.
 *
 * Roles handlers give parameters (sources and sinks are members of these):
 *   @http.request / @http.response   Node, Express, Next.js pages API, NestJS @Req/@Res, Azure
 *   @fastify.reply, @fastify.instance   Fastify (reply.send is text/plain, so not XSS by itself)
 *   @koa.context, @hapi.request, @hapi.h, @hapi.server, @hono.context
 *   @next.request, @next.context, @next.page-context, @next.form-data, @web.request
 *   @remix.args, @sveltekit.event, @lambda.event, @graphql.args
 *   @socketio.socket, @socketio.message, @ws.socket, @ws.message, @dom.message-event
 *   @archive.entry (an entry listener of unzipper, tar, tar-stream, yauzl), @yauzl.zipfile
 * Method fallbacks for receivers the engine cannot resolve match names from receivers.ts.
 */
import type { TaintModel } from './types.js';
import { httpModel } from './http.js';
import { expressModel } from './express.js';
import { fastifyModel } from './fastify.js';
import { koaModel } from './koa.js';
import { hapiModel } from './hapi.js';
import { nestModel } from './nest.js';
import { nextModel } from './next.js';
import { browserModel } from './browser.js';
import { nodeCoreModel } from './node-core.js';
import { processesModel } from './processes.js';
import { sqlModel } from './sql.js';
import { nosqlModel } from './nosql.js';
import { httpClientsModel } from './http-clients.js';
import { templatesModel } from './templates.js';
import { serializationModel } from './serialization.js';
import { objectsModel } from './objects.js';
import { loggingModel } from './logging.js';
import { archivesModel } from './archives.js';
import { sanitizersModel } from './sanitizers.js';
import { validationModel } from './validation.js';
import { realtimeModel } from './realtime.js';
import { honoModel } from './hono.js';
import { remixSveltekitModel } from './remix-sveltekit.js';
import { decoratorControllersModel } from './decorator-controllers.js';
import { graphqlModel } from './graphql.js';
import { serverlessModel } from './serverless.js';
import { headlessModel } from './headless.js';
import { ldapModel } from './ldap.js';
import { xpathModel } from './xpath.js';
import { execWrappersModel } from './exec-wrappers.js';
import { angularModel } from './angular.js';
import { storedModel } from './stored.js';
import { componentsModel } from '../vue/model.js';

export const MODELS: TaintModel[] = [
  httpModel,
  expressModel,
  fastifyModel,
  koaModel,
  hapiModel,
  nestModel,
  nextModel,
  browserModel,
  nodeCoreModel,
  processesModel,
  sqlModel,
  nosqlModel,
  httpClientsModel,
  templatesModel,
  serializationModel,
  objectsModel,
  loggingModel,
  archivesModel,
  sanitizersModel,
  validationModel,
  realtimeModel,
  honoModel,
  remixSveltekitModel,
  decoratorControllersModel,
  graphqlModel,
  serverlessModel,
  headlessModel,
  ldapModel,
  xpathModel,
  execWrappersModel,
  angularModel,
  storedModel,
  componentsModel,
];
