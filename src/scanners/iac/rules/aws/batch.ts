/** AWS Batch job definitions. */
import type { CloudRule } from '../cloud/types.js';
import { containers, jsonTrue } from './ecs-container-defs.js';
import { awsRule, field } from './rds-util.js';

export const batchPrivileged = awsRule({
  id: 'batch-job-privileged-container',
  title: 'Batch job definition runs a privileged container',
  severity: 'high',
  cwe: [250],
  description: 'A privileged job container gets every Linux capability and host device access on the compute environment instance, so a compromised job can take over the host and other jobs.',
  remediation: 'Remove `"privileged": true` from `container_properties`.',
  types: ['aws_batch_job_definition'],
  check(r, report) {
    const c = containers(r.attrs['container_properties'])?.[0];
    if (c && jsonTrue(field(c.def, 'privileged'))) report('container_properties.privileged', `${r.address} runs its container privileged`);
  },
});

export const batchRules: CloudRule[] = [batchPrivileged];
