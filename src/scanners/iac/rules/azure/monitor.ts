import { num, strings } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';
import { docs, falseAt, find } from './util.js';

const PROFILE = 'azurerm_monitor_log_profile';

const retention: CloudRule = {
  id: 'iac/azure/monitor-log-profile-retention-short',
  title: 'Activity log profile keeps logs less than a year',
  severity: 'low',
  cwe: [778],
  description: 'Activity logs record who changed what in the subscription; CIS Azure asks for at least 365 days so that slow-moving intrusions can still be traced.',
  remediation: 'Set `retention_policy { enabled = true, days = 365 }` or more (`days = 0` keeps logs forever).',
  references: [docs('monitor_log_profile')],
  provider: 'azure',
  types: [PROFILE],
  check(r, report) {
    const days = find(r, 'retention_policy.days');
    const n = num(days?.value);
    // A disabled policy keeps logs forever; only a short, enabled retention loses them.
    if (falseAt(r, ['retention_policy.enabled'])) return;
    if (days && n !== undefined && n > 0 && n < 365) report(days.path, `activity logs are kept for ${n} days`);
  },
};

const CATEGORIES = ['write', 'delete', 'action'];

const categories: CloudRule = {
  id: 'iac/azure/monitor-log-profile-missing-categories',
  title: 'Activity log profile does not capture every category',
  severity: 'low',
  cwe: [778],
  description: 'A log profile without the Write, Delete and Action categories drops those control-plane operations from the exported activity log.',
  remediation: 'Set `categories = ["Action", "Delete", "Write"]`.',
  references: [docs('monitor_log_profile')],
  provider: 'azure',
  types: [PROFILE],
  check(r, report) {
    const f = find(r, 'categories');
    if (!f || !Array.isArray(f.value) || f.value.length !== strings(f.value).length) return;
    const have = strings(f.value).map((c) => c.toLowerCase());
    const missing = CATEGORIES.filter((c) => !have.includes(c));
    if (missing.length > 0) report(f.path, `categories leave out ${missing.join(', ')}`);
  },
};

export const monitorRules: CloudRule[] = [retention, categories];
