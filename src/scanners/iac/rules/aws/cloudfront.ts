import { isUnknown } from '../../model/value.js';
import { blocks, isAbsent, isFalse, isTrue, str, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { matchingElementPath } from './ec2-list-path.js';

const DOC = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution';
const DISTRIBUTION = ['aws_cloudfront_distribution'] as const;

/** Viewer security policies of TLS 1.2 and later (`TLSv1.2_2021`; `TLS1.2_2019`-style spellings too). */
const MODERN_VIEWER_POLICY = /^tlsv?1\.[23]/i;

/** Origin-side protocols below TLS 1.2. */
const WEAK_ORIGIN_PROTOCOLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

export const cloudfrontRules: CloudRule[] = [
  {
    id: 'iac/aws/cloudfront-viewer-http-allowed',
    title: 'CloudFront serves content over HTTP',
    severity: 'medium',
    cwe: [319],
    description: 'A cache behavior with `viewer_protocol_policy = "allow-all"` serves viewers over plain HTTP, exposing content and cookies to interception and tampering.',
    remediation: 'Set `viewer_protocol_policy = "redirect-to-https"` (or "https-only") on the default and every ordered cache behavior.',
    references: [`${DOC}#viewer_protocol_policy`],
    provider: 'aws',
    types: DISTRIBUTION,
    check(r, report) {
      for (const kind of ['default_cache_behavior', 'ordered_cache_behavior']) {
        for (const { block, path } of blocks(r.attrs, kind)) {
          if (str(block['viewer_protocol_policy']) === 'allow-all') report(`${path}.viewer_protocol_policy`, `${kind} allows viewers over HTTP`);
        }
      }
    },
  },
  {
    id: 'iac/aws/cloudfront-outdated-tls',
    title: 'CloudFront custom certificate allows TLS below 1.2',
    severity: 'medium',
    cwe: [326],
    description: 'With a custom certificate the minimum viewer protocol defaults to TLSv1; old protocol versions allow downgrade attacks on viewers\' connections.',
    remediation: 'Set `viewer_certificate { minimum_protocol_version = "TLSv1.2_2021" }`.',
    references: [`${DOC}#viewer-certificate-arguments`, 'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html'],
    provider: 'aws',
    types: DISTRIBUTION,
    check(r, report) {
      for (const { block, path } of blocks(r.attrs, 'viewer_certificate')) {
        // The default *.cloudfront.net certificate fixes the policy at TLSv1; only custom certificates choose.
        const defaultCert = block['cloudfront_default_certificate'];
        if (isTrue(defaultCert)) continue;
        const min = block['minimum_protocol_version'];
        if (isUnknown(min)) continue;
        const v = str(min);
        // A custom certificate: an ACM or IAM certificate, or the default one explicitly turned off.
        const custom = !isAbsent(block['acm_certificate_arn']) || !isAbsent(block['iam_certificate_id']) || isFalse(defaultCert);
        if (v === undefined) {
          if (custom) report(path, 'minimum_protocol_version is not set (defaults to TLSv1)');
          continue;
        }
        // An explicitly written weak policy is a finding unless the default certificate pins TLSv1 anyway.
        if (!custom && !isAbsent(defaultCert)) continue;
        if (!MODERN_VIEWER_POLICY.test(v)) report(`${path}.minimum_protocol_version`, `${v} accepts protocols older than TLS 1.2`);
      }
    },
  },
  {
    id: 'iac/aws/cloudfront-origin-http-only',
    title: 'CloudFront reaches a custom origin over HTTP',
    severity: 'medium',
    cwe: [319],
    description: 'With `origin_protocol_policy = "http-only"` CloudFront fetches from the origin in cleartext, so content and forwarded headers are exposed between the edge and the origin.',
    remediation: 'Set `origin_protocol_policy = "https-only"` and serve a valid certificate on the origin.',
    references: [`${DOC}#custom-origin-config-arguments`],
    provider: 'aws',
    types: DISTRIBUTION,
    check(r, report) {
      for (const o of blocks(r.attrs, 'origin')) {
        for (const { block, path } of blocks(o.block, 'custom_origin_config', o.path)) {
          if (str(block['origin_protocol_policy']) === 'http-only') report(`${path}.origin_protocol_policy`, 'the origin is reached over plain HTTP');
        }
      }
    },
  },
  {
    id: 'iac/aws/cloudfront-origin-outdated-tls',
    title: 'CloudFront allows SSLv3/TLS 1.0/1.1 to the origin',
    severity: 'medium',
    cwe: [326],
    description: 'The custom origin accepts protocols below TLS 1.2 for CloudFront\'s connection, so a downgraded, weakly encrypted session can carry origin traffic.',
    remediation: 'Set `origin_ssl_protocols = ["TLSv1.2"]`.',
    references: [`${DOC}#custom-origin-config-arguments`],
    provider: 'aws',
    types: DISTRIBUTION,
    check(r, report) {
      for (const o of blocks(r.attrs, 'origin')) {
        for (const { block, path } of blocks(o.block, 'custom_origin_config', o.path)) {
          if (str(block['origin_protocol_policy']) === 'http-only') continue;
          const weak = strings(block['origin_ssl_protocols']).filter((p) => WEAK_ORIGIN_PROTOCOLS.has(p));
          const at = matchingElementPath(block['origin_ssl_protocols'], `${path}.origin_ssl_protocols`, (p) => WEAK_ORIGIN_PROTOCOLS.has(p));
          if (at) report(at, `the origin connection allows ${weak.join(', ')}`);
        }
      }
    },
  },
];
