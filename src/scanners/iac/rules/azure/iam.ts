import { blocks, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs } from './util.js';

const customOwner: CloudRule = {
  id: 'iac/azure/role-definition-wildcard-actions',
  title: 'Custom role grants every action',
  severity: 'high',
  cwe: [269],
  description: 'A custom role whose actions include `*` grants every operation at every scope it is assignable to (Owner-equivalent unless not_actions carve out Microsoft.Authorization writes); it defeats least privilege.',
  remediation: 'List only the resource provider operations the role needs in `permissions { actions = [...] }`, or use a built-in role.',
  references: [docs('role_definition')],
  provider: 'azure',
  types: ['azurerm_role_definition'],
  check(r, report) {
    for (const b of blocks(r.attrs, 'permissions')) {
      if (strings(b.block.actions).some((a) => a.trim() === '*')) report(`${b.path}.actions`, 'permissions.actions includes "*"');
    }
  },
};

/**
 * Azure RBAC operation patterns use `*` as "any characters" and compare case-insensitively.
 * Matched piecewise with indexOf (linear, no regex built from user input).
 */
export function operationMatches(pattern: string, operation: string): boolean {
  const parts = pattern.trim().toLowerCase().split('*');
  const op = operation.toLowerCase();
  if (parts.length === 1) return parts[0] === op;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!op.startsWith(first) || !op.endsWith(last) || op.length < first.length + last.length) return false;
  let at = first.length;
  for (const mid of parts.slice(1, -1)) {
    const i = op.indexOf(mid, at);
    if (i < 0 || i + mid.length > op.length - last.length) return false;
    at = i + mid.length;
  }
  return true;
}

const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
const ROLE_DEFINITION_WRITE = 'Microsoft.Authorization/roleDefinitions/write';

const canAssignRoles: CloudRule = {
  id: 'iac/azure/role-definition-can-assign-roles',
  title: 'Custom role can create role assignments or role definitions',
  severity: 'high',
  cwe: [269],
  description:
    'A custom role allowed to write role assignments lets whoever holds it grant any role, Owner included, to themselves or others within its scope; one allowed to write role definitions lets them add any permission to a custom role they already hold. Both are privilege-escalation paths.',
  remediation:
    'Remove `Microsoft.Authorization/*`, `Microsoft.Authorization/roleAssignments/write` and `Microsoft.Authorization/roleDefinitions/write` (and wildcards covering them) from `permissions.actions`, or exclude them in `not_actions`.',
  references: [docs('role_definition')],
  provider: 'azure',
  types: ['azurerm_role_definition'],
  check(r, report) {
    for (const b of blocks(r.attrs, 'permissions')) {
      // A bare "*" is the wildcard rule's finding.
      const allowed = [ROLE_ASSIGNMENT_WRITE, ROLE_DEFINITION_WRITE].filter((op) => {
        const grants = strings(b.block.actions).some((a) => a.trim() !== '*' && operationMatches(a, op));
        return grants && !strings(b.block.not_actions).some((a) => operationMatches(a, op));
      });
      if (allowed.length > 0) report(`${b.path}.actions`, `permissions.actions allow ${allowed.join(' and ')}`);
    }
  },
};

export const iamRules: CloudRule[] = [customOwner, canAssignRoles];
