import { isUnknown } from '../../model/value.js';
import { isAbsent } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

export const autoscalingRules: CloudRule[] = [
  {
    id: 'iac/aws/autoscaling-launch-configuration',
    title: 'Auto Scaling group uses a launch configuration',
    severity: 'low',
    cwe: [1104],
    description: 'Launch configurations are deprecated: they cannot use current instance types or launch template security settings, and AWS no longer adds features to them (Security Hub AutoScaling.9).',
    remediation: 'Create an `aws_launch_template` (with IMDSv2 required and encrypted volumes) and reference it through the group\'s `launch_template` block.',
    references: ['https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/autoscaling_group#launch_configuration', 'https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html'],
    provider: 'aws',
    types: ['aws_autoscaling_group'],
    check(r, report, { graph }) {
      const lc = r.attrs['launch_configuration'];
      if (isAbsent(lc)) return;
      // `aws_launch_configuration.x.name` is unknown until apply, but what it names is known from the reference.
      const known = !isUnknown(lc) || graph.targets(r, 'launch_configuration', ['aws_launch_configuration']).length > 0;
      if (known) report('launch_configuration', 'the group launches from a launch configuration');
    },
  },
];
