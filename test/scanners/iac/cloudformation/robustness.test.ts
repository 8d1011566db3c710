import { describe, expect, test } from 'vitest';
import { loadCloudFormation } from '../../../../src/scanners/iac/formats/cloudformation/load.js';
import { translatedTypes } from '../../../../src/scanners/iac/formats/cloudformation/translate.js';
import { isObject, isUnknown, type Value } from '../../../../src/scanners/iac/model/value.js';

/** Known leaves of a value (paths), to find anything an unknown template could have produced. */
function knownLeaves(v: Value | undefined, path: string, out: string[]): string[] {
  if (v === undefined || isUnknown(v)) return out;
  if (Array.isArray(v)) v.forEach((x, i) => knownLeaves(x, `${path}.${i}`, out));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) knownLeaves(x, path ? `${path}.${k}` : k, out);
  else out.push(path);
  return out;
}

/** Values that follow from the type alone: CloudFormation's documented default, the rule direction. */
const CONSTANT: Record<string, string[]> = {
  'AWS::ApiGateway::Method': ['authorization'],
  'AWS::EC2::SecurityGroupIngress': ['type'],
  'AWS::EC2::SecurityGroupEgress': ['type'],
};

describe('every translated type', () => {
  const types = translatedTypes();

  test('covers the types the front end promises', () => {
    expect(types.length).toBeGreaterThan(100);
    for (const t of ['AWS::S3::Bucket', 'AWS::EC2::SecurityGroup', 'AWS::IAM::Role', 'AWS::RDS::DBInstance', 'AWS::CloudFront::Distribution', 'AWS::ECS::TaskDefinition']) expect(types).toContain(t);
  });

  test.each(types)('%s: no Properties → a translated resource with nothing set', (type) => {
    const l = loadCloudFormation('t.yaml', `Resources:\n  R:\n    Type: ${type}\n`);
    expect(l.issues).toEqual([]);
    const r = l.resources.find((x) => x.address === 'R')!;
    expect(r.type).toMatch(/^aws_/);
    expect(r.originalType).toBe(type);
    expect(knownLeaves(r.attrs, '', [])).toEqual(CONSTANT[type] ?? []);
  });

  test.each(types)('%s: Properties unknown as a whole → no known value anywhere', (type) => {
    const t = `Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  R:\n    Type: ${type}\n    Properties: !If [C, {}, {}]\n`;
    const l = loadCloudFormation('t.yaml', t);
    expect(l.issues).toEqual([]);
    const unknown = `Conditions:\n  C: !Equals [!Ref AWS::Region, us-east-1]\nResources:\n  R:\n    Type: ${type}\n    Properties: !If [C, {A: 1}, {B: 2}]\n`;
    const u = loadCloudFormation('t.yaml', unknown);
    expect(u.issues).toEqual([]);
    for (const r of u.resources) {
      const leaves = knownLeaves(r.attrs, '', []);
      // The Method default applies only when AuthorizationType is known to be absent.
      expect(leaves).toEqual(r.address === 'R' && type !== 'AWS::ApiGateway::Method' ? (CONSTANT[type] ?? []) : []);
    }
  });
});
