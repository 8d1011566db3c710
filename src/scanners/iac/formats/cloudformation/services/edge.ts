import { isUnknown, type Value } from '../../../model/value.js';
import { at, field, items, toBool, toList, toNum, toStr, type Block, type PV } from '../pv.js';
import { tags, type Translation, type Translator } from '../translation.js';

/** LoadBalancerAttributes keys → aws_lb arguments (access_logs.* become the access_logs block). */
const LB_ATTRIBUTES: Record<string, [string, (v: Value) => Value]> = {
  'routing.http.drop_invalid_header_fields.enabled': ['drop_invalid_header_fields', toBool],
  'deletion_protection.enabled': ['enable_deletion_protection', toBool],
  'idle_timeout.timeout_seconds': ['idle_timeout', toNum],
  'routing.http2.enabled': ['enable_http2', toBool],
  'routing.http.desync_mitigation_mode': ['desync_mitigation_mode', (v) => v],
  'load_balancing.cross_zone.enabled': ['enable_cross_zone_load_balancing', toBool],
  'waf.fail_open.enabled': ['enable_waf_fail_open', toBool],
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': ['enable_tls_version_and_cipher_suite_headers', toBool],
  'routing.http.xff_client_port.enabled': ['enable_xff_client_port', toBool],
};
const ACCESS_LOGS: Record<string, [string, (v: Value) => Value]> = {
  'access_logs.s3.enabled': ['enabled', toBool],
  'access_logs.s3.bucket': ['bucket', (v) => v],
  'access_logs.s3.prefix': ['prefix', (v) => v],
};

const loadBalancer: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_lb');
  b.set('name', field(p, 'Name'));
  b.set('load_balancer_type', field(p, 'Type'));
  const scheme = field(p, 'Scheme');
  b.set('internal', scheme, (v) => v === 'internal');
  b.set('security_groups', field(p, 'SecurityGroups'), toList);
  b.set('subnets', field(p, 'Subnets'), toList);
  b.set('ip_address_type', field(p, 'IpAddressType'));
  const attrs = field(p, 'LoadBalancerAttributes');
  if (attrs && isUnknown(attrs.value)) {
    // Unknown attributes: every argument they could set is unknown, not absent.
    for (const [name] of Object.values(LB_ATTRIBUTES)) b.set(name, attrs);
    b.set('access_logs', attrs);
  }
  let logs: Block | undefined;
  for (const a of items(attrs)) {
    const key = field(a, 'Key')?.value;
    const value = field(a, 'Value');
    if (typeof key !== 'string' || !value) continue;
    const direct = LB_ATTRIBUTES[key];
    if (direct) b.set(direct[0], { ...value, line: a.line }, direct[1]);
    const log = ACCESS_LOGS[key];
    if (log) {
      logs ??= b.block('access_logs', a.line);
      logs.set(log[0], { ...value, line: a.line }, log[1]);
    }
  }
  tags(b, p);
};

function action(a: Block, av: PV): void {
  a.set('type', field(av, 'Type'));
  a.set('order', field(av, 'Order'), toNum);
  a.set('target_group_arn', field(av, 'TargetGroupArn'));
  a.nested('redirect', field(av, 'RedirectConfig'), (r, rv) => {
    r.set('protocol', field(rv, 'Protocol'));
    r.set('port', field(rv, 'Port'), toStr);
    r.set('host', field(rv, 'Host'));
    r.set('path', field(rv, 'Path'));
    r.set('query', field(rv, 'Query'));
    r.set('status_code', field(rv, 'StatusCode'));
  });
  a.nested('fixed_response', field(av, 'FixedResponseConfig'), (f, fv) => {
    f.set('content_type', field(fv, 'ContentType'));
    f.set('message_body', field(fv, 'MessageBody'));
    f.set('status_code', field(fv, 'StatusCode'), toStr);
  });
}

