import type { RuleMeta } from '../../../core/rule.js';
import type { Job, Pos, Step, Str, Workflow } from './parse.js';

export type Report = (at: Pos, message: string, identity: string) => void;

/** A GitHub Actions audit: metadata plus a pure check over the parsed workflow or action. */
export interface GhaRule extends RuleMeta {
  check(wf: Workflow, report: Report): void;
}

export const defineRule = (r: GhaRule): GhaRule => r;

/** Stable identity of a step: job id and step id (or index). */
export const stepKey = (job: Job, step: Step): string => `${job.id}/${step.id ?? `#${step.index}`}`;

export interface ActionRef {
  /** `owner/repo` lowercased, or `./path`, or `docker://...`. */
  name: string;
  /** Sub-path inside the repository (`owner/repo/path@ref`). */
  subpath: string;
  ref?: string;
  kind: 'repo' | 'local' | 'docker';
}

export function actionRef(uses: string): ActionRef {
  const u = uses.trim();
  if (u.startsWith('./') || u.startsWith('../')) return { name: u, subpath: '', kind: 'local' };
  if (u.startsWith('docker://')) return { name: u, subpath: '', kind: 'docker' };
  const at = u.lastIndexOf('@');
  const path = at < 0 ? u : u.slice(0, at);
  const ref = at < 0 ? undefined : u.slice(at + 1);
  const parts = path.split('/');
  return { name: parts.slice(0, 2).join('/').toLowerCase(), subpath: parts.slice(2).join('/'), ref, kind: 'repo' };
}

export const isSha = (ref: string | undefined): boolean => !!ref && /^[0-9a-f]{40}$/i.test(ref);

export const usesAction = (step: Step, name: string): boolean => !!step.uses && actionRef(step.uses.value).name === name;

/** Triggers under which the workflow runs with the base repository's secrets on data from outsiders. */
export const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run', 'issue_comment', 'pull_request_review', 'pull_request_review_comment', 'issues', 'discussion', 'discussion_comment'];

export const hasTrigger = (wf: Workflow, ...names: string[]): boolean => names.some((n) => wf.triggers.has(n));

/** Every step with its job. */
export function* allSteps(wf: Workflow): Iterable<[Job, Step]> {
  for (const j of wf.jobs) for (const s of j.steps) yield [j, s];
}

export const isExpr = (s: Str | undefined): boolean => !!s && /\$\{\{/.test(s.value);
