/**
 * Edge and application-facing rules (load balancers, CloudFront, API Gateway, WAF, Transfer,
 * Network Firewall, Cognito, AppSync, Route 53): one flagged and one clean source per rule.
 * Lines ending in `#!` are exactly where findings must land. Written for Rampart.
 */
import type { CloudCase } from './harness.js';

export const edgeCases: CloudCase[] = [
  {
    rule: 'aws/elb-http-listener',
    tf: {
      flagged: `
resource "aws_lb" "public" {
  name               = "public"
  load_balancer_type = "application"
  subnets            = ["subnet-a", "subnet-b"]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP" #!

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc"
  }
}

resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["us-east-1a"]

  listener {
    instance_port     = 8080
    instance_protocol = "http"
    lb_port           = 80
    lb_protocol       = "http" #!
  }
}
`,
      clean: `
resource "aws_lb" "public" {
  name    = "public"
  subnets = ["subnet-a", "subnet-b"]
}

resource "aws_lb" "internal" {
  name     = "internal"
  internal = true
  subnets  = ["subnet-a", "subnet-b"]
}

resource "aws_lb_listener" "redirect" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc"
  }
}

resource "aws_lb_listener" "internal_http" {
  load_balancer_arn = aws_lb.internal.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/def"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Classic:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a]
      Listeners:
        - LoadBalancerPort: "80"
          InstancePort: "8080"
          Protocol: HTTP #!
`,
      clean: `
Resources:
  Classic:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a]
      Listeners:
        - LoadBalancerPort: "443"
          InstancePort: "8080"
          Protocol: HTTPS
          SSLCertificateId: arn:aws:acm:us-east-1:111122223333:certificate/abc
`,
    },
  },
  {
    // A classic ELB custom negotiation policy that switches on a broken cipher.
    rule: 'aws/elb-outdated-tls-policy',
    tf: {
      flagged: `
resource "aws_load_balancer_policy" "legacy_clients" {
  load_balancer_name = "shop"
  policy_name        = "legacy-clients"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "ECDHE-RSA-AES128-GCM-SHA256"
    value = "true"
  }

  policy_attribute {
    name  = "ECDHE-RSA-RC4-SHA"
    value = "true" #!
  }
}
`,
      clean: `
resource "aws_load_balancer_policy" "modern_clients" {
  load_balancer_name = "shop"
  policy_name        = "modern-clients"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "ECDHE-RSA-AES128-GCM-SHA256"
    value = "true"
  }

  policy_attribute {
    name  = "DES-CBC3-SHA"
    value = "false"
  }
}
`,
    },
  },
  {
    rule: 'aws/elb-outdated-tls-policy',
    tf: {
      flagged: `
resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/abc"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-2016-08" #!
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc"
  }
}

resource "aws_load_balancer_policy" "classic_tls" {
  load_balancer_name = "classic"
  policy_name        = "classic-tls"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-2015-05" #!
  }
}

resource "aws_load_balancer_policy" "classic_custom" {
  load_balancer_name = "classic"
  policy_name        = "classic-custom"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Protocol-TLSv1.2"
    value = "true"
  }

  policy_attribute {
    name  = "Protocol-TLSv1"
    value = "true" #!
  }
}

resource "aws_alb_listener" "tls11" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/api/def"
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS-1-1-2017-01" #!
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/def"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/api/def"
  }
}
`,
      clean: `
variable "policy" {}

resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/abc"
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc"
  }
}

resource "aws_lb_listener" "fs" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/abc"
  port              = 8443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-FS-1-2-Res-2020-10"
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc"
  }
}

resource "aws_load_balancer_policy" "classic_tls" {
  load_balancer_name = "classic"
  policy_name        = "classic-tls"
  policy_type_name   = "SSLNegotiationPolicyType"

  policy_attribute {
    name  = "Reference-Security-Policy"
    value = "ELBSecurityPolicy-TLS-1-2-2017-01"
  }
}

resource "aws_lb_listener" "param" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/abc"
  port              = 9443
  protocol          = "HTTPS"
  ssl_policy        = var.policy
  certificate_arn   = "arn:aws:acm:us-east-1:111122223333:certificate/abc"

  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/abc
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS-1-0-2015-04 #!
      Certificates:
        - CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
      DefaultActions:
        - Type: forward
          TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc
`,
      clean: `
Resources:
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/web/abc
      Port: 443
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
      Certificates:
        - CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
      DefaultActions:
        - Type: forward
          TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/abc
`,
    },
  },
  {
    rule: 'aws/alb-drop-invalid-headers-disabled',
    tf: {
      flagged: `
resource "aws_lb" "web" { #!
  name    = "web"
  subnets = ["subnet-a", "subnet-b"]
}

resource "aws_alb" "api" {
  name                       = "api"
  load_balancer_type         = "application"
  subnets                    = ["subnet-a", "subnet-b"]
  drop_invalid_header_fields = false #!
}
`,
      clean: `
resource "aws_lb" "web" {
  name                       = "web"
  subnets                    = ["subnet-a", "subnet-b"]
  drop_invalid_header_fields = true
}

resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = "network"
  subnets            = ["subnet-a", "subnet-b"]
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled #!
          Value: "false"
`,
      clean: `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: "true"
`,
    },
  },
  {
    rule: 'aws/elb-access-logs-disabled',
    tf: {
      flagged: `
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-a", "subnet-b"]

  access_logs { #!
    bucket = "lb-logs"
    prefix = "web"
  }
}

resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["us-east-1a"]

  listener {
    instance_port     = 443
    instance_protocol = "https"
    lb_port           = 443
    lb_protocol       = "https"
  }

  access_logs {
    bucket  = "lb-logs"
    enabled = false #!
  }
}
`,
      clean: `
resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-a", "subnet-b"]

  access_logs {
    bucket  = "lb-logs"
    enabled = true
  }
}

resource "aws_elb" "classic" {
  name               = "classic"
  availability_zones = ["us-east-1a"]

  listener {
    instance_port     = 443
    instance_protocol = "https"
    lb_port           = 443
    lb_protocol       = "https"
  }

  access_logs {
    bucket = "lb-logs"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled #!
          Value: "false"
  Classic:
    Type: AWS::ElasticLoadBalancing::LoadBalancer
    Properties:
      AvailabilityZones: [us-east-1a]
      Listeners:
        - LoadBalancerPort: "443"
          InstancePort: "8080"
          Protocol: HTTPS
      AccessLoggingPolicy:
        S3BucketName: lb-logs
        Enabled: false #!
`,
      clean: `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled
          Value: "true"
        - Key: access_logs.s3.bucket
          Value: lb-logs
`,
    },
  },
  {
    rule: 'aws/elb-desync-monitor-mode',
    tf: {
      flagged: `
resource "aws_lb" "web" {
  name                   = "web"
  subnets                = ["subnet-a", "subnet-b"]
  desync_mitigation_mode = "monitor" #!
}
`,
      clean: `
resource "aws_lb" "web" {
  name                   = "web"
  subnets                = ["subnet-a", "subnet-b"]
  desync_mitigation_mode = "strictest"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: routing.http.desync_mitigation_mode #!
          Value: monitor
`,
      clean: `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-a, subnet-b]
      LoadBalancerAttributes:
        - Key: routing.http.desync_mitigation_mode
          Value: defensive
`,
    },
  },
  {
    rule: 'aws/cloudfront-viewer-http-allowed',
    tf: {
      flagged: `
resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "site.s3.amazonaws.com"
    origin_id   = "s3"
  }

  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "allow-all" #!
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/api/*"
    target_origin_id       = "s3"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "s3"
    viewer_protocol_policy = "allow-all" #!
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
      clean: `
variable "static_policy" {}

resource "aws_cloudfront_distribution" "site" {
  enabled = true

  origin {
    domain_name = "site.s3.amazonaws.com"
    origin_id   = "s3"
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "s3"
    viewer_protocol_policy = var.static_policy
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: s3
            DomainName: site.s3.amazonaws.com
            S3OriginConfig: {}
        DefaultCacheBehavior:
          TargetOriginId: s3
          ViewerProtocolPolicy: allow-all #!
`,
      clean: `
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: s3
            DomainName: site.s3.amazonaws.com
            S3OriginConfig: {}
        DefaultCacheBehavior:
          TargetOriginId: s3
          ViewerProtocolPolicy: redirect-to-https
`,
    },
  },
  {
    rule: 'aws/cloudfront-outdated-tls',
    tf: {
      flagged: `
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

  origin {
    domain_name = "site.s3.amazonaws.com"
    origin_id   = "s3"
  }

  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.1_2016" #!
  }
}
`,
      clean: `
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = ["www.example.com"]

  origin {
    domain_name = "site.s3.amazonaws.com"
    origin_id   = "s3"
  }

  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app-origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1 #!
`,
      clean: `
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app-origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
`,
    },
  },
  {
    // \`cloudfront_default_certificate = false\` means a custom certificate, whose policy defaults to TLSv1.
    rule: 'aws/cloudfront-outdated-tls',
    tf: {
      flagged: `
variable "cert_arn" {
  type = string
}

resource "aws_cloudfront_distribution" "api" {
  enabled = true
  aliases = ["api.example.org"]

  origin {
    domain_name = "api-origin.example.org"
    origin_id   = "api"
  }

  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate { #!
    cloudfront_default_certificate = false
    ssl_support_method             = "sni-only"
  }
}

resource "aws_cloudfront_distribution" "docs" {
  enabled = true

  origin {
    domain_name = "docs-origin.example.org"
    origin_id   = "docs"
  }

  default_cache_behavior {
    target_origin_id       = "docs"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    iam_certificate_id       = var.cert_arn
    minimum_protocol_version = "TLSv1_2016" #!
  }
}
`,
      clean: `
resource "aws_cloudfront_distribution" "preview" {
  enabled = true

  origin {
    domain_name = "preview-origin.example.org"
    origin_id   = "preview"
  }

  default_cache_behavior {
    target_origin_id       = "preview"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
    minimum_protocol_version       = "TLSv1"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Preview:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: https-only
        ViewerCertificate: #!
          CloudFrontDefaultCertificate: false
          SslSupportMethod: sni-only
`,
      clean: `
Resources:
  Preview:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: https-only
        ViewerCertificate:
          CloudFrontDefaultCertificate: true
  Docs:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: web
          ViewerProtocolPolicy: https-only
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/ghi
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLS1.2_2019
`,
    },
  },
  {
    rule: 'aws/cloudfront-origin-http-only',
    tf: {
      flagged: `
resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app-origin.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only" #!
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
      clean: `
resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app-origin.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app-origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: http-only #!
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
        ViewerCertificate:
          CloudFrontDefaultCertificate: true
`,
      clean: `
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app-origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
        ViewerCertificate:
          CloudFrontDefaultCertificate: true
`,
    },
  },
  {
    rule: 'aws/cloudfront-origin-outdated-tls',
    tf: {
      flagged: `
resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app-origin.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1", "TLSv1.1", "TLSv1.2"] #!
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
      clean: `
resource "aws_cloudfront_distribution" "app" {
  enabled = true

  origin {
    domain_name = "app-origin.example.com"
    origin_id   = "app"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "https-only"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app-origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.1, TLSv1.2] #!
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
        ViewerCertificate:
          CloudFrontDefaultCertificate: true
`,
      clean: `
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: app
            DomainName: app-origin.example.com
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
              OriginSSLProtocols: [TLSv1.2]
        DefaultCacheBehavior:
          TargetOriginId: app
          ViewerProtocolPolicy: redirect-to-https
        ViewerCertificate:
          CloudFrontDefaultCertificate: true
`,
    },
  },
  {
    rule: 'aws/apigateway-stage-access-logs-disabled',
    tf: {
      flagged: `
resource "aws_api_gateway_stage" "prod" { #!
  stage_name    = "prod"
  rest_api_id   = "a1b2c3"
  deployment_id = "d4e5f6"
}

resource "aws_apigatewayv2_stage" "http" { #!
  api_id      = "g7h8i9"
  name        = "$default"
  auto_deploy = true
}
`,
      clean: `
resource "aws_api_gateway_stage" "prod" {
  stage_name    = "prod"
  rest_api_id   = "a1b2c3"
  deployment_id = "d4e5f6"

  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:111122223333:log-group:api-access"
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Prod: #!
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
`,
      clean: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
        Format: $context.requestId
`,
    },
  },
  {
    rule: 'aws/apigateway-xray-disabled',
    tf: {
      flagged: `
resource "aws_api_gateway_stage" "prod" {
  stage_name           = "prod"
  rest_api_id          = "a1b2c3"
  deployment_id        = "d4e5f6"
  xray_tracing_enabled = false #!
}
`,
      clean: `
resource "aws_api_gateway_stage" "prod" {
  stage_name           = "prod"
  rest_api_id          = "a1b2c3"
  deployment_id        = "d4e5f6"
  xray_tracing_enabled = true
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      TracingEnabled: false #!
`,
      clean: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      TracingEnabled: true
`,
    },
  },
  {
    rule: 'aws/apigateway-method-no-auth',
    tf: {
      flagged: `
resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_method" "post" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = "abc123"
  http_method   = "POST"
  authorization = "NONE" #!
}

resource "aws_apigatewayv2_route" "list" { #!
  api_id    = "g7h8i9"
  route_key = "GET /orders"
  target    = "integrations/abc"
}

resource "aws_apigatewayv2_route" "delete" {
  api_id             = "g7h8i9"
  route_key          = "DELETE /orders/{id}"
  authorization_type = "NONE" #!
  target             = "integrations/abc"
}
`,
      clean: `
variable "key_required" {}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_rest_api" "private" {
  name = "internal"

  endpoint_configuration {
    types = ["PRIVATE"]
  }
}

resource "aws_api_gateway_method" "options" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = "abc123"
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "aws_api_gateway_method" "keyed" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = "abc123"
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_method" "maybe_keyed" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = "abc123"
  http_method      = "PUT"
  authorization    = "NONE"
  api_key_required = var.key_required
}

resource "aws_api_gateway_method" "cognito" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = "abc123"
  http_method   = "DELETE"
  authorization = "COGNITO_USER_POOLS"
  authorizer_id = "auth1"
}

resource "aws_api_gateway_method" "internal" {
  rest_api_id   = aws_api_gateway_rest_api.private.id
  resource_id   = "def456"
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_rest_api" "partners" {
  name = "partners"
}

resource "aws_api_gateway_rest_api_policy" "partners" {
  rest_api_id = aws_api_gateway_rest_api.partners.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "execute-api:Invoke"
      Resource  = "*"
    }]
  })
}

