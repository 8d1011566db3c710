import { isObject, isUnknown, type Value } from '../../model/value.js';
import type { Resource } from '../../model/resource.js';
import type { CloudReport } from '../cloud/types.js';
import { strings } from '../cloud/attr.js';

/** Rule id prefix for every Google Cloud rule. */
export const GCP = 'iac/gcp/';

const REGISTRY = 'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/';

/** The google provider's page for a resource type (`google_compute_firewall` → its docs URL). */
export const docs = (type: string): string => REGISTRY + type.replace(/^google_/, '');

/** Hand-written provider pages keep the `google_` prefix in their URL (project, folder, organization and KMS IAM). */
export const legacyDocs = (type: string): string => REGISTRY + type;

/** The IAM principals that mean "anyone": anonymous users and any Google account. */
const PUBLIC_PRINCIPALS = new Set(['allusers', 'allauthenticatedusers']);

/** True for `allUsers` / `allAuthenticatedUsers`, in any case (a miscased one still states the intent to go public). */
export const isPublicPrincipal = (m: string): boolean => PUBLIC_PRINCIPALS.has(m.trim().toLowerCase());

/**
 * The three shapes of a resource-level IAM grant: `*_iam_member` (`member`), `*_iam_binding`
 * (`members`) and `*_iam_policy` (`policy_data`, a JSON document). Reports every known member
 * `match` accepts, at its attribute (the list element when its line is known). With
 * `roleFilter`, grants of a role it rejects (or of an unknown role) are ignored.
 */
export function reportMembers(
  r: Resource,
  report: CloudReport,
  match: (member: string) => boolean,
  message: (member: string, role: string) => string,
  roleFilter?: (role: string) => boolean,
): void {
  if (r.type.endsWith('_iam_policy')) {
    for (const b of policyBindings(r.attrs.policy_data)) {
      if (roleFilter && !roleFilter(b.role)) continue;
      const hit = b.members.filter(match);
      if (hit.length > 0) report('policy_data', `policy: ${message(hit.join(', '), b.role)}`);
    }
    return;
  }
  const role = r.attrs.role;
  // An unknown role could be anything; only a known role the filter accepts counts.
  if (roleFilter && (typeof role !== 'string' || !roleFilter(role))) return;
  const roleName = typeof role === 'string' ? role : 'a role';
  if (typeof r.attrs.member === 'string' && match(r.attrs.member)) report('member', message(r.attrs.member, roleName));
  const members = r.attrs.members;
  if (Array.isArray(members)) {
    members.forEach((m, i) => {
      if (typeof m === 'string' && match(m)) report(r.lines.has(`members.${i}`) ? `members.${i}` : 'members', message(m, roleName));
    });
  }
}

/** Reports grants to allUsers / allAuthenticatedUsers on a resource's IAM (see reportMembers). */
export function reportPublicGrants(r: Resource, report: CloudReport, what: string, roleFilter?: (role: string) => boolean): void {
  reportMembers(r, report, isPublicPrincipal, (m, role) => `${what} grants ${role} to ${m}`, roleFilter);
}

/** Bindings of a known IAM policy JSON string (`{"bindings":[{"role":..,"members":[..]}]}`); nothing for unknown or invalid input. */
export function policyBindings(v: Value | undefined): { role: string; members: string[] }[] {
  let doc: unknown = v;
  if (typeof v === 'string') {
    try {
      doc = JSON.parse(v);
    } catch {
      return [];
    }
  }
  if (typeof doc !== 'object' || doc === null || isUnknown(doc)) return [];
  const bindings = (doc as { bindings?: unknown }).bindings;
  if (!Array.isArray(bindings)) return [];
  const out: { role: string; members: string[] }[] = [];
  for (const b of bindings) {
    if (typeof b !== 'object' || b === null) continue;
    const { role, members } = b as { role?: unknown; members?: unknown };
    if (typeof role !== 'string' || !Array.isArray(members)) continue;
    out.push({ role, members: members.filter((m): m is string => typeof m === 'string') });
  }
  return out;
}

/** IAM resource types of one service: member, binding and policy. */
export const iamTypes = (base: string): string[] => [`${base}_iam_member`, `${base}_iam_binding`, `${base}_iam_policy`];

/**
 * A GCE metadata flag as a boolean. Compute Engine accepts TRUE/FALSE in any case and 1/0
 * (and the provider passes Terraform booleans through as strings). Undefined when unknown,
 * absent or something else.
 */
export function metaFlag(v: Value | undefined): boolean | undefined {
  if (v === true) return true;
  if (v === false) return false;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes' || t === 'y') return true;
  if (t === 'false' || t === '0' || t === 'no' || t === 'n') return false;
  return undefined;
}

/** The metadata map of an instance or template, or undefined when absent/unknown. */
export function metadataOf(r: Resource): { [key: string]: Value } | undefined {
  const m = r.attrs.metadata;
  return isObject(m) ? m : undefined;
}

/** The default Compute Engine service account: `<project-number>-compute@developer.gserviceaccount.com`. */
export const isDefaultComputeSa = (email: string): boolean => /-compute@developer\.gserviceaccount\.com$/i.test(email.trim());

/** Full-access OAuth scope as written in Terraform: the alias or the URL. */
export function hasCloudPlatformScope(v: Value | undefined): boolean {
  return strings(v).some((s) => {
    const t = s.trim().toLowerCase();
    return t === 'cloud-platform' || t === 'https://www.googleapis.com/auth/cloud-platform';
  });
}

/** A Cloud SQL `database_flags` entry value meaning on (Cloud SQL takes on/off; some tools write true/false). */
export function flagOn(v: Value | undefined): boolean {
  return typeof v === 'string' && ['on', 'true', '1'].includes(v.trim().toLowerCase());
}
export function flagOff(v: Value | undefined): boolean {
  return typeof v === 'string' && ['off', 'false', '0'].includes(v.trim().toLowerCase());
}

/** A duration written as Google's `<seconds>s` (`7776000s`, `86400.5s`), in seconds. */
export function durationSeconds(v: Value | undefined): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(v);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * True when the nested block `name` is known to be absent from `parent`: not written, null or
 * an empty list. An Unknown, or a list holding an Unknown element, is not known absent.
 */
export function noBlock(parent: Value | undefined, name: string): boolean {
  if (!isObject(parent)) return false;
  const v = parent[name];
  if (v === undefined || v === null) return true;
  return Array.isArray(v) && v.length === 0;
}
