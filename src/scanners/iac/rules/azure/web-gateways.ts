import type { Value } from '../../model/value.js';
import { blocks, isFalse, isSet, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, falseAt, find, isOldTls } from './util.js';

const APPGW = 'azurerm_application_gateway';
const APPGW_POLICY = 'azurerm_web_application_firewall_policy';
const FD_POLICIES = ['azurerm_frontdoor_firewall_policy', 'azurerm_cdn_frontdoor_firewall_policy'];

/** Where a WAF's on/off switch and mode live for each resource type. */
function wafPaths(type: string): { enabled: string; mode: string } {
  if (type === APPGW) return { enabled: 'waf_configuration.enabled', mode: 'waf_configuration.firewall_mode' };
  if (type === APPGW_POLICY) return { enabled: 'policy_settings.enabled', mode: 'policy_settings.mode' };
  return { enabled: 'enabled', mode: 'mode' };
}

function wafDisabled(key: string, service: string, types: string[]): CloudRule {
  return {
    id: `iac/azure/${key}-waf-disabled`,
    title: `${service} WAF is disabled`,
    severity: 'high',
    cwe: [693],
    description: `A disabled web application firewall on ${service} passes SQL injection, XSS and other OWASP attacks straight to the backends.`,
    remediation: 'Set the WAF `enabled = true` (application gateway: `waf_configuration { enabled = true }`; policies: `policy_settings { enabled = true }` or `enabled = true`).',
    references: types.map((t) => docs(t.replace('azurerm_', ''))),
    provider: 'azure',
    types,
    check(r, report) {
      const f = falseAt(r, [wafPaths(r.type).enabled]);
      if (f) report(f.path, 'the web application firewall is disabled');
    },
  };
}

function wafDetection(key: string, service: string, types: string[]): CloudRule {
  return {
    id: `iac/azure/${key}-waf-detection-mode`,
    title: `${service} WAF only detects, never blocks`,
    severity: 'low',
    cwe: [693],
    description: `In Detection mode the ${service} WAF logs attacks but lets them through to the backends.`,
    remediation: 'Set the WAF mode to `"Prevention"` once its rules are tuned.',
    references: types.map((t) => docs(t.replace('azurerm_', ''))),
    provider: 'azure',
    types,
    check(r, report) {
      const p = wafPaths(r.type);
      // A WAF that is off is reported by the disabled rule; its mode no longer matters.
      if (falseAt(r, [p.enabled])) return;
      const f = find(r, p.mode);
      if (f && eqi(f.value, 'Detection')) report(f.path, 'WAF is in Detection mode');
    },
  };
}

/** Predefined policies whose minimum protocol is below TLS 1.2. */
const WEAK_POLICIES = ['appgwsslpolicy20150501', 'appgwsslpolicy20170401'];

const appGwTls: CloudRule = {
  id: 'iac/azure/application-gateway-tls-below-1-2',
  title: 'Application gateway allows TLS older than 1.2',
  severity: 'medium',
  cwe: [327],
  description: 'An SSL policy (gateway-wide or in an `ssl_profile`) with a minimum protocol of TLS 1.0 or 1.1 (including the predefined AppGwSslPolicy20150501 and AppGwSslPolicy20170401) lets clients negotiate deprecated protocols.',
  remediation: 'Use `ssl_policy { policy_type = "Predefined", policy_name = "AppGwSslPolicy20220101" }` or a custom policy with `min_protocol_version = "TLSv1_2"`.',
  references: [docs('application_gateway')],
  provider: 'azure',
  types: [APPGW],
  check(r, report) {
    // The gateway-wide policy, and the per-listener policies of each ssl_profile.
    const policies = [...blocks(r.attrs, 'ssl_policy'), ...blocks(r.attrs, 'ssl_profile').flatMap((p) => blocks(p.block, 'ssl_policy', p.path))];
    for (const p of policies) {
      const min = p.block.min_protocol_version;
      if (isOldTls(min)) {
        report(`${p.path}.min_protocol_version`, `minimum protocol is ${String(min)}`);
        continue;
      }
      const name = p.block.policy_name;
      if (typeof name === 'string' && WEAK_POLICIES.includes(name.trim().toLowerCase())) report(`${p.path}.policy_name`, `predefined policy ${name} allows TLS below 1.2`);
    }
  },
};

