import { isFalse, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, eqi, explicitFalse, explicitTrue, find, findAny, isOldTls, trueAt } from './util.js';

/** azurerm v3/v4 app resources (site_config.minimum_tls_version) and their slots. */
const CURRENT = ['linux_web_app', 'windows_web_app', 'linux_function_app', 'windows_function_app'].flatMap((t) => [`azurerm_${t}`, `azurerm_${t}_slot`]);
/** Resources deprecated in v3 and removed in v4 (site_config.min_tls_version). */
const LEGACY = ['azurerm_app_service', 'azurerm_function_app', 'azurerm_app_service_slot', 'azurerm_function_app_slot'];
const ALL = [...CURRENT, ...LEGACY];
const REF = [docs('linux_web_app'), docs('windows_web_app'), docs('linux_function_app'), docs('app_service')];

const httpsOnly: CloudRule = {
  id: 'iac/azure/app-service-https-only-disabled',
  title: 'App Service accepts plain HTTP',
  severity: 'medium',
  cwe: [319],
  description: 'With https_only false the app answers unencrypted HTTP, so sessions, cookies and data can be read or modified in transit.',
  remediation: 'Set `https_only = true`.',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const f = explicitFalse(r, ['https_only']);
    if (f) report(f.path, 'https_only is false');
  },
};

const oldTls: CloudRule = {
  id: 'iac/azure/app-service-tls-below-1-2',
  title: 'App Service allows TLS older than 1.2',
  severity: 'medium',
  cwe: [327],
  description: 'A minimum TLS version of 1.0 or 1.1 on the app or its SCM (Kudu) site lets clients use deprecated protocols.',
  remediation: 'Set `site_config { minimum_tls_version = "1.2" }` (legacy resources: `min_tls_version`), and the same for the SCM site.',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const names = ['minimum_tls_version', 'scm_minimum_tls_version', 'min_tls_version', 'scm_min_tls_version'];
    for (const n of names) {
      const f = find(r, `site_config.${n}`);
      if (f && isOldTls(f.value)) report(f.path, `${n} is ${String(f.value)}`);
    }
  },
};

const ftps: CloudRule = {
  id: 'iac/azure/app-service-ftp-allowed',
  title: 'App Service allows plain FTP deployment',
  severity: 'medium',
  cwe: [319],
  description: 'With ftps_state AllAllowed the deployment endpoint accepts unencrypted FTP, sending deployment credentials and code in clear text.',
  remediation: 'Set `site_config { ftps_state = "Disabled" }` (or `"FtpsOnly"`).',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const f = find(r, 'site_config.ftps_state');
    if (f && eqi(f.value, 'AllAllowed')) report(f.path, 'plain FTP is allowed');
  },
};

const remoteDebug: CloudRule = {
  id: 'iac/azure/app-service-remote-debugging',
  title: 'App Service remote debugging enabled',
  severity: 'medium',
  cwe: [489],
  description: 'Remote debugging opens extra inbound ports and lets a debugger attach to the running process; it should never stay on in a deployed app.',
  remediation: 'Remove `remote_debugging_enabled = true` from `site_config`.',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const f = trueAt(r, ['site_config.remote_debugging_enabled']);
    if (f) report(f.path, 'remote debugging is enabled');
  },
};

const corsAny: CloudRule = {
  id: 'iac/azure/app-service-cors-any-origin',
  title: 'App Service CORS allows any origin',
  severity: 'medium',
  cwe: [942],
  description: 'A CORS allowed origin of `*` lets scripts on any website call the app from a visitor\'s browser and read the responses.',
  remediation: 'List the exact origins that need access in `site_config { cors { allowed_origins = [...] } }`.',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const f = find(r, 'site_config.cors.allowed_origins');
    if (f && strings(f.value).some((o) => o.trim() === '*')) report(f.path, 'CORS allows any origin');
  },
};

const clientCerts: CloudRule = {
  id: 'iac/azure/app-service-client-certificates-off',
  title: 'App Service explicitly turns off client certificates',
  severity: 'low',
  cwe: [287],
  description: 'With incoming client certificates off, the app cannot require mutual TLS, so any client that reaches it is accepted at the transport layer.',
  remediation: 'Set `client_certificate_enabled = true` (legacy resources: `client_cert_enabled = true`) with `client_certificate_mode = "Required"`.',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const f = findAny(r, ['client_certificate_enabled', 'client_cert_enabled']);
    if (f && isFalse(f.value)) report(f.path, 'client certificates are disabled');
  },
};

const noIdentity: CloudRule = {
  id: 'iac/azure/app-service-no-managed-identity',
  title: 'App Service has no managed identity',
  severity: 'low',
  cwe: [798],
  description: 'Without a managed identity the app has to reach Key Vault, storage and databases with secrets kept in app settings or connection strings, which leak through config exports, logs and deployment slots.',
  remediation: 'Add `identity { type = "SystemAssigned" }` (or a user-assigned identity) and grant it the roles the app needs.',
  references: REF,
  provider: 'azure',
  types: ALL,
  check(r, report) {
    const id = r.attrs.identity;
    if (id === undefined || id === null || (Array.isArray(id) && id.length === 0)) report(null, 'no managed identity is configured');
  },
};

const basicPublishing: CloudRule = {
  id: 'iac/azure/app-service-basic-auth-publishing',
  title: 'App Service keeps basic-auth publishing credentials',
  severity: 'low',
  cwe: [287],
  description: 'FTP and Web Deploy basic authentication use long-lived publishing usernames and passwords that bypass Entra ID; anyone with the publish profile can deploy code.',
  remediation: 'Set `ftp_publish_basic_authentication_enabled = false` and `webdeploy_publish_basic_authentication_enabled = false`; deploy with Entra ID identities.',
  references: [docs('linux_web_app'), docs('windows_web_app')],
  provider: 'azure',
  types: CURRENT,
  check(r, report) {
    for (const n of ['ftp_publish_basic_authentication_enabled', 'webdeploy_publish_basic_authentication_enabled']) {
      const f = explicitTrue(r, [n]);
      if (f) report(f.path, `${n} is true`);
    }
  },
};

export const appServiceRules: CloudRule[] = [httpsOnly, oldTls, ftps, remoteDebug, corsAny, clientCerts, noIdentity, basicPublishing];