const listener: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_lb_listener');
  b.set('load_balancer_arn', field(p, 'LoadBalancerArn'));
  b.set('port', field(p, 'Port'), toNum);
  b.set('protocol', field(p, 'Protocol'));
  b.set('ssl_policy', field(p, 'SslPolicy'));
  b.set('alpn_policy', at(p, 'AlpnPolicy.0'));
  const cert = items(field(p, 'Certificates'))[0];
  b.set('certificate_arn', field(cert, 'CertificateArn'));
  b.each('default_action', field(p, 'DefaultActions'), action);
};

/** Classic load balancer. */
const classicElb: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_elb');
  b.set('name', field(p, 'LoadBalancerName'));
  b.set('internal', field(p, 'Scheme'), (v) => v === 'internal');
  b.set('security_groups', field(p, 'SecurityGroups'), toList);
  b.set('subnets', field(p, 'Subnets'), toList);
  b.set('availability_zones', field(p, 'AvailabilityZones'), toList);
  b.set('instances', field(p, 'Instances'), toList);
  b.set('cross_zone_load_balancing', field(p, 'CrossZone'), toBool);
  b.set('connection_draining', at(p, 'ConnectionDrainingPolicy.Enabled'), toBool);
  b.set('connection_draining_timeout', at(p, 'ConnectionDrainingPolicy.Timeout'), toNum);
  b.set('idle_timeout', at(p, 'ConnectionSettings.IdleTimeout'), toNum);
  b.each('listener', field(p, 'Listeners'), (l, lv) => {
    l.set('instance_port', field(lv, 'InstancePort'), toNum);
    l.set('instance_protocol', field(lv, 'InstanceProtocol'));
    l.set('lb_port', field(lv, 'LoadBalancerPort'), toNum);
    l.set('lb_protocol', field(lv, 'Protocol'));
    l.set('ssl_certificate_id', field(lv, 'SSLCertificateId'));
  });
  b.nested('access_logs', field(p, 'AccessLoggingPolicy'), (a, av) => {
    a.set('bucket', field(av, 'S3BucketName'));
    a.set('bucket_prefix', field(av, 'S3BucketPrefix'));
    a.set('interval', field(av, 'EmitInterval'), toNum);
    a.set('enabled', field(av, 'Enabled'), toBool);
  });
  tags(b, p);
  // Inline policies (SSL negotiation and others) are aws_load_balancer_policy resources in Terraform.
  items(field(p, 'Policies')).forEach((pol, i) => {
    const x = t.extra(`Policies.${i}`, 'aws_load_balancer_policy', pol.line);
    x.value('load_balancer_name', t.self());
    x.set('policy_name', field(pol, 'PolicyName'));
    x.set('policy_type_name', field(pol, 'PolicyType'));
    x.each('policy_attribute', field(pol, 'Attributes'), (a, av) => {
      a.set('name', field(av, 'Name'));
      a.set('value', field(av, 'Value'), toStr);
    });
  });
};

function cacheBehavior(c: Block, cv: PV): void {
  c.set('path_pattern', field(cv, 'PathPattern'));
  c.set('target_origin_id', field(cv, 'TargetOriginId'));
  c.set('viewer_protocol_policy', field(cv, 'ViewerProtocolPolicy'));
  c.set('allowed_methods', field(cv, 'AllowedMethods'), toList);
  c.set('cached_methods', field(cv, 'CachedMethods'), toList);
  c.set('compress', field(cv, 'Compress'), toBool);
  c.set('cache_policy_id', field(cv, 'CachePolicyId'));
  c.set('origin_request_policy_id', field(cv, 'OriginRequestPolicyId'));
  c.set('response_headers_policy_id', field(cv, 'ResponseHeadersPolicyId'));
  c.set('field_level_encryption_id', field(cv, 'FieldLevelEncryptionId'));
  c.set('trusted_key_groups', field(cv, 'TrustedKeyGroups'), toList);
  c.each('function_association', field(cv, 'FunctionAssociations'), (f, fv) => {
    f.set('event_type', field(fv, 'EventType'));
    f.set('function_arn', field(fv, 'FunctionARN'));
  });
  c.each('lambda_function_association', field(cv, 'LambdaFunctionAssociations'), (f, fv) => {
    f.set('event_type', field(fv, 'EventType'));
    f.set('lambda_arn', field(fv, 'LambdaFunctionARN'));
    f.set('include_body', field(fv, 'IncludeBody'), toBool);
  });
}

