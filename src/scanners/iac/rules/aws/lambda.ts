import { isObject } from '../../model/value.js';
import { blocks, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isLiteralSecretValue, isSecretName, knownToken } from './ec2-secrets.js';
import { written } from './ec2-plan.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

/**
 * Runtimes past their AWS Lambda deprecation date (no security patches; new functions blocked).
 * Recently deprecated ones (nodejs18.x, python3.9) are left out until they are long gone.
 */
const DEPRECATED_RUNTIMES = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8',
  'ruby2.5', 'ruby2.7',
  'java8',
  'go1.x',
  'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet5.0', 'dotnet6', 'dotnet7',
  'provided',
]);

/** True when none of the attributes that scope a public grant is written (absent, not unknown). */
const unscoped = (attrs: { [k: string]: unknown }, names: string[]): boolean => names.every((n) => attrs[n] === undefined || attrs[n] === null);

export const lambdaRules: CloudRule[] = [
  {
    id: 'iac/aws/lambda-function-url-public',
    title: 'Lambda function URL without authentication',
    severity: 'high',
    cwe: [306],
    description: 'A function URL with `authorization_type = "NONE"` lets anyone on the internet invoke the function directly, bypassing API Gateway throttling and authorizers.',
    remediation: 'Set `authorization_type = "AWS_IAM"` and sign requests, or front the function with API Gateway or CloudFront and an authorizer.',
    references: [doc('lambda_function_url'), 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html'],
    provider: 'aws',
    types: ['aws_lambda_function_url'],
    check(r, report) {
      if (str(r.attrs['authorization_type']) === 'NONE') report('authorization_type', 'the function URL is callable without authentication');
    },
  },
  {
    id: 'iac/aws/lambda-permission-public',
    title: 'Lambda permission grants invoke to everyone',
    severity: 'high',
    cwe: [284],
    description: 'A resource-based permission for principal "*" without `source_arn`, `source_account` or `principal_org_id` lets any AWS account or anonymous caller invoke the function.',
    remediation: 'Name the calling service or account in `principal` and restrict it with `source_arn` / `source_account` (or `principal_org_id`).',
    references: [doc('lambda_permission')],
    provider: 'aws',
    types: ['aws_lambda_permission'],
    check(r, report) {
      if (str(r.attrs['principal']) !== '*') return;
      if (!unscoped(r.attrs, ['source_arn', 'source_account', 'principal_org_id'])) return;
      report('principal', 'any principal may invoke the function');
    },
  },
  {
    id: 'iac/aws/lambda-permission-service-unscoped',
    title: 'Lambda permission for an AWS service without a source',
    severity: 'medium',
    cwe: [441],
    description: 'A permission for a service principal (s3.amazonaws.com, sns.amazonaws.com, …) without `source_arn` or `source_account` lets that service invoke the function on behalf of any account\'s resource (confused deputy).',
    remediation: 'Set `source_arn` to the bucket, topic, rule or API that calls the function (and `source_account` for S3).',
    references: [doc('lambda_permission'), 'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html'],
    provider: 'aws',
    types: ['aws_lambda_permission'],
    check(r, report) {
      const principal = str(r.attrs['principal']);
      if (principal === undefined || !principal.endsWith('.amazonaws.com')) return;
      if (!unscoped(r.attrs, ['source_arn', 'source_account', 'principal_org_id'])) return;
      report('principal', `${principal} may invoke the function for any account's resources`);
    },
  },
  {
    id: 'iac/aws/lambda-env-secrets',
    title: 'Credentials in Lambda environment variables',
    severity: 'high',
    cwe: [798],
    description: 'A secret-named environment variable holds a literal value; function configuration is readable with lambda:GetFunctionConfiguration and ends up in state files and templates.',
    remediation: 'Store the value in Secrets Manager or SSM Parameter Store and read it at runtime (pass its ARN or name in the environment instead).',
    references: [doc('lambda_function#environment'), 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html'],
    provider: 'aws',
    types: ['aws_lambda_function'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'environment')) {
        const vars = block['variables'];
        if (!isObject(vars)) continue;
        for (const [name, value] of Object.entries(vars)) {
          if (typeof value !== 'string') continue;
          const token = knownToken(value);
          if (token) report(`${path}.variables.${name}`, `${name} holds ${token}`);
          else if (isSecretName(name) && isLiteralSecretValue(value)) report(`${path}.variables.${name}`, `${name} holds a literal credential`);
        }
      }
    },
  },
  {
    id: 'iac/aws/lambda-deprecated-runtime',
    title: 'Lambda function on a deprecated runtime',
    severity: 'medium',
    cwe: [1104],
    description: 'The runtime has reached end of support: AWS no longer applies security patches to it, and the language version itself is out of maintenance.',
    remediation: 'Move `runtime` to a supported version (for example python3.12, nodejs22.x, java21, dotnet8, provided.al2023).',
    references: [doc('lambda_function#runtime'), 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html'],
    provider: 'aws',
    types: ['aws_lambda_function'],
    check(r, report) {
      const rt = str(r.attrs['runtime']);
      if (rt !== undefined && DEPRECATED_RUNTIMES.has(rt)) report('runtime', `runtime ${rt} is deprecated`);
    },
  },
  {
    id: 'iac/aws/lambda-layer-public',
    title: 'Lambda layer shared with every account',
    severity: 'medium',
    cwe: [200],
    description: 'A layer version permission for principal "*" without an organization lets any AWS account read the layer\'s code and bundled configuration.',
    remediation: 'Grant `lambda:GetLayerVersion` to specific account IDs, or set `organization_id` to limit "*" to your organization.',
    references: [doc('lambda_layer_version_permission')],
    provider: 'aws',
    types: ['aws_lambda_layer_version_permission'],
    check(r, report) {
      if (str(r.attrs['principal']) === '*' && unscoped(r.attrs, ['organization_id'])) report('principal', 'every AWS account can use this layer version');
    },
  },
  {
    id: 'iac/aws/lambda-tracing-passthrough',
    title: 'Lambda active tracing turned off',
    severity: 'low',
    cwe: [778],
    description: 'The function\'s tracing mode is explicitly PassThrough, so it does not sample and record X-Ray traces of its invocations.',
    remediation: 'Set `tracing_config { mode = "Active" }`.',
    references: [doc('lambda_function#tracing_config')],
    provider: 'aws',
    types: ['aws_lambda_function'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'tracing_config')) {
        if (str(block['mode']) === 'PassThrough' && written(r, `${path}.mode`)) report(`${path}.mode`, 'active tracing is off (PassThrough)');
      }
    },
  },
];
