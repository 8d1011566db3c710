import { readFileSync, realpathSync } from 'node:fs';
import { isRegularFileWithin } from '../../core/paths.js';
import type { Finding } from '../../core/finding.js';
import type { RuleMeta } from '../../core/rule.js';
import type { ScanContext, Scanner, SourceFile } from '../../core/scanner.js';
import { runCloudRules } from './cloud.js';
import { isCloudFormation, loadCloudFormation } from './formats/cloudformation/load.js';
import { isKubernetesManifest } from './formats/kubernetes/parse.js';
import { loadTerraform } from './formats/terraform/load.js';
import { loadTerraformPlan, looksLikeTerraformPlan } from './formats/terraform/plan.js';
import type { CloudLoad } from './model/load.js';
import { isBestPractice, tagBestPractices } from './best-practice.js';
import { iacOptions, type IacOptions } from './options.js';
import { cloudRules } from './rules/cloud/index.js';
import type { CloudRule } from './rules/cloud/types.js';
import { auditDockerfile, dockerfileRules, isDockerfile } from './rules/dockerfile/index.js';
import { auditKubernetes, kubernetesRules } from './rules/kubernetes/index.js';

/** Manifests this large are generated bundles; the parsers are linear, but keep memory bounded. */
const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
const MANIFEST_EXT = /\.(ya?ml|json|template)$/i;
const TERRAFORM_EXT = /\.tf(\.json)?$/i;

/**
 * Infrastructure as code: Dockerfiles, Kubernetes manifests (rendered Helm and Kustomize output
 * are plain manifests), Terraform (evaluated, with local modules), `terraform show -json` plans
 * and CloudFormation templates. The last three share the provider-neutral model (model/), so
 * one cloud rule covers them all; custom policies (policies/) run over the same model.
 */
export const iacScanner: Scanner = {
  id: 'iac',
  rules: (): RuleMeta[] => tagBestPractices([...dockerfileRules, ...kubernetesRules, ...cloudRules]),
  rulesFor: async (options: Record<string, unknown>): Promise<RuleMeta[]> => [...iacScanner.rules(), ...(await customRules(iacOptions(options)))],
  accepts: (f: SourceFile) =>
    isDockerfile(f.path) || TERRAFORM_EXT.test(f.path) || (MANIFEST_EXT.test(f.path) && f.size <= MAX_MANIFEST_BYTES),
  async *scan(files: SourceFile[], ctx: ScanContext): AsyncIterable<Finding> {
    const opts = iacOptions(ctx.options);
    const rules: CloudRule[] = [...(opts.bestPractices ? cloudRules : cloudRules.filter((r) => !isBestPractice(r))), ...(await customRules(opts))];
    // Dockerfile and Kubernetes audits run every rule; best-practice findings are dropped here.
    const wanted = (f: Finding) => opts.bestPractices || !CONTAINER_OFF.has(f.ruleId);
    const terraform: SourceFile[] = [];
    const units: CloudLoad[] = [];
    for (const f of files) {
      if (TERRAFORM_EXT.test(f.path)) {
        terraform.push(f);
        ctx.fileRead(f.size, false, f.path);
        continue;
      }
      let content: string;
      try {
        content = readFileSync(f.absPath, 'utf8');
      } catch (e) {
        ctx.issue({ path: f.path, kind: 'unreadable', scanner: 'iac', message: `cannot read file: ${(e as Error).message}` });
        continue;
      }
      ctx.fileRead(f.size, false, f.path);
      if (isDockerfile(f.path)) {
        const r = auditDockerfile(f.path, content);
        r.issues.forEach(ctx.issue);
        yield* r.findings.filter(wanted);
      } else if (/\.json$/i.test(f.path) && looksLikeTerraformPlan(content)) {
        // A broken plan comes back as an issue naming the file.
        units.push(await loadTerraformPlan(f.path, content, { root: ctx.root }));
      } else if (isCloudFormation(f.path, content)) {
        units.push(loadCloudFormation(f.path, content));
      } else if (isKubernetesManifest(f.path, content)) {
        const r = auditKubernetes(f.path, content);
        r.issues.forEach(ctx.issue);
        for (const s of r.suppressed) if (wanted(s.finding)) ctx.suppressed?.(s.finding, s.reason);
        yield* r.findings.filter(wanted);
      }
    }
    if (terraform.length) {
      const realRoot = realpathSync(ctx.root);
      const fromConfig = opts.configVarFiles.filter((v) => {
        if (isRegularFileWithin(realRoot, v)) return true;
        ctx.issue({ path: 'rampart.yaml', kind: 'config', scanner: 'iac', message: `iac.varFiles: ${v} is not a file inside the scanned directory; not read (pass files from elsewhere with --var-file)` });
        return false;
      });
      const varFiles = [...fromConfig, ...opts.flagVarFiles];
      units.push(...(await loadTerraform(terraform, { root: ctx.root, varFiles, env: process.env })));
    }
    // Terraform reads a scanned file's whole directory for context; report only on files the
    // scan was given there (module directories elsewhere keep their findings).
    const tfScanned = new Set(terraform.map((f) => f.path));
    const tfDirs = new Set(terraform.map((f) => dirnamePosix(f.path)));
    const reportable = (f: Finding) => !TERRAFORM_EXT.test(f.location.path) || tfScanned.has(f.location.path) || !tfDirs.has(dirnamePosix(f.location.path));
    // A plan and its configuration describe the same resources at the same lines: report once
    // (plans come first: their values are fully evaluated).
    const seen = new Set<string>();
    for (const unit of units) {
      // Remote modules and the like are unknowns, not problems: listed only with --show-unresolved.
      for (const i of unit.issues) if (i.kind !== 'unresolved' || opts.showUnresolved) ctx.issue(i);
      if (opts.showUnresolved) {
        for (const u of unit.unresolved) {
          ctx.issue({ path: u.file, line: u.line, kind: 'unresolved', scanner: 'iac', message: `${u.what} is unknown: ${u.reason}` });
        }
      }
      const r = runCloudRules(unit, rules);
      r.issues.forEach(ctx.issue);
      for (const s of r.suppressed) if (!seen.has(s.finding.fingerprint)) ctx.suppressed?.(s.finding, s.reason);
      for (const f of r.findings) {
        if (seen.has(f.fingerprint) || !reportable(f)) continue;
        seen.add(f.fingerprint);
        yield f;
      }
      for (const s of r.suppressed) seen.add(s.finding.fingerprint);
    }
  },
};

const dirnamePosix = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');

const CONTAINER_OFF = new Set([...dockerfileRules, ...kubernetesRules].filter(isBestPractice).map((r) => r.id));

/**
 * Custom policies from the folder named in rampart.yaml (`iac.policies`); loaded once per folder.
 * The policy loader (and the CEL interpreter behind it) is imported only when policies are configured.
 */
const policyCache = new Map<string, CloudRule[]>();
async function customRules(opts: IacOptions): Promise<CloudRule[]> {
  if (!opts.policies) return [];
  let rules = policyCache.get(opts.policies);
  if (!rules) {
    const { loadPolicies } = await import('./policies/load.js');
    rules = loadPolicies(opts.policies).map((p) => p.rule);
    policyCache.set(opts.policies, rules);
  }
  return rules;
}

