import { isObject, isUnknown, type Unknown, type Value } from '../../model/value.js';
import { field, items, type Block, type PV } from './pv.js';

/** The contract between the translation driver (translate.ts) and the per-service mappings. */

/** One template resource after evaluation. */
export interface CfnResource {
  id: string;
  type: string;
  /** Evaluated Properties (an empty object when absent). */
  props: PV;
  file: string;
  line: number;
  endLine: number;
}

export interface Translation {
  readonly id: string;
  readonly props: PV;
  /** Line of the logical id. */
  readonly line: number;
  /** The resource Terraform calls `type`, at the logical id's address. */
  main(type: string): Block;
  /** A separate Terraform resource carved out of this one, at `<LogicalId>.<suffix>`. */
  extra(suffix: string, type: string, line: number): Block;
  /** An Unknown standing for this resource's id/ARN (what `bucket = aws_s3_bucket.x.id` holds). */
  self(): Unknown;
}

export type Translator = (t: Translation) => void;

/** CloudFormation `Tags: [{Key, Value}]` → Terraform `tags = {key = value}`, each key on its line. */
export function tags(b: Block, props: PV, name = 'Tags'): void {
  const pv = field(props, name);
  if (!pv) return;
  if (isUnknown(pv.value)) return b.set('tags', pv);
  // Some types (SSM, a few others) take a plain map.
  if (isObject(pv.value)) {
    b.set('tags', pv);
    for (const [k, c] of pv.fields ?? []) b.lines.set(`tags.${k}`, c.line);
    return;
  }
  const m: { [k: string]: Value } = {};
  const lines = new Map<string, number>();
  for (const it of items(pv)) {
    const k = field(it, 'Key')?.value;
    if (typeof k !== 'string') continue;
    m[k] = field(it, 'Value')?.value ?? null;
    lines.set(k, it.line);
  }
  b.value('tags', m, pv.line);
  for (const [k, l] of lines) b.lines.set(`tags.${k}`, l);
}