resource "aws_api_gateway_method" "partner_get" {
  rest_api_id   = aws_api_gateway_rest_api.partners.id
  resource_id   = "ghi789"
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_apigatewayv2_route" "list" {
  api_id             = "g7h8i9"
  route_key          = "GET /orders"
  authorization_type = "JWT"
  authorizer_id      = "auth2"
  target             = "integrations/abc"
}

resource "aws_apigatewayv2_route" "preflight" {
  api_id    = "g7h8i9"
  route_key = "OPTIONS /orders"
}

resource "aws_apigatewayv2_route" "ws_message" {
  api_id    = "j1k2l3"
  route_key = "sendmessage"
}

resource "aws_apigatewayv2_route" "ws_default" {
  api_id    = "j1k2l3"
  route_key = "$default"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: a1b2c3
      ResourceId: abc123
      HttpMethod: POST
      AuthorizationType: NONE #!
`,
      clean: `
Resources:
  Post:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: a1b2c3
      ResourceId: abc123
      HttpMethod: POST
      AuthorizationType: AWS_IAM
`,
    },
  },
  {
    rule: 'aws/apigateway-cache-unencrypted',
    tf: {
      flagged: `
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    caching_enabled      = true #!
    cache_ttl_in_seconds = 300
  }
}

resource "aws_api_gateway_method_settings" "orders" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "orders/GET"

  settings {
    caching_enabled      = true
    cache_data_encrypted = false #!
  }
}
`,
      clean: `
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    caching_enabled      = true
    cache_data_encrypted = true
  }
}

