import type { ScanIssue } from '../../../core/scanner.js';
import type { Resource } from './resource.js';

/** A value that stayed unknown after evaluation, for `--show-unresolved`. */
export interface Unresolved {
  file: string;
  line: number;
  /** `aws_db_instance.main.publicly_accessible`, `Parameters.Env`. */
  what: string;
  reason: string;
}

/**
 * What a front end (Terraform root module, plan file, CloudFormation template) hands the rules:
 * one unit whose resources can refer to each other.
 */
export interface CloudLoad {
  resources: Resource[];
  /** Problems with the input (invalid HCL, circular modules, missing module source): warnings, scan goes on. */
  issues: ScanIssue[];
  unresolved: Unresolved[];
  /** Every source file the unit read (repo-relative path → text), for block-scoped `rampart:ignore`. */
  sources: Map<string, string>;
}

export interface TerraformLoadOptions {
  /** Absolute scan root: files outside it are never read (a module source pointing out is unknown). */
  root: string;
  /** Absolute paths of `--var-file` files, applied after *.tfvars and *.auto.tfvars. */
  varFiles: string[];
  /** Process environment, read for TF_VAR_<name>. */
  env: Record<string, string | undefined>;
  /**
   * Evaluate only the files given, not their sibling .tf files (policy examples share a folder
   * but are separate configurations). Default: a module is its whole directory.
   */
  onlyGivenFiles?: boolean;
}
