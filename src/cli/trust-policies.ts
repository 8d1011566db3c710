import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { api, projectOption, seg, serverOptions, type Api, type ServerFlags } from './api/client.js';
import { readDocument } from './api/documents.js';
import { emit, fields, note, table, when } from './api/output.js';
import { printable } from './printable.js';

interface TrustPolicy {
  id: string;
  name: string;
  project: string;
  issuer: string;
  audience: string;
  conditions: Record<string, unknown>;
  role: string;
  roleName: string;
  maxTtlSeconds: number;
  disabledAt: string | null;
  createdAt: string;
  warnings?: string[];
}

interface PolicyFlags extends ServerFlags {
  project: string;
}

interface CreateFlags extends PolicyFlags {
  file?: string;
  issuer?: string;
  audience?: string;
  role?: string;
  condition: string[];
  maxTtl?: string;
}

/** The fields a trust policy file may hold (the API's body). */
const FILE_KEYS = new Set(['name', 'issuer', 'audience', 'conditions', 'role', 'maxTtlSeconds']);

/**
 * `rampart trust-policies create|list|delete|disable|enable --project P`: which CI jobs may trade
 * their OIDC id token for a Rampart token of a role (`rampart login --oidc`). A policy names the
 * issuer, the audience and claim conditions; the server refuses one that constrains neither the
 * subject nor the repository, and says so. create takes flags, a YAML/JSON file (--file), or a
 * file with flags overriding it. Needs oidc:write (read: oidc:read) on the project.
 */
export function registerTrustPolicies(program: Command, setCode: (c: number) => void): void {
  const tp = program.command('trust-policies').alias('oidc-policies').description('OIDC trust policies: which CI jobs (GitHub Actions, GitLab CI, any OIDC issuer) may log in, and as which role');

  serverOptions(projectOption(tp.command('create').description('trust CI id tokens that match: issuer, audience and claim conditions').argument('[name]', "lowercase letters, digits and '-' (or name: in --file)")))
    .option('--file <file>', 'the policy as YAML or JSON: name, issuer, audience, conditions (claim: value or [values]), role, maxTtlSeconds; "-" reads stdin')
    .option('--issuer <url>', 'the id tokens\' issuer, e.g. https://token.actions.githubusercontent.com or https://gitlab.com')
    .option('--audience <aud>', 'the audience the tokens must carry (rampart login --oidc asks for the server URL, without a trailing slash)')
    .option('--role <name>', 'the role a matching job gets (a role of the project, or a global one)')
    .option('--condition <claim=value>', 'a claim condition, e.g. repository=acme/shop, ref=refs/heads/main, sub=repo:acme/shop:* ; repeatable (one claim named twice: any of the values)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--max-ttl <seconds>', 'longest life of the Rampart token a job gets (at most 900; default 600)')
    .addHelpText(
      'after',
      `
The conditions must constrain the subject or the repository (sub, repository, repository_id,
project_path, project_id, ...); a policy without one is refused: on a shared issuer such as
GitHub's, every job of every repository would match it.

Example file (gha.yaml):
  name: gha
  issuer: https://token.actions.githubusercontent.com
  audience: https://rampart.example.com
  role: scanner
  conditions:
    repository: acme/shop
    ref: refs/heads/main`,
    )
    .action(async (name: string | undefined, o: CreateFlags) => {
      const body = await policyBody(name, o);
      const c = await api(o);
      let p: TrustPolicy;
      try {
        p = (await c.call('POST', `/api/v1/projects/${seg(o.project)}/oidc-policies`, body)) as TrustPolicy;
      } catch (e) {
        const { ServerError } = await import('../server/findings/client.js');
        // The server's words name the API's fields; add the flags that set them.
        if (e instanceof ServerError && e.status === 400 && /conditions:/.test(e.message)) {
          throw new ServerError(400, e.code, `${e.message}\n  (give one with --condition, e.g. --condition repository=acme/shop, or under conditions: in --file)`);
        }
        throw e;
      }
      emit(o, p, () => formatPolicy(p));
      for (const w of p.warnings ?? []) process.stderr.write(`rampart: warning: ${printable(w)}\n`);
      note(o, `CI jobs log in with: rampart login --oidc --server ${c.server} --project ${o.project} --role ${p.roleName}`);
      setCode(0);
    });

  serverOptions(projectOption(tp.command('list').description("the project's trust policies"))).action(async (o: PolicyFlags) => {
    const c = await api(o);
    const list = (await c.call('GET', `/api/v1/projects/${seg(o.project)}/oidc-policies`)) as TrustPolicy[];
    emit(o, list, () =>
      table(
        ['NAME', 'ISSUER', 'AUDIENCE', 'ROLE', 'CONDITIONS', 'STATE', 'ID'],
        list.map((p) => [p.name, p.issuer, p.audience, p.roleName, conditionsText(p.conditions), p.disabledAt ? `disabled ${when(p.disabledAt)}` : 'enabled', p.id]),
        'no trust policies',
      ),
    );
    setCode(0);
  });

  for (const [verb, what] of [
    ['delete', 'delete a trust policy: its CI tokens (and the tokens they issued) are revoked'],
    ['disable', 'stop a trust policy without deleting it: exchanges are refused and its CI tokens revoked'],
    ['enable', 'let a disabled trust policy admit jobs again (revoked tokens stay revoked)'],
  ] as const) {
    serverOptions(projectOption(tp.command(verb).description(what).argument('<policy>', 'name or id')), verb !== 'delete').action(async (policy: string, o: PolicyFlags) => {
      const c = await api(o);
      const p = await policyOf(c, o.project, policy);
      const path = `/api/v1/projects/${seg(o.project)}/oidc-policies/${seg(p.id)}`;
      if (verb === 'delete') {
        await c.call('DELETE', path);
        note(o, `trust policy ${p.name} deleted`);
      } else {
        const r = (await c.call('POST', `${path}/${verb}`)) as TrustPolicy;
        emit(o, r, () => formatPolicy(r));
      }
      setCode(0);
    });
  }
}

