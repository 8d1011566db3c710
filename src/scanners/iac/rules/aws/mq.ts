/** Amazon MQ brokers. */
import { get, isFalse } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { awsRule, flagTrue, isOneOf } from './rds-util.js';

export const mqPublic = awsRule({
  id: 'mq-broker-publicly-accessible',
  title: 'Amazon MQ broker is publicly accessible',
  severity: 'high',
  cwe: [284],
  description: 'A publicly accessible broker gets a public endpoint; its queues and the web console are then reachable from the internet, guarded only by credentials.',
  remediation: 'Set `publicly_accessible = false` and deploy the broker in private subnets.',
  types: ['aws_mq_broker'],
  check(r, report) {
    flagTrue(r, 'publicly_accessible', report, `${r.address} is publicly accessible`);
  },
});

export const mqAuditLogDisabled = awsRule({
  id: 'mq-broker-audit-log-disabled',
  title: 'ActiveMQ broker does not publish audit logs',
  severity: 'low',
  cwe: [778],
  description: 'Without audit logs (off by default) there is no record of management actions taken over JMX or the web console.',
  remediation: 'Set `logs { audit = true }` (ActiveMQ brokers only).',
  types: ['aws_mq_broker'],
  check(r, report) {
    // RabbitMQ brokers have no audit log.
    if (!isOneOf(r.attrs['engine_type'], 'ActiveMQ')) return;
    const v = get(r.attrs, 'logs.0.audit');
    if (isFalse(v)) report('logs.0.audit', `${r.address} turns audit logs off`);
    else if (v === undefined || v === null) report('logs.0.audit', `${r.address} does not publish audit logs`);
  },
});

export const mqRules: CloudRule[] = [mqPublic, mqAuditLogDisabled];
