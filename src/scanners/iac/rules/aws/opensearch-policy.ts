/**
 * Resource policies open to everyone (OpenSearch access policies, ECR repository policies, EFS
 * file system policies): the statement test those rules share.
 */
import { isUnknown, type Value } from '../../model/value.js';
import { isOpenToWorld } from '../cloud/attr.js';
import { statements, type Statement } from './policy-document.js';
import { field, jsonDoc } from './rds-util.js';

/** A condition that narrows nothing: only `IpAddress` on `aws:SourceIp` with an internet-wide range among its values. */
function onlyOpenSourceIp(condition: { [op: string]: unknown }): boolean {
  const ops = Object.entries(condition);
  if (ops.length !== 1) return false;
  const [op, body] = ops[0]!;
  if (op !== 'IpAddress' || typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const keys = Object.entries(body);
  if (keys.length !== 1 || keys[0]![0].toLowerCase() !== 'aws:sourceip') return false;
  const v = keys[0]![1];
  const ips = Array.isArray(v) ? v : [v];
  return ips.some((ip) => typeof ip === 'string' && isOpenToWorld(ip));
}

/**
 * The first Allow statement of a resource policy that admits every principal ("*") with no
 * condition (or only an `aws:SourceIp` condition that includes 0.0.0.0/0). A statement whose
 * Effect or Condition is unknown (a rendered aws_iam_policy_document with unknown parts keeps
 * Unknowns in place) is not counted: the condition might narrow it.
 */
export function openStatement(doc: Value | undefined): Statement | undefined {
  const sts = statements(doc);
  if (!sts) return undefined;
  const parsed = jsonDoc(doc);
  const rawList = field(parsed, 'Statement');
  const raw = Array.isArray(rawList) ? rawList : [rawList];
  return sts.find((s) => {
    const r = raw[s.index];
    if (isUnknown(field(r, 'Condition') as Value) || isUnknown(field(r, 'Effect') as Value)) return false;
    return s.effect === 'Allow' && s.principals.includes('*') && (!s.hasCondition || onlyOpenSourceIp(s.condition));
  });
}
