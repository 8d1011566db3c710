/** WorkSpaces virtual desktops. */
import { isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule } from './rds-util.js';

export const workspacesVolumesUnencrypted = awsRule({
  id: 'workspaces-volume-not-encrypted',
  title: 'WorkSpaces volumes are not encrypted',
  severity: 'medium',
  cwe: [311],
  description: 'WorkSpaces root (C:) and user (D:) volumes hold user files and cached credentials; they are unencrypted unless encryption is chosen at creation (off by default).',
  remediation: 'Set `root_volume_encryption_enabled = true`, `user_volume_encryption_enabled = true` and `volume_encryption_key`.',
  types: ['aws_workspaces_workspace'],
  check(r, report) {
    const root = r.attrs['root_volume_encryption_enabled'];
    const user = r.attrs['user_volume_encryption_enabled'];
    const absent = (v: unknown) => v === undefined || v === null;
    // Both missing is one problem at the block line, not two findings there.
    if (absent(root) && absent(user)) {
      report(null, `${r.address} encrypts neither its root nor its user volume`);
      return;
    }
    if (isFalse(root) || absent(root)) report('root_volume_encryption_enabled', `${r.address} does not encrypt its root volume`);
    if (isFalse(user) || absent(user)) report('user_volume_encryption_enabled', `${r.address} does not encrypt its user volume`);
  },
});

export const workspacesRules: CloudRule[] = [workspacesVolumesUnencrypted];