const distribution: Translator = (t) => {
  const b = t.main('aws_cloudfront_distribution');
  const d = field(t.props, 'DistributionConfig');
  if (d && isUnknown(d.value)) {
    // The whole configuration is unknown: so is each block a rule might read.
    for (const k of ['enabled', 'default_cache_behavior', 'viewer_certificate', 'logging_config', 'web_acl_id', 'origin']) b.set(k, d);
    return;
  }
  b.set('enabled', field(d, 'Enabled'), toBool);
  b.set('comment', field(d, 'Comment'));
  b.set('aliases', field(d, 'Aliases'), toList);
  b.set('default_root_object', field(d, 'DefaultRootObject'));
  b.set('price_class', field(d, 'PriceClass'));
  b.set('http_version', field(d, 'HttpVersion'));
  b.set('is_ipv6_enabled', field(d, 'IPV6Enabled'), toBool);
  b.set('web_acl_id', field(d, 'WebACLId'));
  b.nested('default_cache_behavior', field(d, 'DefaultCacheBehavior'), cacheBehavior);
  b.each('ordered_cache_behavior', field(d, 'CacheBehaviors'), cacheBehavior);
  b.nested('viewer_certificate', field(d, 'ViewerCertificate'), (v, vv) => {
    v.set('cloudfront_default_certificate', field(vv, 'CloudFrontDefaultCertificate'), toBool);
    v.set('acm_certificate_arn', field(vv, 'AcmCertificateArn'));
    v.set('iam_certificate_id', field(vv, 'IamCertificateId'));
    v.set('minimum_protocol_version', field(vv, 'MinimumProtocolVersion'));
    v.set('ssl_support_method', field(vv, 'SslSupportMethod'));
  });
  b.nested('logging_config', field(d, 'Logging'), (l, lv) => {
    l.set('bucket', field(lv, 'Bucket'));
    l.set('prefix', field(lv, 'Prefix'));
    l.set('include_cookies', field(lv, 'IncludeCookies'), toBool);
  });
  b.each('origin', field(d, 'Origins'), (o, ov) => {
    o.set('domain_name', field(ov, 'DomainName'));
    o.set('origin_id', field(ov, 'Id'));
    o.set('origin_path', field(ov, 'OriginPath'));
    o.set('origin_access_control_id', field(ov, 'OriginAccessControlId'));
    o.nested('s3_origin_config', field(ov, 'S3OriginConfig'), (s, sv) => s.set('origin_access_identity', field(sv, 'OriginAccessIdentity')));
    o.nested('custom_origin_config', field(ov, 'CustomOriginConfig'), (c, cv) => {
      c.set('http_port', field(cv, 'HTTPPort'), toNum);
      c.set('https_port', field(cv, 'HTTPSPort'), toNum);
      c.set('origin_protocol_policy', field(cv, 'OriginProtocolPolicy'));
      c.set('origin_ssl_protocols', field(cv, 'OriginSSLProtocols'), toList);
      c.set('origin_read_timeout', field(cv, 'OriginReadTimeout'), toNum);
      c.set('origin_keepalive_timeout', field(cv, 'OriginKeepaliveTimeout'), toNum);
    });
  });
  b.nested('restrictions', field(d, 'Restrictions'), (r, rv) => {
    r.nested('geo_restriction', field(rv, 'GeoRestriction'), (g, gv) => {
      g.set('restriction_type', field(gv, 'RestrictionType'));
      g.set('locations', field(gv, 'Locations'), toList);
    });
  });
  tags(b, t.props);
};

/**
 * CloudFormation's ResourcePath (`/~1pets~1cats`, slashes escaped as ~1; `/*` for all) and
 * HttpMethod → Terraform's method_path (`pets/cats/GET`, `*` + `/*`).
 */
