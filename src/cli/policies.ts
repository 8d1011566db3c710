import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { api, projectOption, seg, serverOptions, type ServerFlags } from './api/client.js';
import { readDocument } from './api/documents.js';
import { cut, emit, fields, formatOf, note, table, when } from './api/output.js';
import { indentBlock, yamlOf } from './environments.js';
import { printable } from './printable.js';

export interface GatePolicy {
  name: string;
  document: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** What of an environment says which policy it uses. */
export interface PolicyUser {
  name: string;
  policy: string | null;
}

interface PolicyFlags extends ServerFlags {
  project: string;
}

/**
 * `rampart gate-policies list|show|set|delete --project P`: the deployment gate's policies on
 * their own, for one shared by several environments or written before any environment uses it
 * (`environments set ENV --policy-file` writes one and points ENV at it in one step). Named
 * gate-policies, not policies: `rampart policy` tests local IaC policies, a different thing. The
 * server refuses to delete a policy an environment uses and names the environments.
 * Needs policies:read (list, show) or policies:write (set, delete) on the project.
 */
export function registerPolicies(program: Command, setCode: (c: number) => void): void {
  const pols = program.command('gate-policies').description('deployment gate policies of a project, apart from the environments that use them');
  const base = (o: PolicyFlags) => `/api/v1/projects/${seg(o.project)}`;

  serverOptions(projectOption(pols.command('list').description("the project's gate policies and the environments using each"))).action(async (o: PolicyFlags) => {
    const c = await api(o);
    const [policies, envs] = await Promise.all([listOf(c, o), environmentsOf(c, o)]);
    emit(o, policies, () => policiesTable(policies, envs));
    setCode(0);
  });

  serverOptions(projectOption(pols.command('show').description('one policy: its document and the environments using it').argument('<name>', 'policy name'))).action(async (name: string, o: PolicyFlags) => {
    const c = await api(o);
    const [policies, envs] = await Promise.all([listOf(c, o), environmentsOf(c, o)]);
    const p = policies.find((x) => x.name === name);
    if (!p) throw new UsageError(`policy ${printable(name)}: project ${printable(o.project)} has none of that name (rampart gate-policies list --project ${printable(o.project)})`);
    const text = formatOf(o) === 'text' ? await yamlOf(p.document) : '';
    emit(o, p, () => formatPolicy(p, envs) + `document:\n${indentBlock(text)}`);
    setCode(0);
  });

  serverOptions(projectOption(pols.command('set').description('create or replace a policy from a YAML or JSON file').argument('<name>', "policy name (lowercase letters, digits, '.', '_', '-')")))
    .requiredOption('--file <file>', 'the policy document ("-" = stdin): maxOpenSeverity, requiredScanners, scanWindowHours, denyExpiredWaivers, evidence, signature')
    .action(async (name: string, o: PolicyFlags & { file: string }) => {
      const doc = await readDocument(o.file, '--file');
      const c = await api(o);
      const p = (await c.call('PUT', `${base(o)}/policies/${seg(name)}`, { document: doc })) as GatePolicy;
      const envs = await environmentsOf(c, o);
      emit(o, p, () => formatPolicy(p, envs));
      const users = envs.filter((e) => e.policy === p.name).map((e) => e.name);
      note(o, users.length ? `policy ${p.name} saved; deploy checks of ${users.join(', ')} now judge by it` : `policy ${p.name} saved; no environment uses it yet (rampart environments set ENV --policy ${p.name} --project ${o.project})`);
      setCode(0);
    });

  serverOptions(projectOption(pols.command('delete').description('delete a policy no environment uses (the server refuses otherwise and names them)').argument('<name>', 'policy name')), false).action(
    async (name: string, o: PolicyFlags) => {
      const c = await api(o);
      await c.call('DELETE', `${base(o)}/policies/${seg(name)}`);
      note(o, `policy ${name} deleted`);
      setCode(0);
    },
  );
}

const listOf = async (c: Awaited<ReturnType<typeof api>>, o: PolicyFlags) => ((await c.call('GET', `/api/v1/projects/${seg(o.project)}/policies`)) as { policies: GatePolicy[] }).policies;
const environmentsOf = async (c: Awaited<ReturnType<typeof api>>, o: PolicyFlags) => ((await c.call('GET', `/api/v1/projects/${seg(o.project)}/environments`)) as { environments: PolicyUser[] }).environments;

/** The environments using `name`, comma-separated, or `-`. */
const usedBy = (name: string, envs: readonly PolicyUser[]) => envs.filter((e) => e.policy === name).map((e) => e.name).join(', ') || '-';

export function policiesTable(policies: readonly GatePolicy[], envs: readonly PolicyUser[]): string {
  return table(['NAME', 'USED BY', 'UPDATED', 'RULES'], policies.map((p) => [p.name, usedBy(p.name, envs), when(p.updatedAt), cut(summary(p.document), 100)]), 'no gate policies');
}

function formatPolicy(p: GatePolicy, envs: readonly PolicyUser[]): string {
  return fields([['policy', p.name], ['used by', usedBy(p.name, envs)], ['created', when(p.createdAt)], ['updated', when(p.updatedAt)]]);
}

/** One line of what a policy asks: `max open *=medium secrets=none; requires secrets, deps; 168h window; evidence ci`. */
export function summary(doc: Record<string, unknown>): string {
  const parts: string[] = [];
  const max = doc.maxOpenSeverity;
  if (max && typeof max === 'object' && Object.keys(max).length) parts.push(`max open ${Object.entries(max).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`);
  if (Array.isArray(doc.requiredScanners) && doc.requiredScanners.length) parts.push(`requires ${doc.requiredScanners.map(String).join(', ')}`);
  if (typeof doc.scanWindowHours === 'number') parts.push(`${doc.scanWindowHours}h window`);
  if (typeof doc.evidence === 'string') parts.push(`evidence ${doc.evidence}`);
  if (doc.signature && typeof doc.signature === 'object') parts.push((doc.signature as { required?: unknown }).required === false ? 'signature checked if present' : 'signature required');
  return parts.join('; ') || '-';
}