resource "aws_api_gateway_method_settings" "nocache" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "orders/GET"

  settings {
    metrics_enabled = true
    logging_level   = "INFO"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          CachingEnabled: true
          CacheDataEncrypted: false #!
`,
      clean: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          CachingEnabled: true
          CacheDataEncrypted: true
`,
    },
  },
  {
    rule: 'aws/apigateway-data-trace-enabled',
    tf: {
      flagged: `
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    logging_level      = "INFO"
    data_trace_enabled = true #!
  }
}

resource "aws_apigatewayv2_stage" "ws" {
  api_id = "g7h8i9"
  name   = "prod"

  default_route_settings {
    logging_level      = "INFO"
    data_trace_enabled = true #!
  }
}
`,
      clean: `
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    logging_level      = "ERROR"
    data_trace_enabled = false
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          LoggingLevel: INFO
          DataTraceEnabled: true #!
`,
      clean: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          LoggingLevel: ERROR
          DataTraceEnabled: false
`,
    },
  },
  {
    rule: 'aws/apigateway-execution-logging-off',
    tf: {
      flagged: `
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    metrics_enabled = true
    logging_level   = "OFF" #!
  }
}
`,
      clean: `
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = "a1b2c3"
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    metrics_enabled = true
    logging_level   = "ERROR"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          LoggingLevel: "OFF" #!
