import { blocks, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs } from './util.js';

const customOwner: CloudRule = {
  id: 'iac/azure/role-definition-wildcard-actions',
  title: 'Custom role grants every action',
  severity: 'high',
  cwe: [269],
  description: 'A custom role whose actions include `*` is an Owner-equivalent role at every scope it is assignable to, including permission to change role assignments; it defeats least privilege.',
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

export const iamRules: CloudRule[] = [customOwner];
