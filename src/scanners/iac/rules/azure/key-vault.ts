import { isAbsent, isFalse, isOpenToWorld, num, str, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, explicitFalse, falseAt, find, findAny } from './util.js';

const VAULT = 'azurerm_key_vault';

const purgeProtection: CloudRule = {
  id: 'iac/azure/key-vault-purge-protection-disabled',
  title: 'Key Vault purge protection is off',
  severity: 'medium',
  cwe: [693],
  description: 'Without purge protection a deleted vault, key or secret can be purged at once, so a compromised admin or a mistake destroys keys (and the data they encrypt) permanently.',
  remediation: 'Set `purge_protection_enabled = true` (it defaults to false and cannot be turned off again once on).',
  references: [docs('key_vault')],
  provider: 'azure',
  types: [VAULT],
  check(r, report) {
    const f = find(r, 'purge_protection_enabled');
    if (!f) report(null, 'purge_protection_enabled is not set (defaults to false)');
    else if (isFalse(f.value)) report(f.path, 'purge protection is disabled');
  },
};

const softDelete: CloudRule = {
  id: 'iac/azure/key-vault-soft-delete-disabled',
  title: 'Key Vault soft delete is off',
  severity: 'medium',
  cwe: [693],
  description: 'Without soft delete, deleting a vault or one of its objects is immediate and unrecoverable (azurerm v2 allowed turning it off; Azure now enforces it).',
  remediation: 'Remove `soft_delete_enabled = false` and keep `soft_delete_retention_days` between 7 and 90.',
  references: [docs('key_vault')],
  provider: 'azure',
  types: [VAULT],
  check(r, report) {
    const f = falseAt(r, ['soft_delete_enabled']);
    if (f) report(f.path, 'soft delete is disabled');
  },
};

const networkAcls: CloudRule = {
  id: 'iac/azure/key-vault-network-acls-allow',
  title: 'Key Vault network ACL allows all networks',
  severity: 'medium',
  cwe: [284],
  description: 'A vault network ACL whose default action is Allow, or whose IP rules include 0.0.0.0/0, accepts requests from any network; only credentials then stand between the internet and its keys and secrets.',
  remediation: 'Set `network_acls { default_action = "Deny", bypass = "AzureServices" }` with the allowed `ip_rules` / `virtual_network_subnet_ids`, or set `public_network_access_enabled = false`.',
  references: [docs('key_vault')],
  provider: 'azure',
  types: [VAULT],
  check(r, report) {
    // With public network access off the ACL no longer matters: only private endpoints reach the vault.
    if (isFalse(find(r, 'public_network_access_enabled')?.value)) return;
    const f = find(r, 'network_acls.default_action');
    // Allow is the default a plan fills in for vaults without ACLs; only a written Allow counts.
    if (f && eqi(f.value, 'Allow') && r.source !== 'plan') {
      report(f.path, 'network ACL default action is Allow');
      return;
    }
    // Deny by default but an IP rule for the whole internet lets everyone back in.
    const ips = find(r, 'network_acls.ip_rules');
    if (ips && strings(ips.value).some(isOpenToWorld)) report(ips.path, 'network ACL ip_rules include the whole internet');
  },
};

const rbacOff: CloudRule = {
  id: 'iac/azure/key-vault-rbac-disabled',
  title: 'Key Vault uses access policies instead of Azure RBAC',
  severity: 'low',
  cwe: [732],
  description: 'Vault access policies are coarse (per vault, not per object) and sit outside Azure RBAC, PIM and conditional access; Microsoft recommends the RBAC permission model.',
  remediation: 'Set `rbac_authorization_enabled = true` (v4) / `enable_rbac_authorization = true` (v3) and grant Key Vault data-plane roles.',
  references: [docs('key_vault')],
  provider: 'azure',
  types: [VAULT],
  check(r, report) {
    const f = explicitFalse(r, ['rbac_authorization_enabled', 'enable_rbac_authorization']);
    if (f) report(f.path, 'RBAC authorization is disabled');
  },
};

function expiryRule(kind: 'secret' | 'key'): CloudRule {
  return {
    id: `iac/azure/key-vault-${kind}-no-expiration`,
    title: `Key Vault ${kind} has no expiration date`,
    severity: 'medium',
    cwe: kind === 'secret' ? [262] : [324],
    description: `A ${kind} without an expiration date is valid forever, so a leaked or forgotten ${kind} never stops working and rotation is never forced.`,
    remediation: 'Set `expiration_date` (RFC 3339, e.g. from `timeadd(timestamp(), "8760h")` with `ignore_changes`) and rotate before it passes.',
    references: [docs(`key_vault_${kind}`)],
    provider: 'azure',
    types: [`azurerm_key_vault_${kind}`],
    check(r, report) {
      if (isAbsent(r.attrs.expiration_date)) report(null, `${kind} has no expiration_date`);
    },
  };
}

const rsaKeySize: CloudRule = {
  id: 'iac/azure/key-vault-key-weak-rsa',
  title: 'Key Vault RSA key shorter than 2048 bits',
  severity: 'medium',
  cwe: [326],
  description: 'RSA keys below 2048 bits are below current NIST guidance and within reach of well-funded attackers.',
  remediation: 'Set `key_size = 2048` or more (3072/4096 for long-lived keys), or use an EC key.',
  references: [docs('key_vault_key')],
  provider: 'azure',
  types: ['azurerm_key_vault_key'],
  check(r, report) {
    const type = str(r.attrs.key_type)?.toUpperCase();
    if (type !== 'RSA' && type !== 'RSA-HSM') return;
    const f = findAny(r, ['key_size']);
    const n = num(f?.value);
    if (f && n !== undefined && n < 2048) report(f.path, `RSA key size is ${n} bits`);
  },
};

export const keyVaultRules: CloudRule[] = [purgeProtection, softDelete, networkAcls, rbacOff, expiryRule('secret'), expiryRule('key'), rsaKeySize];