/** The API body from --file and the flags (flags win). */
async function policyBody(name: string | undefined, o: CreateFlags): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  if (o.file !== undefined) {
    const doc = (await readDocument(o.file, '--file')) as Record<string, unknown>;
    const unknown = Object.keys(doc).filter((k) => !FILE_KEYS.has(k));
    if (unknown.length > 0) throw new UsageError(`--file ${o.file}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => printable(k)).join(', ')} (a trust policy has ${[...FILE_KEYS].join(', ')})`);
    Object.assign(body, doc);
  }
  if (name !== undefined) body.name = name;
  if (o.issuer !== undefined) body.issuer = o.issuer;
  if (o.audience !== undefined) body.audience = o.audience;
  if (o.role !== undefined) body.role = o.role;
  if (o.maxTtl !== undefined) {
    if (!/^[1-9][0-9]{0,5}$/.test(o.maxTtl)) throw new UsageError('--max-ttl: expected a number of seconds');
    body.maxTtlSeconds = Number(o.maxTtl);
  }
  if (o.condition.length > 0) {
    const conditions: Record<string, string | string[]> = { ...((body.conditions as Record<string, string | string[]> | undefined) ?? {}) };
    const seen = new Set<string>();
    for (const c of o.condition) {
      const i = c.indexOf('=');
      if (i <= 0 || i === c.length - 1) throw new UsageError(`--condition ${printable(c)}: expected claim=value (e.g. repository=acme/shop)`);
      const k = c.slice(0, i);
      const v = c.slice(i + 1);
      // A flag replaces the file's value of that claim; naming a claim twice lists its values.
      const prev = seen.has(k) ? conditions[k] : undefined;
      conditions[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
      seen.add(k);
    }
    body.conditions = conditions;
  }
  body.conditions ??= {};
  const missing = ['name', 'issuer', 'audience', 'role'].filter((k) => body[k] === undefined);
  if (missing.length > 0) throw new UsageError(`a trust policy needs ${missing.map((k) => (k === 'name' ? '<name>' : `--${k}`)).join(', ')} (or ${missing.join(', ')} in --file)`);
  return body;
}

function conditionsText(c: Record<string, unknown>): string {
  return Object.entries(c).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`).join(' ');
}

function formatPolicy(p: TrustPolicy): string {
  return fields([
    ['trust policy', p.name], ['id', p.id], ['project', p.project], ['issuer', p.issuer], ['audience', p.audience], ['role', p.roleName],
    ['conditions', conditionsText(p.conditions)], ['token lifetime', `${p.maxTtlSeconds} s`], ['state', p.disabledAt ? `disabled ${when(p.disabledAt)}` : 'enabled'],
  ]);
}

async function policyOf(c: Api, project: string, policy: string): Promise<TrustPolicy> {
  const all = (await c.call('GET', `/api/v1/projects/${seg(project)}/oidc-policies`)) as TrustPolicy[];
  const p = all.find((x) => x.id === policy) ?? all.find((x) => x.name === policy);
  if (!p) throw new UsageError(`trust policy ${printable(policy)}: project ${printable(project)} has none of that name or id`);
  return p;
}
