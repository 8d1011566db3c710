import { isUnknown } from '../../model/value.js';
import { blocks, get, isAbsent, isFalse, isTrue, str, strings } from '../cloud/attr.js';
import type { CloudReport, CloudRule } from '../cloud/types.js';
import type { Resource } from '../../model/resource.js';
import { written } from './ec2-plan.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

/**
 * HTTP API routes (`GET /orders`). WebSocket routes ($connect, $default, custom action keys) are
 * skipped: only $connect can carry an authorizer there, and the others cannot have one at all.
 */
function checkRoute(r: Resource, report: CloudReport): void {
  const key = str(r.attrs['route_key']);
  if (key === undefined) return;
  const space = key.indexOf(' ');
  if (space < 0 || !key.slice(space + 1).startsWith('/')) return;
  const method = key.slice(0, space).toUpperCase();
  if (method === 'OPTIONS') return;
  const auth = r.attrs['authorization_type'];
  if (isUnknown(auth)) return;
  if (isAbsent(auth)) report(null, `route ${key} has no authorization_type (defaults to NONE)`);
  else if (str(auth)?.toUpperCase() === 'NONE') report('authorization_type', `route ${key} can be called without authorization`);
}

export const apigatewayRules: CloudRule[] = [
  {
    id: 'iac/aws/apigateway-stage-access-logs-disabled',
    title: 'API Gateway stage without access logging',
    severity: 'low',
    cwe: [778],
    description: 'The stage writes no access logs, so there is no record of callers, source IPs and responses for detecting abuse or investigating an incident.',
    remediation: 'Add `access_log_settings { destination_arn = <log group ARN>, format = ... }` to the stage.',
    references: [doc('api_gateway_stage#access_log_settings'), doc('apigatewayv2_stage#access_log_settings')],
    provider: 'aws',
    types: ['aws_api_gateway_stage', 'aws_apigatewayv2_stage'],
    check(r, report) {
      const v = r.attrs['access_log_settings'];
      if (isAbsent(v) || (Array.isArray(v) && v.length === 0)) report(null, 'the stage has no access_log_settings');
    },
  },
  {
    id: 'iac/aws/apigateway-xray-disabled',
    title: 'API Gateway stage X-Ray tracing disabled',
    severity: 'low',
    cwe: [778],
    description: 'X-Ray tracing is explicitly turned off for the stage, removing request-level traces that help spot abuse and failures across services.',
    remediation: 'Set `xray_tracing_enabled = true` on the stage.',
    references: [doc('api_gateway_stage#xray_tracing_enabled')],
    provider: 'aws',
    types: ['aws_api_gateway_stage'],
    check(r, report) {
      if (isFalse(r.attrs['xray_tracing_enabled']) && written(r, 'xray_tracing_enabled')) report('xray_tracing_enabled', 'X-Ray tracing is disabled');
    },
  },
  {
    id: 'iac/aws/apigateway-method-no-auth',
    title: 'API Gateway method open without authorization',
    severity: 'medium',
    cwe: [306],
    description: 'The REST method (or HTTP API route) has no authorization and no API key, so anyone on the internet can invoke the integration behind it.',
    remediation: 'Set `authorization` (REST) / `authorization_type` (HTTP API routes) to "AWS_IAM", "COGNITO_USER_POOLS", "JWT" or "CUSTOM" with an `authorizer_id`, or require an API key with `api_key_required = true`.',
    references: [doc('api_gateway_method#authorization'), doc('apigatewayv2_route#authorization_type')],
    provider: 'aws',
    types: ['aws_api_gateway_method', 'aws_apigatewayv2_route'],
    check(r, report, { graph }) {
      if (r.type === 'aws_apigatewayv2_route') {
        checkRoute(r, report);
        return;
      }
      if (str(r.attrs['authorization'])?.toUpperCase() !== 'NONE') return;
      const method = r.attrs['http_method'];
      // CORS preflight must be unauthenticated; an unknown method may be OPTIONS.
      if (isUnknown(method) || str(method)?.toUpperCase() === 'OPTIONS') return;
      const key = r.attrs['api_key_required'];
      if (isTrue(key) || isUnknown(key)) return;
      // A private endpoint or a resource policy decides who may call: access is restricted elsewhere.
      const restricted = graph
        .targets(r, 'rest_api_id', ['aws_api_gateway_rest_api'])
        .some(
          (api) =>
            strings(get(api.attrs, 'endpoint_configuration.types')).includes('PRIVATE') ||
            !isAbsent(api.attrs['policy']) ||
            graph.referrers(api, ['aws_api_gateway_rest_api_policy']).length > 0,
        );
      if (restricted) return;
      report('authorization', `${str(method) ?? 'the'} method can be called without authorization`);
    },
  },
  {
    id: 'iac/aws/apigateway-cache-unencrypted',
    title: 'API Gateway cache not encrypted',
    severity: 'medium',
    cwe: [311],
    description: 'Responses are cached without encryption at rest (cache_data_encrypted defaults to false), so cached API data may be stored in cleartext.',
    remediation: 'Set `settings { cache_data_encrypted = true }` wherever `caching_enabled = true`.',
    references: [doc('api_gateway_method_settings#cache_data_encrypted')],
    provider: 'aws',
    types: ['aws_api_gateway_method_settings'],
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'settings')) {
        if (!isTrue(block['caching_enabled'])) continue;
        const enc = block['cache_data_encrypted'];
        if (isFalse(enc)) report(`${path}.cache_data_encrypted`, 'cached responses are stored unencrypted');
        else if (isAbsent(enc)) report(`${path}.caching_enabled`, 'caching is on but cache_data_encrypted is not set (defaults to false)');
      }
    },
  },
  {
    id: 'iac/aws/apigateway-data-trace-enabled',
    title: 'API Gateway logs full request and response bodies',
    severity: 'medium',
    cwe: [532],
    description: 'Data tracing writes whole requests and responses, including tokens, passwords and personal data, into CloudWatch Logs.',
    remediation: 'Set `data_trace_enabled = false` and rely on access logs and INFO/ERROR execution logging.',
    references: [doc('api_gateway_method_settings#data_trace_enabled'), doc('apigatewayv2_stage#data_trace_enabled')],
    provider: 'aws',
    types: ['aws_api_gateway_method_settings', 'aws_apigatewayv2_stage'],
    check(r, report) {
      const kinds = r.type === 'aws_api_gateway_method_settings' ? ['settings'] : ['default_route_settings', 'route_settings'];
      for (const kind of kinds) {
        for (const { block, path } of blocks(r.attrs, kind)) {
          if (isTrue(block['data_trace_enabled'])) report(`${path}.data_trace_enabled`, 'request and response bodies are logged');
        }
      }
    },
  },
  {
    id: 'iac/aws/apigateway-execution-logging-off',
    title: 'API Gateway execution logging turned off',
    severity: 'low',
    cwe: [778],
    description: 'Execution logging is set to OFF, so authorizer failures, integration errors and throttling are not recorded for investigation.',
    remediation: 'Set `logging_level = "ERROR"` (or "INFO") in the method settings or the stage route settings.',
    references: [doc('api_gateway_method_settings#logging_level'), doc('apigatewayv2_stage#logging_level')],
    provider: 'aws',
    types: ['aws_api_gateway_method_settings', 'aws_apigatewayv2_stage'],
    check(r, report) {
      const kinds = r.type === 'aws_api_gateway_method_settings' ? ['settings'] : ['default_route_settings', 'route_settings'];
      for (const kind of kinds) {
        for (const { block, path } of blocks(r.attrs, kind)) {
          if (str(block['logging_level']) === 'OFF' && written(r, `${path}.logging_level`)) report(`${path}.logging_level`, 'execution logging is off');
        }
      }
    },
  },
  {
    id: 'iac/aws/apigateway-domain-outdated-tls',
    title: 'API Gateway custom domain allows TLS 1.0',
    severity: 'medium',
    cwe: [326],
    description: 'The custom domain\'s security policy TLS_1_0 (what the API Gateway API applies to a REST API domain created without one) accepts TLS 1.0 and 1.1 clients, which are deprecated and weaken the protection of API traffic.',
    remediation: 'Set `security_policy = "TLS_1_2"` (CloudFormation: `SecurityPolicy: TLS_1_2`) or an enhanced TLS 1.2+ policy.',
    references: [doc('api_gateway_domain_name#security_policy'), doc('apigatewayv2_domain_name#security_policy')],
    provider: 'aws',
    types: ['aws_api_gateway_domain_name', 'aws_apigatewayv2_domain_name'],
    check(r, report) {
      if (r.type === 'aws_api_gateway_domain_name') {
        const policy = r.attrs['security_policy'];
        if (str(policy) === 'TLS_1_0') report('security_policy', 'the domain accepts TLS 1.0');
        // Omitted, the CreateDomainName API picks TLS_1_0 for REST API domains.
        else if (policy === undefined || policy === null) report(null, 'security_policy is not set (a REST API domain then defaults to TLS_1_0)');
        return;
      }
      for (const { block, path } of blocks(r.attrs, 'domain_name_configuration')) {
        if (str(block['security_policy']) === 'TLS_1_0') report(`${path}.security_policy`, 'the domain accepts TLS 1.0');
      }
    },
  },
];
