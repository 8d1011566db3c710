import type { CloudRule } from '../cloud/types.js';
import { docs, falseAt } from './util.js';

const passwordAuth: CloudRule = {
  id: 'iac/azure/linux-vm-password-authentication',
  title: 'Linux VM allows password authentication',
  severity: 'medium',
  cwe: [309],
  description: 'SSH password logins can be brute-forced and phished; key-based authentication removes that attack surface.',
  remediation: 'Set `disable_password_authentication = true` and provide `admin_ssh_key` (legacy `azurerm_virtual_machine`: in `os_profile_linux_config` with `ssh_keys`).',
  references: [docs('linux_virtual_machine'), docs('linux_virtual_machine_scale_set'), docs('virtual_machine')],
  provider: 'azure',
  types: ['azurerm_linux_virtual_machine', 'azurerm_linux_virtual_machine_scale_set', 'azurerm_virtual_machine', 'azurerm_virtual_machine_scale_set'],
  check(r, report) {
    const f = falseAt(r, ['disable_password_authentication', 'os_profile_linux_config.disable_password_authentication']);
    if (f) report(f.path, 'SSH password authentication is enabled');
  },
};

const autoUpdates: CloudRule = {
  id: 'iac/azure/windows-vm-automatic-updates-disabled',
  title: 'Windows VM automatic updates disabled',
  severity: 'low',
  cwe: [1104],
  description: 'With automatic updates off, security patches are only installed when someone remembers to, leaving known vulnerabilities open.',
  remediation: 'Set `automatic_updates_enabled = true` (v4) / `enable_automatic_updates = true` (v3), or manage patching with `patch_mode = "AutomaticByPlatform"`.',
  references: [docs('windows_virtual_machine'), docs('windows_virtual_machine_scale_set')],
  provider: 'azure',
  types: ['azurerm_windows_virtual_machine', 'azurerm_windows_virtual_machine_scale_set'],
  check(r, report) {
    const f = falseAt(r, ['automatic_updates_enabled', 'enable_automatic_updates']);
    if (f) report(f.path, 'automatic updates are disabled');
  },
};

export const computeRules: CloudRule[] = [passwordAuth, autoUpdates];
