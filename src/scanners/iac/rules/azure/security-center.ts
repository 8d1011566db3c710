import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, falseAt, find } from './util.js';

const freeTier: CloudRule = {
  id: 'iac/azure/defender-free-tier',
  title: 'Microsoft Defender for Cloud plan on the Free tier',
  severity: 'low',
  cwe: [778],
  description: 'The Free tier gives only posture recommendations; threat detection for the resource type (VMs, SQL, storage, containers, Key Vault) stays off.',
  remediation: 'Set `tier = "Standard"` on `azurerm_security_center_subscription_pricing`.',
  references: [docs('security_center_subscription_pricing')],
  provider: 'azure',
  types: ['azurerm_security_center_subscription_pricing'],
  check(r, report) {
    const f = find(r, 'tier');
    if (f && eqi(f.value, 'Free')) report(f.path, 'Defender plan tier is Free');
  },
};

const contactAlerts: CloudRule = {
  id: 'iac/azure/defender-contact-alerts-disabled',
  title: 'Defender for Cloud does not email security alerts',
  severity: 'low',
  cwe: [778],
  description: 'With alert notifications (or alerts to subscription owners) off, high-severity security alerts are raised but nobody is told.',
  remediation: 'Set `alert_notifications = true` and `alerts_to_admins = true` on `azurerm_security_center_contact`.',
  references: [docs('security_center_contact')],
  provider: 'azure',
  types: ['azurerm_security_center_contact'],
  check(r, report) {
    for (const n of ['alert_notifications', 'alerts_to_admins']) {
      const f = falseAt(r, [n]);
      if (f) report(f.path, `${n} is false`);
    }
  },
};

export const securityCenterRules: CloudRule[] = [freeTier, contactAlerts];
