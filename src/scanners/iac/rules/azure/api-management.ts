import type { CloudRule } from '../cloud/types.js';
import { docs, trueAt } from './util.js';

/** v4 names; v3 also accepted `enable_<side>_<proto>`. */
const PROTOCOLS = ['frontend_ssl30', 'frontend_tls10', 'frontend_tls11', 'backend_ssl30', 'backend_tls10', 'backend_tls11'];

const legacyTls: CloudRule = {
  id: 'iac/azure/api-management-legacy-tls-enabled',
  title: 'API Management enables SSL 3.0, TLS 1.0 or TLS 1.1',
  severity: 'medium',
  cwe: [327],
  description: 'Turning on SSL 3.0, TLS 1.0 or TLS 1.1 for the gateway (frontend) or its calls to backends lets traffic use broken or deprecated protocols.',
  remediation: 'Remove the `security { <frontend|backend>_<ssl30|tls10|tls11>_enabled = true }` settings (v3: `enable_<...> = true`).',
  references: [docs('api_management')],
  provider: 'azure',
  types: ['azurerm_api_management'],
  check(r, report) {
    for (const p of PROTOCOLS) {
      const f = trueAt(r, [`security.${p}_enabled`, `security.enable_${p}`]);
      if (f) report(f.path, `${p.replace('_', ' ')} is enabled`);
    }
  },
};

const tripleDes: CloudRule = {
  id: 'iac/azure/api-management-3des-enabled',
  title: 'API Management enables the 3DES cipher',
  severity: 'medium',
  cwe: [327],
  description: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA is vulnerable to Sweet32 birthday attacks on long-lived connections and has no forward secrecy.',
  remediation: 'Remove `security { triple_des_ciphers_enabled = true }` (v3: `enable_triple_des_ciphers`).',
  references: [docs('api_management')],
  provider: 'azure',
  types: ['azurerm_api_management'],
  check(r, report) {
    const f = trueAt(r, ['security.triple_des_ciphers_enabled', 'security.enable_triple_des_ciphers']);
    if (f) report(f.path, 'the 3DES cipher is enabled');
  },
};

export const apiManagementRules: CloudRule[] = [legacyTls, tripleDes];