`,
      clean: `
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      StageName: prod
      RestApiId: a1b2c3
      DeploymentId: d4e5f6
      AccessLogSetting:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:api-access
      MethodSettings:
        - ResourcePath: "/*"
          HttpMethod: "*"
          LoggingLevel: INFO
`,
    },
  },
  {
    rule: 'aws/apigateway-domain-outdated-tls',
    tf: {
      flagged: `
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
  security_policy          = "TLS_1_0" #!

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
`,
      clean: `
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
  security_policy          = "TLS_1_2"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      RegionalCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
      SecurityPolicy: TLS_1_0 #!
`,
      clean: `
Resources:
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      RegionalCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/abc
      SecurityPolicy: TLS_1_2
`,
    },
  },
  {
    // Without a security policy a REST API custom domain is created with TLS_1_0.
    rule: 'aws/apigateway-domain-outdated-tls',
    tf: {
      flagged: `
resource "aws_api_gateway_domain_name" "edge" { #!
  domain_name     = "edge.example.net"
  certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/def"
}
`,
      clean: `
variable "tls_policy" {
  type = string
}

resource "aws_api_gateway_domain_name" "edge" {
  domain_name     = "edge.example.net"
  certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/def"
  security_policy = var.tls_policy
}
`,
    },
    cfn: {
      flagged: `
