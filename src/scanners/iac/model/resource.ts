import type { Value } from './value.js';

/**
 * One resource of the provider-neutral model. Its shape is the Terraform provider schema
 * (type names and attribute names of the aws, azurerm and google providers, nested blocks as
 * arrays of objects, as in `terraform show -json`): the best-documented schema there is, and
 * plans already come in it. CloudFormation resources are translated into it
 * (formats/cloudformation/translate.ts), so one AWS rule covers both formats. CloudFormation
 * types without a translation keep `type` = `AWS::Service::Thing` and their raw Properties.
 */
export interface Resource {
  /** `aws_s3_bucket`, `azurerm_storage_account`, `google_sql_database_instance`. */
  type: string;
  /** Local name (Terraform) or logical id (CloudFormation). */
  name: string;
  /**
   * Unique within the scan target and stable across line moves: `module.net.aws_vpc.main`,
   * `aws_instance.web[0]`, `aws_iam_role.r["ci"]`; CloudFormation: the logical id.
   */
  address: string;
  source: 'terraform' | 'cloudformation' | 'plan';
  /** Repo-relative path of the file that declares it. */
  file: string;
  /** First and last line of the declaring block (1-based). */
  line: number;
  endLine: number;
  /** Evaluated attributes. Absent keys were not set (the provider default applies). */
  attrs: { [key: string]: Value };
  /**
   * Source line of each attribute path that was written in the file: `ingress.0.cidr_blocks`,
   * `versioning.0.enabled`, `tags.env`. Findings point here; a missing path falls back to the
   * longest present prefix, then to the block's first line.
   */
  lines: Map<string, number>;
  /**
   * Resource addresses each top-level attribute refers to, known or not: `vpc_security_group_ids`
   * → [`aws_security_group.web`]. What graph checks follow. Addresses are in the same module
   * instance space as `address`.
   */
  refs: Map<string, string[]>;
  /** Set when this resource was translated from another format: the original type. */
  originalType?: string;
}

/** Best line for an attribute path: the path, else its longest present prefix, else the block. */
export function lineOf(r: Resource, path: string | null): number {
  if (path === null) return r.line;
  let p = path;
  for (;;) {
    const l = r.lines.get(p);
    if (l !== undefined) return l;
    const cut = p.lastIndexOf('.');
    if (cut < 0) return r.line;
    p = p.slice(0, cut);
  }
}
