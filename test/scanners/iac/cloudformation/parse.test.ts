import { describe, expect, test } from 'vitest';
import { isCloudFormation, loadCloudFormation } from '../../../../src/scanners/iac/formats/cloudformation/load.js';
import type { CNode } from '../../../../src/scanners/iac/formats/cloudformation/node.js';
import { parseTemplate } from '../../../../src/scanners/iac/formats/cloudformation/parse.js';
import { expectUnknown, lineWith, load, res } from './helpers.js';
import { cpuTimed } from '../../../helpers/cpu-time.js';

/** The tree as plain JS, to compare with the long form. */
function plain(n: CNode | undefined): unknown {
  if (!n) return undefined;
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(plain);
  return Object.fromEntries([...n.entries].map(([k, e]) => [k, plain(e.value)]));
}

describe('short-form tags become the long form', () => {
  const cases: [string, unknown][] = [
    ['!Ref Env', { Ref: 'Env' }],
    ['!Sub "${Env}-x"', { 'Fn::Sub': '${Env}-x' }],
    ['!Sub ["${A}", {A: b}]', { 'Fn::Sub': ['${A}', { A: 'b' }] }],
    ['!GetAtt Role.Arn', { 'Fn::GetAtt': 'Role.Arn' }],
    ['!GetAtt [Role, Arn]', { 'Fn::GetAtt': ['Role', 'Arn'] }],
    ['!If [C, a, b]', { 'Fn::If': ['C', 'a', 'b'] }],
    ['!Join ["-", [a, b]]', { 'Fn::Join': ['-', ['a', 'b']] }],
    ['!Select [0, [a, b]]', { 'Fn::Select': [0, ['a', 'b']] }],
    ['!Split [",", "a,b"]', { 'Fn::Split': [',', 'a,b'] }],
    ['!FindInMap [M, k1, k2]', { 'Fn::FindInMap': ['M', 'k1', 'k2'] }],
    ['!Base64 hello', { 'Fn::Base64': 'hello' }],
    ['!Cidr ["10.0.0.0/16", 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!GetAZs ""', { 'Fn::GetAZs': '' }],
    ['!ImportValue SharedVpc', { 'Fn::ImportValue': 'SharedVpc' }],
    ['!Equals [a, b]', { 'Fn::Equals': ['a', 'b'] }],
    ['!And [!Condition A, !Condition B]', { 'Fn::And': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
    ['!Not [!Condition A]', { 'Fn::Not': [{ Condition: 'A' }] }],
    ['!Condition A', { Condition: 'A' }],
    ['!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } }],
  ];
  test.each(cases)('%s', (src, long) => {
    const p = parseTemplate(`X: ${src}\n`);
    expect(p.problems).toEqual([]);
    expect(plain(p.root)).toEqual({ X: long });
  });

  test('nested short forms and block style', () => {
    const p = parseTemplate('X: !Join\n  - ""\n  - - !Ref A\n    - !GetAtt B.Arn\n');
    expect(plain(p.root)).toEqual({ X: { 'Fn::Join': ['', [{ Ref: 'A' }, { 'Fn::GetAtt': 'B.Arn' }]] } });
  });
});

describe('positions', () => {
  test('YAML keys keep their lines; a resource spans from its logical id to its last line', () => {
    const t = `Resources:
  Bucket:            # @id
    Type: AWS::S3::Bucket
    Properties:
      BucketName: b  # @name
      Tags:
        - Key: a
          Value: b   # @last
  Next:
    Type: AWS::SNS::Topic
`;
    const r = res(load(t), 'Bucket');
    expect(r.line).toBe(lineWith(t, '@id'));
    expect(r.endLine).toBe(lineWith(t, '@last'));
    expect(r.lines.get('bucket')).toBe(lineWith(t, '@name'));
  });

  test('JSON templates keep key lines too', () => {
    const t = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Bucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": "b",
        "AccessControl": "PublicRead"
      }
    }
  }
}`;
    const r = res(load(t, 'template.json'), 'Bucket');
    expect(r.line).toBe(lineWith(t, '"Bucket": {'));
    expect(r.endLine).toBe(t.split('\n').indexOf('    }') + 1);
    expect(r.attrs['acl']).toBe('public-read');
    expect(r.lines.get('acl')).toBe(lineWith(t, 'AccessControl'));
  });

  test('YAML numbers whose text a number would change stay strings (versions, octal-looking ids)', () => {
    const r = res(load('Resources:\n  T:\n    Type: AWS::Test::Thing\n    Properties:\n      V: 7.10\n      M: 0755\n      N: 22\n      F: 1.5\n'), 'T');
    expect(r.attrs).toEqual({ V: '7.10', M: '0755', N: 22, F: 1.5 });
  });

  test('JSON with escapes, numbers and literals', () => {
    const t = '{"Resources": {"T": {"Type": "AWS::Test::Thing", "Properties": {"S": "a\\"b\\u0041", "N": -1.5e2, "B": true, "Z": null, "L": []}}}}';
    const r = res(load(t, 't.json'), 'T');
    expect(r.attrs).toEqual({ S: 'a"bA', N: -150, B: true, Z: null, L: [] });
  });
});

describe('bad input', () => {
  test('an alias bomb is refused quickly with a warning naming the file', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const t = `AWSTemplateFormatVersion: "2010-09-09"\n${lines.join('\n')}\nResources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n      P: *a9\n`;
    const { value: l, ms } = cpuTimed(() => loadCloudFormation('bomb.yaml', t));
    expect(ms).toBeLessThan(3000);
    expect(l.resources).toEqual([]);
    expect(l.issues).toHaveLength(1);
    expect(l.issues[0]!.message).toMatch(/^bomb\.yaml:\d+: aliases expand/);
  });

  test('a few aliases are fine; an aliased value is placed where the alias is used', () => {
    const t = `Resources:
  A:
    Type: AWS::S3::Bucket
    Properties: &props
      AccessControl: PublicRead   # @anchor
  B:
    Type: AWS::S3::Bucket
    Properties: *props            # @alias
`;
    const l = load(t);
    expect(res(l, 'A').lines.get('acl')).toBe(lineWith(t, '@anchor'));
    expect(res(l, 'B').attrs['acl']).toBe('public-read');
    expect(res(l, 'B').lines.get('acl')).toBe(lineWith(t, '@alias'));
  });

  test('duplicate YAML keys: warning with file and line, the last value is used, loading goes on', () => {
    const t = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private
      AccessControl: PublicRead   # @dup
  Other:
    Type: AWS::Test::Thing
`;
    const l = loadCloudFormation('dup.yaml', t);
    expect(l.issues).toHaveLength(1);
    expect(l.issues[0]!.message).toContain(`dup.yaml:${lineWith(t, '@dup')}: duplicate key`);
    expect(l.issues[0]!.line).toBe(lineWith(t, '@dup'));
    expect(res(l, 'Bucket').attrs['acl']).toBe('public-read');
    expect(res(l, 'Other').type).toBe('AWS::Test::Thing');
  });

  test('duplicate JSON keys: warning with file and line', () => {
    const t = '{\n"Resources": {\n"T": {"Type": "AWS::Test::Thing",\n"Properties": {"A": 1,\n"A": 2}}}}';
    const l = loadCloudFormation('dup.json', t);
    expect(l.issues.map((i) => i.message)).toEqual(["dup.json:5: duplicate key 'A' (the last value is used)"]);
    expect(res(l, 'T').attrs).toEqual({ A: 2 });
  });

  test('a 20 MB single-line JSON template loads in a few seconds', () => {
    const resources: Record<string, unknown> = {};
    for (let i = 0; i < 50_000; i++) resources[`B${i}`] = { Type: 'AWS::S3::Bucket', Properties: { BucketName: `b-${i}-${'x'.repeat(300)}`, VersioningConfiguration: { Status: 'Enabled' } } };
    const t = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
    expect(t.length).toBeGreaterThan(20_000_000);
    expect(t).not.toContain('\n');
    const { value: l, ms } = cpuTimed(() => loadCloudFormation('big.json', t));
    expect(ms).toBeLessThan(10_000);
    expect(l.issues).toEqual([]);
    expect(l.resources).toHaveLength(50_000);
    expect(res(l, 'B49999').attrs['versioning']).toEqual([{ enabled: true }]);
  }, 30_000);

  test('unknown resource types stay raw with their evaluated Properties', () => {
    const t = `Parameters:
  Size:
    Type: Number
    Default: 3
Resources:
  Thing:
    Type: AWS::Made::Up
    Properties:
      Count: !Ref Size
      Nested:
        Deep: [a, b]   # @deep
`;
    const r = res(load(t), 'Thing');
    expect(r.type).toBe('AWS::Made::Up');
    expect(r.originalType).toBeUndefined();
    expect(r.attrs).toEqual({ Count: 3, Nested: { Deep: ['a', 'b'] } });
    expect(r.lines.get('Nested.Deep')).toBe(lineWith(t, '@deep'));
    expect(r.source).toBe('cloudformation');
  });

  test('invalid YAML: a warning with the line', () => {
    const t = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n';
    const l = loadCloudFormation('bad.yaml', t);
    expect(l.resources).toEqual([]);
    expect(l.issues.length).toBeGreaterThan(0);
    expect(l.issues[0]!.message).toMatch(/^bad\.yaml:\d+: invalid YAML/);
    expect(l.issues[0]!.line).toBeGreaterThan(0);
  });

  test('invalid JSON: a warning with the line', () => {
    const big = '{"Resources": {\n"B": {"Type": "AWS::S3::Bucket",\n"Properties": {"A": tru}}}}' + ' '.repeat(2_100_000);
    const l = loadCloudFormation('bad.json', big);
    expect(l.resources).toEqual([]);
    expect(l.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^bad\.json:3: invalid JSON/)]);
  });

  test('a YAML flow mapping that starts like JSON still parses as YAML', () => {
    const r = res(load('{Resources: {B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Ref AWS::StackName}}}}'), 'B');
    expect(r.type).toBe('aws_s3_bucket');
    expectUnknown(r.attrs['bucket'], [], 'AWS::StackName');
  });

  test('a huge YAML template is refused quickly with a warning', () => {
    const t = `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ${'x'.repeat(10_500_000)}\n`;
    const { value: l, ms } = cpuTimed(() => loadCloudFormation('huge.yaml', t));
    expect(ms).toBeLessThan(2000);
    expect(l.resources).toEqual([]);
    expect(l.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^huge\.yaml: YAML template larger than/)]);
  });

  test('deep nesting is refused, not a stack overflow', () => {
    const t = `{"Resources": {"T": {"Type": "AWS::Test::Thing", "Properties": {"A": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}`;
    const l = loadCloudFormation('deep.json', t);
    expect(l.resources).toEqual([]);
    expect(l.issues[0]!.message).toContain('nesting deeper');
  });

  test('not a mapping, no Resources, garbage resources: no crash', () => {
    expect(loadCloudFormation('a.yaml', '- just\n- a list\n').issues[0]!.message).toContain('not a CloudFormation template');
    expect(load('AWSTemplateFormatVersion: "2010-09-09"\n').resources).toEqual([]);
    const l = load('Resources:\n  A: 5\n  B:\n    Type: 7\n  C:\n    Type: AWS::S3::Bucket\n    Properties: nope\n');
    expect(l.resources.map((r) => r.address)).toEqual(['C']);
  });
});

