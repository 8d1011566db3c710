/** Athena workgroups. */
import { get } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagFalse } from './rds-util.js';

const WG = ['aws_athena_workgroup'];

export const athenaNotEnforced = awsRule({
  id: 'athena-workgroup-settings-not-enforced',
  title: 'Athena workgroup lets clients override its settings',
  severity: 'low',
  cwe: [284],
  description: 'With `enforce_workgroup_configuration = false`, each query may choose its own result location and encryption, bypassing the workgroup controls.',
  remediation: 'Set `configuration { enforce_workgroup_configuration = true }` (the default).',
  types: WG,
  check(r, report) {
    flagFalse(r, 'configuration.0.enforce_workgroup_configuration', report, `${r.address} lets queries override the workgroup configuration`);
  },
});

export const athenaResultsNotEncrypted = awsRule({
  id: 'athena-workgroup-results-not-encrypted',
  title: 'Athena workgroup does not encrypt query results',
  severity: 'low',
  cwe: [311],
  description: 'Query results often copy sensitive rows to S3; without a workgroup `encryption_configuration` their encryption depends on whatever the bucket does.',
  remediation: 'Add `configuration { result_configuration { encryption_configuration { encryption_option = "SSE_KMS", kms_key_arn = ... } } }`.',
  types: WG,
  check(r, report) {
    const path = 'configuration.0.result_configuration.0.encryption_configuration';
    const v = get(r.attrs, path);
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) report(path, `${r.address} does not encrypt query results`);
  },
});

export const athenaRules: CloudRule[] = [athenaNotEnforced, athenaResultsNotEncrypted];
