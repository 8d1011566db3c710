/** SageMaker notebook instances and endpoint configurations. */
import { get } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, isGiven, isOneOf, written } from './rds-util.js';

const NOTEBOOK = ['aws_sagemaker_notebook_instance'];

export const sagemakerDirectInternet = awsRule({
  id: 'sagemaker-notebook-direct-internet-access',
  title: 'SageMaker notebook has direct internet access',
  severity: 'medium',
  cwe: [284],
  description: 'With direct internet access (the default) the notebook reaches the internet outside your VPC controls, so data can be exfiltrated and code pulled from anywhere.',
  remediation: 'Set `direct_internet_access = "Disabled"` with `subnet_id` and `security_groups`, and route egress through the VPC.',
  types: NOTEBOOK,
  check(r, report) {
    const v = r.attrs['direct_internet_access'];
    if (v === undefined || v === null || isOneOf(v, 'Enabled')) report('direct_internet_access', `${r.address} has direct internet access`);
  },
});

export const sagemakerRootAccess = awsRule({
  id: 'sagemaker-notebook-root-access',
  title: 'SageMaker notebook users have root access',
  severity: 'low',
  cwe: [250],
  description: 'With root access (the default) notebook users can change the instance, install anything and bypass the lifecycle configuration controls.',
  remediation: 'Set `root_access = "Disabled"`.',
  types: NOTEBOOK,
  check(r, report) {
    const v = r.attrs['root_access'];
    if (v === undefined || v === null || isOneOf(v, 'Enabled')) report('root_access', `${r.address} gives notebook users root access`);
  },
});

export const sagemakerNotebookNoKms = awsRule({
  id: 'sagemaker-notebook-no-kms',
  title: 'SageMaker notebook volume is not encrypted with a customer managed key',
  severity: 'low',
  cwe: [311],
  description: 'Without `kms_key_id` the notebook ML storage volume, which holds datasets and credentials users leave behind, is encrypted only with an AWS managed key you cannot restrict.',
  remediation: 'Set `kms_key_id` to a customer managed KMS key.',
  types: NOTEBOOK,
  check(r, report) {
    if (!isGiven(r.attrs['kms_key_id'])) report(null, `${r.address} has no customer managed KMS key`);
  },
});

export const sagemakerEndpointNoKms = awsRule({
  id: 'sagemaker-endpoint-config-no-kms',
  title: 'SageMaker endpoint configuration has no KMS key',
  severity: 'low',
  cwe: [311],
  description: 'Without `kms_key_arn` the ML storage volumes attached to endpoint instances are not encrypted with a key you control.',
  remediation: 'Set `kms_key_arn` to a customer managed KMS key.',
  types: ['aws_sagemaker_endpoint_configuration'],
  check(r, report) {
    if (!isGiven(r.attrs['kms_key_arn'])) report(null, `${r.address} does not encrypt endpoint storage with a customer managed key`);
  },
});

export const sagemakerNotebookImdsv1 = awsRule({
  id: 'sagemaker-notebook-imdsv1',
  title: 'SageMaker notebook allows IMDSv1',
  severity: 'medium',
  cwe: [918],
  description: 'With IMDSv1 allowed, a server-side request forgery in notebook code or a library can read the instance role credentials from the metadata service.',
  remediation: 'Set `instance_metadata_service_configuration { minimum_instance_metadata_service_version = "2" }`.',
  types: NOTEBOOK,
  check(r, report) {
    const path = 'instance_metadata_service_configuration.0.minimum_instance_metadata_service_version';
    const v = get(r.attrs, path);
    if (v === '1' || v === 1) report(path, `${r.address} accepts IMDSv1 requests`);
  },
});

export const sagemakerDomainPublicInternet = awsRule({
  id: 'sagemaker-domain-public-internet',
  title: 'SageMaker domain uses public internet access',
  severity: 'medium',
  cwe: [284],
  description: 'With `PublicInternetOnly`, Studio apps reach the internet through a SageMaker-managed network outside your VPC controls, so data can leave without passing your egress filtering.',
  remediation: 'Set `app_network_access_type = "VpcOnly"` and provide NAT or VPC endpoints for the services Studio needs.',
  types: ['aws_sagemaker_domain'],
  check(r, report) {
    if (written(r, 'app_network_access_type') && isOneOf(r.attrs['app_network_access_type'], 'PublicInternetOnly')) report('app_network_access_type', `${r.address} gives Studio apps direct internet access`);
  },
});

export const sagemakerRules: CloudRule[] = [
  sagemakerDirectInternet,
  sagemakerRootAccess,
  sagemakerNotebookNoKms,
  sagemakerEndpointNoKms,
  sagemakerNotebookImdsv1,
  sagemakerDomainPublicInternet,
];