describe('isCloudFormation', () => {
  test('claims templates', () => {
    expect(isCloudFormation('t.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n')).toBe(true);
    expect(isCloudFormation('t.yml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n')).toBe(true);
    expect(isCloudFormation('t.json', '{\n  "AWSTemplateFormatVersion": "2010-09-09"\n}')).toBe(true);
    expect(isCloudFormation('t.json', '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}')).toBe(true);
    expect(isCloudFormation('stack.template', 'AWSTemplateFormatVersion: 2010-09-09\n')).toBe(true);
  });

  test('does not claim other YAML/JSON', () => {
    const k8s = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  Resources: |\n    B:\n      Type: AWS::S3::Bucket\n';
    expect(isCloudFormation('cm.yaml', k8s)).toBe(false);
    expect(isCloudFormation('k.json', '{"apiVersion": "v1", "kind": "List", "items": [{"Resources": {}, "Type": "AWS::X"}]}')).toBe(false);
    expect(isCloudFormation('.github/workflows/ci.yml', 'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo AWSTemplateFormatVersion\n')).toBe(false);
    expect(isCloudFormation('openapi.yaml', 'openapi: 3.0.0\ninfo:\n  title: x\npaths: {}\ncomponents:\n  schemas:\n    Resources:\n      type: object\n')).toBe(false);
    expect(isCloudFormation('plan.json', '{"format_version": "1.2", "terraform_version": "1.6.0", "planned_values": {"root_module": {"resources": [{"type": "aws_s3_bucket"}]}}}')).toBe(false);
    expect(isCloudFormation('main.tf', 'AWSTemplateFormatVersion: x')).toBe(false);
    expect(isCloudFormation('k.json', '{"kind": "ConfigMap", "data": {"t": "{\\"AWSTemplateFormatVersion\\": \\"2010-09-09\\"}"}}')).toBe(false);
  });
});
