import type { Resource } from '../../model/resource.js';
import { isObject, isUnknown, type Value } from '../../model/value.js';
import { blocks, isOpenToWorld } from '../cloud/attr.js';
import { actionMatches, statements, type Statement } from './policy-document.js';

/**
 * Shared reading of IAM policy documents for the storage/identity rules: where a resource keeps
 * its policies, who a statement lets in, and how broad its actions are.
 */

/** A policy document found on a resource, with the attribute path it came from. */
export interface PolicyAt {
  path: string;
  statements: Statement[];
  /**
   * Indexes of statements whose Effect or Condition is an Unknown: the parser reads those as
   * "Allow" and "no condition", which may be wrong, so rules skip them.
   */
  opaque: ReadonlySet<number>;
  /** `Statement` is one object, not a list: its keys sit at `Statement.<key>`, without an index. */
  single: boolean;
}

/**
 * CloudFormation types the translator leaves raw whose Properties hold a bare `PolicyDocument`
 * (the inline-policy types added in 2023).
 */
export const RAW_POLICY_TYPES = ['AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy', 'AWS::SQS::QueueInlinePolicy', 'AWS::SNS::TopicInlinePolicy'] as const;
const isRawPolicy = (r: Resource): boolean => (RAW_POLICY_TYPES as readonly string[]).includes(r.type);

/** One document read at `path` (exported for raw CloudFormation shapes that hold bare statements). */
export function policyAt(path: string, doc: Value | undefined): PolicyAt | undefined {
  const st = statements(doc);
  if (!st) return undefined;
  const opaque = new Set<number>();
  let single = false;
  // Only object documents (CloudFormation, partly-unknown rendered policy documents) can hold Unknowns.
  if (isObject(doc)) {
    const raw = doc['Statement'];
    single = !Array.isArray(raw);
    const list = Array.isArray(raw) ? raw : [raw];
    list.forEach((x, i) => {
      if (!isObject(x)) return;
      const c = x['Condition'];
      if (isUnknown(x['Effect']) || isUnknown(c) || (isObject(c) && Object.values(c).some(isUnknown))) opaque.add(i);
    });
  }
  return { path, statements: st, opaque, single };
}

/**
 * The known policy documents of `r` under the given top-level attributes, plus the `policy` of
 * each `inline_policy` block (aws_iam_role). Unknown or unparsable documents are left out.
 */
export function policiesOf(r: Resource, attrs: readonly string[], inlineBlocks = false): PolicyAt[] {
  if (isRawPolicy(r)) {
    const p = policyAt('PolicyDocument', r.attrs['PolicyDocument']);
    return p ? [p] : [];
  }
  const out: PolicyAt[] = [];
  for (const a of attrs) {
    const p = policyAt(a, r.attrs[a]);
    if (p) out.push(p);
  }
  if (inlineBlocks) {
    for (const { block, path } of blocks(r.attrs, 'inline_policy')) {
      const p = policyAt(`${path}.policy`, block['policy']);
      if (p) out.push(p);
    }
  }
  return out;
}

/**
 * Path of a statement's key inside a document (`policy.Statement.0.Action`). Front ends that keep
 * lines inside documents (CloudFormation) land on that key; others fall back to the document's line.
 */
export const statementPath = (p: PolicyAt, s: Statement, key: string): string =>
  p.single ? `${p.path}.Statement.${key}` : `${p.path}.Statement.${s.index}.${key}`;

/** `*` or an ARN meaning every account (`arn:aws:iam::*:root`). */
export function isAnyone(principal: string): boolean {
  const p = principal.trim();
  if (p === '*') return true;
  return p.startsWith('arn:') && p.endsWith(':iam::*:root');
}

/**
 * Condition keys that never narrow WHO can call: transport, time, client headers and request
 * shape. A condition using only these leaves a `Principal: "*"` statement public. Anything
 * else (source IP/VPC, org id, source account/ARN, caller account, service keys) counts as
 * restricting, so an unfamiliar key errs on the side of silence.
 */
const NON_RESTRICTING_KEYS = new Set([
  'aws:securetransport',
  'aws:useragent',
  'aws:referer',
  'aws:currenttime',
  'aws:epochtime',
  'aws:requestedregion',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:tokenissuetime',
  's3:x-amz-acl',
  's3:x-amz-server-side-encryption',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:signatureversion',
  's3:authtype',
  's3:tlsversion',
  's3:prefix',
  's3:delimiter',
  's3:max-keys',
]);

/** True when the condition block narrows the set of callers. */
export function restrictsCallers(condition: { [op: string]: unknown }): boolean {
  for (const [op, body] of Object.entries(condition)) {
    if (!isObject(body as Value)) return true; // unknown shape: assume it restricts
    for (const [key, values] of Object.entries(body as { [k: string]: unknown })) {
      const k = key.toLowerCase();
      if (NON_RESTRICTING_KEYS.has(k)) continue;
      // `aws:SourceIp` limited to 0.0.0.0/0 admits the whole internet.
      if (k === 'aws:sourceip' && !op.toLowerCase().startsWith('not') && valueList(values).length > 0 && valueList(values).every(isOpenToWorld)) continue;
      return true;
    }
  }
  return false;
}

function valueList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * An Allow statement anyone can use: `Principal: "*"` (or every account), or an Allow with
 * NotPrincipal, with no condition narrowing the callers.
 */
export function isPublicStatement(s: Statement, p?: PolicyAt): boolean {
  if (s.effect !== 'Allow' || p?.opaque.has(s.index)) return false;
  const everyone = s.principals.some(isAnyone) || s.notPrincipals.length > 0;
  return everyone && !restrictsCallers(s.condition);
}

/** Reports each public statement of the resource's policies at its Principal. */
export function reportPublicStatements(
  policies: readonly PolicyAt[],
  report: (path: string | null, message: string) => void,
  what: string,
): void {
  for (const p of policies) {
    for (const s of p.statements) {
      if (!isPublicStatement(s, p)) continue;
      const key = s.notPrincipals.length > 0 && !s.principals.some(isAnyone) ? 'NotPrincipal' : 'Principal';
      report(statementPath(p, s, key), `${what} allows any principal (statement ${s.index + 1}) with no condition restricting the caller`);
    }
  }
}

/** Statement covers every resource. */
export const onAllResources = (s: Statement): boolean => s.resources.some((x) => x.trim() === '*');

/** Allow `*` (or `*:*`) actions: full administrator. */
export const isAdminStatement = (s: Statement): boolean =>
  s.effect === 'Allow' && s.actions.some((a) => a.trim() === '*' || a.trim() === '*:*') && onAllResources(s);

/** A whole-service wildcard such as `s3:*` or `iam:*`. */
export const isServiceWildcard = (a: string): boolean => {
  const t = a.trim();
  const colon = t.indexOf(':');
  return colon > 0 && t.slice(colon + 1) === '*' && t.slice(0, colon) !== '*';
};

/**
 * Actions in `wanted` that the statement allows through patterns narrower than `*` and
 * `service:*` (those broader grants have rules of their own), e.g. `iam:Put*`.
 */
export function grantedNarrowly(s: Statement, wanted: readonly string[]): string[] {
  if (s.effect !== 'Allow') return [];
  const pats = s.actions.filter((a) => a.trim() !== '*' && a.trim() !== '*:*' && !isServiceWildcard(a));
  return wanted.filter((w) => pats.some((p) => actionMatches(p.trim(), w)));
}
