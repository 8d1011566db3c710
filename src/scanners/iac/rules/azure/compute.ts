import { isUnknown } from '../../model/value.js';
import { blocks, get } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, explicitFalse, falseAt } from './util.js';

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
  references: [docs('windows_virtual_machine'), docs('windows_virtual_machine_scale_set'), docs('virtual_machine')],
  provider: 'azure',
  types: ['azurerm_windows_virtual_machine', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_virtual_machine'],
  check(r, report) {
    // The legacy azurerm_virtual_machine keeps it in os_profile_windows_config.
    const f = falseAt(r, ['automatic_updates_enabled', 'enable_automatic_updates', 'os_profile_windows_config.enable_automatic_upgrades']);
    if (f) report(f.path, 'automatic updates are disabled');
  },
};

const VMS = ['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_orchestrated_virtual_machine_scale_set'];

const encryptionAtHost: CloudRule = {
  id: 'iac/azure/vm-encryption-at-host-disabled',
  title: 'VM explicitly disables encryption at host',
  severity: 'low',
  cwe: [311],
  description: 'Without encryption at host, temporary disks and the OS/data disk caches on the host are stored unencrypted; only the managed disks themselves are encrypted at rest.',
  remediation: 'Set `encryption_at_host_enabled = true` (the subscription feature Microsoft.Compute/EncryptionAtHost must be registered).',
  references: [docs('linux_virtual_machine'), docs('windows_virtual_machine')],
  provider: 'azure',
  types: VMS,
  check(r, report) {
    const f = explicitFalse(r, ['encryption_at_host_enabled']);
    if (f) report(f.path, 'encryption at host is disabled');
  },
};

const diskEncryption: CloudRule = {
  id: 'iac/azure/managed-disk-encryption-disabled',
  title: 'Managed disk encryption settings turned off',
  severity: 'medium',
  cwe: [311],
  description: 'A managed disk whose Azure Disk Encryption settings are disabled keeps its data readable to anyone who obtains a copy of the disk or a snapshot outside the VM.',
  remediation: 'Remove `encryption_settings { enabled = false }`, or encrypt with a disk encryption set (`disk_encryption_set_id`).',
  references: [docs('managed_disk')],
  provider: 'azure',
  types: ['azurerm_managed_disk'],
  check(r, report) {
    const f = falseAt(r, ['encryption_settings.enabled']);
    if (f) report(f.path, 'disk encryption settings are disabled');
  },
};

/** `azurerm_public_ip.web`, also inside modules. */
const PUBLIC_IP_REF = /(^|\.)azurerm_public_ip\./;

const nicPublicIp: CloudRule = {
  id: 'iac/azure/vm-public-ip-attached',
  title: 'VM network interface has a public IP address',
  severity: 'medium',
  cwe: [284],
  description: 'A public IP on a VM network interface makes the VM directly reachable from the internet, so one NSG mistake exposes its services; a load balancer, Bastion or NAT gateway keeps VMs private.',
  remediation: 'Remove `public_ip_address_id` from the `ip_configuration` (scale sets: the `public_ip_address` block) and reach the VM through Azure Bastion, a VPN or a load balancer.',
  references: [docs('network_interface'), docs('linux_virtual_machine_scale_set')],
  provider: 'azure',
  types: ['azurerm_network_interface', 'azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_orchestrated_virtual_machine_scale_set'],
  check(r, report) {
    if (r.type === 'azurerm_network_interface') {
      for (const c of blocks(r.attrs, 'ip_configuration')) {
        const id = c.block.public_ip_address_id;
        // The id of a public IP created here is only known after apply, but the reference itself says what it is.
        const attached = typeof id === 'string' ? id.trim() !== '' : isUnknown(id) && id.refs.some((a) => PUBLIC_IP_REF.test(a));
        if (attached) report(`${c.path}.public_ip_address_id`, 'the network interface is attached to a public IP');
      }
      return;
    }
    for (const nic of blocks(r.attrs, 'network_interface')) {
      for (const c of blocks(nic.block, 'ip_configuration', nic.path)) {
        for (const p of blocks(c.block, 'public_ip_address', c.path)) report(p.path, 'scale set instances get public IP addresses');
      }
    }
  },
};

const winrmHttp: CloudRule = {
  id: 'iac/azure/windows-vm-winrm-http',
  title: 'Windows VM WinRM listener uses plain HTTP',
  severity: 'medium',
  cwe: [319],
  description: 'A WinRM listener over HTTP (port 5985) exposes remote management traffic; on networks where Kerberos is not used, credentials and commands can be intercepted or relayed.',
  remediation: 'Use `winrm_listener { protocol = "Https", certificate_url = ... }` (legacy `azurerm_virtual_machine`: `os_profile_windows_config { winrm { protocol = "HTTPS" } }`).',
  references: [docs('windows_virtual_machine'), docs('windows_virtual_machine_scale_set'), docs('virtual_machine')],
  provider: 'azure',
  types: ['azurerm_windows_virtual_machine', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_virtual_machine'],
  check(r, report) {
    const listeners = r.type === 'azurerm_virtual_machine' ? blocks(get(r.attrs, 'os_profile_windows_config.0'), 'winrm', 'os_profile_windows_config.0') : blocks(r.attrs, 'winrm_listener');
    for (const l of listeners) {
      if (eqi(l.block.protocol, 'Http')) report(`${l.path}.protocol`, 'WinRM listens over plain HTTP');
    }
  },
};

export const computeRules: CloudRule[] = [passwordAuth, autoUpdates, encryptionAtHost, diskEncryption, nicPublicIp, winrmHttp];
