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

export const apiManagementRules: CloudRule[] = [legacyTls];