function methodPath(resourcePath: Value | undefined, method: Value | undefined): Value | undefined {
  if (typeof resourcePath !== 'string' || typeof method !== 'string') return undefined;
  const path = resourcePath.replace(/~1/g, '/').replace(/^\/+/, '');
  return `${path}/${method}`;
}

/** Stage settings shared by AWS::ApiGateway::Stage and a Deployment's StageDescription. */
function stageFields(b: Block, sp: PV | undefined): void {
  b.set('description', field(sp, 'Description'));
  b.set('xray_tracing_enabled', field(sp, 'TracingEnabled'), toBool);
  b.set('cache_cluster_enabled', field(sp, 'CacheClusterEnabled'), toBool);
  b.set('cache_cluster_size', field(sp, 'CacheClusterSize'), toStr);
  b.set('client_certificate_id', field(sp, 'ClientCertificateId'));
  b.set('variables', field(sp, 'Variables'));
  b.nested('access_log_settings', field(sp, 'AccessLogSetting'), (a, av) => {
    a.set('destination_arn', field(av, 'DestinationArn'));
    a.set('format', field(av, 'Format'));
  });
}

function methodSettings(s: Block, m: PV): void {
  s.set('metrics_enabled', field(m, 'MetricsEnabled'), toBool);
  s.set('logging_level', field(m, 'LoggingLevel'));
  s.set('data_trace_enabled', field(m, 'DataTraceEnabled'), toBool);
  s.set('caching_enabled', field(m, 'CachingEnabled'), toBool);
  s.set('cache_data_encrypted', field(m, 'CacheDataEncrypted'), toBool);
  s.set('cache_ttl_in_seconds', field(m, 'CacheTtlInSeconds'), toNum);
  s.set('throttling_burst_limit', field(m, 'ThrottlingBurstLimit'), toNum);
  s.set('throttling_rate_limit', field(m, 'ThrottlingRateLimit'), toNum);
}

/** Terraform sets per-method logging, metrics and caching with aws_api_gateway_method_settings. */
function methodSettingsList(t: Translation, prefix: string, list: PV | undefined, restApi: PV | undefined, stageName: PV | undefined): void {
  items(list).forEach((m, i) => {
    const x = t.extra(`${prefix}.${i}`, 'aws_api_gateway_method_settings', m.line);
    x.set('rest_api_id', restApi);
    x.set('stage_name', stageName ?? { value: t.self(), line: m.line });
    const path = methodPath(field(m, 'ResourcePath')?.value ?? '/*', field(m, 'HttpMethod')?.value ?? '*');
    if (path !== undefined) x.value('method_path', path, field(m, 'ResourcePath')?.line ?? m.line);
    methodSettings(x.block('settings', m.line), m);
  });
}

const stage: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_api_gateway_stage');
  b.set('stage_name', field(p, 'StageName'));
  b.set('rest_api_id', field(p, 'RestApiId'));
  b.set('deployment_id', field(p, 'DeploymentId'));
  stageFields(b, p);
  tags(b, p);
  methodSettingsList(t, 'MethodSettings', field(p, 'MethodSettings'), field(p, 'RestApiId'), field(p, 'StageName'));
};

/** Stage-wide method settings a StageDescription may set directly (they apply to every method). */
const STAGE_METHOD_KEYS = ['MetricsEnabled', 'LoggingLevel', 'DataTraceEnabled', 'CachingEnabled', 'CacheDataEncrypted', 'CacheTtlInSeconds', 'ThrottlingBurstLimit', 'ThrottlingRateLimit'];

/**
 * A Deployment with StageName creates that stage (configured by StageDescription); Terraform
 * writes it as an aws_api_gateway_stage, so stage rules see it there (`<LogicalId>.Stage`).
 */
