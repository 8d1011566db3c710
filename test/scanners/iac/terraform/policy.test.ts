import { describe, expect, test } from 'vitest';
import { isObject, Unknown } from '../../../../src/scanners/iac/model/value.js';
import { statements } from '../../../../src/scanners/iac/rules/aws/policy-document.js';
import { load, loadOne, res } from './helpers.js';

describe('terraform: data "aws_iam_policy_document"', () => {
  test('renders statements into the json attribute as the provider does', async () => {
    const l = await loadOne(`data "aws_iam_policy_document" "d" {
  policy_id = "p1"
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:aws:s3:::b/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpc"
      values   = ["vpc-1"]
    }
  }
  statement {
    effect        = "Deny"
    not_actions   = ["iam:*"]
    not_resources = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`);
    const policy = res(l, 'aws_s3_bucket_policy.p').attrs['policy'];
    expect(typeof policy).toBe('string');
    expect(JSON.parse(policy as string)).toEqual({
      Version: '2012-10-17',
      Id: 'p1',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: 'arn:aws:s3:::b/*',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
        },
        { Effect: 'Deny', NotAction: 'iam:*', NotResource: '*', Principal: '*' },
      ],
    });
    // What the IAM rules read.
    const st = statements(policy)!;
    expect(st.map((s) => [s.effect, s.actions, s.principals])).toEqual([
      ['Allow', ['s3:GetObject', 's3:ListBucket'], ['arn:aws:iam::111122223333:root']],
      ['Deny', [], ['*']],
    ]);
  });

  test('dynamic statements, source and override documents merge by Sid', async () => {
    const l = await loadOne(`data "aws_iam_policy_document" "base" {
  statement {
    sid     = "A"
    actions = ["s3:GetObject"]
  }
  statement {
    sid     = "B"
    actions = ["s3:PutObject"]
  }
}
data "aws_iam_policy_document" "d" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  dynamic "statement" {
    for_each = ["B"]
    content {
      sid     = statement.value
      actions = ["*"]
    }
  }
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`);
    const doc = JSON.parse(res(l, 'aws_iam_policy.p').attrs['policy'] as string) as { Statement: { Sid: string; Action: string }[] };
    expect(doc.Statement.map((s) => `${s.Sid}:${s.Action}`)).toEqual(['A:s3:GetObject', 'B:*']);
  });

  test('an unknown part keeps the known statements readable (an object with Unknowns in place)', async () => {
    const l = await loadOne(`resource "aws_s3_bucket" "b" {}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn]
  }
}
resource "aws_s3_bucket_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
`);
    const p = res(l, 'aws_s3_bucket_policy.p');
    const policy = p.attrs['policy'];
    expect(isObject(policy)).toBe(true);
    const st = statements(policy)!;
    expect(st[0]!.actions).toEqual(['s3:*']);
    expect(isObject(policy) && Array.isArray(policy['Statement']) && isObject(policy['Statement'][0]) && policy['Statement'][0]['Resource']).toBeInstanceOf(Unknown);
    // The bucket the statement names is what the policy attribute refers to.
    expect(p.refs.get('policy')).toEqual(['aws_s3_bucket.b']);
  });

  test('jsonencode of a policy with a computed ARN keeps the known statement parts', async () => {
    const l = await loadOne(`resource "aws_s3_bucket" "b" {}
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = aws_s3_bucket.b.arn }]
  })
}
resource "aws_iam_policy" "known" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}
`);
    const st = statements(res(l, 'aws_iam_policy.p').attrs['policy'])!;
    expect(st.map((s) => [s.effect, s.actions])).toEqual([['Allow', ['*']]]);
    expect(res(l, 'aws_iam_policy.p').refs.get('policy')).toEqual(['aws_s3_bucket.b']);
    expect(typeof res(l, 'aws_iam_policy.known').attrs['policy']).toBe('string');
  });

  test('a heredoc JSON policy with an unknown ARN keeps its known parts; non-string holes stay Unknown', async () => {
    const l = await loadOne(`resource "aws_s3_bucket" "b" {}
variable "actions" {}
resource "aws_iam_policy" "p" {
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": "\${aws_s3_bucket.b.arn}/*" }]
}
EOF
}
resource "aws_iam_policy" "hole" {
  policy = <<EOF
{ "Statement": [{ "Effect": "Allow", "Action": \${jsonencode(var.actions)}, "Resource": "*" }] }
EOF
}
resource "aws_iam_policy" "known" {
  policy = "{ \\"Statement\\": [] }"
}
`);
    const p = res(l, 'aws_iam_policy.p');
    const st = statements(p.attrs['policy'])!;
    expect(st.map((s) => [s.effect, s.actions])).toEqual([['Allow', ['s3:*']]]);
    expect(p.refs.get('policy')).toEqual(['aws_s3_bucket.b']);
    expect(res(l, 'aws_iam_policy.hole').attrs['policy']).toBeInstanceOf(Unknown);
    expect(res(l, 'aws_iam_policy.known').attrs['policy']).toBe('{ "Statement": [] }');
  });
});

describe('terraform: data "google_iam_policy"', () => {
  test('renders policy_data from its bindings, so public grants written this way are seen', async () => {
    const { runCloudRules } = await import('../../../../src/scanners/iac/cloud.js');
    const { gcpRules } = await import('../../../../src/scanners/iac/rules/gcp/index.js');
    const [l] = await load(`data "google_iam_policy" "public" {
  binding {
    role    = "roles/storage.objectViewer"
    members = ["allUsers"]
  }
}

resource "google_storage_bucket_iam_policy" "p" {
  bucket      = "site"
  policy_data = data.google_iam_policy.public.policy_data
}
`);
    const pd = res(l!, 'google_storage_bucket_iam_policy.p').attrs['policy_data'];
    expect(typeof pd).toBe('string');
    expect(JSON.parse(pd as string)).toEqual({ bindings: [{ role: 'roles/storage.objectViewer', members: ['allUsers'] }] });
    const hits = runCloudRules(l!, gcpRules).findings.map((f) => `${f.location.startLine} ${f.ruleId}`);
    expect(hits).toContain('10 iac/gcp/storage-bucket-public');
  });
});
