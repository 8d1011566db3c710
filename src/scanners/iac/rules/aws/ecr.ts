/** ECR repositories and repository policies. */
import { get } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { openStatement } from './opensearch-policy.js';
import { awsRule, isOneOf, requireTrue } from './rds-util.js';

export const ecrTagsMutable = awsRule({
  id: 'ecr-image-tags-mutable',
  title: 'ECR repository allows overwriting image tags',
  severity: 'low',
  cwe: [494],
  description: 'With mutable tags (the default), anyone who can push can silently replace the image behind a tag such as `v1.2.3` that deployments trust.',
  remediation: 'Set `image_tag_mutability = "IMMUTABLE"`.',
  types: ['aws_ecr_repository'],
  check(r, report) {
    const v = r.attrs['image_tag_mutability'];
    if (v === undefined || v === null || isOneOf(v, 'MUTABLE')) report('image_tag_mutability', `${r.address} lets pushed tags be overwritten`);
  },
});

export const ecrScanOnPushDisabled = awsRule({
  id: 'ecr-scan-on-push-disabled',
  title: 'ECR repository does not scan images on push',
  severity: 'low',
  cwe: [1104],
  description: 'Without scan on push (off by default) vulnerable images are stored and deployed without anyone being told about their known CVEs.',
  remediation: 'Set `image_scanning_configuration { scan_on_push = true }`, or configure registry-wide enhanced scanning.',
  types: ['aws_ecr_repository'],
  check(r, report, { graph }) {
    // Registry-level scanning (basic or enhanced) replaces the per-repository setting.
    if (graph.ofType('aws_ecr_registry_scanning_configuration').length > 0) return;
    requireTrue(r, 'image_scanning_configuration.0.scan_on_push', report, `${r.address} does not scan images on push`);
  },
});

export const ecrPublicPolicy = awsRule({
  id: 'ecr-repository-policy-public',
  title: 'ECR repository policy allows everyone',
  severity: 'high',
  cwe: [284],
  description: 'A repository policy statement that allows principal "*" without a condition lets any AWS account pull (or push) images, leaking code and baked-in secrets.',
  remediation: 'Name specific account or role ARNs as principals, or add a condition such as `aws:PrincipalOrgID`.',
  types: ['aws_ecr_repository_policy'],
  check(r, report) {
    const s = openStatement(get(r.attrs, 'policy'));
    if (s) report('policy', `${r.address}: statement ${s.index} allows every AWS principal (${s.actions.join(', ') || 'no action listed'})`);
  },
});

export const ecrRules: CloudRule[] = [ecrTagsMutable, ecrScanOnPushDisabled, ecrPublicPolicy];
