import type { Resource } from '../../model/resource.js';
import { blocks, isAbsent, isTrue, str } from '../cloud/attr.js';
import type { CloudContext, CloudRule } from '../cloud/types.js';
import { GCP, docs, iamTypes, reportPublicGrants } from './util.js';

const V1 = 'google_cloudfunctions_function';
const V2 = 'google_cloudfunctions2_function';

/** Ingress setting of a function: gen 1 top-level, gen 2 under service_config. */
function ingressOf(fn: Resource): string | undefined {
  const v = fn.type === V2 ? blocks(fn.attrs, 'service_config')[0]?.block.ingress_settings : fn.attrs.ingress_settings;
  return str(v)?.trim().toUpperCase();
}

/** True when the granted function is known to accept only internal traffic, so a public invoker cannot reach it from the internet. */
function internalOnly(r: Resource, ctx: CloudContext): boolean {
  const targets = ctx.graph.targets(r, 'cloud_function', [V1, V2]);
  return targets.length > 0 && targets.every((t) => ingressOf(t) === 'ALLOW_INTERNAL_ONLY');
}

export const functionPublic: CloudRule = {
  id: `${GCP}functions-public-invoker`,
  title: 'Cloud Function invocable by anyone',
  severity: 'high',
  cwe: [284, 306],
  description: 'Granting a function role to allUsers or allAuthenticatedUsers lets anyone on the internet call it without authentication (with the default ingress ALLOW_ALL).',
  remediation: 'Grant roles/cloudfunctions.invoker to specific service accounts or groups, or set `ingress_settings = "ALLOW_INTERNAL_ONLY"` if the function must stay open inside the VPC.',
  references: [docs('google_cloudfunctions_function_iam'), 'https://cloud.google.com/functions/docs/securing/managing-access-iam'],
  provider: 'gcp',
  types: [...iamTypes(V1), ...iamTypes(V2)],
  check(r, report, ctx) {
    if (internalOnly(r, ctx)) return;
    reportPublicGrants(r, report, 'function');
  },
};

export const functionInsecureHttp: CloudRule = {
  id: `${GCP}functions-http-not-https-only`,
  title: 'Cloud Function HTTP trigger accepts plain HTTP',
  severity: 'medium',
  cwe: [319],
  description:
    'With https_trigger_security_level = SECURE_OPTIONAL, which the API also applies when an HTTP-triggered (1st gen) function leaves it unset, the trigger URL answers plain HTTP as well, so requests and responses can be read or altered in transit.',
  remediation: 'Set `https_trigger_security_level = "SECURE_ALWAYS"`.',
  references: [docs(V1), 'https://cloud.google.com/functions/docs/calling/http'],
  provider: 'gcp',
  types: [V1],
  check(r, report) {
    const level = r.attrs.https_trigger_security_level;
    if (str(level)?.trim().toUpperCase() === 'SECURE_OPTIONAL') {
      report('https_trigger_security_level', 'https_trigger_security_level is SECURE_OPTIONAL: plain HTTP is served');
    } else if (isAbsent(level) && isTrue(r.attrs.trigger_http)) {
      report(null, 'HTTP trigger without https_trigger_security_level: the API default SECURE_OPTIONAL serves plain HTTP');
    }
  },
};

export const functionRules: CloudRule[] = [functionPublic, functionInsecureHttp];
