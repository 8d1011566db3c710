import { isObject } from '../../model/value.js';
import { blocks, isAbsent, isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { explicitIn } from './kms-util.js';

/** AWS Config: the recorder must be on and record every resource type. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const configRecorderNotAllResources: CloudRule = {
  id: 'iac/aws/config-recorder-not-all-resources',
  title: 'AWS Config recorder does not record all resource types',
  severity: 'low',
  cwe: [778],
  description: 'A recorder limited to a list of resource types misses configuration changes of every other type, leaving gaps in the inventory and change history.',
  remediation: 'Set `recording_group { all_supported = true }` on the aws_config_configuration_recorder.',
  references: [`${DOCS}config_configuration_recorder`, 'https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html'],
  provider: 'aws',
  types: ['aws_config_configuration_recorder'],
  check(r, report) {
    for (const { block, path } of blocks(r.attrs, 'recording_group')) {
      if (isFalse(block['all_supported'])) report(`${path}.all_supported`, 'The recorder does not record all supported resource types');
    }
  },
};

export const configRecorderNoGlobalResources: CloudRule = {
  id: 'iac/aws/config-recorder-no-global-resources',
  title: 'AWS Config recorder excludes global resources',
  severity: 'low',
  cwe: [778],
  description: 'With include_global_resource_types off, changes to IAM users, roles, groups and policies are not recorded.',
  remediation: 'Set `include_global_resource_types = true` in the recorder\'s `recording_group` (in one region).',
  references: [`${DOCS}config_configuration_recorder`],
  provider: 'aws',
  types: ['aws_config_configuration_recorder'],
  check(r, report) {
    // Only an explicit false: accounts record global types in a single region on purpose.
    for (const { block, path } of blocks(r.attrs, 'recording_group')) {
      if (isFalse(block['include_global_resource_types']) && explicitIn(r, `${path}.include_global_resource_types`)) report(`${path}.include_global_resource_types`, 'Global resource types (IAM) are not recorded');
    }
  },
};

export const configRecorderDisabled: CloudRule = {
  id: 'iac/aws/config-recorder-disabled',
  title: 'AWS Config recorder is stopped',
  severity: 'medium',
  cwe: [778],
  description: 'A configuration recorder whose status is disabled records no configuration changes and feeds no Config rules.',
  remediation: 'Set `is_enabled = true` on the aws_config_configuration_recorder_status.',
  references: [`${DOCS}config_configuration_recorder_status`],
  provider: 'aws',
  types: ['aws_config_configuration_recorder_status'],
  check(r, report) {
    if (isFalse(r.attrs['is_enabled'])) report('is_enabled', 'The configuration recorder is disabled');
  },
};

export const configAggregatorNotAllRegions: CloudRule = {
  id: 'iac/aws/config-aggregator-not-all-regions',
  title: 'AWS Config aggregator does not cover all regions',
  severity: 'low',
  cwe: [778],
  description: 'An aggregator limited to a list of regions leaves resources in every other region (and regions enabled later) out of the central compliance view.',
  remediation: 'Set `all_regions = true` (instead of `regions`) in the aggregator\'s account_aggregation_source or organization_aggregation_source.',
  references: [`${DOCS}config_configuration_aggregator`, 'https://docs.aws.amazon.com/config/latest/developerguide/aggregate-data.html'],
  provider: 'aws',
  types: ['aws_config_configuration_aggregator', 'AWS::Config::ConfigurationAggregator'],
  check(r, report) {
    // CloudFormation's aggregator stays raw (untranslated): AllAwsRegions / AwsRegions.
    if (r.type === 'AWS::Config::ConfigurationAggregator') {
      const org = r.attrs['OrganizationAggregationSource'];
      // A single object (raw lines have no `.0` for it) and a list.
      const sources = [...blocks(r.attrs, 'AccountAggregationSources'), ...(isObject(org) ? [{ block: org, path: 'OrganizationAggregationSource' }] : [])];
      for (const { block, path } of sources) {
        if (isFalse(block['AllAwsRegions'])) report(`${path}.AllAwsRegions`, 'The aggregator does not aggregate all regions');
        else if (isAbsent(block['AllAwsRegions']) && !isAbsent(block['AwsRegions'])) report(`${path}.AwsRegions`, 'The aggregator covers only the listed regions');
      }
      return;
    }
    for (const name of ['account_aggregation_source', 'organization_aggregation_source']) {
      for (const { block, path } of blocks(r.attrs, name)) {
        const all = block['all_regions'];
        // `all_regions` defaults to false: a `regions` list without it means "only these".
        if (isFalse(all)) report(`${path}.all_regions`, 'The aggregator does not aggregate all regions');
        else if (isAbsent(all) && !isAbsent(block['regions'])) report(`${path}.regions`, 'The aggregator covers only the listed regions');
      }
    }
  },
};

export const configRules: CloudRule[] = [configRecorderNotAllResources, configRecorderNoGlobalResources, configRecorderDisabled, configAggregatorNotAllRegions];
