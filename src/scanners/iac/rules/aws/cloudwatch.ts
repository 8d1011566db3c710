import { isAbsent, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { isAnyone, policiesOf, policyAt, reportPublicStatements } from './iam-policy-util.js';

/** CloudWatch (EventBridge) event buses. */

const DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/';

export const cloudwatchEventBusPublic: CloudRule = {
  id: 'iac/aws/cloudwatch-event-bus-public',
  title: 'Event bus accepts events from any account',
  severity: 'high',
  cwe: [732],
  description: 'An event bus policy or permission granting `*` without an organization condition lets any AWS account put events on the bus and trigger the rules and targets behind it.',
  remediation: 'Name the allowed account IDs, or add a condition on `aws:PrincipalOrgID` (`condition { key = "aws:PrincipalOrgID" ... }` on aws_cloudwatch_event_permission).',
  references: [`${DOCS}cloudwatch_event_bus_policy`, `${DOCS}cloudwatch_event_permission`],
  provider: 'aws',
  types: ['aws_cloudwatch_event_bus_policy', 'aws_cloudwatch_event_permission', 'AWS::Events::EventBusPolicy'],
  check(r, report) {
    // AWS::Events::EventBusPolicy has no translation: raw `Statement`, or `Principal` with an optional `Condition`.
    if (r.type === 'AWS::Events::EventBusPolicy') {
      const stmt = r.attrs['Statement'];
      if (stmt !== undefined) {
        // The statement sits at the top level: read it as a one-statement document, report at its own paths.
        const doc = policyAt('', { Statement: stmt });
        reportPublicStatements(doc ? [doc] : [], (path, message) => report(path === null ? null : path.slice(1), message), 'The event bus policy');
        return;
      }
      const p = str(r.attrs['Principal']);
      if (p !== undefined && isAnyone(p) && r.attrs['Condition'] === undefined) report('Principal', 'The event bus permission is granted to every AWS account without a condition');
      return;
    }
    if (r.type === 'aws_cloudwatch_event_bus_policy') {
      reportPublicStatements(policiesOf(r, ['policy']), report, 'The event bus policy');
      return;
    }
    const principal = str(r.attrs['principal']);
    // No condition block at all (absent, or a dynamic block that produced none); an unknown one may restrict.
    const cond = r.attrs['condition'];
    const noCondition = isAbsent(cond) || (Array.isArray(cond) && cond.length === 0);
    if (principal !== undefined && isAnyone(principal) && noCondition) {
      report('principal', 'The event bus permission is granted to every AWS account without a condition');
    }
  },
};

export const cloudwatchRules: CloudRule[] = [cloudwatchEventBusPublic];
