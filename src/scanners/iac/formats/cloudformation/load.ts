import type { ScanIssue } from '../../../../core/scanner.js';
import type { CloudLoad, Unresolved } from '../../model/load.js';
import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown } from '../../model/value.js';
import { Evaluator } from './evaluate.js';
import { expandResources } from './foreach.js';
import { withGlobals } from './globals.js';
import { child, type CMap, type CNode } from './node.js';
import { parseTemplate } from './parse.js';
import { translate } from './translate.js';

/**
 * The CloudFormation front end: parse.ts (YAML with short-form tags, or JSON, into a positioned
 * tree) → foreach.ts (Fn::ForEach expansion) → globals.ts (SAM Globals) → evaluate.ts
 * (parameters, conditions, intrinsics; what only deploy time knows becomes Unknown) →
 * translate.ts (resource types into the Terraform AWS provider schema, one file per service
 * group under services/). Resources keep their template lines, so findings land where the
 * property was written.
 */
const SCANNER = 'iac';
const HEAD = 262_144;

const EXT = /\.(ya?ml|json|template)$/i;
const YAML_VERSION = /^["']?AWSTemplateFormatVersion["']?\s*:/m;
const JSON_VERSION = /"AWSTemplateFormatVersion"\s*:/;
const YAML_RESOURCES = /^["']?Resources["']?\s*:/m;
const YAML_AWS_TYPE = /^[ \t]+["']?Type["']?\s*:\s*["']?AWS::/m;
const JSON_RESOURCES = /"Resources"\s*:\s*\{/;
const JSON_AWS_TYPE = /"Type"\s*:\s*"AWS::/;
const YAML_K8S = /^apiVersion\s*:/m;
const JSON_K8S = /"apiVersion"\s*:/;

/**
 * True for a CloudFormation template (YAML or JSON): a top-level AWSTemplateFormatVersion, or a
 * top-level Resources map with `Type: AWS::...` entries. Cheap (the head of the file only). A
 * Kubernetes manifest, workflow, OpenAPI document or Terraform plan has neither.
 */
export function isCloudFormation(path: string, text: string): boolean {
  if (!EXT.test(path)) return false;
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  const json = /^\uFEFF?\s*\{/.test(head.slice(0, 1024));
  if (json) {
    if (JSON_VERSION.test(head)) return true;
    return JSON_RESOURCES.test(head) && JSON_AWS_TYPE.test(head) && !JSON_K8S.test(head);
  }
  if (YAML_VERSION.test(head)) return true;
  return YAML_RESOURCES.test(head) && YAML_AWS_TYPE.test(head) && !YAML_K8S.test(head);
}

/** Loads one template into the provider-neutral model. Synchronous; never throws. */
export function loadCloudFormation(path: string, text: string): CloudLoad {
  const issues: ScanIssue[] = [];
  const unresolved: Unresolved[] = [];
  const resources: Resource[] = [];
  const sources = new Map([[path, text]]);
  const issue = (message: string, line?: number): void => {
    issues.push({ path, ...(line !== undefined ? { line } : {}), kind: 'unparsable', scanner: SCANNER, message: `${path}${line !== undefined ? `:${line}` : ''}: ${message}` });
  };
  try {
    const parsed = parseTemplate(text);
    for (const p of parsed.problems) issue(p.message, p.line);
    const root = parsed.root;
    if (!root) return { resources, issues, unresolved, sources };
    if (root.kind !== 'map') {
      issue('not a CloudFormation template (the document is not a mapping)', root.line);
      return { resources, issues, unresolved, sources };
    }
    const rs = child(root, 'Resources');
    if (rs?.kind !== 'map') return { resources, issues, unresolved, sources };
    const ev = new Evaluator(path, root, unresolved);
    const expanded = expandResources(ev, rs.entries, (id, line, reason) => unresolved.push({ file: path, line, what: `Resources.${id}`, reason }));
    for (const { id } of expanded) ev.resourceIds.add(id);
    for (const { id, entry: e } of expanded) {
      try {
        const r = loadResource(ev, root, path, id, e.keyLine, e.value);
        if (r) resources.push(...r);
      } catch (err) {
        issue(`resource ${id} could not be loaded: ${(err as Error).message}`, e.keyLine);
      }
    }
  } catch (err) {
    issue(`could not load the template: ${(err as Error).message}`);
  }
  return { resources, issues, unresolved, sources };
}

function loadResource(ev: Evaluator, root: CMap, file: string, id: string, line: number, m: CNode): Resource[] | undefined {
  if (m.kind !== 'map') return undefined;
  const type = child(m, 'Type');
  if (type?.kind !== 'scalar' || typeof type.value !== 'string') return undefined;
  const cond = child(m, 'Condition');
  // A resource whose condition is known false is not created; an unknown one may be.
  if (cond?.kind === 'scalar' && ev.condition(String(cond.value)) === false) return undefined;
  const propsNode = withGlobals(root, type.value, child(m, 'Properties'));
  let props = propsNode ? ev.eval(propsNode) : undefined;
  if (!props || !(isObject(props.value) || isUnknown(props.value))) props = { value: {}, line, fields: new Map() };
  return translate({ id, type: type.value, props, file, line, endLine: Math.max(line, m.endLine) });
}
