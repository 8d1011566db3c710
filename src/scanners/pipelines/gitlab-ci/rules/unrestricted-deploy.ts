import { get, posOf, str, type Pipeline, type YNode } from '../parse.js';
import type { GitlabRule } from './types.js';

const PROD_ENV = /^(?:prod|production|live|prd)(?:$|[-_/ .])/i;
const DEPLOY_STAGE = /^(?:deploy|production|release|publish)$/i;
const RESTRICTING = /\$?\{?(?:CI_COMMIT_TAG|CI_DEFAULT_BRANCH|CI_COMMIT_REF_PROTECTED)\b|\$?\{?(?:CI_COMMIT_BRANCH|CI_COMMIT_REF_NAME)\}?\s*(?:==|=~)\s*["'/]/;
const LOOSE_REFS = new Set(['branches', 'merge_requests', 'pushes', 'web', 'api', 'triggers', 'pipelines', 'external', 'external_pull_requests', 'chat', 'schedules']);

/** Source text of a node with `!reference` tags followed; undefined when a reference cannot be resolved. */
function sourceText(p: Pipeline, n: YNode | undefined, depth = 0): string | undefined {
  if (!n) return '';
  if (depth > 5) return undefined;
  if (n.tag === '!reference' && n.kind === 'seq') {
    const path = n.items.map(str);
    let cur: YNode | undefined = p.raw.get(path[0] ?? '') ?? get(p.top, path[0] ?? '');
    for (const k of path.slice(1)) cur = get(cur, k ?? '');
    return cur ? sourceText(p, cur, depth + 1) : undefined;
  }
  if (n.kind === 'seq') {
    const parts = n.items.map((i) => sourceText(p, i, depth + 1));
    return parts.some((x) => x === undefined) ? undefined : parts.join('\n');
  }
  return n.src.text.slice(n.start, n.end);
}

/** `only:` that names specific refs (main, tags, /^release/) rather than every branch. */
function onlyRestricts(only: YNode | undefined): boolean {
  if (!only) return false;
  const refs = only.kind === 'map' ? get(only, 'refs') : only;
  if (!refs) return false;
  const list = refs.kind === 'seq' ? refs.items.map(str) : [str(refs)];
  const names = list.filter((s): s is string => s !== undefined);
  return names.length > 0 && names.every((r) => !LOOSE_REFS.has(r));
}

function exceptRestricts(except: YNode | undefined): boolean {
  if (!except) return false;
  const refs = except.kind === 'map' ? get(except, 'refs') : except;
  const names = refs?.kind === 'seq' ? refs.items.map(str) : [str(refs)];
  return names.includes('branches');
}

export const unrestrictedDeploy: GitlabRule = {
  id: 'pipelines/gitlab-ci/unrestricted-deploy',
  title: 'Deploy job not restricted to protected branches or tags',
  severity: 'medium',
  cwe: [284],
  description:
    'A job that deploys to production (environment production/prod, or a deploy stage) has no `rules:`/`only:` limiting it to the default branch, protected refs or tags. Any branch a developer pushes, or a merge-request pipeline, can then run the deployment with production credentials.',
  remediation:
    'Add `rules: - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` (or `$CI_COMMIT_TAG`, or `$CI_COMMIT_REF_PROTECTED == "true"`), and protect the environment so only maintainers can deploy.',
  references: ['https://docs.gitlab.com/ci/environments/protected_environments/'],
  check(p, report) {
    const workflow = sourceText(p, p.workflowRules);
    // Unknown is not false: a workflow we cannot read may restrict every job.
    if (workflow === undefined || RESTRICTING.test(workflow)) return;
    for (const job of p.jobs) {
      const env = get(job.map, 'environment');
      const envNameNode = env?.kind === 'map' ? get(env, 'name') : env;
      const envName = str(envNameNode);
      const action = str(get(env, 'action'));
      if (action === 'stop' || action === 'prepare' || action === 'verify' || action === 'access') continue;
      const stage = str(get(job.map, 'stage'));
      const prod = envName !== undefined && PROD_ENV.test(envName);
      // A trigger job hands over to another pipeline, which is judged where it is defined.
      const deployStage = envName === undefined && stage !== undefined && DEPLOY_STAGE.test(stage) && !get(job.map, 'trigger');
      if (!prod && !deployStage) continue;
      if (job.unresolvedExtends) continue; // its rules may come from a template we cannot see
      const rules = sourceText(p, get(job.map, 'rules'));
      if (rules === undefined || RESTRICTING.test(rules)) continue;
      const only = get(job.map, 'only');
      if (onlyRestricts(only) || exceptRestricts(get(job.map, 'except'))) continue;
      if (only && RESTRICTING.test(sourceText(p, only) ?? '')) continue;
      const at = prod && envNameNode ? posOf(envNameNode) : job.pos;
      report({
        at,
        message: prod
          ? `Job '${job.name}' deploys to '${envName}' from any branch: no rule limits it to the default branch, protected refs or tags.`
          : `Job '${job.name}' in stage '${stage}' runs on any branch: no rule limits it to the default branch, protected refs or tags.`,
        identity: `${job.name}:${prod ? `env:${envName}` : `stage:${stage}`}`,
        ...(prod ? {} : { severity: 'low' as const }),
      });
    }
  },
};
