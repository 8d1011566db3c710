import { field, items, toList, toNum, type PV } from '../pv.js';
import { tags, type Translation, type Translator } from '../translation.js';

const role: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_iam_role');
  b.set('name', field(p, 'RoleName'));
  b.set('path', field(p, 'Path'));
  b.set('description', field(p, 'Description'));
  b.set('assume_role_policy', field(p, 'AssumeRolePolicyDocument'));
  b.set('managed_policy_arns', field(p, 'ManagedPolicyArns'), toList);
  b.set('permissions_boundary', field(p, 'PermissionsBoundary'));
  b.set('max_session_duration', field(p, 'MaxSessionDuration'), toNum);
  b.each('inline_policy', field(p, 'Policies'), (ip, pv) => {
    ip.set('name', field(pv, 'PolicyName'));
    ip.set('policy', field(pv, 'PolicyDocument'));
  });
  tags(b, p);
};

/**
 * Where a policy is attached to users, groups or roles, Terraform says so with a separate
 * aws_iam_policy_attachment; rules about policies on users look there.
 */
function attachment(t: Translation): void {
  const users = field(t.props, 'Users');
  const roles = field(t.props, 'Roles');
  const groups = field(t.props, 'Groups');
  const first = users ?? roles ?? groups;
  if (!first) return;
  const a = t.extra('Attachment', 'aws_iam_policy_attachment', first.line);
  a.value('policy_arn', t.self());
  a.set('users', users, toList);
  a.set('roles', roles, toList);
  a.set('groups', groups, toList);
}

/** AWS::IAM::Policy (inline, attached to its principals) and AWS::IAM::ManagedPolicy. */
const policy = (nameProp: string): Translator => (t) => {
  const p = t.props;
  const b = t.main('aws_iam_policy');
  b.set('name', field(p, nameProp));
  b.set('path', field(p, 'Path'));
  b.set('description', field(p, 'Description'));
  b.set('policy', field(p, 'PolicyDocument'));
  attachment(t);
};

/** Inline policies and managed policy ARNs of a user or group, as Terraform's separate resources. */
function principalPolicies(t: Translation, kind: 'user' | 'group'): void {
  items(field(t.props, 'Policies')).forEach((pv: PV, i) => {
    const b = t.extra(`Policies.${i}`, `aws_iam_${kind}_policy`, pv.line);
    b.value(kind, t.self());
    b.set('name', field(pv, 'PolicyName'));
    b.set('policy', field(pv, 'PolicyDocument'));
  });
  items(field(t.props, 'ManagedPolicyArns')).forEach((pv: PV, i) => {
    const b = t.extra(`ManagedPolicyArns.${i}`, `aws_iam_${kind}_policy_attachment`, pv.line);
    b.value(kind, t.self());
    b.set('policy_arn', pv);
  });
}

const user: Translator = (t) => {
  const p = t.props;
  const b = t.main('aws_iam_user');
  b.set('name', field(p, 'UserName'));
  b.set('path', field(p, 'Path'));
  b.set('permissions_boundary', field(p, 'PermissionsBoundary'));
  tags(b, p);
  principalPolicies(t, 'user');
  const login = field(p, 'LoginProfile');
  if (login) {
    const l = t.extra('LoginProfile', 'aws_iam_user_login_profile', login.line);
    l.value('user', t.self());
    l.set('password_reset_required', field(login, 'PasswordResetRequired'));
  }
  const groups = field(p, 'Groups');
  if (groups) {
    const g = t.extra('Groups', 'aws_iam_user_group_membership', groups.line);
    g.value('user', t.self());
    g.set('groups', groups, toList);
  }
};

const group: Translator = (t) => {
  const b = t.main('aws_iam_group');
  b.set('name', field(t.props, 'GroupName'));
  b.set('path', field(t.props, 'Path'));
  principalPolicies(t, 'group');
};

const accessKey: Translator = (t) => {
  const b = t.main('aws_iam_access_key');
  b.set('user', field(t.props, 'UserName'));
  b.set('status', field(t.props, 'Status'));
};

const instanceProfile: Translator = (t) => {
  const b = t.main('aws_iam_instance_profile');
  b.set('name', field(t.props, 'InstanceProfileName'));
  b.set('path', field(t.props, 'Path'));
  // Terraform takes one role; CloudFormation a list of (at most) one.
  const roles = field(t.props, 'Roles');
  b.set('role', items(roles)[0] ?? roles);
};

export const iam: Record<string, Translator> = {
  'AWS::IAM::Role': role,
  'AWS::IAM::Policy': policy('PolicyName'),
  'AWS::IAM::ManagedPolicy': policy('ManagedPolicyName'),
  'AWS::IAM::User': user,
  'AWS::IAM::Group': group,
  'AWS::IAM::AccessKey': accessKey,
  'AWS::IAM::InstanceProfile': instanceProfile,
};
