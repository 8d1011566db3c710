import type { CloudRule } from '../cloud/types.js';
import { docs, explicitTrue, trueAt } from './util.js';

const REGISTRY = 'azurerm_container_registry';

const admin: CloudRule = {
  id: 'iac/azure/container-registry-admin-enabled',
  title: 'Container registry admin user enabled',
  severity: 'medium',
  cwe: [284],
  description: 'The admin user is a single shared username and password with push and pull rights on the whole registry; it cannot be scoped or tied to an identity.',
  remediation: 'Set `admin_enabled = false` (the default) and use managed identities, service principals or repository-scoped tokens.',
  references: [docs('container_registry')],
  provider: 'azure',
  types: [REGISTRY],
  check(r, report) {
    const f = trueAt(r, ['admin_enabled']);
    if (f) report(f.path, 'the admin user is enabled');
  },
};

const anonymousPull: CloudRule = {
  id: 'iac/azure/container-registry-anonymous-pull',
  title: 'Container registry allows anonymous pull',
  severity: 'medium',
  cwe: [284],
  description: 'Anonymous pull lets anyone on the internet download every image in the registry, with any code, configuration or secrets baked into them.',
  remediation: 'Set `anonymous_pull_enabled = false` (the default).',
  references: [docs('container_registry')],
  provider: 'azure',
  types: [REGISTRY],
  check(r, report) {
    const f = trueAt(r, ['anonymous_pull_enabled']);
    if (f) report(f.path, 'anonymous (unauthenticated) pull is enabled');
  },
};

const publicAccess: CloudRule = {
  id: 'iac/azure/container-registry-public-network-access',
  title: 'Container registry explicitly enables public network access',
  severity: 'low',
  cwe: [284],
  description: 'A registry reachable from public networks exposes its login and pull endpoints to the internet; Premium registries can be limited to private endpoints and selected networks.',
  remediation: 'Set `public_network_access_enabled = false` and use private endpoints (or a `network_rule_set` with `default_action = "Deny"`).',
  references: [docs('container_registry')],
  provider: 'azure',
  types: [REGISTRY],
  check(r, report) {
    const f = explicitTrue(r, ['public_network_access_enabled']);
    if (f) report(f.path, 'public network access is enabled');
  },
};

export const containerRegistryRules: CloudRule[] = [admin, anonymousPull, publicAccess];
