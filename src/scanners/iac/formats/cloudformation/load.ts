import type { CloudLoad } from '../../model/load.js';

/** True for a CloudFormation template (YAML or JSON). (Skeleton: the loader lands in the next commits.) */
export function isCloudFormation(path: string, text: string): boolean {
  void path;
  return /AWSTemplateFormatVersion|"?Resources"?\s*:[\s\S]{0,2000}?"?Type"?\s*:\s*"?AWS::/.test(text.slice(0, 65536));
}

/** Loads one template into the provider-neutral model. */
export function loadCloudFormation(path: string, text: string): CloudLoad {
  void path;
  void text;
  return { resources: [], issues: [], unresolved: [], sources: new Map() };
}
