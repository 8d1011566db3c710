import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { api, projectOption, seg, serverOptions, type Api, type ServerFlags } from './api/client.js';
import { readDocument } from './api/documents.js';
import { emit, fields, formatOf, note, table, when } from './api/output.js';
import { printable } from './printable.js';

interface Environment {
  name: string;
  policy: string | null;
  failClosed: boolean;
  createdAt: string;
}

interface GatePolicy {
  name: string;
  document: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

interface EnvFlags extends ServerFlags {
  project: string;
}

interface SetFlags extends EnvFlags {
  policyFile?: string;
  policy?: string;
  failOpen?: boolean;
  failClosed?: boolean;
}

/**
 * `rampart environments set|show|list|delete --project P`: a project's deployment environments
 * and the gate policy each one is judged by (what `rampart deploy check` and the admission
 * webhook decide with). `set prod --policy-file gate.yaml` writes the policy (named after the
 * environment unless --policy names it) and points the environment at it in two audited calls;
 * `--policy NAME` alone points it at a policy already stored. Needs policies:write (show and
 * list: policies:read) on the project.
 */
export function registerEnvironments(program: Command, setCode: (c: number) => void): void {
  const envs = program.command('environments').alias('envs').description('deployment environments and their gate policies (what deploy check decides with)');

  serverOptions(projectOption(envs.command('set').description('create or update an environment and its policy').argument('<env>', "environment name, e.g. prod (lowercase letters, digits, '.', '_', '-')")))
    .option('--policy-file <file>', 'the policy document as YAML or JSON ("-" = stdin): maxOpenSeverity, requiredScanners, scanWindowHours, denyExpiredWaivers, evidence, signature')
    .option('--policy <name>', 'the policy\'s name (default with --policy-file: the environment\'s); alone: use this stored policy')
    .option('--fail-open', 'the admission webhook admits when it cannot decide (default: refuses)')
    .option('--fail-closed', 'the admission webhook refuses when it cannot decide (the default)')
    .addHelpText(
      'after',
      `
Example policy file (prod.yaml):
  maxOpenSeverity: { "*": medium, secrets: none }   # the highest severity left open, per scanner
  requiredScanners: [secrets, deps]                  # scans that must exist for the image or commit
  scanWindowHours: 168
  evidence: ci                                       # only scans uploaded by this project's CI jobs count (default)`,
    )
    .action(async (env: string, o: SetFlags) => {
      if (o.failOpen && o.failClosed) throw new UsageError('--fail-open and --fail-closed exclude each other');
      const c = await api(o);
      const base = `/api/v1/projects/${seg(o.project)}`;
      let policyName = o.policy;
      let written: GatePolicy | undefined;
      if (o.policyFile !== undefined) {
        const doc = await readDocument(o.policyFile, '--policy-file');
        policyName ??= env;
        written = (await c.call('PUT', `${base}/policies/${seg(policyName)}`, { document: doc })) as GatePolicy;
      }
      const current = policyName === undefined || (!o.failOpen && !o.failClosed) ? await environmentOf(c, o.project, env) : undefined;
      if (policyName === undefined && current === undefined) throw new UsageError(`environment ${printable(env)} does not exist yet: give --policy-file FILE or --policy NAME`);
      const body = { policy: policyName ?? current!.policy, failClosed: o.failOpen ? false : o.failClosed ? true : (current?.failClosed ?? true) };
      const e = (await c.call('PUT', `${base}/environments/${seg(env)}`, body)) as Environment;
      emit(o, { environment: e, ...(written ? { policy: written } : {}) }, () => formatEnv(e, written));
      if (written) note(o, `policy ${written.name} saved; rampart deploy check --project ${o.project} --env ${e.name} --image sha256:... now judges by it`);
      setCode(0);
    });

  serverOptions(projectOption(envs.command('show').description('an environment and its policy document').argument('<env>', 'environment name'))).action(async (env: string, o: EnvFlags) => {
    const c = await api(o);
    const e = await environmentOf(c, o.project, env);
    if (!e) throw new UsageError(`environment ${printable(env)}: project ${printable(o.project)} has none of that name (rampart environments list --project ${printable(o.project)})`);
    const policies = e.policy === null ? [] : ((await c.call('GET', `/api/v1/projects/${seg(o.project)}/policies`)) as { policies: GatePolicy[] }).policies;
    const p = policies.find((x) => x.name === e.policy);
    const text = formatOf(o) === 'text' && p ? await yamlOf(p.document) : '';
    emit(o, { environment: e, policy: p ?? null }, () => formatEnv(e, p) + (p ? `policy document:\n${indentBlock(text)}` : e.policy === null ? 'no policy: every deployment is denied\n' : `policy ${printable(e.policy)} is missing: every deployment is denied\n`));
    setCode(0);
  });

  serverOptions(projectOption(envs.command('list').description("the project's environments"))).action(async (o: EnvFlags) => {
    const c = await api(o);
    const list = ((await c.call('GET', `/api/v1/projects/${seg(o.project)}/environments`)) as { environments: Environment[] }).environments;
    emit(o, list, () => table(['NAME', 'POLICY', 'ADMISSION', 'CREATED'], list.map((e) => [e.name, e.policy ?? '-', e.failClosed ? 'fail closed' : 'fail open', when(e.createdAt)]), 'no environments'));
    setCode(0);
  });

  serverOptions(projectOption(envs.command('delete').description('delete an environment (its policy stays; deploy checks for it are then refused)').argument('<env>', 'environment name')), false).action(async (env: string, o: EnvFlags) => {
    const c = await api(o);
    await c.call('DELETE', `/api/v1/projects/${seg(o.project)}/environments/${seg(env)}`);
    note(o, `environment ${env} deleted`);
    setCode(0);
  });
}

async function environmentOf(c: Api, project: string, env: string): Promise<Environment | undefined> {
  const list = ((await c.call('GET', `/api/v1/projects/${seg(project)}/environments`)) as { environments: Environment[] }).environments;
  return list.find((e) => e.name === env);
}

function formatEnv(e: Environment, p: GatePolicy | undefined): string {
  return fields([
    ['environment', e.name], ['policy', e.policy ?? '-'], ['admission', e.failClosed ? 'fail closed' : 'fail open'], ['created', when(e.createdAt)],
    ...(p ? ([['policy updated', when(p.updatedAt)]] as const) : []),
  ]);
}

/** A policy document as YAML, each line escaped (also `rampart gate-policies show`). */
export async function yamlOf(doc: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  // Line by line: the document's own text is escaped like every other server-given string.
  return stringify(doc).split('\n').map(printable).join('\n');
}

/** Each line indented two spaces, its trailing blanks dropped (an empty line stays empty). Linear. */
export function indentBlock(text: string): string {
  return text.split('\n').map((line) => `  ${line}`.trimEnd()).join('\n');
}
