import type { Command } from 'commander';
import type { GlobalOpts } from '../shared.js';

/**
 * The HTTP side of the control-plane administration commands (projects, users,
 * service-accounts, roles, trust-policies, environments, waivers, tokens): the login and JSON
 * client of server/findings/client.ts and the flags every such command takes. A server refusal
 * is a ServerError: exit 2 with the server's message, like every other command that cannot do
 * what it was asked (README "Exit codes").
 */

export interface ServerFlags extends GlobalOpts {
  server?: string;
  format?: string;
}

export interface Api {
  server: string;
  call(method: string, path: string, body?: unknown): Promise<unknown>;
}

/** The current login (or --server with RAMPART_TOKEN) as a JSON client. */
export async function api(o: { server?: string }): Promise<Api> {
  const { resolveLogin, callServer } = await import('../../server/findings/client.js');
  const login = await resolveLogin(o.server);
  return { server: login.server, call: (method, path, body) => callServer(login.server, login.token, method, path, body) };
}

/** A path segment from a name or id the user typed. */
export const seg = (s: string): string => encodeURIComponent(s);

/** The API base of a scope: project P's (`/api/v1/projects/P`), or server-wide (`/api/v1`) without one. */
export const scopePath = (project: string | undefined): string => (project === undefined ? '/api/v1' : `/api/v1/projects/${seg(project)}`);

/**
 * GET `path`, or undefined when the caller may not read it (403) or it is not there (404): for
 * what only decorates an answer (names beside ids), which the command shows without.
 */
export async function getIfReadable(c: Api, path: string): Promise<unknown> {
  const { ServerError } = await import('../../server/findings/client.js');
  try {
    return await c.call('GET', path);
  } catch (e) {
    if (e instanceof ServerError && (e.status === 403 || e.status === 404)) return undefined;
    throw e;
  }
}

/** `--project <name>`, required: a command on one project's resources. */
export const projectOption = (c: Command): Command => c.requiredOption('--project <name>', 'project name on the server');

/** `--server` and `-f, --format text|json` on a command that talks to the server. */
export function serverOptions(c: Command, withFormat = true): Command {
  c.option('--server <url>', 'server URL (default: the current login)');
  return withFormat ? c.option('-f, --format <format>', 'text (a table) or json', 'text') : c;
}
