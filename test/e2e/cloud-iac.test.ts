/**
 * Terraform, plans, CloudFormation and custom policies through the built CLI, on projects
 * made in temp dirs, as a user would run them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tmpTrees } from '../helpers/tmp.js';

const trees = tmpTrees();
afterAll(() => trees.cleanup());

interface Report {
  findings: { ruleId: string; severity: string; message: string; location: { path: string; startLine: number } }[];
  suppressed: { kind: string; reason: string; finding: { ruleId: string } }[];
  expiredWaivers: { rule?: string; path?: string; reason: string }[];
  issues: { path: string; line?: number; kind: string; message: string }[];
  rules?: unknown;
}
const scanJson = async (dir: string, ...flags: string[]) => {
  const r = await runCli(['scan', dir, '--scanners', 'iac', '--format', 'json', ...flags]);
  return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout) as Report };
};
const where = (r: Report, prefix = 'iac/aws/') =>
  r.findings.filter((f) => f.ruleId.startsWith(prefix)).map((f) => `${f.location.path}:${f.location.startLine} ${f.ruleId}`).sort();

const NETWORK_MODULE = `variable "open_to" {
  type = list(string)
}

resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = var.open_to
  }
}

output "sg_id" {
  value = aws_security_group.db.id
}
`;

const ROOT = `variable "env" {}
variable "public" {
  type    = bool
  default = false
}

locals {
  cidrs = var.env == "prod" ? ["10.0.0.0/8"] : ["0.0.0.0/0"]
}

module "network" {
  source  = "./modules/network"
  open_to = local.cidrs
}

resource "aws_db_instance" "main" {
  engine                 = "postgres"
  instance_class         = "db.t3.micro"
  storage_encrypted      = true
  publicly_accessible    = var.public
  vpc_security_group_ids = [module.network.sg_id]
}

resource "aws_s3_bucket" "assets" {
  for_each = toset(["a", "b"])
  bucket   = "assets-\${each.key}"
}

resource "aws_s3_bucket_acl" "assets" {
  for_each = aws_s3_bucket.assets
  bucket   = each.value.id
  acl      = each.key == "a" ? "public-read" : "private"
}
`;

describe('Terraform through the CLI', () => {
  it('evaluates variables from tfvars, --var-file and TF_VAR_, modules and for_each; unknowns never fire', async () => {
    const dir = trees.make({ 'main.tf': ROOT, 'modules/network/main.tf': NETWORK_MODULE, 'terraform.tfvars': 'env = "dev"\n', 'prod.tfvars': 'env = "prod"\n' });

    // env = "dev" from terraform.tfvars: the module's group opens 5432 to the world. `public`
    // defaults to false, so the database is not reachable.
    const dev = await scanJson(dir);
    expect(dev.code).toBe(1);
    const devHits = where(dev.report);
    expect(devHits).toContain('modules/network/main.tf:11 iac/aws/security-group-database-port-open');
    expect(devHits).toContain('main.tf:32 iac/aws/s3-bucket-public-acl');
    expect(devHits.filter((h) => h.includes('s3-bucket-public-acl'))).toHaveLength(1);
    expect(devHits.some((h) => h.includes('db-reachable-from-internet'))).toBe(false);

    // --var-file comes last: env = "prod" closes the group.
    const prod = await scanJson(dir, '--var-file', `${dir}/prod.tfvars`);
    expect(where(prod.report).some((h) => h.includes('security-group-database-port-open'))).toBe(false);

    // TF_VAR_public=true: now the database in the open group is reachable from the internet.
    const pub = await runCli(['scan', dir, '--scanners', 'iac', '--format', 'json'], { env: { TF_VAR_public: 'true' } });
    const pubHits = where(JSON.parse(pub.stdout) as Report);
    expect(pubHits).toContain('main.tf:20 iac/aws/db-reachable-from-internet');
    expect(pubHits).toContain('main.tf:20 iac/aws/rds-publicly-accessible');
  });

  it('a registry module is unknown, not a problem: no warning by default, listed with --show-unresolved', async () => {
    const dir = trees.make({ 'main.tf': 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.0.0"\n}\n' });
    expect((await scanJson(dir)).report.issues).toEqual([]);
    const loud = (await scanJson(dir, '--show-unresolved')).report.issues;
    expect(loud).toContainEqual(expect.objectContaining({ path: 'main.tf', line: 1, kind: 'unresolved', message: expect.stringContaining('not a local path') }));
  });

  it('scanning one .tf file evaluates it with its directory (variables, tfvars) and reports only on that file', async () => {
    const dir = trees.make({
      'main.tf': 'resource "aws_s3_bucket_acl" "a" {\n  bucket = "a"\n  acl    = var.acl\n}\n',
      'variables.tf': 'variable "acl" {}\n',
      'terraform.tfvars': 'acl = "public-read"\n',
      'other.tf': 'resource "aws_s3_bucket_acl" "b" {\n  bucket = "b"\n  acl    = "public-read"\n}\n',
    });
    const { report } = await scanJson(`${dir}/main.tf`);
    expect(report.issues).toEqual([]);
    expect(where(report)).toEqual(['main.tf:3 iac/aws/s3-bucket-public-acl']);
  });

  it('--show-unresolved lists values that stayed unknown, which caused no finding', async () => {
    const dir = trees.make({ 'main.tf': 'variable "acl" {}\nresource "aws_s3_bucket_acl" "x" {\n  bucket = "b"\n  acl    = var.acl\n}\n' });
    const quiet = await scanJson(dir);
    expect(quiet.report.findings.filter((f) => f.ruleId === 'iac/aws/s3-bucket-public-acl')).toEqual([]);
    expect(quiet.report.issues.filter((i) => i.kind === 'unresolved')).toEqual([]);
    const loud = await scanJson(dir, '--show-unresolved');
    const u = loud.report.issues.filter((i) => i.kind === 'unresolved');
    expect(u).toContainEqual(expect.objectContaining({ path: 'main.tf', line: 4, message: expect.stringMatching(/aws_s3_bucket_acl\.x\.acl is unknown: .*var\.acl/) }));
  });

  it('rampart:ignore inside the block suppresses with its reason; an expired one does not', async () => {
    const dir = trees.make({
      'main.tf': `resource "aws_s3_bucket_acl" "site" {
  # rampart:ignore iac/aws/s3-bucket-public-acl -- public website bucket
  bucket = "site"
  acl    = "public-read"
}

resource "aws_s3_bucket_acl" "old" {
  # rampart:ignore iac/aws/s3-bucket-public-acl until 2020-01-01 -- migration window
  bucket = "old"
  acl    = "public-read"
}
`,
    });
    const { report } = await scanJson(dir);
    expect(report.findings.filter((f) => f.ruleId === 'iac/aws/s3-bucket-public-acl').map((f) => f.location.startLine)).toEqual([10]);
    expect(report.suppressed).toContainEqual(expect.objectContaining({ kind: 'inline', reason: 'public website bucket', finding: expect.objectContaining({ ruleId: 'iac/aws/s3-bucket-public-acl' }) }));
  });

  it('invalid HCL, a missing module source and circular modules are warnings naming the file; the rest is scanned', async () => {
    const dir = trees.make({
      'broken/main.tf': 'resource "aws_s3_bucket_acl" "x" {\n  acl = "public-read"\n  bucket = \n}\n\nresource "aws_s3_bucket_acl" "y" {\n  bucket = "y"\n  acl    = "public-read"\n}\n',
      'missing/main.tf': 'module "gone" {\n  source = "./nowhere"\n}\nresource "aws_s3_bucket_acl" "z" {\n  bucket = "z"\n  acl    = "public-read"\n}\n',
      'loop/main.tf': 'module "a" {\n  source = "./a"\n}\n',
      'loop/a/main.tf': 'module "b" {\n  source = "../b"\n}\n',
      'loop/b/main.tf': 'module "a" {\n  source = "../a"\n}\n',
    });
    const { code, report } = await scanJson(dir);
    expect(code).toBe(1);
    const files = report.issues.map((i) => `${i.path}:${i.line ?? ''}`);
    expect(files.some((f) => f.startsWith('broken/main.tf:3'))).toBe(true);
    expect(files.some((f) => f.startsWith('missing/main.tf:'))).toBe(true);
    expect(report.issues.some((i) => i.path.startsWith('loop/') && /circular|cycle/i.test(i.message))).toBe(true);
    const hits = where(report);
    expect(hits).toContain('broken/main.tf:8 iac/aws/s3-bucket-public-acl');
    expect(hits).toContain('missing/main.tf:6 iac/aws/s3-bucket-public-acl');
  });
});

describe('plans and CloudFormation through the CLI', () => {
  it('reads terraform show -json and points at the .tf line when the config is present', async () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      planned_values: { root_module: { resources: [] } },
      resource_changes: [
        {
          address: 'aws_s3_bucket_acl.site', mode: 'managed', type: 'aws_s3_bucket_acl', name: 'site', provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: ['create'], before: null, after: { bucket: 'site', acl: 'public-read' }, after_unknown: { id: true } },
        },
      ],
      configuration: { root_module: { resources: [{ address: 'aws_s3_bucket_acl.site', mode: 'managed', type: 'aws_s3_bucket_acl', name: 'site', expressions: { acl: { references: ['var.acl'] } } }] } },
    };
    const withConfig = trees.make({ 'plan.json': JSON.stringify(plan), 'main.tf': 'variable "acl" {}\n\nresource "aws_s3_bucket_acl" "site" {\n  bucket = "site"\n  acl    = var.acl\n}\n' });
    const a = await scanJson(withConfig);
    // The config alone cannot know var.acl; the plan can, and its finding lands on the .tf line.
    expect(where(a.report)).toEqual(['main.tf:5 iac/aws/s3-bucket-public-acl']);
    const planOnly = trees.make({ 'plan.json': JSON.stringify(plan, null, 2) });
    const b = await scanJson(planOnly);
    expect(where(b.report).map((h) => h.split(':')[0])).toEqual(['plan.json']);
  });

  it('CloudFormation YAML with short-form tags and parameters is checked by the same AWS rules', async () => {
    const dir = trees.make({
      'stack.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Open:
    Type: String
    Default: "0.0.0.0/0"
Resources:
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref Open
  Site:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "\${AWS::StackName}-site"
      AccessControl: PublicRead
`,
    });
    const { report } = await scanJson(dir);
    const hits = where(report);
    expect(hits).toContain('stack.yaml:15 iac/aws/security-group-ssh-open');
    expect(hits).toContain('stack.yaml:20 iac/aws/s3-bucket-public-acl');
  });
});

describe('custom policies', () => {
  const POLICY = `id: bucket-owner
title: Bucket has no owner tag
severity: medium
resources: [aws_s3_bucket]
assert:
  attribute: tags.owner
  exists: true
tests:
  flagged: examples/bad.tf
  clean: examples/good.tf
`;
  const files = {
    'policies/bucket-owner.yaml': POLICY,
    'policies/examples/bad.tf': 'resource "aws_s3_bucket" "b" { #!\n  bucket = "b"\n}\n',
    'policies/examples/good.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  tags   = { owner = "team" }\n}\n',
    'infra/main.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
    'rampart.yaml': 'version: 1\nexclude: ["policies/**"]\niac:\n  policies: policies\n',
  };

  it('are loaded from the folder in rampart.yaml, run in scans and listed by rampart rules', async () => {
    const dir = trees.make(files);
    const { report } = await scanJson(dir);
    expect(report.findings.filter((f) => f.ruleId === 'iac/custom/bucket-owner').map((f) => `${f.location.path}:${f.location.startLine}`)).toEqual(['infra/main.tf:1']);
    const rules = await runCli(['rules', '--scanner', 'iac', '--format', 'json', '--config', `${dir}/rampart.yaml`]);
    expect(rules.code).toBe(0);
    expect((JSON.parse(rules.stdout) as { id: string }[]).map((r) => r.id)).toContain('iac/custom/bucket-owner');
  });

  it('rampart policy test passes good policies (exit 0), fails a wrong one (exit 1), rejects an invalid one with file:line (exit 2)', async () => {
    const dir = trees.make(files);
    const ok = await runCli(['policy', 'test', `${dir}/policies`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/1 policies: 2 passed, 0 failed/);

    const wrong = trees.make({ ...files, 'policies/examples/good.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    const bad = await runCli(['policy', 'test', `${wrong}/policies`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL\s+iac\/custom\/bucket-owner\s+clean/);

    const invalid = trees.make({ 'p/x.yaml': 'id: x\ntitle: t\nseverity: severe\nresources: [aws_s3_bucket]\nassert: { attribute: a, exists: true }\n' });
    const inv = await runCli(['policy', 'test', `${invalid}/p`]);
    expect(inv.code).toBe(2);
    expect(inv.stderr).toMatch(/x\.yaml:3 severity/);
  });

  it('the example policies shipped with Rampart pass their own tests', async () => {
    const r = await runCli(['policy', 'test', 'examples/policies']);
    expect(r.stdout).toMatch(/0 failed/);
    expect(r.code).toBe(0);
  });
});

describe('best-practice checks', () => {
  it('are off by default and on with --best-practices or iac.bestPractices; rampart rules says which', async () => {
    const files = {
      'main.tf': 'resource "aws_cloudwatch_log_group" "app" {\n  name = "app"\n}\n',
      'Dockerfile': 'FROM python:3.12-slim@sha256:' + 'ab'.repeat(32) + '\nRUN pip install flask\nUSER 10001\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n',
    };
    const dir = trees.make(files);
    const ids = (r: Report) => r.findings.map((f) => f.ruleId).sort();
    expect(ids((await scanJson(dir)).report)).toEqual([]);
    const on = ids((await scanJson(dir, '--best-practices')).report);
    expect(on).toContain('iac/aws/logs-group-not-kms-encrypted');
    expect(on).toContain('iac/dockerfile/pip-no-cache-dir');
    const viaConfig = trees.make({ ...files, 'rampart.yaml': 'version: 1\niac:\n  bestPractices: true\n' });
    expect(ids((await scanJson(viaConfig)).report)).toEqual(on);

    const rules = JSON.parse((await runCli(['rules', '--scanner', 'iac', '--format', 'json'])).stdout) as { id: string; enabledByDefault: boolean }[];
    const byId = new Map(rules.map((r) => [r.id, r.enabledByDefault]));
    expect(byId.get('iac/aws/logs-group-not-kms-encrypted')).toBe(false);
    expect(byId.get('iac/dockerfile/pip-no-cache-dir')).toBe(false);
    expect(byId.get('iac/aws/s3-bucket-public-acl')).toBe(true);
    expect(byId.get('iac/dockerfile/healthcheck-missing')).toBe(true);
  });
});

describe('bad cloud templates', () => {
  it('an alias bomb, duplicate keys, a malformed plan and unknown resource types are warnings naming the file; the rest is scanned', async () => {
    const bomb = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  A:', '    Type: AWS::SNS::Topic', 'Metadata:', '  a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`  ${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const dir = trees.make({
      'bomb.yaml': bomb.join('\n') + '\n',
      'dup.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Site:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: Private\n      AccessControl: PublicRead\n',
      'plan.json': '{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"x"',
      'odd.tf': 'resource "acme_widget" "w" {\n  size = 3\n}\nresource "aws_s3_bucket_acl" "a" {\n  bucket = "a"\n  acl    = "public-read"\n}\n',
      'odd.yaml': 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  W:\n    Type: Acme::Widget::Thing\n    Properties: {Size: 3}\n  Open:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n      SecurityGroupIngress:\n        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n',
    });
    const started = Date.now();
    const { code, report } = await scanJson(dir);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(code).toBe(1);
    const issuePaths = report.issues.map((i) => i.path);
    expect(issuePaths).toContain('bomb.yaml');
    expect(report.issues.some((i) => i.path === 'dup.yaml' && i.line === 7)).toBe(true);
    expect(issuePaths).toContain('plan.json');
    const hits = where(report);
    expect(hits).toContain('odd.tf:6 iac/aws/s3-bucket-public-acl');
    expect(hits).toContain('odd.yaml:11 iac/aws/security-group-ssh-open');
  });

  it('a 20 MB single-line JSON template is scanned in seconds', async () => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 60_000; i++) resources[`Topic${i}`] = { Type: 'AWS::SNS::Topic', Properties: { TopicName: `t-${i}-${'x'.repeat(300)}` } };
    resources['Open'] = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIp: '0.0.0.0/0' }] } };
    const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
    expect(text.length).toBeGreaterThan(20_000_000);
    const dir = trees.make({ 'big.json': text });
    const started = Date.now();
    const { report } = await scanJson(dir, '--max-file-size', '64MB');
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(report.findings.some((f) => f.ruleId === 'iac/aws/security-group-rdp-open' && f.location.path === 'big.json' && f.location.startLine === 1)).toBe(true);
  });
});

describe('hostile keys', () => {
  it('a "__proto__" key in Terraform is an ordinary key: no prototype pollution, no lost resources', async () => {
    const dir = trees.make({
      'a/main.tf': 'data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n    condition {\n      test     = "__proto__"\n      variable = "encrypted"\n      values   = ["true"]\n    }\n  }\n}\nresource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.p.json\n}\n',
      'b/main.tf': 'resource "aws_ebs_volume" "v" {\n  for_each          = { "__proto__" = "x" }\n  availability_zone = "a"\n  encrypted         = false\n}\n',
    });
    const { report } = await scanJson(dir);
    expect(report.issues).toEqual([]);
    expect(where(report)).toEqual(['b/main.tf:4 iac/aws/ebs-volume-unencrypted']);
  });
});

describe('var files named in rampart.yaml', () => {
  it('are read from inside the scanned directory only; --var-file may point anywhere', async () => {
    const outside = trees.make({ 'secret.tfvars': 'acl = "public-read"\n' });
    const files = {
      'main.tf': 'variable "acl" {}\nresource "aws_s3_bucket_acl" "a" {\n  bucket = "a"\n  acl    = var.acl\n}\n',
      'env/prod.tfvars': 'acl = "public-read"\n',
    };
    const inside = trees.make({ ...files, 'rampart.yaml': 'version: 1\niac:\n  varFiles: [env/prod.tfvars]\n' });
    expect(where((await scanJson(inside)).report)).toEqual(['main.tf:4 iac/aws/s3-bucket-public-acl']);
    const escape = trees.make({ ...files, 'rampart.yaml': `version: 1\niac:\n  varFiles: [${outside}/secret.tfvars]\n` });
    const r = (await scanJson(escape)).report;
    expect(where(r)).toEqual([]);
    expect(r.issues.some((i) => i.kind === 'config' && /not a file inside the scanned directory/.test(i.message))).toBe(true);
    expect(where((await scanJson(escape, '--var-file', `${outside}/secret.tfvars`)).report)).toEqual(['main.tf:4 iac/aws/s3-bucket-public-acl']);
  });
});
