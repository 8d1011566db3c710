import { describe, expect, test } from 'vitest';
import { lineWith, load, res, template } from './helpers.js';

describe('load balancers, CDN, API Gateway', () => {
  test('AWS::ElasticLoadBalancingV2::LoadBalancer → aws_lb (attributes become arguments and access_logs)', () => {
    const t = template('AWS::ElasticLoadBalancingV2::LoadBalancer', `
      Name: alb
      Scheme: internet-facing              # @scheme
      Type: application
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: "false"                   # @drop
        - Key: deletion_protection.enabled
          Value: "true"
        - Key: access_logs.s3.enabled      # @logs
          Value: "true"
        - Key: access_logs.s3.bucket
          Value: lb-logs`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_lb');
    expect(r.attrs).toEqual({
      name: 'alb',
      internal: false,
      load_balancer_type: 'application',
      drop_invalid_header_fields: false,
      enable_deletion_protection: true,
      access_logs: [{ enabled: true, bucket: 'lb-logs' }],
    });
    expect(r.lines.get('internal')).toBe(lineWith(t, '@scheme'));
    expect(r.lines.get('drop_invalid_header_fields')).toBe(lineWith(t, '@drop') - 1);
    expect(r.lines.get('access_logs.0.enabled')).toBe(lineWith(t, '@logs'));
    expect(res(load(template('AWS::ElasticLoadBalancingV2::LoadBalancer', '      Scheme: internal')), 'Res').attrs['internal']).toBe(true);
  });

  test('AWS::ElasticLoadBalancingV2::Listener → aws_lb_listener', () => {
    const t = template('AWS::ElasticLoadBalancingV2::Listener', `
      LoadBalancerArn: arn:lb
      Port: 80
      Protocol: HTTP                      # @proto
      DefaultActions:
        - Type: redirect
          RedirectConfig:
            Protocol: HTTPS
            Port: 443
            StatusCode: HTTP_301          # @code`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_lb_listener');
    expect(r.attrs).toEqual({
      load_balancer_arn: 'arn:lb',
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }] }],
    });
    expect(r.lines.get('protocol')).toBe(lineWith(t, '@proto'));
    expect(r.lines.get('default_action.0.redirect.0.status_code')).toBe(lineWith(t, '@code'));
    const https = res(load(template('AWS::ElasticLoadBalancingV2::Listener', '      Protocol: HTTPS\n      SslPolicy: ELBSecurityPolicy-2016-08\n      Certificates: [{CertificateArn: arn:cert}]')), 'Res');
    expect(https.attrs).toEqual({ protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08', certificate_arn: 'arn:cert' });
  });

  test('AWS::ElasticLoadBalancing::LoadBalancer → aws_elb', () => {
    const t = template('AWS::ElasticLoadBalancing::LoadBalancer', `
      Scheme: internal
      Listeners:
        - LoadBalancerPort: "80"
          InstancePort: "8080"
          Protocol: HTTP                # @proto
      AccessLoggingPolicy:
        Enabled: false                  # @logs
        S3BucketName: b
        EmitInterval: 5`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_elb');
    expect(r.attrs).toEqual({
      internal: true,
      listener: [{ lb_port: 80, instance_port: 8080, lb_protocol: 'HTTP' }],
      access_logs: [{ enabled: false, bucket: 'b', interval: 5 }],
    });
    expect(r.lines.get('listener.0.lb_protocol')).toBe(lineWith(t, '@proto'));
    expect(r.lines.get('access_logs.0.enabled')).toBe(lineWith(t, '@logs'));
  });

  test('classic ELB inline Policies → aws_load_balancer_policy', () => {
    const t = template('AWS::ElasticLoadBalancing::LoadBalancer', `
      Listeners: [{LoadBalancerPort: 443, InstancePort: 80, Protocol: HTTPS}]
      Policies:
        - PolicyName: tls            # @policy
          PolicyType: SSLNegotiationPolicyType
          Attributes:
            - Name: Reference-Security-Policy
              Value: ELBSecurityPolicy-2015-05   # @value`);
    const l = load(t);
    const p = res(l, 'Res.Policies.0');
    expect(p.type).toBe('aws_load_balancer_policy');
    expect(p.line).toBe(lineWith(t, '@policy'));
    expect(p.refs.get('load_balancer_name')).toEqual(['Res']);
    expect(p.attrs['policy_type_name']).toBe('SSLNegotiationPolicyType');
    expect(p.attrs['policy_attribute']).toEqual([{ name: 'Reference-Security-Policy', value: 'ELBSecurityPolicy-2015-05' }]);
    expect(p.lines.get('policy_attribute.0.value')).toBe(lineWith(t, '@value'));
  });

  test('AWS::CloudFront::Distribution → aws_cloudfront_distribution', () => {
    const t = template('AWS::CloudFront::Distribution', `
      DistributionConfig:
        Enabled: true
        WebACLId: arn:waf
        DefaultCacheBehavior:
          TargetOriginId: s3
          ViewerProtocolPolicy: allow-all     # @vpp
        CacheBehaviors:
          - PathPattern: /api/*
            TargetOriginId: api
            ViewerProtocolPolicy: https-only
        ViewerCertificate:
          MinimumProtocolVersion: TLSv1       # @tls
          AcmCertificateArn: arn:cert
        Logging:
          Bucket: logs.s3.amazonaws.com
        Origins:
          - Id: api
            DomainName: api.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: http-only   # @opp
              OriginSSLProtocols: [TLSv1]`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_cloudfront_distribution');
    expect(r.attrs).toEqual({
      enabled: true,
      web_acl_id: 'arn:waf',
      default_cache_behavior: [{ target_origin_id: 's3', viewer_protocol_policy: 'allow-all' }],
      ordered_cache_behavior: [{ path_pattern: '/api/*', target_origin_id: 'api', viewer_protocol_policy: 'https-only' }],
      viewer_certificate: [{ acm_certificate_arn: 'arn:cert', minimum_protocol_version: 'TLSv1' }],
      logging_config: [{ bucket: 'logs.s3.amazonaws.com' }],
      origin: [{ domain_name: 'api.example.com', origin_id: 'api', custom_origin_config: [{ origin_protocol_policy: 'http-only', origin_ssl_protocols: ['TLSv1'] }] }],
    });
    expect(r.lines.get('default_cache_behavior.0.viewer_protocol_policy')).toBe(lineWith(t, '@vpp'));
    expect(r.lines.get('viewer_certificate.0.minimum_protocol_version')).toBe(lineWith(t, '@tls'));
    expect(r.lines.get('origin.0.custom_origin_config.0.origin_protocol_policy')).toBe(lineWith(t, '@opp'));
  });

  test('AWS::ApiGateway::Stage → aws_api_gateway_stage, MethodSettings → aws_api_gateway_method_settings', () => {
    const t = template('AWS::ApiGateway::Stage', `
      StageName: prod
      RestApiId: api-1
      TracingEnabled: false               # @xray
      CacheClusterEnabled: true
      AccessLogSetting:
        DestinationArn: arn:logs          # @dest
        Format: $context.requestId
      MethodSettings:
        - ResourcePath: /*                # @ms
          HttpMethod: "*"
          LoggingLevel: "OFF"
          CachingEnabled: true
          CacheDataEncrypted: false`);
    const l = load(t);
    const r = res(l, 'Res');
    expect(r.type).toBe('aws_api_gateway_stage');
    expect(r.attrs).toEqual({
      stage_name: 'prod',
      rest_api_id: 'api-1',
      xray_tracing_enabled: false,
      cache_cluster_enabled: true,
      access_log_settings: [{ destination_arn: 'arn:logs', format: '$context.requestId' }],
    });
    expect(r.lines.get('xray_tracing_enabled')).toBe(lineWith(t, '@xray'));
    expect(r.lines.get('access_log_settings.0.destination_arn')).toBe(lineWith(t, '@dest'));
    const ms = res(l, 'Res.MethodSettings.0');
    expect(ms.type).toBe('aws_api_gateway_method_settings');
    expect(ms.line).toBe(lineWith(t, '@ms'));
    expect(ms.attrs).toEqual({
      rest_api_id: 'api-1',
      stage_name: 'prod',
      method_path: '*/*',
      settings: [{ logging_level: 'OFF', caching_enabled: true, cache_data_encrypted: false }],
    });
  });

  test('AWS::ApiGateway::Deployment with StageName → aws_api_gateway_deployment plus the stage and its method settings', () => {
    const t = template('AWS::ApiGateway::Deployment', `
      RestApiId: api-1
      StageName: prod                     # @stage
      StageDescription:
        TracingEnabled: false             # @xray
        LoggingLevel: "OFF"               # @level
        CacheDataEncrypted: false
        MethodSettings:
          - ResourcePath: /~1pets         # @ms
            HttpMethod: GET
            CachingEnabled: true`);
    const l = load(t);
    expect(res(l, 'Res').type).toBe('aws_api_gateway_deployment');
    const s = res(l, 'Res.Stage');
    expect(s.type).toBe('aws_api_gateway_stage');
    expect(s.line).toBe(lineWith(t, '@stage'));
    expect(s.attrs).toMatchObject({ stage_name: 'prod', rest_api_id: 'api-1', xray_tracing_enabled: false });
    expect(s.refs.get('deployment_id')).toEqual(['Res']);
    expect(s.lines.get('xray_tracing_enabled')).toBe(lineWith(t, '@xray'));
    const all = res(l, 'Res.Stage.MethodSettings');
    expect(all.attrs).toEqual({ rest_api_id: 'api-1', stage_name: 'prod', method_path: '*/*', settings: [{ logging_level: 'OFF', cache_data_encrypted: false }] });
    expect(all.lines.get('settings.0.logging_level')).toBe(lineWith(t, '@level'));
    const one = res(l, 'Res.Stage.MethodSettings.0');
    expect(one.attrs).toEqual({ rest_api_id: 'api-1', stage_name: 'prod', method_path: 'pets/GET', settings: [{ caching_enabled: true }] });
    expect(one.line).toBe(lineWith(t, '@ms'));
    expect(load(template('AWS::ApiGateway::Deployment', '      RestApiId: api-1')).resources.map((r) => r.type)).toEqual(['aws_api_gateway_deployment']);
  });

  test('AWS::ApiGateway::Method → aws_api_gateway_method (CloudFormation default authorization is NONE)', () => {
    const t = template('AWS::ApiGateway::Method', `
      RestApiId: api-1
      ResourceId: res-1
      HttpMethod: GET
      AuthorizationType: NONE        # @auth
      ApiKeyRequired: false`);
    const r = res(load(t), 'Res');
    expect(r.type).toBe('aws_api_gateway_method');
    expect(r.attrs).toEqual({ rest_api_id: 'api-1', resource_id: 'res-1', http_method: 'GET', authorization: 'NONE', api_key_required: false });
    expect(r.lines.get('authorization')).toBe(lineWith(t, '@auth'));
    const d = res(load(template('AWS::ApiGateway::Method', '      HttpMethod: POST')), 'Res');
    expect(d.attrs['authorization']).toBe('NONE');
    expect(d.lines.has('authorization')).toBe(false);
  });
});
