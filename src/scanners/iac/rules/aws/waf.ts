import { isUnknown } from '../../model/value.js';
import { blocks, isAbsent, str } from '../cloud/attr.js';
import type { CloudRule } from '../cloud/types.js';

const doc = (t: string) => `https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/${t}`;

/** Separate resources that can add rules to a web ACL after it is created. */
const RULE_ATTACHERS = ['aws_wafv2_web_acl_rule_group_association'];

export const wafRules: CloudRule[] = [
  {
    id: 'iac/aws/waf-web-acl-allows-all',
    title: 'WAF web ACL allows everything',
    severity: 'medium',
    cwe: [693],
    description: 'The web ACL\'s default action is allow and it has no rules, so it inspects nothing while giving the impression that the protected resource is behind a WAF.',
    remediation: 'Add `rule` blocks (for example the AWS managed rule groups AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet), or make the default action block.',
    references: [doc('wafv2_web_acl'), doc('waf_web_acl')],
    provider: 'aws',
    types: ['aws_wafv2_web_acl', 'aws_waf_web_acl', 'aws_wafregional_web_acl'],
    check(r, report, { graph }) {
      const ruleAttr = r.type === 'aws_wafv2_web_acl' ? 'rule' : 'rules';
      const rules = r.attrs[ruleAttr];
      // Unknown rules (a dynamic block over an unknown list) may be anything.
      if (isUnknown(rules) || !(isAbsent(rules) || (Array.isArray(rules) && rules.length === 0))) return;
      if (!isAbsent(r.attrs['rule_json'])) return;
      if (graph.referrers(r, RULE_ATTACHERS).length > 0) return;
      const action = blocks(r.attrs, 'default_action')[0];
      if (!action) return;
      const allows =
        r.type === 'aws_wafv2_web_acl'
          ? blocks(action.block, 'allow').length > 0
          : str(action.block['type'])?.toUpperCase() === 'ALLOW';
      if (allows) report(action.path, 'the web ACL allows all requests and has no rules');
    },
  },
];