const deployment: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_api_gateway_deployment');
  b.set('rest_api_id', field(p, 'RestApiId'));
  b.set('description', field(p, 'Description'));
  const name = field(p, 'StageName');
  if (!name) return;
  const sd = field(p, 'StageDescription');
  const s = t.extra('Stage', 'aws_api_gateway_stage', name.line);
  s.set('stage_name', name);
  s.set('rest_api_id', field(p, 'RestApiId'));
  s.value('deployment_id', t.self());
  stageFields(s, sd);
  if (sd && !isUnknown(sd.value) && STAGE_METHOD_KEYS.some((k) => field(sd, k))) {
    const x = t.extra('Stage.MethodSettings', 'aws_api_gateway_method_settings', sd.line);
    x.set('rest_api_id', field(p, 'RestApiId'));
    x.set('stage_name', name);
    x.value('method_path', '*/*', sd.line);
    methodSettings(x.block('settings', sd.line), sd);
  }
  methodSettingsList(t, 'Stage.MethodSettings', field(sd, 'MethodSettings'), field(p, 'RestApiId'), name);
};

const method: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_api_gateway_method');
  b.set('rest_api_id', field(p, 'RestApiId'));
  b.set('resource_id', field(p, 'ResourceId'));
  b.set('http_method', field(p, 'HttpMethod'));
  const auth = field(p, 'AuthorizationType');
  // Terraform requires `authorization`; CloudFormation's default is NONE.
  if (auth) b.set('authorization', auth);
  else b.value('authorization', 'NONE');
  b.set('authorizer_id', field(p, 'AuthorizerId'));
  b.set('api_key_required', field(p, 'ApiKeyRequired'), toBool);
  b.set('authorization_scopes', field(p, 'AuthorizationScopes'), toList);
};

const restApi: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_api_gateway_rest_api');
  b.set('name', field(p, 'Name'));
  b.set('policy', field(p, 'Policy'));
  b.set('disable_execute_api_endpoint', field(p, 'DisableExecuteApiEndpoint'), toBool);
  b.set('minimum_compression_size', field(p, 'MinimumCompressionSize'), toNum);
  b.set('api_key_source', field(p, 'ApiKeySource'));
  b.nested('endpoint_configuration', field(p, 'EndpointConfiguration'), (e, ev) => {
    e.set('types', field(ev, 'Types'), toList);
    e.set('vpc_endpoint_ids', field(ev, 'VpcEndpointIds'), toList);
  });
  tags(b, p);
};

const domainName: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_api_gateway_domain_name');
  b.set('domain_name', field(p, 'DomainName'));
  b.set('security_policy', field(p, 'SecurityPolicy'));
  b.set('certificate_arn', field(p, 'CertificateArn'));
  b.set('regional_certificate_arn', field(p, 'RegionalCertificateArn'));
  b.nested('endpoint_configuration', field(p, 'EndpointConfiguration'), (e, ev) => e.set('types', field(ev, 'Types'), toList));
  tags(b, p);
};

const httpStage: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_apigatewayv2_stage');
  b.set('api_id', field(p, 'ApiId'));
  b.set('name', field(p, 'StageName'));
  b.set('auto_deploy', field(p, 'AutoDeploy'), toBool);
  b.nested('access_log_settings', field(p, 'AccessLogSettings'), (a, av) => {
    a.set('destination_arn', field(av, 'DestinationArn'));
    a.set('format', field(av, 'Format'));
  });
  b.nested('default_route_settings', field(p, 'DefaultRouteSettings'), (r, rv) => {
    r.set('logging_level', field(rv, 'LoggingLevel'));
    r.set('detailed_metrics_enabled', field(rv, 'DetailedMetricsEnabled'), toBool);
    r.set('data_trace_enabled', field(rv, 'DataTraceEnabled'), toBool);
    r.set('throttling_burst_limit', field(rv, 'ThrottlingBurstLimit'), toNum);
    r.set('throttling_rate_limit', field(rv, 'ThrottlingRateLimit'), toNum);
  });
  tags(b, p);
};

