import type { CloudRule } from '../cloud/types.js';
import { amiRules } from './ami.js';
import { apigatewayRules } from './apigateway.js';
import { appsyncRules } from './appsync.js';
import { autoscalingRules } from './autoscaling.js';
import { cloudfrontRules } from './cloudfront.js';
import { cognitoRules } from './cognito.js';
import { ebsRules } from './ebs.js';
import { ec2Rules } from './ec2.js';
import { elbRules } from './elb.js';
import { lambdaRules } from './lambda.js';
import { lightsailRules } from './lightsail.js';
import { networkFirewallRules } from './networkfirewall.js';
import { route53Rules } from './route53.js';
import { securityGroupRules } from './security-group.js';
import { transferRules } from './transfer.js';
import { vpcRules } from './vpc.js';
import { wafRules } from './waf.js';

/** AWS rules: network-compute (one file per service beside this list). */
export const awsNetworkComputeRules: CloudRule[] = [
  ...securityGroupRules,
  ...vpcRules,
  ...ec2Rules,
  ...autoscalingRules,
  ...ebsRules,
  ...amiRules,
  ...elbRules,
  ...cloudfrontRules,
  ...apigatewayRules,
  ...lambdaRules,
  ...wafRules,
  ...transferRules,
  ...networkFirewallRules,
  ...cognitoRules,
  ...appsyncRules,
  ...lightsailRules,
  ...route53Rules,
];
