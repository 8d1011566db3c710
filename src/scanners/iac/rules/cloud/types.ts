import type { RuleMeta } from '../../../../core/rule.js';
import type { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';

/**
 * Reports one hit on the resource being checked. `path` is the offending attribute path
 * (`ingress.0.cidr_blocks`, as in Resource.lines) or null when the problem is a missing
 * attribute or the resource as a whole (the finding then points at the block's first line).
 */
export type CloudReport = (path: string | null, message: string) => void;

export interface CloudContext {
  graph: ResourceGraph;
}

/**
 * A rule over the provider-neutral model (Terraform schema). It sees Terraform, plan and
 * translated CloudFormation resources alike. Rules must stay silent on Unknown values: only a
 * known bad value, or a known-absent attribute whose provider default is bad, is a finding.
 */
export interface CloudRule extends RuleMeta {
  provider: 'aws' | 'azure' | 'gcp';
  /** Resource types (Terraform names) the rule checks; check() is called once per resource of these types. */
  types: readonly string[];
  check(r: Resource, report: CloudReport, ctx: CloudContext): void;
}
