import { isObject, isUnknown, type ObjectValue } from '../../model/value.js';
import { blocks, isAbsent, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

/** Separate resources that can add rules to a web ACL after it is created. */
const RULE_ATTACHERS = ['aws_wafv2_web_acl_rule_group_association'];

/** A WAFv2 rule that matches but never blocks: `action { count {} }` or, for rule groups, `override_action { count {} }`. */
function onlyCounts(rule: ObjectValue): boolean {
  const action = blocks(rule, 'action')[0] ?? blocks(rule, 'override_action')[0];
  if (!action) return false;
  const kinds = Object.entries(action.block).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : isObject(v)));
  return kinds.length === 1 && kinds[0]?.[0] === 'count';
}

export const wafRules: CloudRule[] = [
  {
    id: 'iac/aws/waf-web-acl-allows-all',
    title: 'WAF web ACL allows everything',
    severity: 'medium',
    cwe: [693],
    description: 'The web ACL\'s default action is allow and it has no rules (or only rules in count mode), so it blocks nothing while giving the impression that the protected resource is behind a WAF.',
    remediation: 'Add blocking `rule` blocks (for example the AWS managed rule groups AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet with `override_action { none {} }`), or make the default action block.',
    references: [doc('wafv2_web_acl'), doc('waf_web_acl')],
    provider: 'aws',
    types: ['aws_wafv2_web_acl', 'aws_waf_web_acl', 'aws_wafregional_web_acl'],
    check(r, report, { graph }) {
      const ruleAttr = r.type === 'aws_wafv2_web_acl' ? 'rule' : 'rules';
      const rules = r.attrs[ruleAttr];
      // Unknown rules (a dynamic block over an unknown list) may be anything.
      if (isUnknown(rules) || !isAbsent(r.attrs['rule_json'])) return;
      if (graph.referrers(r, RULE_ATTACHERS).length > 0) return;
      const action = blocks(r.attrs, 'default_action')[0];
      if (!action) return;
      const allows =
        r.type === 'aws_wafv2_web_acl'
          ? blocks(action.block, 'allow').length > 0
          : str(action.block['type'])?.toUpperCase() === 'ALLOW';
      if (!allows) return;
      const list = blocks(r.attrs, ruleAttr);
      if (list.length === 0 && (isAbsent(rules) || Array.isArray(rules))) {
        report(action.path, 'the web ACL allows all requests and has no rules');
      } else if (r.type === 'aws_wafv2_web_acl' && list.length > 0 && list.every(({ block }) => onlyCounts(block))) {
        report(action.path, 'the web ACL allows all requests and every rule only counts');
      }
    },
  },
];
