/** EKS clusters and managed node groups. */
import { get, isFalse, isOpenToWorld, isTrue, strings } from '../cloud/attr.js';
import { isUnknown } from '../../model/value.js';
import type { CloudRule } from '../cloud/types.js';
import { openIngress } from './rds-exposure.js';
import { awsRule, isGiven } from './rds-util.js';

export const eksPublicEndpoint = awsRule({
  id: 'eks-public-endpoint-open',
  title: 'EKS API endpoint is open to the internet',
  severity: 'medium',
  cwe: [284],
  description: 'The cluster API endpoint is public (the provider default) and accepts connections from 0.0.0.0/0 (the default `public_access_cidrs`), exposing the Kubernetes API to credential stuffing and any API server vulnerability.',
  remediation: 'Set `vpc_config { endpoint_public_access = false, endpoint_private_access = true }`, or restrict `public_access_cidrs` to known ranges.',
  types: ['aws_eks_cluster'],
  check(r, report) {
    const pub = get(r.attrs, 'vpc_config.0.endpoint_public_access');
    if (isFalse(pub) || isUnknown(pub)) return;
    const cidrs = get(r.attrs, 'vpc_config.0.public_access_cidrs');
    if (isUnknown(cidrs)) return;
    if (cidrs === undefined || cidrs === null || (Array.isArray(cidrs) && cidrs.length === 0)) {
      // Both defaults: nothing was written, so the finding belongs to the resource itself.
      report(isTrue(pub) ? 'vpc_config.0.endpoint_public_access' : null, `${r.address} has a public API endpoint open to 0.0.0.0/0 (public_access_cidrs defaults to it)`);
      return;
    }
    const open = strings(cidrs).find(isOpenToWorld);
    if (open) report('vpc_config.0.public_access_cidrs', `${r.address} allows ${open} to reach the public API endpoint`);
  },
});

export const eksSecretsNotEncrypted = awsRule({
  id: 'eks-secrets-encryption-disabled',
  title: 'EKS secrets are not envelope-encrypted with a KMS key',
  severity: 'low',
  cwe: [311],
  description: 'Without `encryption_config`, Kubernetes Secrets in etcd are not envelope-encrypted with a key you control, so you cannot audit or revoke access to them through KMS.',
  remediation: 'Add `encryption_config { resources = ["secrets"], provider { key_arn = aws_kms_key.eks.arn } }`.',
  types: ['aws_eks_cluster'],
  check(r, report) {
    const enc = r.attrs['encryption_config'];
    if (enc === undefined || enc === null || (Array.isArray(enc) && enc.length === 0)) report(null, `${r.address} does not envelope-encrypt Kubernetes secrets`);
  },
});

export const eksLoggingDisabled = awsRule({
  id: 'eks-control-plane-logging-disabled',
  title: 'EKS control plane audit logging is off',
  severity: 'low',
  cwe: [778],
  description: 'Without control plane logs, and the audit log in particular, there is no record of who did what against the Kubernetes API.',
  remediation: 'Set `enabled_cluster_log_types = ["api", "audit", "authenticator"]` (plus controllerManager and scheduler if wanted).',
  types: ['aws_eks_cluster'],
  check(r, report) {
    const v = r.attrs['enabled_cluster_log_types'];
    if (v === undefined || v === null) report(null, `${r.address} sends no control plane logs`);
    else if (Array.isArray(v) && v.length === 0) report('enabled_cluster_log_types', `${r.address} sends no control plane logs`);
    // The audit log is the one that records who did what; a fully known list without it misses that.
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string') && !v.includes('audit')) {
      report('enabled_cluster_log_types', `${r.address} does not send the audit log`);
    }
  },
});

export const eksNodeGroupSshOpen = awsRule({
  id: 'eks-node-group-ssh-open',
  title: 'EKS node group allows SSH from anywhere',
  severity: 'medium',
  cwe: [284],
  description: 'A node group with an SSH key and no `source_security_group_ids` (or source groups open to 0.0.0.0/0 on port 22) lets anyone on the internet reach SSH on every node.',
  remediation: 'Set `remote_access.source_security_group_ids` to a bastion group, or drop `remote_access` and use SSM Session Manager.',
  types: ['aws_eks_node_group'],
  check(r, report, { graph }) {
    if (!isGiven(get(r.attrs, 'remote_access.0.ec2_ssh_key'))) return;
    const sources = get(r.attrs, 'remote_access.0.source_security_group_ids');
    if (!isGiven(sources)) {
      report('remote_access.0', `${r.address} allows SSH to its nodes from any address`);
      return;
    }
    // Source groups that themselves admit the internet on port 22 open SSH just the same.
    for (const sg of graph.targets(r, 'remote_access', ['aws_security_group'])) {
      const why = openIngress(sg, 22, graph);
      if (why) {
        report('remote_access.0.source_security_group_ids', `${r.address} allows SSH from ${sg.address}, and ${why}`);
        return;
      }
    }
  },
});

export const eksRules: CloudRule[] = [eksPublicEndpoint, eksSecretsNotEncrypted, eksLoggingDisabled, eksNodeGroupSshOpen];
