import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import RE2 from 're2';
import { parseYamlAs } from '../../../core/config.js';
import { InputError } from '../../../core/errors.js';
import type { CloudRule } from '../rules/cloud/types.js';
import { compileCel, evaluateCel, type CelProgram } from './cel.js';
import { evaluate, type EvalEnv } from './condition.js';
import { policySchema, type Condition, type PolicyDoc } from './schema.js';

export interface LoadedPolicy {
  /** Absolute path of the policy file. */
  file: string;
  doc: PolicyDoc;
  rule: CloudRule;
  /** Absolute paths of the example files named under `tests:`. */
  tests: { flagged: string[]; clean: string[] };
}

export const CUSTOM_PREFIX = 'iac/custom/';

/**
 * Every policy in a folder: each .yaml / .yml file, recursively, except inside folders named
 * `examples` (where a policy's test files live). A broken policy is unusable input: the error
 * names the file and line (exit 2), because silently skipping a policy would turn a check off.
 */
export function loadPolicies(dir: string): LoadedPolicy[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new InputError(dir, 'policy folder not found (iac.policies in rampart.yaml)', undefined, 'E_POLICY');
  }
  const files = st.isDirectory() ? policyFiles(dir) : [dir];
  const out: LoadedPolicy[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const p = loadPolicy(file);
    const dup = seen.get(p.rule.id);
    if (dup) throw new InputError(file, `policy id "${p.doc.id}" is already used by ${relative(dirname(file), dup)}`, undefined, 'E_POLICY');
    seen.set(p.rule.id, file);
    out.push(p);
  }
  return out;
}

function policyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) {
      if (e.name !== 'examples' && !e.name.startsWith('.')) out.push(...policyFiles(join(dir, e.name)));
    } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(join(dir, e.name));
  }
  return out;
}

export function loadPolicy(file: string): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(file, `cannot read policy: ${(e as Error).message}`, undefined, 'E_POLICY');
  }
  const doc = parseYamlAs(text, file, policySchema, 'policy', 'E_POLICY');
  const env: EvalEnv = { graph: undefined as never, regexes: new Map() };
  for (const c of [doc.when, doc.assert]) if (c) compilePatterns(c, env, file);
  let cel: CelProgram | undefined;
  if (doc.cel !== undefined) {
    try {
      cel = compileCel(doc.cel);
    } catch (e) {
      throw new InputError(file, `invalid CEL expression: ${(e as Error).message.split('\n')[0]}`, undefined, 'E_POLICY');
    }
  }
  const base = dirname(file);
  const rule: CloudRule = {
    id: `${CUSTOM_PREFIX}${doc.id}`,
    title: doc.title,
    severity: doc.severity,
    cwe: doc.cwe,
    description: doc.description || doc.title,
    remediation: doc.remediation,
    references: doc.references,
    tags: ['custom'],
    provider: doc.provider ?? providerOf(doc.resources[0]!),
    types: doc.resources,
    check(r, report, ctx) {
      const e: EvalEnv = { graph: ctx.graph, regexes: env.regexes };
      if (doc.when && evaluate(doc.when, r, e).value !== true) return;
      const message = doc.message ?? doc.title;
      if (doc.assert) {
        const o = evaluate(doc.assert, r, e);
        if (o.value === false) report(o.path, `${r.address}: ${message}`);
      } else if (cel) {
        const o = evaluateCel(cel, r);
        if (o.value === false) report(null, `${r.address}: ${message}${o.error ? ` (${o.error})` : ''}`);
      }
    },
  };
  return {
    file,
    doc,
    rule,
    tests: { flagged: (doc.tests?.flagged ?? []).map((p) => resolve(base, p)), clean: (doc.tests?.clean ?? []).map((p) => resolve(base, p)) },
  };
}

/** Compiles every `matches` pattern up front (RE2: linear time), so a bad one fails at load with its file. */
function compilePatterns(c: Condition, env: EvalEnv, file: string): void {
  if ('all' in c) c.all.forEach((x) => compilePatterns(x, env, file));
  else if ('any' in c) c.any.forEach((x) => compilePatterns(x, env, file));
  else if ('not' in c) compilePatterns(c.not, env, file);
  else if ('connected' in c) {
    if (c.connected.where) compilePatterns(c.connected.where, env, file);
  } else if (typeof c.matches === 'string' && !env.regexes.has(c.matches)) {
    try {
      env.regexes.set(c.matches, new RE2(c.matches));
    } catch (e) {
      throw new InputError(file, `invalid pattern /${c.matches}/: ${(e as Error).message}`, undefined, 'E_POLICY');
    }
  }
}

function providerOf(type: string): CloudRule['provider'] {
  if (type.startsWith('azurerm_') || type.startsWith('azuread_')) return 'azure';
  if (type.startsWith('google_')) return 'gcp';
  return 'aws';
}
