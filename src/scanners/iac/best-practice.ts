import type { RuleMeta } from '../../core/rule.js';

/**
 * Best-practice checks are off by default (`iac.bestPractices: true` or `--best-practices`
 * turns them on). They flag hardening that healthy configurations commonly leave out —
 * logging, customer-managed keys, backups, probes, image-size hygiene — rather than an
 * exposure. Running them by default is how IaC scanners end up flagging nearly every file and
 * being ignored; Rampart reports exposures by default and keeps these a flag away.
 *
 * Cloud rules: every low-severity rule (rule authors reserve low for hygiene). Dockerfile and
 * Kubernetes: the ids below; the classes the IaC issue names (missing USER and HEALTHCHECK,
 * resource limits, digest pinning, the Pod Security Standards controls) stay on by default.
 */
export const BEST_PRACTICE_TAG = 'best-practice';

const CONTAINER_BEST_PRACTICES = new Set([
  'iac/dockerfile/add-instead-of-copy',
  'iac/dockerfile/apt-upgrade',
  'iac/dockerfile/apt-no-install-recommends',
  'iac/dockerfile/apt-lists-not-cleaned',
  'iac/dockerfile/workdir-relative',
  'iac/dockerfile/entrypoint-shell-form',
  'iac/dockerfile/run-cd',
  'iac/dockerfile/pip-no-cache-dir',
  'iac/dockerfile/npm-install-not-ci',
  'iac/dockerfile/apk-no-cache',
  'iac/dockerfile/missing-pipefail',
  'iac/dockerfile/maintainer-deprecated',
  'iac/dockerfile/env-path-overwrite',
  'iac/dockerfile/update-without-install',
  'iac/dockerfile/apt-instead-of-apt-get',
  'iac/kubernetes/cpu-request',
  'iac/kubernetes/memory-request',
  'iac/kubernetes/default-namespace',
  'iac/kubernetes/image-pull-policy',
  'iac/kubernetes/liveness-probe',
  'iac/kubernetes/readiness-probe',
]);

function isCloud(r: RuleMeta): boolean {
  return /^iac\/(aws|azure|gcp)\//.test(r.id);
}

/** Whether a rule is a best-practice check (off by default). */
export function isBestPractice(r: RuleMeta): boolean {
  return (isCloud(r) && r.severity === 'low') || CONTAINER_BEST_PRACTICES.has(r.id);
}

/** The rules with the best-practice tag added where it applies (for listings and SARIF). */
export function tagBestPractices<T extends RuleMeta>(rules: readonly T[]): T[] {
  return rules.map((r) => (isBestPractice(r) ? { ...r, tags: [...new Set([...(r.tags ?? []), BEST_PRACTICE_TAG])] } : r));
}
