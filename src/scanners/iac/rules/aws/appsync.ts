import { blocks, isFalse, isAbsent, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

export const appsyncRules: CloudRule[] = [
  {
    id: 'iac/aws/appsync-api-key-auth',
    title: 'AppSync API authenticated by API key',
    severity: 'medium',
    cwe: [287],
    description: 'An API key is a static shared secret shipped to clients; it identifies no user, cannot be scoped per caller and is easily extracted, so it is not real authentication.',
    remediation: 'Use `authentication_type = "AMAZON_COGNITO_USER_POOLS"`, "AWS_IAM", "OPENID_CONNECT" or "AWS_LAMBDA".',
    references: [doc('appsync_graphql_api#authentication_type'), 'https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html'],
    provider: 'aws',
    types: ['aws_appsync_graphql_api'],
    check(r, report) {
      if (str(r.attrs['authentication_type']) === 'API_KEY') report('authentication_type', 'the API is authenticated by an API key');
      for (const { block, path } of blocks(r.attrs, 'additional_authentication_provider')) {
        if (str(block['authentication_type']) === 'API_KEY') report(`${path}.authentication_type`, 'an API key is accepted as an additional authentication mode');
      }
    },
  },
  {
    id: 'iac/aws/appsync-field-logging-off',
    title: 'AppSync field-level logging off',
    severity: 'low',
    cwe: [778],
    description: 'The API declares a log configuration but sets field_log_level to NONE, so resolver activity and errors are not recorded.',
    remediation: 'Set `log_config { field_log_level = "ERROR" }` (or "ALL" outside production).',
    references: [doc('appsync_graphql_api#log_config')],
    provider: 'aws',
    types: ['aws_appsync_graphql_api'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'log_config')) {
        if (str(block['field_log_level']) === 'NONE') report(`${path}.field_log_level`, 'field-level logging is NONE');
      }
    },
  },
  {
    id: 'iac/aws/appsync-cache-unencrypted',
    title: 'AppSync cache not encrypted',
    severity: 'medium',
    cwe: [311],
    description: 'The AppSync API cache stores resolver results without encryption at rest or in transit (both default to false).',
    remediation: 'Set `at_rest_encryption_enabled = true` and `transit_encryption_enabled = true` on `aws_appsync_api_cache`.',
    references: [doc('appsync_api_cache')],
    provider: 'aws',
    types: ['aws_appsync_api_cache'],
    check(r, report) {
      const missing: string[] = [];
      for (const attr of ['at_rest_encryption_enabled', 'transit_encryption_enabled']) {
        const v = r.attrs[attr];
        if (isFalse(v)) report(attr, `the cache is not encrypted ${attr === 'at_rest_encryption_enabled' ? 'at rest' : 'in transit'}`);
        else if (isAbsent(v)) missing.push(attr);
      }
      // One finding on the block for whatever is left unset (both would land on the same line).
      if (missing.length > 0) report(null, `${missing.join(' and ')} not set (defaults to false)`);
    },
  },
];
