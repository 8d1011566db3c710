/** SageMaker notebook instances and endpoint configurations. */
import type { CloudRule } from '../cloud/types.js';
import { awsRule, isGiven, isOneOf } from './rds-util.js';

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

export const sagemakerRules: CloudRule[] = [sagemakerDirectInternet, sagemakerRootAccess, sagemakerNotebookNoKms, sagemakerEndpointNoKms];