Resources:
  EdgeDomain: #!
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: edge.example.net
      CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/def
      EndpointConfiguration:
        Types: [EDGE]
`,
      clean: `
Resources:
  EdgeDomain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: edge.example.net
      CertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/def
      SecurityPolicy: TLS_1_2
      EndpointConfiguration:
        Types: [EDGE]
`,
    },
  },
  {
    rule: 'aws/waf-web-acl-allows-all',
    tf: {
      flagged: `
resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"

  default_action { #!
    allow {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl" "trial" {
  name  = "trial"
  scope = "REGIONAL"

  default_action { #!
    allow {}
  }

  rule {
    name     = "common"
    priority = 1

    override_action {
      count {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "trial"
    sampled_requests_enabled   = true
  }
}
`,
      clean: `
resource "aws_wafv2_web_acl" "edge" {
  name  = "edge"
  scope = "CLOUDFRONT"

  default_action {
    allow {}
  }

  rule {
    name     = "common"
    priority = 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        name        = "AWSManagedRulesCommonRuleSet"
        vendor_name = "AWS"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "common"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "edge"
    sampled_requests_enabled   = true
  }
}

variable "managed_rules" {}

resource "aws_wafv2_web_acl" "dynamic" {
  name  = "dynamic"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  dynamic "rule" {
    for_each = var.managed_rules
    content {
      name     = rule.value
      priority = rule.key

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value
          vendor_name = "AWS"
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = rule.value
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "dynamic"
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl" "deny" {
  name  = "deny"
  scope = "REGIONAL"

  default_action {
    block {}
  }

  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "deny"
    sampled_requests_enabled   = false
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Edge:
    Type: AWS::WAFv2::WebACL
    Properties:
      Name: edge
      Scope: CLOUDFRONT
      DefaultAction: #!
        Allow: {}
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
`,
      clean: `
Resources:
  Edge:
    Type: AWS::WAFv2::WebACL
    Properties:
      Name: edge
      Scope: CLOUDFRONT
      DefaultAction:
        Allow: {}
      Rules:
        - Name: common
          Priority: 1
          OverrideAction:
            None: {}
          Statement:
            ManagedRuleGroupStatement:
              VendorName: AWS
              Name: AWSManagedRulesCommonRuleSet
          VisibilityConfig:
            CloudWatchMetricsEnabled: true
            MetricName: common
            SampledRequestsEnabled: true
      VisibilityConfig:
        CloudWatchMetricsEnabled: true
        MetricName: edge
        SampledRequestsEnabled: true
`,
    },
  },
  {
    rule: 'aws/transfer-server-public',
    tf: {
      flagged: `
locals {
  endpoint = "PUBLIC"
}

resource "aws_transfer_server" "explicit" {
  endpoint_type = local.endpoint #!
}
`,
      clean: `
variable "endpoint_type" {}

resource "aws_transfer_server" "sftp" {
  endpoint_type = "VPC"

  endpoint_details {
    vpc_id     = "vpc-0abc"
    subnet_ids = ["subnet-a"]
  }
}

resource "aws_transfer_server" "param" {
  endpoint_type = var.endpoint_type
}

resource "aws_transfer_server" "default" {
  identity_provider_type = "SERVICE_MANAGED"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Sftp:
    Type: AWS::Transfer::Server
    Properties:
      EndpointType: PUBLIC #!
`,
      clean: `
Resources:
  Sftp:
    Type: AWS::Transfer::Server
    Properties:
      EndpointType: VPC
      EndpointDetails:
        VpcId: vpc-0abc
        SubnetIds: [subnet-a]
`,
    },
  },
  {
    rule: 'aws/transfer-server-ftp',
    tf: {
      flagged: `
resource "aws_transfer_server" "legacy" {
  endpoint_type          = "VPC"
  protocols              = ["SFTP", "FTP"] #!
  identity_provider_type = "API_GATEWAY"
  url                    = "https://idp.example.com"
}
`,
      clean: `
resource "aws_transfer_server" "modern" {
  endpoint_type          = "VPC"
  protocols              = ["SFTP", "FTPS"]
  certificate            = "arn:aws:acm:us-east-1:111122223333:certificate/abc"
  identity_provider_type = "API_GATEWAY"
  url                    = "https://idp.example.com"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Legacy:
    Type: AWS::Transfer::Server
    Properties:
      EndpointType: VPC
      Protocols:
        - SFTP
        - FTP #!
`,
      clean: `
Resources:
  Modern:
    Type: AWS::Transfer::Server
    Properties:
      EndpointType: VPC
      Protocols: [SFTP]
`,
    },
  },
  {
    rule: 'aws/transfer-outdated-security-policy',
    tf: {
      flagged: `
resource "aws_transfer_server" "sftp" {
  endpoint_type        = "VPC"
  security_policy_name = "TransferSecurityPolicy-2018-11" #!
}
`,
      clean: `
resource "aws_transfer_server" "sftp" {
  endpoint_type        = "VPC"
  security_policy_name = "TransferSecurityPolicy-2024-01"
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Sftp:
    Type: AWS::Transfer::Server
    Properties:
      EndpointType: VPC
      SecurityPolicyName: TransferSecurityPolicy-2020-06 #!
`,
      clean: `
Resources:
  Sftp:
    Type: AWS::Transfer::Server
    Properties:
      EndpointType: VPC
      SecurityPolicyName: TransferSecurityPolicy-2024-01
`,
    },
  },
  {
    rule: 'aws/networkfirewall-stateless-default-pass',
    tf: {
      flagged: `
resource "aws_networkfirewall_firewall_policy" "egress" {
  name = "egress"

  firewall_policy {
    stateless_default_actions          = ["aws:pass"] #!
    stateless_fragment_default_actions = ["aws:forward_to_sfe"]
  }
}
`,
      clean: `
variable "fragment_actions" {}

resource "aws_networkfirewall_firewall_policy" "ingress" {
  name = "ingress"

  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = var.fragment_actions
  }
}

resource "aws_networkfirewall_firewall_policy" "egress" {
  name = "egress"

  firewall_policy {
    stateless_default_actions          = ["aws:forward_to_sfe"]
    stateless_fragment_default_actions = ["aws:drop"]
  }
}
`,
    },
  },
  {
    rule: 'aws/cognito-mfa-off',
    tf: {
      flagged: `
resource "aws_cognito_user_pool" "users" {
  name              = "users"
  mfa_configuration = "OFF" #!
}
`,
      clean: `
variable "mfa" {}

resource "aws_cognito_user_pool" "users" {
  name              = "users"
  mfa_configuration = "ON"

  software_token_mfa_configuration {
    enabled = true
  }
}

resource "aws_cognito_user_pool" "other" {
  name              = "other"
  mfa_configuration = var.mfa
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: users
      MfaConfiguration: "OFF" #!
`,
      clean: `
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: users
      MfaConfiguration: "ON"
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
`,
    },
  },
  {
    rule: 'aws/cognito-weak-password-policy',
    tf: {
      flagged: `
resource "aws_cognito_user_pool" "users" {
  name = "users"

  password_policy {
    minimum_length    = 6 #!
    require_lowercase = true
    require_numbers   = true
  }
}
`,
      clean: `
resource "aws_cognito_user_pool" "users" {
  name = "users"

  password_policy {
    minimum_length    = 12
    require_lowercase = true
    require_numbers   = true
    require_symbols   = true
    require_uppercase = true
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: users
      Policies:
        PasswordPolicy:
          MinimumLength: 6 #!
          RequireNumbers: true
`,
      clean: `
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: users
      Policies:
        PasswordPolicy:
          MinimumLength: 14
          RequireNumbers: true
`,
    },
  },
  {
    rule: 'aws/cognito-identity-pool-unauthenticated',
    tf: {
      flagged: `
resource "aws_cognito_identity_pool" "guests" {
  identity_pool_name               = "guests"
  allow_unauthenticated_identities = true #!
}
`,
      clean: `
resource "aws_cognito_identity_pool" "members" {
  identity_pool_name               = "members"
  allow_unauthenticated_identities = false
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Guests:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: true #!
`,
      clean: `
Resources:
  Members:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
`,
    },
  },
  {
    rule: 'aws/cognito-client-implicit-flow',
    tf: {
      flagged: `
resource "aws_cognito_user_pool_client" "spa" {
  name                                 = "spa"
  user_pool_id                         = "us-east-1_abc"
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code", "implicit"] #!
  allowed_oauth_scopes                 = ["openid"]
  callback_urls                        = ["https://app.example.com/callback"]
}
`,
      clean: `
resource "aws_cognito_user_pool_client" "spa" {
  name                                 = "spa"
  user_pool_id                         = "us-east-1_abc"
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid"]
  callback_urls                        = ["https://app.example.com/callback"]
}
`,
    },
  },
  {
    rule: 'aws/cognito-client-user-existence-errors',
    tf: {
      flagged: `
resource "aws_cognito_user_pool_client" "web" {
  name                          = "web"
  user_pool_id                  = "us-east-1_abc"
  prevent_user_existence_errors = "LEGACY" #!
}
`,
      clean: `
resource "aws_cognito_user_pool_client" "web" {
  name                          = "web"
  user_pool_id                  = "us-east-1_abc"
  prevent_user_existence_errors = "ENABLED"
}
`,
    },
  },
  {
    rule: 'aws/appsync-api-key-auth',
    tf: {
      flagged: `
resource "aws_appsync_graphql_api" "api" {
  name                = "catalog"
  authentication_type = "API_KEY" #!
}

resource "aws_appsync_graphql_api" "mixed" {
  name                = "orders"
  authentication_type = "AMAZON_COGNITO_USER_POOLS"

  user_pool_config {
    user_pool_id   = "us-east-1_abc"
    default_action = "ALLOW"
  }

  additional_authentication_provider {
    authentication_type = "API_KEY" #!
  }
}
`,
      clean: `
variable "auth_type" {}

resource "aws_appsync_graphql_api" "api" {
  name                = "catalog"
  authentication_type = "AWS_IAM"
}

resource "aws_appsync_graphql_api" "param" {
  name                = "param"
  authentication_type = var.auth_type
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: catalog
      AuthenticationType: API_KEY #!
`,
      clean: `
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: catalog
      AuthenticationType: AWS_IAM
`,
    },
  },
  {
    rule: 'aws/appsync-field-logging-off',
    tf: {
      flagged: `
resource "aws_appsync_graphql_api" "api" {
  name                = "catalog"
  authentication_type = "AWS_IAM"

  log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::111122223333:role/appsync-logs"
    field_log_level          = "NONE" #!
  }
}
`,
      clean: `
resource "aws_appsync_graphql_api" "api" {
  name                = "catalog"
  authentication_type = "AWS_IAM"

  log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::111122223333:role/appsync-logs"
    field_log_level          = "ERROR"
  }
}
`,
    },
    cfn: {
      flagged: `
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: catalog
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/appsync-logs
        FieldLogLevel: NONE #!
`,
      clean: `
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: catalog
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/appsync-logs
        FieldLogLevel: ERROR
`,
    },
  },
  {
    rule: 'aws/appsync-cache-unencrypted',
    tf: {
      flagged: `
resource "aws_appsync_api_cache" "a" { #!
  api_id               = "abc"
  api_caching_behavior = "FULL_REQUEST_CACHING"
  type                 = "SMALL"
  ttl                  = 300
}

resource "aws_appsync_api_cache" "b" {
  api_id                     = "def"
  api_caching_behavior       = "FULL_REQUEST_CACHING"
  type                       = "SMALL"
  ttl                        = 300
  at_rest_encryption_enabled = true
  transit_encryption_enabled = false #!
}
`,
      clean: `
resource "aws_appsync_api_cache" "a" {
  api_id                     = "abc"
  api_caching_behavior       = "FULL_REQUEST_CACHING"
  type                       = "SMALL"
  ttl                        = 300
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
}
`,
    },
  },
  {
    rule: 'aws/route53-domain-privacy-off',
    tf: {
      flagged: `
resource "aws_route53domains_registered_domain" "example" {
  domain_name        = "example.com"
  admin_privacy      = false #!
  registrant_privacy = false #!
  tech_privacy       = true
}
`,
      clean: `
resource "aws_route53domains_registered_domain" "example" {
  domain_name        = "example.com"
  admin_privacy      = true
  registrant_privacy = true
}
`,
    },
  },
  {
    rule: 'aws/route53-domain-transfer-lock-off',
    tf: {
      flagged: `
resource "aws_route53domains_registered_domain" "example" {
  domain_name   = "example.com"
  transfer_lock = false #!
}
`,
      clean: `
variable "lock" {}

resource "aws_route53domains_registered_domain" "example" {
  domain_name   = "example.com"
  transfer_lock = true
}

resource "aws_route53domains_registered_domain" "other" {
  domain_name   = "example.org"
  transfer_lock = var.lock
}
`,
    },
  },
  {
    // HTTP API routes and stages in CloudFormation (AWS::ApiGatewayV2::*).
    rule: 'aws/apigateway-method-no-auth',
    cfn: {
      flagged: `
Resources:
  ListOrders:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: g7h8i9
      RouteKey: GET /orders
      AuthorizationType: NONE #!
      Target: integrations/abc
`,
      clean: `
Resources:
  ListOrders:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: g7h8i9
      RouteKey: GET /orders
      AuthorizationType: JWT
      AuthorizerId: auth2
      Target: integrations/abc
`,
    },
  },
  {
    rule: 'aws/apigateway-data-trace-enabled',
    cfn: {
      flagged: `
Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: j1k2l3
      StageName: prod
      AccessLogSettings:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:ws-access
        Format: $context.requestId
      DefaultRouteSettings:
        LoggingLevel: INFO
        DataTraceEnabled: true #!
`,
      clean: `
Resources:
  Ws:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: j1k2l3
      StageName: prod
      AccessLogSettings:
        DestinationArn: arn:aws:logs:us-east-1:111122223333:log-group:ws-access
        Format: $context.requestId
      DefaultRouteSettings:
        LoggingLevel: ERROR
`,
    },
  },
];
