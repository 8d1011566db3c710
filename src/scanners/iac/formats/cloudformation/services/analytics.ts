import { isObject, isWhollyKnown, type Value } from '../../../model/value.js';
import { field, refsIn, toBool, toList, toNum, type Block, type PV } from '../pv.js';
import { tags, type Translator } from '../translation.js';
import { containerJson } from './container-json.js';

/** Data-processing and network-inspection services whose settings Terraform holds as blocks or JSON. */

const jsonString = (v: Value): Value => (isObject(v) && isWhollyKnown(v) ? JSON.stringify(v) : v);

const glueSecurityConfiguration: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_glue_security_configuration');
  b.set('name', field(p, 'Name'));
  b.nested('encryption_configuration', field(p, 'EncryptionConfiguration'), (e, ev) => {
    e.nested('cloudwatch_encryption', field(ev, 'CloudWatchEncryption'), (c, cv) => {
      c.set('cloudwatch_encryption_mode', field(cv, 'CloudWatchEncryptionMode'));
      c.set('kms_key_arn', field(cv, 'KmsKeyArn'));
    });
    e.nested('job_bookmarks_encryption', field(ev, 'JobBookmarksEncryption'), (j, jv) => {
      j.set('job_bookmarks_encryption_mode', field(jv, 'JobBookmarksEncryptionMode'));
      j.set('kms_key_arn', field(jv, 'KmsKeyArn'));
    });
    // A list in CloudFormation, one block in Terraform.
    e.each('s3_encryption', field(ev, 'S3Encryptions'), (s, sv) => {
      s.set('s3_encryption_mode', field(sv, 'S3EncryptionMode'));
      s.set('kms_key_arn', field(sv, 'KmsKeyArn'));
    });
  });
};

const glueCatalogEncryption: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_glue_data_catalog_encryption_settings');
  b.set('catalog_id', field(p, 'CatalogId'));
  b.nested('data_catalog_encryption_settings', field(p, 'DataCatalogEncryptionSettings'), (d, dv) => {
    d.nested('connection_password_encryption', field(dv, 'ConnectionPasswordEncryption'), (c, cv) => {
      c.set('return_connection_password_encrypted', field(cv, 'ReturnConnectionPasswordEncrypted'), toBool);
      c.set('aws_kms_key_id', field(cv, 'KmsKeyId'));
    });
    d.nested('encryption_at_rest', field(dv, 'EncryptionAtRest'), (e, ev) => {
      e.set('catalog_encryption_mode', field(ev, 'CatalogEncryptionMode'));
      e.set('sse_aws_kms_key_id', field(ev, 'SseAwsKmsKeyId'));
    });
  });
};

const emrSecurityConfiguration: Translator = (t) => {
  const b = t.main('aws_emr_security_configuration');
  b.set('name', field(t.props, 'Name'));
  b.set('configuration', field(t.props, 'SecurityConfiguration'), jsonString);
};

const batchJobDefinition: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_batch_job_definition');
  b.set('name', field(p, 'JobDefinitionName'));
  b.set('type', field(p, 'Type'));
  b.set('platform_capabilities', field(p, 'PlatformCapabilities'), toList);
  const c = field(p, 'ContainerProperties');
  if (c) {
    b.value('container_properties', containerJson(c.value, `${t.id} container properties`), c.line);
    b.addRefs('container_properties', refsIn(c.value));
  }
  tags(b, p);
};

const firewallPolicy: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_networkfirewall_firewall_policy');
  b.set('name', field(p, 'FirewallPolicyName'));
  b.nested('firewall_policy', field(p, 'FirewallPolicy'), (f, fv) => {
    f.set('stateless_default_actions', field(fv, 'StatelessDefaultActions'), toList);
    f.set('stateless_fragment_default_actions', field(fv, 'StatelessFragmentDefaultActions'), toList);
    f.set('stateful_default_actions', field(fv, 'StatefulDefaultActions'), toList);
    f.each('stateful_rule_group_reference', field(fv, 'StatefulRuleGroupReferences'), (r, rv) => {
      r.set('resource_arn', field(rv, 'ResourceArn'));
      r.set('priority', field(rv, 'Priority'), toNum);
    });
    f.each('stateless_rule_group_reference', field(fv, 'StatelessRuleGroupReferences'), (r, rv) => {
      r.set('resource_arn', field(rv, 'ResourceArn'));
      r.set('priority', field(rv, 'Priority'), toNum);
    });
  });
  tags(b, p);
};

const serverlessSecurityPolicy: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_opensearchserverless_security_policy');
  b.set('name', field(p, 'Name'));
  b.set('type', field(p, 'Type'));
  b.set('description', field(p, 'Description'));
  b.set('policy', field(p, 'Policy'), jsonString);
};

const redshiftWorkgroup: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_redshiftserverless_workgroup');
  b.set('workgroup_name', field(p, 'WorkgroupName'));
  b.set('namespace_name', field(p, 'NamespaceName'));
  b.set('publicly_accessible', field(p, 'PubliclyAccessible'), toBool);
  b.set('enhanced_vpc_routing', field(p, 'EnhancedVpcRouting'), toBool);
  b.set('security_group_ids', field(p, 'SecurityGroupIds'), toList);
  b.set('subnet_ids', field(p, 'SubnetIds'), toList);
  tags(b, p);
};

const apiCache: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_appsync_api_cache');
  b.set('api_id', field(p, 'ApiId'));
  b.set('type', field(p, 'Type'));
  b.set('ttl', field(p, 'TtlInSeconds'), toNum);
  b.set('api_caching_behavior', field(p, 'ApiCachingBehavior'));
  b.set('at_rest_encryption_enabled', field(p, 'AtRestEncryptionEnabled'), toBool);
  b.set('transit_encryption_enabled', field(p, 'TransitEncryptionEnabled'), toBool);
};

const registryScanning: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_ecr_registry_scanning_configuration');
  b.set('scan_type', field(p, 'ScanType'));
  b.each('rule', field(p, 'Rules'), (r: Block, rv: PV) => {
    r.set('scan_frequency', field(rv, 'ScanFrequency'));
    r.each('repository_filter', field(rv, 'RepositoryFilters'), (f, fv) => {
      f.set('filter', field(fv, 'Filter'));
      f.set('filter_type', field(fv, 'FilterType'));
    });
  });
};

export const analytics: Record<string, Translator> = {
  'AWS::Glue::SecurityConfiguration': glueSecurityConfiguration,
  'AWS::Glue::DataCatalogEncryptionSettings': glueCatalogEncryption,
  'AWS::EMR::SecurityConfiguration': emrSecurityConfiguration,
  'AWS::Batch::JobDefinition': batchJobDefinition,
  'AWS::NetworkFirewall::FirewallPolicy': firewallPolicy,
  'AWS::OpenSearchServerless::SecurityPolicy': serverlessSecurityPolicy,
  'AWS::RedshiftServerless::Workgroup': redshiftWorkgroup,
  'AWS::AppSync::ApiCache': apiCache,
  'AWS::ECR::RegistryScanningConfiguration': registryScanning,
};
