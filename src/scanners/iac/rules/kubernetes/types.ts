import type { RuleMeta } from '../../../../core/rule.js';
import type { KObject, Pos } from '../../formats/kubernetes/parse.js';

/** Reports one hit: where, what, and the field path that (with the object) identifies it. */
export type KubeReport = (at: Pos, message: string, field: string) => void;

export interface KubeContext {
  /** Every object of the file (for references such as a ServiceAccount a pod names). */
  objects: KObject[];
}

/** A Kubernetes rule: metadata plus a pure check over one parsed object. */
export interface KubeRule extends RuleMeta {
  check(o: KObject, report: KubeReport, ctx: KubeContext): void;
}

export const PREFIX = 'iac/kubernetes/';
export const PSS_URL = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
export const RBAC_URL = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