const httpRoute: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_apigatewayv2_route');
  b.set('api_id', field(p, 'ApiId'));
  b.set('route_key', field(p, 'RouteKey'));
  b.set('authorization_type', field(p, 'AuthorizationType'));
  b.set('authorizer_id', field(p, 'AuthorizerId'));
  b.set('api_key_required', field(p, 'ApiKeyRequired'), toBool);
};

const httpDomainName: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_apigatewayv2_domain_name');
  b.set('domain_name', field(p, 'DomainName'));
  b.each('domain_name_configuration', field(p, 'DomainNameConfigurations'), (c, cv) => {
    c.set('certificate_arn', field(cv, 'CertificateArn'));
    c.set('endpoint_type', field(cv, 'EndpointType'));
    c.set('security_policy', field(cv, 'SecurityPolicy'));
  });
  tags(b, p);
};

/** WAF actions are objects keyed by the action (`{Allow: {}}`); Terraform nests an empty block per action. */
function wafAction(b: Block, key: string, pv: PV | undefined): void {
  b.nested(key, pv, (a, av) => {
    for (const [name, v] of av.fields ?? []) a.block(name.toLowerCase(), v.line);
  });
}

function visibility(b: Block, pv: PV | undefined): void {
  b.nested('visibility_config', pv, (v, vv) => {
    v.set('cloudwatch_metrics_enabled', field(vv, 'CloudWatchMetricsEnabled'), toBool);
    v.set('metric_name', field(vv, 'MetricName'));
    v.set('sampled_requests_enabled', field(vv, 'SampledRequestsEnabled'), toBool);
  });
}

/** WAFv2 web ACL: actions, rule names and priorities, visibility (rule statements are not translated). */
const webAcl: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_wafv2_web_acl');
  b.set('name', field(p, 'Name'));
  b.set('scope', field(p, 'Scope'));
  b.set('description', field(p, 'Description'));
  wafAction(b, 'default_action', field(p, 'DefaultAction'));
  b.each('rule', field(p, 'Rules'), (r, rv) => {
    r.set('name', field(rv, 'Name'));
    r.set('priority', field(rv, 'Priority'), toNum);
    wafAction(r, 'action', field(rv, 'Action'));
    wafAction(r, 'override_action', field(rv, 'OverrideAction'));
    visibility(r, field(rv, 'VisibilityConfig'));
  });
  visibility(b, field(p, 'VisibilityConfig'));
  tags(b, p);
};

const webAclAssociation: Translator = (t) => {
  const b = t.main('aws_wafv2_web_acl_association');
  b.set('resource_arn', field(t.props, 'ResourceArn'));
  b.set('web_acl_arn', field(t.props, 'WebACLArn'));
};

const wafLogging: Translator = (t) => {
  const b = t.main('aws_wafv2_web_acl_logging_configuration');
  b.set('resource_arn', field(t.props, 'ResourceArn'));
  b.set('log_destination_configs', field(t.props, 'LogDestinationConfigs'), toList);
};

export const edge: Record<string, Translator> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': loadBalancer,
  'AWS::ElasticLoadBalancingV2::Listener': listener,
  'AWS::ElasticLoadBalancing::LoadBalancer': classicElb,
  'AWS::CloudFront::Distribution': distribution,
  'AWS::ApiGateway::Stage': stage,
  'AWS::ApiGateway::Deployment': deployment,
  'AWS::ApiGateway::Method': method,
  'AWS::ApiGateway::RestApi': restApi,
  'AWS::ApiGateway::DomainName': domainName,
  'AWS::ApiGatewayV2::Stage': httpStage,
  'AWS::ApiGatewayV2::Route': httpRoute,
  'AWS::ApiGatewayV2::DomainName': httpDomainName,
  'AWS::WAFv2::WebACL': webAcl,
  'AWS::WAFv2::WebACLAssociation': webAclAssociation,
  'AWS::WAFv2::LoggingConfiguration': wafLogging,
  // SAM APIs carry their stage settings under the same property names.
  'AWS::Serverless::Api': stage,
  'AWS::Serverless::HttpApi': httpStage,
};