const appGwHttp: CloudRule = {
  id: 'iac/azure/application-gateway-http-listener',
  title: 'Application gateway serves plain HTTP to a backend',
  severity: 'medium',
  cwe: [319],
  description: 'An HTTP listener whose routing rule forwards to a backend pool (rather than redirecting to HTTPS) serves the application over unencrypted connections.',
  remediation: 'Use an `Https` listener with an `ssl_certificate_name`, and route the HTTP listener to a `redirect_configuration` with `target_listener_name` pointing at it.',
  references: [docs('application_gateway')],
  provider: 'azure',
  types: [APPGW],
  check(r, report) {
    const rules = blocks(r.attrs, 'request_routing_rule');
    for (const l of blocks(r.attrs, 'http_listener')) {
      if (!eqi(l.block.protocol, 'Http') || typeof l.block.name !== 'string') continue;
      // Only a listener some rule forwards to a backend; a redirect-only HTTP listener is the fix, not the problem.
      const forwards = rules.some(
        (x) => x.block.http_listener_name === l.block.name && isSet(x.block.backend_address_pool_name) && !isSet(x.block.redirect_configuration_name),
      );
      if (forwards) report(`${l.path}.protocol`, `listener "${l.block.name}" forwards plain HTTP to a backend`);
    }
  },
};

const fdRouteHttp: CloudRule = {
  id: 'iac/azure/frontdoor-route-serves-http',
  title: 'Front Door route serves plain HTTP without redirecting',
  severity: 'medium',
  cwe: [319],
  description: 'A route that accepts HTTP and forwards it to the backend instead of redirecting to HTTPS serves content and cookies to clients over unencrypted connections.',
  remediation: 'Set `https_redirect_enabled = true` (the default) or drop `"Http"` from `supported_protocols`; classic Front Door: forward only `Https` and add a routing rule that redirects `Http` with `redirect_protocol = "HttpsOnly"`.',
  references: [docs('cdn_frontdoor_route'), docs('frontdoor')],
  provider: 'azure',
  types: ['azurerm_cdn_frontdoor_route', 'azurerm_frontdoor'],
  check(r, report) {
    const acceptsHttp = (v: Value | undefined): boolean => strings(v).some((p) => eqi(p, 'Http'));
    if (r.type === 'azurerm_cdn_frontdoor_route') {
      const f = falseAt(r, ['https_redirect_enabled']);
      if (f && acceptsHttp(r.attrs.supported_protocols)) report(f.path, 'HTTP is accepted and not redirected to HTTPS');
      return;
    }
    // Classic Front Door: a routing rule that forwards (rather than redirects) the HTTP it accepts.
    for (const b of blocks(r.attrs, 'routing_rule')) {
      if (isFalse(b.block.enabled) || !acceptsHttp(b.block.accepted_protocols)) continue;
      if (blocks(b.block, 'forwarding_configuration').length > 0) report(`${b.path}.accepted_protocols`, 'routing rule forwards plain HTTP to the backend');
    }
  },
};

export const webGatewayRules: CloudRule[] = [
  wafDisabled('application-gateway', 'Application Gateway', [APPGW, APPGW_POLICY]),
  wafDetection('application-gateway', 'Application Gateway', [APPGW, APPGW_POLICY]),
  appGwTls,
  appGwHttp,
  wafDisabled('frontdoor', 'Front Door', FD_POLICIES),
  wafDetection('frontdoor', 'Front Door', FD_POLICIES),
  fdRouteHttp,
];
