/**
 * Container definitions of ECS task definitions and Batch job definitions: a JSON string in
 * Terraform (`jsonencode(...)`, heredoc), an array of objects from CloudFormation. Keys are
 * read case-insensitively (camelCase in the ECS API, PascalCase in CloudFormation).
 */
import type { Value } from '../../model/value.js';
import { field, jsonDoc } from './rds-util.js';

export interface Container {
  index: number;
  name: string;
  def: unknown;
}

/** The containers of a definition list; undefined when it is unknown or not JSON. */
export function containers(v: Value | undefined): Container[] | undefined {
  const doc = jsonDoc(v);
  const list = Array.isArray(doc) ? doc : typeof doc === 'object' && doc !== null ? [doc] : undefined;
  if (!list) return undefined;
  return list.map((def, index) => {
    const n = field(def, 'name');
    return { index, name: typeof n === 'string' ? n : `#${index}`, def };
  });
}

/** True for JSON true or the string "true" (hand-written heredocs quote it). */
export const jsonTrue = (v: unknown): boolean => v === true || v === 'true';
export const jsonFalse = (v: unknown): boolean => v === false || v === 'false';
