/**
 * Values of the provider-neutral resource model. Terraform and CloudFormation evaluate into
 * these; rules read them. A value the evaluator could not know is an `Unknown` — never a
 * finding by itself (DESIGN.md: unknown is not bad).
 */

/** Where an Unknown came from, for `--show-unresolved`. */
export interface UnknownOrigin {
  file: string;
  line: number;
}

export class Unknown {
  constructor(
    /** Why: `var.region has no value`, `data.aws_ami.x is read at apply time`, `remote module`. */
    readonly reason: string,
    readonly at?: UnknownOrigin,
    /** Resource addresses this value depends on (`aws_security_group.web`), for graph checks. */
    readonly refs: readonly string[] = [],
  ) {}
}

/** JSON-shaped, like `terraform show -json`: nested blocks are arrays of objects. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | Unknown;
export type ObjectValue = { [key: string]: Value };

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

export function isObject(v: Value | undefined): v is ObjectValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** True when v and everything inside it is known. */
export function isWhollyKnown(v: Value | undefined): boolean {
  if (v instanceof Unknown) return false;
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (isObject(v)) return Object.values(v).every(isWhollyKnown);
  return true;
}
