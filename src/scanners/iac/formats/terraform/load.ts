import type { CloudLoad, TerraformLoadOptions } from '../../model/load.js';

/**
 * Loads Terraform: groups files by directory into modules, picks the root modules (directories
 * no other scanned module calls), evaluates each root with its local child modules, and returns
 * one CloudLoad per root. (Skeleton: the evaluator lands in the next commits.)
 */
export async function loadTerraform(files: { path: string; absPath: string }[], opts: TerraformLoadOptions): Promise<CloudLoad[]> {
  void files;
  void opts;
  return [];
}
